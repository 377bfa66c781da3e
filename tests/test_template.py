"""Golden checks of template.xlsx: fresh, official labels in the right cells, locks, validations, names."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import FORMAT_DOC, REPO
from nianbao.build.template import INPUT_FILL, build_template
from nianbao.spec import format2021 as f
from nianbao.spec.cellref import a1, sheet_ref
from nianbao.spec.layout import HELPERS, LIVE_SHEET, LOCATIONS, MARKER_SHEET, SHEETS

TEMPLATE = REPO / "template.xlsx"
VOLATILE = {"docProps/core.xml"}  # creation/modification timestamps


def zip_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n not in VOLATILE}


def test_committed_template_is_fresh(tmp_path):
    fresh = tmp_path / "template.xlsx"
    build_template(fresh)
    committed, rebuilt = zip_members(TEMPLATE), zip_members(fresh)
    assert sorted(committed) == sorted(rebuilt)
    stale = [name for name in committed if committed[name] != rebuilt[name]]
    assert not stale, f"template.xlsx is stale in {stale}: run `make generated`"


@pytest.mark.parametrize("example", sorted((REPO / "examples").glob("*.json")), ids=lambda p: p.name)
def test_committed_examples_are_fresh(tmp_path, example):
    from nianbao.io.json_exchange import load_json_report

    fresh = tmp_path / "x.xlsx"
    build_template(fresh, load_json_report(example))
    assert zip_members(example.with_suffix(".xlsx")) == zip_members(fresh), "run `make generated`"


@pytest.fixture(scope="module")
def book():
    return openpyxl.load_workbook(TEMPLATE)


def test_sheets_and_hidden_marker(book):
    assert book.sheetnames == [s.name for s in SHEETS] + [MARKER_SHEET, LIVE_SHEET]
    marker = book[MARKER_SHEET]
    assert marker.sheet_state == "hidden"
    assert {r[0].value: r[1].value for r in marker.iter_rows()} == {
        "template": "nianbao",
        "format": "2021",
        "version": "2021.1",
    }


def official_t3_labels() -> list[str]:
    """Row labels of table 3 as written in the shared format document (character for character)."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    section = text.split("## Table 3")[1].split("## Table 4")[0]
    rows = re.findall(r"^\| (`[^`]+`)? *\| (.+?) \|$", section, re.M)
    return [label.replace(" (heading only)", "") for key, label in rows if label not in ("label",)][7:]


def test_table3_labels_match_the_official_format(book):
    ws = book["表三 依申请公开"]
    expected = [
        lbl
        for lbl in official_t3_labels()
        if lbl != "三、本年度办理结果"
        and not lbl.startswith("（三）不予公开")
        and lbl not in ("（四）无法提供", "（五）不予处理", "（六）其他处理")
    ]
    shown = []
    for row in range(5, 30):
        label = ws.cell(row, 3).value or ws.cell(row, 2).value or ws.cell(row, 1).value
        if ws.cell(row, 3).value is None and ws.cell(row, 2).value is None:
            label = ws.cell(row, 1).value
        shown.append(label)
    assert shown == expected


