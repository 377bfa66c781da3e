"""The 校验 button through the real xlwings API (remote engine), replayed onto the file and checked again."""

from __future__ import annotations

import json
import random

import openpyxl
import pytest
from openpyxl.comments import Comment

from factories import consistent_report
from nianbao.build import macro_workbook as mw
from nianbao.build.template import ERROR_FILL, INPUT_FILL, WARNING_FILL, build_template
from nianbao.check.checker import check
from nianbao.cli import main as cli
from nianbao.excel import validate
from nianbao.excel.book_io import INPUT_SHEETS, cell_span
from nianbao.io.workbook_reader import read_workbook
from nianbao.io.workbook_writer import write_copy
from nianbao.spec.layout import LOCATIONS, RESULTS_SHEET
from nianbao.view.palette import MARK_FILLS, SUSPECT_FILL
from nianbao.view.presentation import RESULTS_HEAD_ROWS, cell_marks, results_rows
from support.replay import replay
from test_excel_support import alerts, cells_of, press, remote  # noqa: F401  (fixture)

SHEET_INDEX = {name: i for i, name in enumerate(mw.SHEET_ORDER)}
FILL_OF = MARK_FILLS  # error, warning, and the cell the error localisation names


@pytest.fixture(scope="session")
def vba_bin(tmp_path_factory):
    path = tmp_path_factory.mktemp("vba") / "vbaProject.bin"
    path.write_bytes(mw.vba_project_bin(len(mw.SHEET_ORDER)))
    return path


def macro_book(path, report, vba_bin):
    build_template(path, report, customize=mw.customizer(vba_bin))
    return path


def injected_report(seed: int = 11):
    """A consistent report with 表三 新收 自然人 raised by 10 and 总计 set to 0."""
    report = consistent_report(random.Random(seed))
    original = dict(report.values)
    report.values["t3.new.natural_person"] += 10
    report.values["t3.new.total"] = 0
    return report, original


def expected_marks(path):
    """What `nianbao check` finds in the file, as cell marks: computed without xlwings."""
    result = read_workbook(path)
    findings = check(result.report, problems=result.problems, locate=result.cell_of)
    return findings, {str(m.cell): m for m in cell_marks(findings)}


def painted(actions, fill) -> dict[str, set]:
    """input sheet name -> cells (row, col) given `fill` by setRangeColor."""
    out: dict[str, set] = {}
    inputs = {s.name for s in INPUT_SHEETS}
    for a in actions:
        sheet = mw.SHEET_ORDER[a["sheet_position"]] if a["sheet_position"] is not None else None
        if a["func"] == "setRangeColor" and a["args"][0] == fill and sheet in inputs:
            out.setdefault(sheet, set()).update(cells_of(a))
    return out


def spans_as_cells(marks) -> dict[str, set]:
    out: dict[str, set] = {}
    for m in marks:
        row, first, last = cell_span(m.cell)
        out.setdefault(m.sheet, set()).update((row, c) for c in range(first, last + 1))
    return out


def notes_added(actions) -> dict[str, str]:
    return {
        f"{mw.SHEET_ORDER[a['sheet_position']]}!{a['args'][0].replace('$', '')}": a["args"][1]
        for a in actions
        if a["func"] in ("addNote", "setNoteText")
    }


def notes_deleted(actions) -> set[str]:
    return {
        f"{mw.SHEET_ORDER[a['sheet_position']]}!{a['args'][0].replace('$', '')}"
        for a in actions
        if a["func"] == "deleteNote"
    }


def results_values(actions):
    position = SHEET_INDEX[RESULTS_SHEET]
    writes = [a for a in actions if a["func"] == "setValues" and a["sheet_position"] == position]
    assert len(writes) == 1, "the 校验结果 sheet is written in one call"
    return writes[0]["values"]


def test_injected_error_marks_exactly_the_involved_cells(remote, tmp_path, vba_bin):
    report, _ = injected_report()
    path = macro_book(tmp_path / "filled.xlsm", report, vba_bin)
    findings, marks = expected_marks(path)
    involved = {str(c) for f in findings for c in f.cells}
    assert "表三 依申请公开!D5" in involved and "表三 依申请公开!J5" in involved

    actions = press(remote, path, validate)

    by_kind = {kind: [m for m in marks.values() if m.fill == kind] for kind in FILL_OF}
    for kind, fill in FILL_OF.items():
        assert painted(actions, fill) == spans_as_cells(by_kind[kind])
    assert notes_added(actions) == {cell: m.note for cell, m in marks.items()}
    assert not notes_deleted(actions)
    rows = results_values(actions)
    expected_rows = results_rows(findings)
    assert len(rows) == len(expected_rows) + RESULTS_HEAD_ROWS
    assert rows[0][0].startswith("校验结果：") and rows[1][0].startswith("发现错误")
    for got, want in zip(rows[RESULTS_HEAD_ROWS:], expected_rows):
        assert got[:3] == list(want[:3]) and got[4:] == list(want[4:])
        assert got[3].startswith("=HYPERLINK(") and want[3] in got[3]
    (message,) = alerts(actions)
    errors = sum(1 for f in findings if f.severity == "error")
    assert f"发现错误 {errors} 处" in message


