"""What a clerk is told (issue 11, item 8): each message names the thing and says what to do."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
import pytest

from factories import consistent_report, zero_report
from nianbao.build.template import build_template
from nianbao.check.checker import check
from nianbao.check.numbers import chinese_number, parse_cell
from nianbao.cli import main
from nianbao.io.workbook_reader import read_workbook
from nianbao.spec import format2021 as f
from nianbao.spec.layout import LOCATIONS
from support.typed import typed, zero_workbook  # noqa: F401 (a fixture)

T3 = "表三 依申请公开"


def run_cli(capsys, *args) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stop:
        code = main([str(a) for a in args])
        raise SystemExit(code)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return int(stop.value.code or 0), out, err


# ---------------------------------------------------------------- 值-非数字: Chinese numerals


@pytest.mark.parametrize(
    ("typed_text", "digits"), [("五", 5), ("三千", 3000), ("十二", 12), ("两", 2), ("一百零五", 105)]
)
def test_a_chinese_numeral_in_a_count_cell_is_answered_with_its_digits(
    tmp_path, capsys, zero_workbook, typed_text, digits
):
    path = typed(tmp_path, zero_workbook, T3, "E5", typed_text)
    code, out, _ = run_cli(capsys, "check", path)
    assert code == 1
    assert f"填的是“{typed_text}”，不是数字；请填阿拉伯数字，如 {digits}" in out
    assert "没有的请填0" not in out.split(typed_text)[1].splitlines()[0]


def test_a_chinese_numeral_is_never_taken_as_a_value():
    assert chinese_number("三千") == 3000
    for text in ("五", "三千", "十二", "两"):
        assert parse_cell(text, f.COUNT).value is None and parse_cell(text, f.COUNT).problem == "值-非数字"


def test_other_text_still_asks_for_a_zero_and_a_unit_is_pointed_out(tmp_path, capsys, zero_workbook):
    code, out, _ = run_cli(capsys, "check", typed(tmp_path, zero_workbook, T3, "E5", "无"))
    assert code == 1 and "填的是“无”，不是数字；没有的请填0" in out
    code, out, _ = run_cli(capsys, "check", typed(tmp_path, zero_workbook, T3, "E5", "5件"))
    assert code == 1 and "请只填数字，不带单位，如 5" in out


# ---------------------------------------------------------------- 值-小数位: six decimals of 万元


def test_a_fee_exact_to_the_fen_is_accepted():
    report = zero_report()
    report.values["t2.fees.amount"] = 1523.062507  # 1523.062507 万元 = 15,230,625.07 元
    assert [x for x in check(report) if x.rule == "值-小数位"] == []
    assert parse_cell(1523.062507, f.AMOUNT).problem is None
    assert parse_cell("1523.062507", f.AMOUNT).value == 1523.062507


def test_a_fee_finer_than_the_fen_is_an_error(tmp_path, capsys, zero_workbook):
    cell = LOCATIONS["t2.fees.amount"].input.address
    code, out, _ = run_cli(capsys, "check", typed(tmp_path, zero_workbook, "表二 主动公开", cell, 1.2345678))
    assert code == 1 and "[错误·值-小数位]" in out and "最多保留6位小数" in out
    assert parse_cell("1.2345678", f.AMOUNT).problem == "值-小数位"


def test_the_template_validation_allows_six_decimals(tmp_path, zero_workbook):
    book = openpyxl.load_workbook(zero_workbook)
    cell = LOCATIONS["t2.fees.amount"].input.address
    rules = [v for v in book["表二 主动公开"].data_validations.dataValidation if cell in str(v.sqref)]
    assert len(rules) == 1 and f"ROUND({cell},6)={cell}" in rules[0].formula1 and "6 位小数" in rules[0].error


# ---------------------------------------------------------------- the command line


def test_check_refuses_to_write_an_annotated_workbook_under_a_docx_name(tmp_path, capsys, zero_workbook):
    out_path = tmp_path / "标注.docx"
    code, _, err = run_cli(capsys, "check", zero_workbook, "-o", out_path)
    assert code == 2 and "标注.docx" in err and ".xlsx" in err and "nianbao export" in err
    assert not out_path.exists()


def test_check_of_a_folder_names_the_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(capsys, "check", ".")
    assert code == 2 and f"{tmp_path.resolve()}：是文件夹" in err and "nianbao audit" in err
    assert "：：" not in err


def test_argparse_speaks_chinese(capsys):
    code, out, err = run_cli(capsys, "check")
    assert code == 2 and "缺少必需的参数：工作簿" in err and "用法：" in err and "nianbao check -h" in err
    code, out, err = run_cli(capsys, "chek")
    assert code == 2 and "无效的选择：'chek'" in err and "'check'" in err
    for english in ("usage:", "error:", "the following arguments", "invalid choice"):
        assert english not in err
    code, out, err = run_cli(capsys, "check", "-h")
    assert code == 0 and "显示本帮助并退出" in out and "用法：" in out
    assert "show this help" not in out and "usage:" not in out


# ---------------------------------------------------------------- a renamed sheet


def _rename(source: Path, target: Path, old: str, new: str, *, keep_names: bool) -> Path:
    """What Excel/WPS do when a clerk renames a sheet (keep_names), or a copy that lost its names."""
    book = openpyxl.load_workbook(source)
    book[old].title = new
    for name in list(book.defined_names):
        ref = book.defined_names[name]
        if keep_names:
            ref.attr_text = ref.attr_text.replace(f"'{old}'!", f"'{new}'!")
        elif f"'{old}'!" in ref.attr_text:
            del book.defined_names[name]
    book.save(target)
    return target


def test_a_renamed_sheet_is_still_read_through_its_names(tmp_path):
    report = consistent_report(random.Random(3), busy=0.5)
    path = tmp_path / "filled.xlsx"
    build_template(path, report)
    renamed = _rename(path, tmp_path / "renamed.xlsx", T3, "表三", keep_names=True)
    assert read_workbook(renamed).report.values == report.values


def test_a_renamed_sheet_without_names_is_named_by_its_template_name(tmp_path, capsys):
    path = tmp_path / "filled.xlsx"
    build_template(path, consistent_report(random.Random(3)))
    renamed = _rename(path, tmp_path / "renamed.xlsx", T3, "依申请", keep_names=False)
    code, _, err = run_cli(capsys, "check", renamed)
    assert code == 2
    assert f"找不到模板的工作表“{T3}”" in err and "“依申请”" in err and "改了名" in err
    assert f"改回“{T3}”" in err


# ---------------------------------------------------------------- an older template version


def _older(source: Path, target: Path, *, move_row: bool) -> Path:
    """An "older version" workbook: another version marker; optionally a row inserted above 表二's
    rows and no defined names (so only the row labels can place the numbers)."""
    book = openpyxl.load_workbook(source)
    marker = book["nianbao"]
    for row in marker.iter_rows():
        if row[0].value == "version":
            row[1].value = "2020.3"
    if move_row:
        sheet = book["表二 主动公开"]
        sheet.unprotect() if hasattr(sheet, "unprotect") else None
        sheet.protection.sheet = False
        for merged in list(sheet.merged_cells.ranges):
            sheet.unmerge_cells(str(merged))
        sheet.insert_rows(3)
        sheet["A3"] = "（旧版本的说明行）"
        for name in list(book.defined_names):
            if "表二" in book.defined_names[name].attr_text:
                del book.defined_names[name]
    book.save(target)
    return target


def test_an_older_version_is_refused_with_advice_that_works(tmp_path, capsys):
    report = consistent_report(random.Random(8), busy=0.5)
    report.text = {"problems": "信息公开意识有待加强。"}
    path = tmp_path / "filled.xlsx"
    build_template(path, report)
    old = _older(path, tmp_path / "旧.xlsx", move_row=False)
    code, _, err = run_cli(capsys, "check", old)
    assert code == 2 and "2020.3" in err and "nianbao upgrade 旧.xlsx -o" in err
    code, _, err = run_cli(capsys, "dump", old)
    assert code == 2 and "nianbao upgrade" in err  # dump fails too, so it must not be the advice
    new = tmp_path / "新.xlsx"
    code, out, _ = run_cli(capsys, "upgrade", old, "-o", new)
    assert code == 0 and "已把 旧.xlsx（2020.3 版模板）" in out
    upgraded = read_workbook(new)
    assert upgraded.report.values == report.values and upgraded.report.meta == report.meta
    assert upgraded.report.text == report.text and upgraded.problems == []


def test_upgrade_follows_a_moved_row_by_its_label_and_reports_what_it_cannot_place(tmp_path, capsys):
    report = consistent_report(random.Random(8), busy=0.5)
    path = tmp_path / "filled.xlsx"
    build_template(path, report)
    old = _older(path, tmp_path / "旧.xlsx", move_row=True)
    new = tmp_path / "新.xlsx"
    code, out, _ = run_cli(capsys, "upgrade", old, "-o", new)
    upgraded = read_workbook(new)
    carried = {k: v for k, v in report.values.items() if k.startswith("t2.")}
    assert {k: v for k, v in upgraded.report.values.items() if k.startswith("t2.")} == carried
    assert code == 0 and upgraded.report.values == report.values


def test_upgrade_lists_cells_it_cannot_place_and_carries_text_as_typed(tmp_path, capsys):
    path = tmp_path / "filled.xlsx"
    build_template(path, zero_report())
    book = openpyxl.load_workbook(path)
    book["nianbao"]["B3"] = "2020.3"
    sheet = book["表四 复议诉讼"]
    sheet.protection.sheet = False
    for merged in list(sheet.merged_cells.ranges):
        sheet.unmerge_cells(str(merged))
    sheet["A2"] = "行政复议（旧表头）"  # a header that no longer reads as the template's
    for name in list(book.defined_names):
        if "表四" in book.defined_names[name].attr_text:
            del book.defined_names[name]
    book["表三 依申请公开"]["E5"] = "五"
    book.save(tmp_path / "旧.xlsx")
    new = tmp_path / "新.xlsx"
    code, out, _ = run_cli(capsys, "upgrade", tmp_path / "旧.xlsx", "-o", new)
    assert code == 1 and "未转入" in out and "表四" in out
    assert out.count("表四") >= len(f.T4_GROUPS) * len(f.T4_COLUMNS)
    result = read_workbook(new)
    assert not any(k.startswith("t4.") for k in result.report.values)
    assert [(p.key, p.found) for p in result.problems] == [("t3.new.commercial", "五")]  # E5, as typed