def test_table3_header_and_merges(book):
    ws = book["表三 依申请公开"]
    merges = {str(m) for m in ws.merged_cells.ranges}
    assert ws["A2"].value == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert {
        "A2:C4",
        "D2:J2",
        "E3:I3",
        "D3:D4",
        "J3:J4",
        "A7:A28",
        "A5:C5",
        "A6:C6",
        "A29:C29",
        "B28:C28",
        "B9:B16",
        "B17:B19",
        "B20:B24",
        "B25:B27",
    } <= merges
    assert [ws.cell(4, c).value for c in range(5, 10)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert ws["D3"].value == "自然人" and ws["J3"].value == "总计" and ws["E3"].value == "法人或其他组织"
    assert ws["B9"].value == "（三）不予公开" and ws["C9"].value == "1.属于国家秘密"
    assert ws["A7"].value == "三、本年度办理结果"


def test_table2_and_table4_layout(book):
    t2 = book["表二 主动公开"]
    assert [t2.cell(r, 1).value for r in range(2, 16)] == [
        "第二十条第（一）项",
        "信息内容",
        "规章",
        "行政规范性文件",
        "第二十条第（五）项",
        "信息内容",
        "行政许可",
        "第二十条第（六）项",
        "信息内容",
        "行政处罚",
        "行政强制",
        "第二十条第（八）项",
        "信息内容",
        "行政事业性收费",
    ]
    assert t2["B14"].value == "本年收费金额（单位：万元）"
    t4 = book["表四 复议诉讼"]
    assert t4["A2"].value == "行政复议" and t4["F2"].value == "行政诉讼"
    assert t4["F3"].value == "未经复议直接起诉" and t4["K3"].value == "复议后起诉"
    assert [t4.cell(3, c).value for c in range(1, 6)] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [t4.cell(4, c).value for c in range(6, 16)] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    assert {"A2:E2", "F2:O2", "F3:J3", "K3:O3", "A3:A4", "E3:E4"} <= {str(m) for m in t4.merged_cells.ranges}


def test_protection_locks_labels_and_frees_inputs(book):
    inputs = {(loc.sheet, loc.input.address) for loc in LOCATIONS.values()}
    for sheet in SHEETS:
        ws = book[sheet.name]
        assert ws.protection.sheet is True
        assert not ws.protection.password
        for label in sheet.labels:
            assert ws.cell(label.row + 1, label.col + 1).protection.locked, (sheet.name, label.text)
        for inp in sheet.inputs:
            cell = ws[inp.address]
            assert cell.protection.locked is False, (sheet.name, inp.address)
            assert cell.fill.fgColor.rgb.endswith(INPUT_FILL.lstrip("#")), (sheet.name, inp.address)
    assert len(inputs) == len(LOCATIONS)


def test_every_number_input_has_a_validation(book):
    for sheet in SHEETS:
        ws = book[sheet.name]
        covered = {}
        for dv in ws.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                covered[rng.coord] = dv
        for inp in sheet.inputs:
            if inp.kind == "text":
                continue
            dv = covered.get(inp.address)
            assert dv is not None, (sheet.name, inp.address)
            assert dv.error and "请填写" in dv.error and dv.showErrorMessage
            if inp.kind == f.COUNT:
                assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
            if inp.kind == f.AMOUNT:
                assert dv.type == "custom" and "ROUND" in dv.formula1


def test_every_input_has_its_defined_name(book):
    names = book.defined_names
    for key, loc in LOCATIONS.items():
        defined = names[loc.input.name]
        assert list(defined.destinations) == [(loc.sheet, a1(loc.input.row, loc.input.col, absolute=True))], key
    assert "t3_withheld_third_party_legal_service" in names


def test_live_checks_are_conditional_formats(book):
    t3 = book["表三 依申请公开"]
    formulas = [rule.formula[0] for cf in t3.conditional_formatting for rule in cf.rules]
    # 表三 自然人 column's 勾稽, on the value cells of D5, D6, D28, D29 (on the hidden live sheet)
    helper = HELPERS["表三 依申请公开"]
    refs = [
        sheet_ref(LIVE_SHEET, *helper.value(LOCATIONS[f"t3.{m}.natural_person"].input))
        for m in ("new", "carried_over", "results_total", "carried_forward")
    ]
    assert any(fm.startswith(f"AND(COUNT({','.join(refs)})=4") for fm in formulas)
    assert book[LIVE_SHEET].sheet_state == "hidden" and book[LIVE_SHEET].protection.sheet
    assert len(formulas) >= 7 + 25 + 7


def test_print_setup_and_fonts(book):
    for sheet in SHEETS:
        ws = book[sheet.name]
        assert ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert book["表四 复议诉讼"].page_setup.orientation == "landscape"
    t3 = book["表三 依申请公开"]
    assert t3.page_setup.orientation == "landscape"  # one page: portrait printed it at about 6 points
    assert t3.sheet_properties.pageSetUpPr.fitToPage and t3.page_setup.fitToHeight in (None, 1)  # 1×1 (the default)
    assert "$A$1:$J$" in str(t3.print_area)  # the table and its status line, not the hidden state cells
    assert book["表三 依申请公开"].freeze_panes == "D5"
    assert book["表三 依申请公开"]["A5"].font.name == "宋体"


def test_table_three_headers_fit_their_columns_on_one_line():
    from nianbao.spec.layout import SHEET_BY_TABLE, text_width

    sheet = SHEET_BY_TABLE["t3"]
    for label in sheet.labels:
        if label.style == "header" and label.col == label.right and label.row >= 2:
            assert text_width(label.text) <= sheet.column_widths[label.col], label.text
    groups = [x for x in sheet.labels if x.col == 1 and x.right == 1 and x.style == "rowlabel"]
    assert groups and all(text_width(x.text) <= sheet.column_widths[1] for x in groups)
