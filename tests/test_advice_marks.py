"""No stale marks: `check -o` on a workbook that carries an earlier 校验's colours and notes
clears them first — a cell the clerk has fixed is plain again, the clerk's own notes stay.
Issue 11, item 5."""

from __future__ import annotations

import openpyxl
from openpyxl.comments import Comment

from conftest import REPO
from nianbao.cli import main
from nianbao.io.annotate import NOTE_AUTHOR
from nianbao.view.palette import ERROR_FILL, INPUT_FILL, OUR_FILLS, SUSPECT_FILL

T3 = "表三 依申请公开"
CLERK_NOTE = "与窗口登记表核对过"


def fill_of(cell) -> str:
    return "#" + cell.fill.fgColor.rgb[-6:].upper() if cell.fill.fill_type == "solid" else ""


def test_checking_a_checked_copy_after_the_fix_leaves_no_old_marks(tmp_path, capsys):
    book = openpyxl.load_workbook(REPO / "examples/busy-2024.xlsx")
    book[T3]["E5"] = 150
    faulty = tmp_path / "faulty.xlsx"
    book.save(faulty)
    checked = tmp_path / "checked.xlsx"
    assert main(["check", str(faulty), "-o", str(checked)]) == 1
    book = openpyxl.load_workbook(checked)
    assert fill_of(book[T3]["E5"]) == SUSPECT_FILL and fill_of(book[T3]["J5"]) == ERROR_FILL
    assert book[T3]["J5"].comment.author == NOTE_AUTHOR

    # The clerk follows the advice in the checked copy and adds a note of her own.
    book[T3]["E5"] = 145
    book[T3]["D7"].comment = Comment(CLERK_NOTE, "clerk")
    fixed = tmp_path / "fixed.xlsx"
    book.save(fixed)
    again = tmp_path / "again.xlsx"
    assert main(["check", str(fixed), "-o", str(again)]) == 0
    assert "校验通过" in capsys.readouterr().out

    book = openpyxl.load_workbook(again)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{sheet.title}!{cell.coordinate}"
                assert fill_of(cell) not in OUR_FILLS, where
                if cell.comment is not None:
                    assert (where, cell.comment.text) == (f"{T3}!D7", CLERK_NOTE)
    assert fill_of(book[T3]["E5"]) == INPUT_FILL and fill_of(book[T3]["J5"]) == INPUT_FILL


def test_notes_are_recognised_by_their_tag_when_another_program_renamed_the_author(tmp_path, capsys):
    book = openpyxl.load_workbook(REPO / "examples/busy-2024.xlsx")
    book[T3]["J5"].comment = Comment("【错误·T3-行合计】表三「一、本年新收……」行：……", "Unknown Author")
    book[T3]["J5"].fill = openpyxl.styles.PatternFill("solid", fgColor=ERROR_FILL[1:])
    marked = tmp_path / "marked.xlsx"
    book.save(marked)
    again = tmp_path / "again.xlsx"
    assert main(["check", str(marked), "-o", str(again)]) == 0
    capsys.readouterr()
    cell = openpyxl.load_workbook(again)[T3]["J5"]
    assert cell.comment is None and fill_of(cell) == INPUT_FILL
