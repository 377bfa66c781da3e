"""`nianbao narrate`: the generated text lands in the copy's 正文 cells; the clerk's stays."""

from __future__ import annotations

import hashlib
import random

import pytest

from factories import consistent_report
from nianbao.build.template import build_template
from nianbao.cli import main
from nianbao.io.workbook_reader import read_workbook
from nianbao.narrative import GENERATED_MARK, generate_text

CLERK = "我办建立依申请公开台账，全程跟踪办理。"


@pytest.fixture
def report():
    report = consistent_report(random.Random(21), busy=0.4)
    report.text = {"overview.on_request": CLERK}
    return report


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_narrate_writes_the_text_cells_of_a_copy(tmp_path, report, capsys):
    source = tmp_path / "填好.xlsx"
    build_template(source, report)
    before = _digest(source)
    out = tmp_path / "带文字.xlsx"
    assert main(["narrate", str(source), "-o", str(out)]) == 0
    assert _digest(source) == before
    written = read_workbook(out).report
    assert written.values == report.values
    on_request = written.text["overview.on_request"].splitlines()
    assert on_request[-1] == CLERK and on_request[0].startswith(GENERATED_MARK)
    assert "信息处理费" in written.text["other_matters"]
    assert written.text == generate_text(written)  # generating again changes nothing
    assert "仍需填报人撰写" in capsys.readouterr().out


def test_narrate_after_a_number_changed_updates_only_the_generated_paragraphs(tmp_path, report):
    source = tmp_path / "填好.xlsx"
    build_template(source, report)
    first = tmp_path / "第一次.xlsx"
    assert main(["narrate", str(source), "-o", str(first)]) == 0
    edited = read_workbook(first).report
    for key in (
        "t3.new.natural_person",
        "t3.new.total",
        "t3.carried_forward.natural_person",
        "t3.carried_forward.total",
    ):
        edited.values[key] += 2
    changed = tmp_path / "改过数字.xlsx"
    build_template(changed, edited)
    second = tmp_path / "第二次.xlsx"
    assert main(["narrate", str(changed), "-o", str(second)]) == 0
    text = read_workbook(second).report.text["overview.on_request"]
    assert f"新收政府信息公开申请{edited.values['t3.new.total']}件" in text
    assert text.splitlines()[-1] == CLERK


def test_narrate_with_last_years_workbook_states_the_change(tmp_path, report):
    last = consistent_report(random.Random(22), busy=0.4, year=2023)
    source, previous, out = tmp_path / "今年.xlsx", tmp_path / "去年.xlsx", tmp_path / "带文字.xlsx"
    build_template(source, report)
    build_template(previous, last)
    main(["narrate", str(source), "--previous", str(previous), "-o", str(out)])
    text = read_workbook(out).report.text["overview.on_request"]
    assert "同比" in text or "与上年持平" in text


def test_narrate_refuses_errors_unless_forced_and_never_overwrites(tmp_path, report, capsys):
    report.values["t4.review.total"] += 1
    source = tmp_path / "有错.xlsx"
    build_template(source, report)
    out = tmp_path / "带文字.xlsx"
    assert main(["narrate", str(source), "-o", str(out)]) == 1
    assert "不能生成文字" in capsys.readouterr().err and not out.exists()
    assert main(["narrate", str(source), "-o", str(out), "--force"]) == 0 and out.exists()
    before = _digest(source)
    assert main(["narrate", str(source), "-o", str(source), "--force"]) == 2
    assert _digest(source) == before


def test_narrate_grows_the_text_rows_to_show_each_whole_paragraph(tmp_path, report):
    import openpyxl

    from nianbao.spec.layout import LOCATIONS, TEXT_ROW_HEIGHT, text_width

    source = tmp_path / "填好.xlsx"
    build_template(source, report)
    out = tmp_path / "带文字.xlsx"
    assert main(["narrate", str(source), "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    written = read_workbook(out).report.text
    long_key = max(written, key=lambda k: len(written[k]))
    for key, text in written.items():
        location = LOCATIONS[f"text.{key}"]
        sheet = book[location.sheet]
        height = sheet.row_dimensions[location.input.row + 1].height
        width = sheet.column_dimensions["B"].width
        lines = sum(-(-int(text_width(line)) // int(width - 1)) for line in text.splitlines())
        assert height >= min(409, lines * 14.5), key  # each line has its room
        assert height >= TEXT_ROW_HEIGHT
    assert (
        book[LOCATIONS[f"text.{long_key}"].sheet].row_dimensions[LOCATIONS[f"text.{long_key}"].input.row + 1].height
        > TEXT_ROW_HEIGHT
    )
