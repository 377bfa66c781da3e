"""The 生成文字 and 导出报告 buttons through the real xlwings API (remote engine)."""

from __future__ import annotations

import random

import openpyxl
import pytest

from factories import consistent_report
from nianbao.build import macro_workbook as mw
from nianbao.build.template import build_template
from nianbao.excel import export_report, generate_text
from nianbao.excel.exporting import file_stem
from nianbao.excel.narrate import DRAFT_HEAD
from nianbao.io.workbook_reader import read_workbook
from nianbao.io.workbook_writer import write_copy
from nianbao.narrative import GENERATED_MARK
from nianbao.narrative import generate_text as narrative_text
from nianbao.spec.layout import LOCATIONS
from nianbao.spec.sheets import DRAFT_COLUMN, STATE_SHEET, TEXT_SHEET
from support.replay import replay
from test_excel_support import alerts, press, remote  # noqa: F401  (fixture)

TEXT_POSITION = mw.SHEET_ORDER.index(TEXT_SHEET)
# The parts no table can tell: the program leaves a 【请填写：…】 there, and export stops on it.
WRITTEN_BY_THE_CLERK = ("overview.management", "overview.platform", "overview.supervision", "problems", "improvements")


@pytest.fixture(scope="module")
def vba_bin(tmp_path_factory):
    path = tmp_path_factory.mktemp("vba") / "vbaProject.bin"
    path.write_bytes(mw.vba_project_bin(len(mw.SHEET_ORDER)))
    return path


def text_writes(actions) -> dict[tuple[int, int], object]:
    """(row, col) -> value for every cell written on the 正文 sheet."""
    out = {}
    for a in actions:
        if a["func"] == "setValues" and a["sheet_position"] == TEXT_POSITION:
            for r, row in enumerate(a["values"]):
                for c, value in enumerate(row):
                    out[(a["start_row"] + r, a["start_column"] + c)] = value
    return out


def spot(key: str) -> tuple[int, int]:
    inp = LOCATIONS[f"text.{key}"].input
    return inp.row, inp.col


def test_first_generation_writes_the_narrative_and_remembers_it(remote, tmp_path, vba_bin):
    report = consistent_report(random.Random(4))
    path = tmp_path / "filled.xlsm"
    build_template(path, report, customize=mw.customizer(vba_bin))
    expected = narrative_text(read_workbook(path).report)

    actions = press(remote, path, generate_text)
    written = text_writes(actions)
    for key, text in expected.items():
        assert written[spot(key)] == text, key
    after = tmp_path / "after.xlsm"
    replay(path, after, actions)
    state = openpyxl.load_workbook(after)[STATE_SHEET]
    remembered = {r[1].value: r[2].value for r in state.iter_rows() if r[0].value == "text"}
    assert remembered == {k: v for k, v in expected.items()}
    assert "已生成文字" in alerts(actions)[0]
    # The rows grow to show each whole paragraph.
    sheet = openpyxl.load_workbook(after)[TEXT_SHEET]
    for key, text in expected.items():
        row = spot(key)[0] + 1
        assert sheet.row_dimensions[row].height >= min(409, 14.5 * len(text) / 38), key
    longest = max(expected, key=lambda k: len(expected[k]))
    assert sheet.row_dimensions[spot(longest)[0] + 1].height > 90


def test_edited_generated_paragraph_is_kept_and_the_draft_goes_beside_it(remote, tmp_path, vba_bin):
    report = consistent_report(random.Random(8))
    path = tmp_path / "filled.xlsm"
    build_template(path, report, customize=mw.customizer(vba_bin))
    first = tmp_path / "first.xlsm"
    replay(path, first, press(remote, path, generate_text))

    generated = read_workbook(first).report.text
    proactive = generated["overview.proactive"]
    assert proactive.startswith(GENERATED_MARK)
    edited = proactive.replace("。", "（经核实）。", 1)  # the clerk edits inside a marked paragraph
    own = "本机关存在的问题是培训不足。"
    clerk = tmp_path / "clerk.xlsm"
    write_copy(
        first,
        clerk,
        {
            "text.overview.proactive": edited,
            "text.problems": own + "\n" + (generated.get("problems") or ""),
            # and the table changes, so the generated text changes too
            "t2.licensing.decisions": report.values["t2.licensing.decisions"] + 1,
        },
    )
    actions = press(remote, clerk, generate_text)
    written = text_writes(actions)
    row, col = spot("overview.proactive")
    assert (row, col) not in written  # the clerk's edit stays
    draft = written[(row, DRAFT_COLUMN)]
    assert draft.startswith(DRAFT_HEAD)
    fresh = narrative_text(read_workbook(clerk).report)
    assert draft.endswith(fresh["overview.proactive"])
    problems = written.get(spot("problems"))
    assert problems is None or own in problems  # the clerk's own paragraph is never lost
    others = [r for (r, c), v in written.items() if c == DRAFT_COLUMN and v and r != row]
    assert not others
    assert "D 列" in alerts(actions)[0]


def test_export_refuses_while_there_are_errors(remote, tmp_path, vba_bin):
    report = consistent_report(random.Random(4))
    report.values["t3.new.total"] += 1
    path = tmp_path / "filled.xlsm"
    build_template(path, report, customize=mw.customizer(vba_bin))
    out = tmp_path / "out"
    out.mkdir()
    actions = press(remote, path, export_report, directory=out)
    assert "不能导出" in alerts(actions)[0]
    assert list(out.iterdir()) == []


def test_export_without_a_folder_asks_to_save_first(remote, tmp_path, vba_bin):
    path = tmp_path / "filled.xlsm"
    build_template(path, consistent_report(random.Random(4)), customize=mw.customizer(vba_bin))
    actions = press(remote, path, export_report)  # the remote book has a name but no folder
    assert "保存到本机文件夹" in alerts(actions)[0]


def test_export_writes_xlsx_and_docx_next_to_the_workbook(remote, tmp_path, vba_bin):
    report = consistent_report(random.Random(4), agency="测试县/人民政府")
    report.text = {key: "本单位已撰写。" for key in WRITTEN_BY_THE_CLERK}
    path = tmp_path / "filled.xlsm"
    build_template(path, report, customize=mw.customizer(vba_bin))
    actions = press(remote, path, export_report, directory=tmp_path)
    stem = file_stem(report.meta)
    assert stem == "测试县人民政府2024年政府信息公开工作年度报告"
    for fmt in ("xlsx", "docx"):
        assert (tmp_path / f"{stem}.{fmt}").stat().st_size > 0
    assert "已导出" in alerts(actions)[0]


def test_export_refuses_while_placeholders_are_left_naming_each(remote, tmp_path, vba_bin):
    report = consistent_report(random.Random(4))
    report.text = {key: "本单位已撰写。" for key in WRITTEN_BY_THE_CLERK if key != "problems"}
    report.text["overview.platform"] = "平台运行平稳。【请填写：平台访问量】"
    path = tmp_path / "filled.xlsm"
    build_template(path, report, customize=mw.customizer(vba_bin))
    out = tmp_path / "out"
    out.mkdir()
    said = alerts(press(remote, path, export_report, directory=out))[0]
    assert "2处【请…】提示" in said and "【请填写：平台访问量】" in said and "存在的主要问题" in said
    assert list(out.iterdir()) == []


def test_file_stem_drops_characters_windows_refuses():
    assert file_stem({"agency": 'A:B*C?"D<E>F|G\\H/I', "year": 2024}) == "ABCDEFGHI2024年政府信息公开工作年度报告"
