"""The buttons through the office service (xlwings Server): the JSON that xlwings' VBA client
(RunServerPython, module Remote) sends for a real filled macro workbook, posted to the
service; the actions it answers are checked against what the VBA client can apply and
replayed on the workbook."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from factories import consistent_report
from nianbao.build import macro_workbook as mw
from nianbao.build.template import INPUT_FILL, build_template
from nianbao.check.checker import check
from nianbao.io.workbook_reader import read_workbook
from nianbao.view.palette import MARK_FILLS
from nianbao.view.presentation import cell_marks
from service_support import faulty_report, finished_report, service  # noqa: F401  (fixture)
from support.replay import apply
from support.xlwings_payload import payload_from_file
from test_excel_validate import vba_bin  # noqa: F401  (fixture)

REPO = Path(__file__).resolve().parents[1]
INPUT_SHEET_NAMES = {s.name for s in mw.SHEETS if s.inputs}


@pytest.fixture
def licensed(monkeypatch):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    from nianbao.service.routes_xlwings import remote_engine

    xw = remote_engine()
    assert xw is not None
    return xw


def macro_book(tmp_path, report, vba_bin, name="年度报告.xlsm") -> Path:
    path = tmp_path / name
    build_template(path, report, customize=mw.customizer(vba_bin))
    return path


def vba_subs(text: str) -> dict[str, int]:
    """Public Sub name -> number of parameters."""
    out = {}
    for name, params in re.findall(r"^(?:Public )?Sub (\w+)\((.*?)\)", text, flags=re.M | re.S):
        out[name] = len([p for p in params.replace("_\r\n", "").replace("_\n", "").split(",") if p.strip()])
    return out


def client_subs() -> set[str]:
    """What RunServerPython can apply: the Subs of Remote.bas and of our ServerActions.bas."""
    import xlwings

    remote = (Path(xlwings.__file__).parent / "addin" / "Remote.bas").read_text()
    ours = (REPO / "macros" / "ServerActions.bas").read_text()
    return set(vba_subs(remote)) | set(vba_subs(ours))


def assert_client_can_apply(actions: list[dict]) -> None:
    known = client_subs()
    ours = vba_subs((REPO / "macros" / "ReportButtons.bas").read_text())
    for action in actions:
        assert action["func"] in known, action["func"]
        if action["func"] == "runMacro":
            module, _, sub = action["args"][0].partition(".")
            assert module == mw.MODULE and sub in ours, action["args"][0]
            assert ours[sub] == len(action["args"]), action["args"]  # wb plus the arguments


def press(service, path: Path, endpoint: str) -> list[dict]:
    payload = payload_from_file(path, client="VBA", com_floats=True)
    answer = service.post(f"/xlwings/{endpoint}", json=payload)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    return answer.json()["actions"]


def as_replayable(actions: list[dict]) -> list[dict]:
    """Our runMacro notes as the note actions support.replay knows; protection checked and dropped."""
    out, unprotected = [], set()
    sheet_at = {name: i for i, name in enumerate(mw.SHEET_ORDER)}
    for a in actions:
        if a["func"] == "runMacro":
            name, args = a["args"][0].split(".")[1], a["args"][1:]
            if name == "nbUnprotect":
                unprotected.add(args[0])
            elif name == "nbProtect":
                unprotected.discard(args[0])
            elif name in ("nbSetNote", "nbDeleteNote"):
                assert args[0] in unprotected, f"note on protected sheet {args[0]}"
                row, col = openpyxl.utils.cell.coordinate_to_tuple(args[1])
                func = "addNote" if name == "nbSetNote" else "deleteNote"
                out.append(
                    {"func": func, "args": [args[1], *args[2:]], "sheet_position": sheet_at[args[0]]}
                    | {"start_row": row - 1, "start_column": col - 1, "row_count": 1, "column_count": 1}
                )
            continue
        if a["func"] == "setRangeColor" and a["sheet_position"] is not None:
            sheet = mw.SHEET_ORDER[a["sheet_position"]]
            if sheet in INPUT_SHEET_NAMES:
                assert sheet in unprotected, f"colour on protected sheet {sheet}"
        out.append(a)
    assert not unprotected, f"left unprotected: {unprotected}"
    return out


def test_validate_through_the_service_marks_what_check_marks(tmp_path, service, licensed, vba_bin):
    path = macro_book(tmp_path, faulty_report(), vba_bin)
    actions = press(service, path, "validate")
    assert_client_can_apply(actions)
    alerts = [a["args"][0] for a in actions if a["func"] == "alert"]
    assert len(alerts) == 1 and alerts[0].startswith("校验完成：发现错误")

    book = openpyxl.load_workbook(path, keep_vba=True)
    apply(book, as_replayable(actions))
    result = read_workbook(path)
    marks = cell_marks(check(result.report, problems=result.problems, locate=result.cell_of))
    assert marks, "the faulty report must have marks"
    for mark in marks:
        cell = book[mark.sheet][mark.cell.address]
        # The same fill as the local button: the suspected cell strongest, the others by severity.
        assert cell.fill.fgColor.rgb.endswith(MARK_FILLS[mark.fill].lstrip("#").upper()), mark.cell
        assert cell.comment is not None and cell.comment.text == mark.note
    rules = [row[2] for row in book["校验结果"].iter_rows(min_row=2, values_only=True)]
    assert "T3-勾稽" in rules


def test_validate_again_after_the_fix_clears_the_marks(tmp_path, service, licensed, vba_bin):
    path = macro_book(tmp_path, faulty_report(), vba_bin)
    first = press(service, path, "validate")
    book = openpyxl.load_workbook(path, keep_vba=True)
    apply(book, as_replayable(first))
    report = faulty_report()
    report.values["t3.new.natural_person"] -= 10
    for key, value in report.values.items():
        from nianbao.spec.layout import locate

        ref = locate(key)
        book[ref.sheet][ref.address] = value
    fixed = tmp_path / "fixed.xlsm"
    book.save(fixed)
    second = press(service, fixed, "validate")
    assert_client_can_apply(second)
    apply(book, as_replayable(second))
    marked = [
        (ws.title, c.coordinate)
        for ws in book.worksheets
        if ws.title in INPUT_SHEET_NAMES
        for row in ws.iter_rows()
        for c in row
        if c.comment is not None
    ]
    assert marked == []
    result = read_workbook(path)
    for mark in cell_marks(check(result.report, problems=result.problems, locate=result.cell_of)):
        assert book[mark.sheet][mark.cell.address].fill.fgColor.rgb.endswith(INPUT_FILL.lstrip("#").upper())
    assert [a["args"][0] for a in second if a["func"] == "alert"] == ["校验通过：没有发现错误或需要核实之处。"]


def test_generate_text_through_the_service(tmp_path, service, licensed, vba_bin):
    path = macro_book(tmp_path, consistent_report(random.Random(5)), vba_bin)
    actions = press(service, path, "generate_text")
    assert_client_can_apply(actions)
    book = openpyxl.load_workbook(path, keep_vba=True)
    apply(book, as_replayable(actions))
    texts = [c.value for row in book["正文"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("【自动生成】") for t in texts)


def test_export_through_the_service_hands_the_files_to_the_workbook(tmp_path, service, licensed, vba_bin):
    report = finished_report()
    path = macro_book(tmp_path, report, vba_bin)
    actions = press(service, path, "export_report")
    assert_client_can_apply(actions)
    (save,) = [a for a in actions if a["func"] == "runMacro"]
    _, base_url, names, _closing = save["args"]
    names = names.split("\n")
    assert [Path(n).suffix for n in names] == [".xlsx", ".docx"]
    assert all(n.startswith(report.meta["agency"]) for n in names)
    path_part = base_url.split("://", 1)[1].split("/", 1)[1]
    docx = service.get(f"/{path_part}/1")
    assert docx.status_code == 200
    assert report.meta["agency"] in "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert service.get(f"/{path_part}/1").status_code == 404  # fetched once, then gone
    assert service.get(f"/{path_part}/0").status_code == 200
    assert not any((Path(service.settings.data_dir) / "exports").iterdir())


def test_export_refused_while_the_report_has_errors(tmp_path, service, licensed, vba_bin):
    path = macro_book(tmp_path, faulty_report(), vba_bin)
    actions = press(service, path, "export_report")
    assert [a["func"] for a in actions] == ["alert"]
    assert "不能导出" in actions[0]["args"][0]


def test_the_service_forgets_each_book(tmp_path, service, licensed, vba_bin):
    path = macro_book(tmp_path, faulty_report(), vba_bin)
    books = licensed.engines["remote"].apps.active.books
    before = len(books)
    press(service, path, "validate")
    press(service, path, "validate")
    assert len(books) == before


def test_another_xlwings_version_on_the_client_is_a_400_in_chinese(tmp_path, service, licensed, vba_bin):
    path = macro_book(tmp_path, faulty_report(), vba_bin)
    payload = payload_from_file(path, client="VBA", com_floats=True) | {"version": "0.30.0"}
    answer = service.post("/xlwings/validate", json=payload)
    assert answer.status_code == 400 and answer.text.startswith("无法读取按钮发来的工作簿数据")
    assert service.post("/xlwings/validate", content=b"not json").status_code == 400


def test_without_a_licence_key_the_buttons_say_how_to_enable_them(tmp_path, service, monkeypatch):
    from nianbao.service import routes_xlwings

    monkeypatch.setattr(routes_xlwings, "remote_engine", lambda: None)
    answer = service.post("/xlwings/validate", json={"sheets": []})
    assert answer.status_code == 503 and "XLWINGS_LICENSE_KEY=noncommercial" in answer.text
    service.app.state.xlwings_problem = routes_xlwings.NO_LICENCE
    page = service.get("/")
    assert page.status_code == 200 and "/workbook.xlsm" not in page.text  # the page still works
    refused = service.get("/workbook.xlsm")
    assert refused.status_code == 422 and "XLWINGS_LICENSE_KEY" in refused.json()["error"]


def test_server_mode_workbook_names_the_service(tmp_path, capsys):
    from nianbao.build.macro_workbook import SERVER_KEY
    from nianbao.cli import main as cli

    output = tmp_path / "年度报告.xlsm"
    assert cli(["workbook", "--server", "http://10.1.2.3:8000/", "-o", str(output)]) == 0
    config = openpyxl.load_workbook(output, keep_vba=True)[mw.CONFIG_SHEET]
    keys = {row[0].value: row[1].value for row in config.iter_rows()}
    assert keys[SERVER_KEY] == "http://10.1.2.3:8000"
    assert cli(["workbook", "--server", "10.1.2.3", "-o", str(tmp_path / "x.xlsm")]) == 2
    assert "服务地址" in capsys.readouterr().err


def test_buttons_use_the_server_when_configured():
    code = (REPO / "macros" / "ReportButtons.bas").read_text()
    for button, endpoint in (
        ("ValidateReport", "validate"),
        ("GenerateText", "generate_text"),
        ("ExportReport", "export_report"),
    ):
        body = re.search(rf"Public Sub {button}\(\)(.*?)End Sub", code, flags=re.S).group(1)
        server, local = body.index("nbRunOnServer"), body.index("RunPython")
        assert server < local and f'"/xlwings/{endpoint}"' in body
    assert 'GetConfig("NIANBAO_SERVER"' in code


def test_the_page_hands_out_the_server_mode_workbook(service, licensed):
    from nianbao.build.macro_workbook import SERVER_KEY
    from nianbao.service.routes_xlwings import licence_problem

    service.app.state.xlwings_problem = licence_problem()
    assert 'href="/workbook.xlsm"' in service.get("/").text
    answer = service.get("/workbook.xlsm")
    assert answer.status_code == 200
    config = openpyxl.load_workbook(io.BytesIO(answer.content), keep_vba=True)[mw.CONFIG_SHEET]
    keys = {row[0].value: row[1].value for row in config.iter_rows()}
    assert keys[SERVER_KEY] == "http://testserver"
