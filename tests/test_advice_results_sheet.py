"""The 校验结果 sheet prints as a clerk needs it: a title, the counts, borders, landscape A4 fit
to width, and every 说明 whole (it was ≈5 pt and cut off, losing the figures). Issue 11, item 7."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import openpyxl
import pytest

from conftest import REPO
from libreoffice import SOFFICE, convert
from nianbao.cli import main
from nianbao.spec.layout import RESULTS_SHEET
from nianbao.view.presentation import RESULTS_HEAD_ROWS

T3 = "表三 依申请公开"


@pytest.fixture
def checked(tmp_path, capsys):
    book = openpyxl.load_workbook(REPO / "examples/busy-2024.xlsx")
    book[T3]["E5"] = 150
    book["表四 复议诉讼"]["A5"] = book["表四 复议诉讼"]["A5"].value + 2  # a long list of possibilities
    book["表二 主动公开"]["B4"] = 50
    faulty = tmp_path / "faulty.xlsx"
    book.save(faulty)
    out = tmp_path / "checked.xlsx"
    assert main(["check", str(faulty), "-o", str(out)]) == 1
    capsys.readouterr()
    return out


def test_the_results_sheet_is_set_up_for_printing(checked):
    sheet = openpyxl.load_workbook(checked)[RESULTS_SHEET]
    assert sheet["A1"].value.startswith("校验结果：示例县") and sheet["A1"].font.b
    assert sheet["A2"].value.startswith("发现错误 3 处，提示 1 处")
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.print_title_rows == f"${RESULTS_HEAD_ROWS}:${RESULTS_HEAD_ROWS}"
    for row in range(RESULTS_HEAD_ROWS + 1, sheet.max_row + 1):
        message = sheet.cell(row, 6)
        assert message.alignment.wrap_text and message.border.left.style == "thin"
        # tall enough for the whole message at the column's width (a CJK character ≈ 2 units)
        units = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in message.value)
        lines = -(-units // sheet.column_dimensions["F"].width)
        assert sheet.row_dimensions[row].height >= 14 * lines, row


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None, reason="needs LibreOffice and poppler")
def test_every_message_is_printed_whole(checked, tmp_path):
    book = openpyxl.load_workbook(checked)
    messages = [book[RESULTS_SHEET].cell(r, 6).value for r in range(RESULTS_HEAD_ROWS + 1, 8)]
    for name in book.sheetnames[1:]:
        del book[name]
    only = tmp_path / "results.xlsx"
    book.save(only)
    pdf = convert(only, "pdf", tmp_path, tmp_path / "profile")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("\f") <= 1, "one page"
    # Column by column the text interleaves; each message's figures must all be there.
    flat = re.sub(r"\s+", "", text)
    for message in messages:
        for figure in re.findall(r"\d+", message):
            assert figure in flat
        assert message[-8:].replace(" ", "") in flat, message
