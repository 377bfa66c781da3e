"""The macro workbook 年度报告.xlsm: fresh, macros readable, buttons bound to real Subs, xlwings in step."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO
from nianbao.build import macro_workbook as mw
from nianbao.spec.layout import SHEETS
from nianbao.spec.sheets import CONFIG_SHEET, STATE_SHEET

COMMITTED = REPO / "workbook" / "年度报告.xlsm"
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def zip_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("mw") / "fresh.xlsm"
    mw.build_macro_workbook(path)
    return path


def test_committed_workbook_is_fresh(fresh):
    # Byte-identical, vbaProject.bin included: pyOpenVBA writes the same bytes for the same
    # sources and XlsxWriter uses fixed dates (checked: two builds in two processes are equal).
    committed, rebuilt = zip_members(COMMITTED), zip_members(fresh)
    assert sorted(committed) == sorted(rebuilt)
    stale = [name for name in committed if committed[name] != rebuilt[name]]
    assert not stale, f"workbook/年度报告.xlsm is stale in {stale}: run `nianbao workbook -o workbook/年度报告.xlsm`"


def test_build_is_deterministic(fresh, tmp_path):
    again = tmp_path / "again.xlsm"
    mw.build_macro_workbook(again)
    assert again.read_bytes() == fresh.read_bytes()


def test_content_type_is_macro_enabled():
    types = zip_members(COMMITTED)["[Content_Types].xml"].decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml" not in types
    assert "vbaProject" in types


@pytest.fixture(scope="module")
def modules() -> dict[str, str]:
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(COMMITTED))
    try:
        return {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def test_olevba_reads_all_modules(modules):
    sheet_modules = {f"Sheet{i + 1}" for i in range(len(mw.SHEET_ORDER))}
    remote = {name.rsplit(".", 1)[0] for name in mw.REMOTE_MODULES}  # xlwings' VBA client (server mode)
    ours = {path.stem for path in (REPO / "macros").glob("*.bas")}
    assert set(modules) == {"ThisWorkbook", "xlwings", "Dictionary"} | remote | ours | sheet_modules


def test_sheet_code_names_match_document_modules():
    book = openpyxl.load_workbook(COMMITTED, keep_vba=True)
    assert book.sheetnames == list(mw.SHEET_ORDER)
    assert [ws.sheet_properties.codeName for ws in book.worksheets] == [
        f"Sheet{i + 1}" for i in range(len(book.worksheets))
    ]


def test_xlwings_module_matches_installed_xlwings(modules):
    import xlwings

    match = re.search(r'Public Const XLWINGS_VERSION As String = "([^"]+)"', modules["xlwings"])
    assert match and match.group(1) == xlwings.__version__
    installed = (Path(xlwings.__file__).parent / "xlwings.bas").read_text(encoding="utf-8")
    assert _code_lines(modules["xlwings"]) == _code_lines(installed)


def _code_lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip() and not line.startswith("Attribute VB_")]


def subs(code: str) -> set[str]:
    return set(re.findall(r"^Public Sub (\w+)\(\)", code, flags=re.M))


def button_macros() -> dict[str, list[tuple[str, str]]]:
    """sheet name -> [(caption, macro)] from the VML drawings, through the sheet relationships."""
    members = zip_members(COMMITTED)
    workbook = openpyxl.load_workbook(COMMITTED, keep_vba=True)
    out: dict[str, list] = {}
    for index, name in enumerate(workbook.sheetnames, 1):
        rels = members.get(f"xl/worksheets/_rels/sheet{index}.xml.rels", b"").decode()
        for target in re.findall(r'Target="../drawings/(vmlDrawing\d+\.vml)"', rels):
            vml = members[f"xl/drawings/{target}"].decode()
            for shape in re.findall(r"<v:shape .*?</v:shape>", vml, flags=re.S):
                caption = re.sub(r"<[^>]+>", "", re.search(r"<v:textbox.*?</v:textbox>", shape, flags=re.S).group(0))
                macro = re.search(r"<x:FmlaMacro>(.*?)</x:FmlaMacro>", shape).group(1)
                out.setdefault(name, []).append((caption, macro))
    return out


def test_every_input_sheet_has_the_three_buttons_bound_to_existing_subs(modules):
    found = button_macros()
    assert set(found) == {s.name for s in SHEETS}
    defined = subs(modules[mw.MODULE])
    for sheet, buttons in found.items():
        assert [caption for caption, _ in buttons] == [b.caption for b in mw.BUTTONS], sheet
        for _, macro in buttons:
            module, _, sub = macro.removeprefix("[0]!").partition(".")
            assert module == mw.MODULE and sub in defined, (sheet, macro)


def test_each_button_sub_runs_an_existing_entry_point(modules):
    import nianbao.excel as entry

    code = modules[mw.MODULE]
    for button in mw.BUTTONS:
        body = re.search(rf"Public Sub {button.macro}\(\)(.*?)End Sub", code, flags=re.S).group(1)
        command = re.search(r'RunPython "([^"]+)"', body).group(1)
        assert command.startswith("import nianbao.excel as e; e.")
        function = command.rsplit("e.", 1)[1].removesuffix("()")
        assert callable(getattr(entry, function)), command


def test_vba_names_no_workbook(modules):
    code = modules[mw.MODULE]
    assert "Workbooks(" not in code and ".xlsm" not in code and "ActiveWorkbook" not in code


def test_vba_sources_are_ascii():
    for path in sorted((REPO / "macros").iterdir()):
        path.read_bytes().decode("ascii")


# What each message of ReportButtons.bas must say (decoded from its UTF-16 hex).
MESSAGES = {
    "TITLE": "政府信息公开工作年度报告",
    "NO_PYTHON": "找不到 Python。",
    "BAD_PATH": "设置的 Python 路径不存在：",
    "NO_PACKAGE": "已找到 Python，但没有安装 nianbao 程序包",
    "NO_XLWINGS": "已找到 Python，但没有安装 xlwings。",
    "OLD_XLWINGS": "本机的 xlwings 版本与本工作簿不一致。",
    "FAILED": "检查 Python 环境时出错",
    "READY": "Python 环境正常",
    "SERVER_FAILED": "无法连接年报服务",
    "NOT_SAVED": "请先把工作簿保存到本机文件夹",
    "EXPORTED": "已导出定稿报告：",
    "DOWNLOAD_FAILED": "从年报服务取回导出文件时出错",
}


def decoded_messages(code: str) -> dict[str, str]:
    out = {}
    for key, body in re.findall(r'Case "(\w+)": hexText = (.*?)(?=\n\s*(?:\'|Case |End Select))', code, flags=re.S):
        hex_text = "".join(re.findall(r'"([0-9A-F]+)"', body))
        assert len(hex_text) % 4 == 0, key
        out[key] = "".join(chr(int(hex_text[i : i + 4], 16)) for i in range(0, len(hex_text), 4))
    return out


def test_chinese_messages_decode(modules):
    messages = decoded_messages(modules[mw.MODULE])
    assert set(messages) == set(MESSAGES)
    for key, start in MESSAGES.items():
        assert messages[key].startswith(start), (key, messages[key])
    assert "INTERPRETER_WIN" in messages["NO_PYTHON"]
    called = set(re.findall(r'nbText\("(\w+)"\)', modules[mw.MODULE]))
    assert called == set(MESSAGES)


def test_doctor_exit_codes():
    import xlwings

    from nianbao.excel import doctor

    assert doctor.status(xlwings.__version__) == 0
    assert doctor.status("0.0.1") == doctor.OTHER_XLWINGS
    code = (REPO / "macros" / "ReportButtons.bas").read_text()
    assert f"Case {doctor.NO_XLWINGS}" in code and f"Case {doctor.OTHER_XLWINGS}" in code
    assert "import nianbao.excel.doctor as d; d.main('\" & XLWINGS_VERSION & \"')" in code


def test_extra_sheets_config_and_protection():
    book = openpyxl.load_workbook(COMMITTED, keep_vba=True)
    config = book[CONFIG_SHEET]
    assert config.sheet_state == "hidden"
    keys = {row[0].value: row[1].value for row in config.iter_rows()}
    assert keys == dict(mw.CONFIG)
    assert not any(k.startswith("INTERPRETER") for k in keys)  # would override the clerk's own config
    assert book[STATE_SHEET].sheet_state == "veryHidden"
    for sheet in SHEETS:
        protection = book[sheet.name].protection
        # Sheets protected, objects too: a form button still runs its macro on a protected
        # sheet (it only cannot be moved or deleted).
        assert protection.sheet and protection.objects, sheet.name


def test_check_reads_the_macro_workbook():
    from nianbao.io.workbook_reader import read_workbook

    result = read_workbook(COMMITTED)
    assert result.report.values == {} and result.problems == []


def test_button_positions_stay_clear_of_the_title():
    for sheet in SHEETS:
        x = mw.button_x(sheet)
        total = len(mw.BUTTONS) * (mw.BUTTON_WIDTH + mw.BUTTON_GAP)
        assert x > 0 and x + total <= mw.MAX_BUTTON_RIGHT + mw.BUTTON_GAP, sheet.name


def test_workbook_command_refuses_other_suffix(tmp_path, capsys):
    from nianbao.cli import main

    assert main(["workbook", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert ".xlsm" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_the_wheel_carries_the_vba_sources_so_workbook_works_outside_the_repository(tmp_path):
    """`nianbao workbook` and the service's server-mode workbook need macros/*.bas: a wheel
    built from the repository ships them (build/vba), so an office's install has them too."""
    import subprocess
    import sys
    import zipfile

    repo = Path(__file__).resolve().parents[1]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(repo),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("nianbao-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for source in sorted((repo / "macros").iterdir()):
        assert f"nianbao/build/vba/{source.name}" in names
