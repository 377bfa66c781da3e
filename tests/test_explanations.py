"""出错说明: the clerk explains a 提示 in the 校验结果 sheet; later 校验 keep it by finding id,
count the 提示 as 已说明, refuse to let an 错误 be explained away, and drop what no longer
applies. Issue 14, item 1."""

from __future__ import annotations

import json

import openpyxl

from conftest import REPO
from nianbao.cli import main
from nianbao.io.explanations import explanations_in
from nianbao.io.workbook_reader import read_workbook
from nianbao.spec.layout import RESULTS_SHEET
from nianbao.view.presentation import EXPLANATION_HEADER, ID_HEADER, RESULTS_HEAD_ROWS
from test_excel_support import remote  # noqa: F401  (fixture)
from test_excel_validate import vba_bin  # noqa: F401  (fixture)

T3 = "表三 依申请公开"
WARNING_TEXT = "本年制发的50件中有12件为修订，现行有效数已与法规库核对"
ERROR_TEXT = "已核实"


def run(capsys, *args) -> tuple[int, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out


def faulty(tmp_path):
    """busy-2024 with 表二 规章 本年制发 50 (more than the 40 in force: a 提示) and 表三 E5 150 (错误)."""
    book = openpyxl.load_workbook(REPO / "examples/busy-2024.xlsx")
    book["表二 主动公开"]["B4"] = 50
    book[T3]["E5"] = 150
    path = tmp_path / "faulty.xlsx"
    book.save(path)
    return path


def results_columns(sheet) -> tuple[int, int]:
    header = [c.value for c in sheet[RESULTS_HEAD_ROWS]]
    return header.index(ID_HEADER) + 1, header.index(EXPLANATION_HEADER) + 1


def clerk_explains(checked, output, texts_by_rule: dict[str, str]) -> dict[str, str]:
    """Type explanations into the 校验结果 sheet, as the clerk would, by rule; returns them by id."""
    book = openpyxl.load_workbook(checked, keep_vba=str(checked).endswith(".xlsm"))
    sheet = book[RESULTS_SHEET]
    id_col, text_col = results_columns(sheet)
    written = {}
    for row in range(RESULTS_HEAD_ROWS + 1, sheet.max_row + 1):
        rule = sheet.cell(row, 3).value
        if rule in texts_by_rule and texts_by_rule[rule] not in written.values():
            sheet.cell(row, text_col).value = texts_by_rule[rule]
            written[sheet.cell(row, id_col).value] = texts_by_rule[rule]
    book.save(output)
    return written


def test_an_explained_warning_counts_as_explained_and_an_error_cannot_be_explained_away(tmp_path, capsys):
    checked = tmp_path / "checked.xlsx"
    assert run(capsys, "check", faulty(tmp_path), "-o", checked)[0] == 1
    sheet = openpyxl.load_workbook(checked)[RESULTS_SHEET]
    id_col, text_col = results_columns(sheet)
    assert sheet.cell(RESULTS_HEAD_ROWS + 1, text_col).protection.locked is False  # the clerk may write here
    assert sheet.column_dimensions[openpyxl.utils.get_column_letter(id_col)].hidden

    explained = tmp_path / "explained.xlsx"
    written = clerk_explains(checked, explained, {"T2-现行有效": WARNING_TEXT, "T3-勾稽": ERROR_TEXT})
    assert len(written) == 2

    code, out = run(capsys, "check", explained)
    assert code == 1  # the 错误 still blocks
    assert "发现错误 2 处，提示 1 处（已说明 1 处）。" in out
    assert "[提示·已说明·T2-现行有效]" in out and f"出错说明：{WARNING_TEXT}" in out
    assert f"出错说明：{ERROR_TEXT}（错误不能以说明代替，须改正）" in out

    code, out = run(capsys, "check", explained, "--json")
    by_rule = {x["rule"]: x for x in json.loads(out)}
    assert by_rule["T2-现行有效"]["explanation"] == WARNING_TEXT
    assert by_rule["T3-勾稽"]["explanation"] == ERROR_TEXT
    assert "explanation" not in by_rule["T3-行合计"]

    assert explanations_in(explained) == written
    assert explanations_in(read_workbook(explained)) == written


def test_a_later_check_keeps_the_explanations_by_id_and_drops_those_whose_finding_is_gone(tmp_path, capsys):
    checked = tmp_path / "checked.xlsx"
    run(capsys, "check", faulty(tmp_path), "-o", checked)
    explained = tmp_path / "explained.xlsx"
    written = clerk_explains(checked, explained, {"T2-现行有效": WARNING_TEXT, "T3-勾稽": ERROR_TEXT})

    again = tmp_path / "again.xlsx"
    run(capsys, "check", explained, "-o", again)
    assert explanations_in(again) == written
    sheet = openpyxl.load_workbook(again)[RESULTS_SHEET]
    assert "已说明 1 处" in sheet["A2"].value

    book = openpyxl.load_workbook(again)
    book[T3]["E5"] = 145  # the clerk fixes the 错误: its explanation no longer applies
    fixed = tmp_path / "fixed.xlsx"
    book.save(fixed)
    final = tmp_path / "final.xlsx"
    code, out = run(capsys, "check", fixed, "-o", final)
    assert code == 0
    assert explanations_in(final) == {k: v for k, v in written.items() if v == WARNING_TEXT}
    assert "发现错误 0 处，提示 1 处（已说明 1 处）。" in out


def test_audit_lists_the_clerks_explanations(tmp_path, capsys):
    checked = tmp_path / "checked.xlsx"
    run(capsys, "check", faulty(tmp_path), "-o", checked)
    folder = tmp_path / "报送"
    folder.mkdir()
    clerk_explains(checked, folder / "某局.xlsx", {"T2-现行有效": WARNING_TEXT})
    summary = tmp_path / "审核.xlsx"
    main(["audit", str(folder), "-o", str(summary)])
    capsys.readouterr()
    rows = list(openpyxl.load_workbook(summary)["问题清单"].iter_rows(values_only=True))
    header = rows[0]
    assert "出错说明" in header
    explained = [r for r in rows[1:] if r[header.index("规则")] == "T2-现行有效"]
    assert explained and explained[0][header.index("出错说明")] == WARNING_TEXT


def test_files_without_a_results_sheet_have_no_explanations(tmp_path):
    assert explanations_in(REPO / "examples/busy-2024.xlsx") == {}
    assert explanations_in(REPO / "examples/busy-2024.json") == {}
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert explanations_in(broken) == {}


def test_the_button_reads_the_explanations_and_writes_them_back_by_id(remote, tmp_path, vba_bin, capsys):
    """The 校验 button on a workbook whose 校验结果 sheet has the clerk's 出错说明: after pressing
    it, the rewritten sheet holds the same explanation beside the same finding."""
    from nianbao.excel import validate
    from nianbao.spec import format2021 as f
    from support.replay import replay
    from test_excel_support import press
    from test_excel_validate import macro_book

    data = json.loads((REPO / "examples/busy-2024.json").read_text(encoding="utf-8"))
    report = f.Report(meta=data["meta"], values=data["values"], text=data.get("text", {}))
    report.values["t2.regulations.issued"] = 50
    path = macro_book(tmp_path / "book.xlsm", report, vba_bin)
    checked = tmp_path / "checked.xlsm"
    run(capsys, "check", path, "-o", checked)
    explained = tmp_path / "explained.xlsm"
    written = clerk_explains(checked, explained, {"T2-现行有效": WARNING_TEXT})
    (finding_id,) = written

    actions = press(remote, explained, validate)
    position = openpyxl.load_workbook(explained).sheetnames.index(RESULTS_SHEET)  # check -o put it first
    (write,) = [a for a in actions if a["func"] == "setValues" and a["sheet_position"] == position]
    rows = write["values"]
    header = rows[RESULTS_HEAD_ROWS - 1]
    (row,) = [r for r in rows[RESULTS_HEAD_ROWS:] if r[header.index(ID_HEADER)] == finding_id]
    assert row[header.index(EXPLANATION_HEADER)] == WARNING_TEXT
    assert "已说明 1 处" in rows[1][0]
    pressed = tmp_path / "pressed.xlsm"
    replay(explained, pressed, actions)
    assert explanations_in(pressed) == written