def test_replayed_file_checks_the_same_then_the_fix_clears_everything(remote, tmp_path, vba_bin, capsys):
    report, original = injected_report(seed=5)
    path = macro_book(tmp_path / "filled.xlsm", report, vba_bin)
    findings, marks = expected_marks(path)
    checked = tmp_path / "checked.xlsm"
    replay(path, checked, press(remote, path, validate))

    assert cli(["check", str(checked), "--json"]) == 1
    again = json.loads(capsys.readouterr().out)
    assert again == [f.to_json() for f in findings]
    book = openpyxl.load_workbook(checked)
    for cell, mark in marks.items():
        sheet, address = cell.split("!")
        target = book[sheet][address]
        assert target.comment is not None and target.comment.text == mark.note
        assert target.fill.fgColor.rgb.endswith(FILL_OF[mark.fill].lstrip("#"))
    assert book[RESULTS_SHEET][f"F{RESULTS_HEAD_ROWS + 1}"].value == findings[0].message

    fixed = tmp_path / "fixed.xlsm"
    write_copy(checked, fixed, {k: original[k] for k in ("t3.new.natural_person", "t3.new.total")})
    actions = press(remote, fixed, validate)
    assert notes_deleted(actions) == set(marks)
    assert not notes_added(actions)
    assert painted(actions, INPUT_FILL) == spans_as_cells(marks.values())
    assert not painted(actions, ERROR_FILL) and not painted(actions, WARNING_FILL)
    assert not painted(actions, SUSPECT_FILL)
    assert results_values(actions)[RESULTS_HEAD_ROWS][5].startswith("校验通过")

    cleared = tmp_path / "cleared.xlsm"
    replay(fixed, cleared, actions)
    assert cli(["check", str(cleared)]) == 0
    book = openpyxl.load_workbook(cleared)
    for sheet in INPUT_SHEETS:
        for inp in sheet.inputs:
            cell = book[sheet.name][inp.address]
            assert cell.comment is None, inp.key
            assert cell.fill.fgColor.rgb.endswith(INPUT_FILL.lstrip("#")), inp.key


def test_the_clerks_own_note_is_left_alone(remote, tmp_path, vba_bin):
    report, original = injected_report(seed=2)
    path = macro_book(tmp_path / "filled.xlsm", report, vba_bin)
    book = openpyxl.load_workbook(path, keep_vba=True)
    book["表三 依申请公开"]["D5"].comment = Comment("数字已与窗口登记表核对", "clerk")
    noted = tmp_path / "noted.xlsm"
    book.save(noted)
    _, marks = expected_marks(noted)
    assert "表三 依申请公开!D5" in marks

    actions = press(remote, noted, validate)
    assert "表三 依申请公开!D5" not in notes_added(actions)
    assert set(notes_added(actions)) == set(marks) - {"表三 依申请公开!D5"}
    checked = tmp_path / "checked.xlsm"
    replay(noted, checked, actions)
    fixed = tmp_path / "fixed.xlsm"
    write_copy(checked, fixed, {k: original[k] for k in ("t3.new.natural_person", "t3.new.total")})
    actions = press(remote, fixed, validate)
    assert "表三 依申请公开!D5" not in notes_deleted(actions)
    assert notes_deleted(actions) == set(marks) - {"表三 依申请公开!D5"}


def test_text_numbers_and_com_floats_are_read_like_check_reads_them(remote, tmp_path, vba_bin):
    report = consistent_report(random.Random(3))
    key = "t4.review.upheld"
    report.values[key] = "１２"  # full-width digits typed as text
    path = macro_book(tmp_path / "filled.xlsm", report, vba_bin)
    findings, marks = expected_marks(path)
    assert any(f.rule == "值-文本数字" and f.keys == (key,) for f in findings)
    actions = press(remote, path, validate, com_floats=True)
    assert notes_added(actions) == {cell: m.note for cell, m in marks.items()}
    assert str(LOCATIONS[key].cell) in notes_added(actions)


def test_vba_client_without_notes_still_colours(remote, tmp_path, vba_bin):
    report, _ = injected_report()
    path = macro_book(tmp_path / "filled.xlsm", report, vba_bin)
    _, marks = expected_marks(path)
    actions = press(remote, path, validate, client="VBA")
    assert not notes_added(actions)
    assert painted(actions, ERROR_FILL) == spans_as_cells([m for m in marks.values() if m.fill == "error"])


def test_a_renamed_sheet_gets_a_chinese_message_and_nothing_is_written(remote, tmp_path, vba_bin):
    report, _ = injected_report()
    path = macro_book(tmp_path / "filled.xlsm", report, vba_bin)
    book = openpyxl.load_workbook(path, keep_vba=True)
    book["表三 依申请公开"].title = "表三"
    renamed = tmp_path / "renamed.xlsm"
    book.save(renamed)
    actions = press(remote, renamed, validate)
    assert [a["func"] for a in actions] == ["alert"]
    assert "缺少工作表“表三 依申请公开”" in alerts(actions)[0]


def test_a_nearly_blank_workbook_is_painted_in_few_calls(remote, tmp_path, vba_bin):
    from nianbao.spec.format2021 import Report

    started = Report(meta={"agency": "测试县", "year": 2024}, values={"t2.fees.amount": 0})
    path = macro_book(tmp_path / "started.xlsm", started, vba_bin)
    actions = press(remote, path, validate)
    numbers = [i for s in INPUT_SHEETS if s.table for i in s.inputs if i.key != "t2.fees.amount"]
    error_cells = painted(actions, ERROR_FILL)
    for inp in numbers:  # every blank number is reported missing
        assert (inp.row, inp.col) in error_cells.get(LOCATIONS[inp.key].sheet, set()), inp.key
    colour_calls = [a for a in actions if a["func"] == "setRangeColor"]
    assert len(colour_calls) < len(numbers) / 5, len(colour_calls)
