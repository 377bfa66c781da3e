"""The rules compiled to Excel formulas agree with the Python checker, as LibreOffice computes them.

Each live check's formula is also written into a spare cell (a probe); LibreOffice recalculates
the workbook and the probes must be true exactly for the relations the checker reports.
"""

from __future__ import annotations

import copy
import random

from python_calamine import CalamineWorkbook

from factories import consistent_report, zero_report
from libreoffice import convert, needs_libreoffice
from nianbao.build.formulas import STATE_BAD, STATE_BLANK, STATE_OK, STATE_TEXT_NUMBER, live_checks
from nianbao.build.template import build_template
from nianbao.check.checker import check
from nianbao.io.workbook_reader import read_workbook
from nianbao.spec import format2021 as f
from nianbao.spec.layout import HELPERS, LIVE_SHEET, SHEET_BY_TABLE, number_inputs
from nianbao.spec.rules import ERROR, RULES_BY_ID

PROBE_COL = 30
PROBE_ROW = 60


def perturbed_reports():
    rng = random.Random(11)
    base = consistent_report(rng, busy=0.5)
    yield "consistent", base
    for key in rng.sample([k for k in f.KEYS if f.CELLS[k].kind == f.COUNT], 6):
        bad = copy.deepcopy(base)
        bad.values[key] += 3
        yield f"plus3-{key}", bad
    warn = copy.deepcopy(base)
    warn.values["t2.regulations.in_force"] = (
        warn.values["t2.regulations.issued"] - 1 if warn.values["t2.regulations.issued"] else 0
    )
    warn.values["t2.regulations.issued"] = warn.values["t2.regulations.in_force"] + 1
    yield "in-force-warning", warn
    # What a clerk types: a full-width number is read as a number and judged (a 提示, not a stop);
    # a "五", a negative or a fraction is no value, and its relations wait, as in the checker.
    key = "t3.new.commercial"
    fullwidth = str.maketrans("0123456789", "０１２３４５６７８９")
    for name, typed in (
        ("fullwidth", str(base.values[key]).translate(fullwidth)),
        ("fullwidth-off", str(base.values[key] + 3).translate(fullwidth)),
        ("numeral", "五"),
        ("negative", -2),
        ("fraction", 2.5),
    ):
        bad = copy.deepcopy(base)
        bad.values[key] = typed
        yield f"typed-{name}", bad


@needs_libreoffice
def test_compiled_formulas_agree_with_checker(tmp_path):
    checks = live_checks()
    names = []
    for name, report in perturbed_reports():
        path = tmp_path / f"{name}.xlsx"

        def add_probes(workbook, worksheets):
            for i, live in enumerate(checks):
                worksheets[live.sheet].write_formula(PROBE_ROW + i, PROBE_COL, f"=IF({live.formula},1,0)", None, 0)

        build_template(path, report, customize=add_probes)
        names.append((name, report, path))
    outdir = tmp_path / "out"
    for name, _report, path in names:
        converted = convert(path, "xlsx", outdir, tmp_path / "profile")
        book = CalamineWorkbook.from_path(str(converted))
        sheets = {}
        fired = set()
        for i, live in enumerate(checks):
            if live.sheet not in sheets:
                sheets[live.sheet] = book.get_sheet_by_name(live.sheet).to_python(skip_empty_area=False)
            if sheets[live.sheet][PROBE_ROW + i][PROBE_COL] == 1:
                fired.add((live.rule, live.cells))
        read = read_workbook(path)  # as the checker sees the file: "８" read as 8, "五" as no value
        expected = set()
        for finding in check(read.report, problems=read.problems):
            if finding.rule in {live.rule for live in checks}:
                expected.add((finding.rule, tuple(c.address for c in finding.cells)))
        assert fired == expected, name


def _recalculated(tmp_path, reports: dict[str, f.Report]) -> dict[str, CalamineWorkbook]:
    out = {}
    for name, report in reports.items():
        path = tmp_path / f"{name}.xlsx"
        build_template(path, report)
        out[name] = CalamineWorkbook.from_path(str(convert(path, "xlsx", tmp_path / "out", tmp_path / "profile")))
    return out


def _status(book: CalamineWorkbook, table: str) -> str:
    sheet = SHEET_BY_TABLE[table]
    rows = book.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
    return rows[max(i.row for i in sheet.inputs) + 2][0]


def _states(book: CalamineWorkbook, table: str) -> dict[str, int]:
    """Each input's state code, as LibreOffice computed it in the hidden state cells."""
    sheet = SHEET_BY_TABLE[table]
    rows = book.get_sheet_by_name(LIVE_SHEET).to_python(skip_empty_area=False)
    helper = HELPERS[sheet.name]
    return {i.key: int(rows[i.row][helper.state(i)[1]]) for i in number_inputs(sheet)}


TYPED = {  # what a clerk types into 表三, and what numbers.py makes of it
    "t3.new.natural_person": "五",
    "t3.new.commercial": "８",  # full-width: a 提示 in check, so yellow, not red
    "t3.new.research": -2,
    "t3.new.nonprofit": "1,234",
    "t3.new.legal_service": "1/2",  # VALUE() would read a date; numbers.py reads no number
    "t3.carried_over.natural_person": "三千",
    "t3.carried_over.commercial": 2.5,
    "t3.carried_over.research": " 7 ",
    "t3.carried_over.nonprofit": "-3",
    "t3.granted.natural_person": "1e3",
    "t3.granted.commercial": "\u3000１，２３４\u3000",  # full-width digits, comma and spaces
}


@needs_libreoffice
def test_every_value_rule_is_live_with_the_severity_check_gives_it(tmp_path):
    """Red where check says 错误, yellow where it says 提示, for each kind of bad cell; blanks red once started."""
    from nianbao.io.workbook_reader import read_workbook

    report = consistent_report(random.Random(2), busy=0.5)
    for key, typed in TYPED.items():
        report.values[key] = typed
    del report.values["t3.new.other_org"]
    report.values["t2.fees.amount"] = 1523.062507  # exact to the 分: fine
    untouched = zero_report()
    for key in [k for k in untouched.values if k.startswith("t4.")]:
        del untouched.values[key]  # 表四 not started: its blanks are not marked yet
    books = _recalculated(tmp_path, {"typed": report, "untouched": untouched})
    path = tmp_path / "typed.xlsx"
    build_template(path, report)
    read = read_workbook(path)
    severity_of = {p.key: RULES_BY_ID[p.rule].severity for p in read.problems}
    expected = {}
    for key in f.KEYS:
        if key in severity_of:
            expected[key] = STATE_BAD if severity_of[key] == ERROR else STATE_TEXT_NUMBER
        else:
            expected[key] = STATE_OK if key in read.report.values else STATE_BLANK
    states = {**_states(books["typed"], "t2"), **_states(books["typed"], "t3"), **_states(books["typed"], "t4")}
    assert states == expected
    assert {k: v for k, v in states.items() if v != STATE_OK} == {
        "t3.new.natural_person": STATE_BAD,
        "t3.new.commercial": STATE_TEXT_NUMBER,
        "t3.new.research": STATE_BAD,
        "t3.new.nonprofit": STATE_TEXT_NUMBER,
        "t3.new.legal_service": STATE_BAD,
        "t3.new.other_org": STATE_BLANK,
        "t3.carried_over.natural_person": STATE_BAD,
        "t3.carried_over.commercial": STATE_BAD,
        "t3.carried_over.research": STATE_TEXT_NUMBER,
        "t3.carried_over.nonprofit": STATE_BAD,
        "t3.granted.natural_person": STATE_BAD,
        "t3.granted.commercial": STATE_TEXT_NUMBER,
    }
    assert set(_states(books["untouched"], "t4").values()) == {STATE_OK}


@needs_libreoffice
def test_status_line_counts_every_kind(tmp_path):
    good = consistent_report(random.Random(2), busy=0.5)
    unbalanced = copy.deepcopy(good)
    unbalanced.values["t3.new.natural_person"] += 1
    typed = copy.deepcopy(good)
    typed.values["t3.new.natural_person"] = "五"  # red, and the row's sums are not judged…
    typed.values["t3.new.commercial"] = "８"
    del typed.values["t3.new.research"]
    warned = copy.deepcopy(good)
    warned.values["t3.new.commercial"] = str(good.values["t3.new.commercial"]).translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    empty = copy.deepcopy(good)
    for key in [k for k in empty.values if k.startswith("t4.")]:
        del empty.values[key]
    books = _recalculated(
        tmp_path, {"good": good, "unbalanced": unbalanced, "typed": typed, "warned": warned, "empty": empty}
    )
    assert _status(books["good"], "t3") == "本表已填全，数字有效，合计关系一致。"
    relations = [x for x in check(unbalanced) if x.rule.startswith("T3-")]
    assert len(relations) == 2  # its column's 勾稽 and its row's 总计
    assert _status(books["unbalanced"], "t3") == "本表有：2处合计不一致；请改正红色单元格。"
    # …but the status line never calls such a table 一致.
    typed_path = tmp_path / "typed-again.xlsx"
    build_template(typed_path, typed)
    read = read_workbook(typed_path)  # "８" is read as 8: its column and row are judged, and one fails
    assert len([x for x in check(read.report, problems=read.problems) if x.rule.startswith("T3-")]) == 1
    assert _status(books["typed"], "t3") == (
        "本表有：1处合计不一致；1个单元格不是有效数字（文字、负数、小数等）；1个单元格空白（没有的请填0）；"
        "1处需要核实（黄色单元格）；请改正红色单元格。"
    )
    assert _status(books["warned"], "t3") == "本表有：1处需要核实（黄色单元格）；请核实黄色单元格。"
    assert _status(books["empty"], "t4") == "本表尚未填写。"


@needs_libreoffice
def test_a_workbook_saved_by_libreoffice_reads_back_the_same(tmp_path):
    """A clerk fills the template in LibreOffice and saves as .xlsx: names, marker and protection survive."""
    import openpyxl

    from nianbao.io.workbook_reader import read_workbook

    report = consistent_report(random.Random(5), busy=0.5)
    report.meta.update({"postcode": "150631", "phone": "0451-53422393"})
    path = tmp_path / "filled.xlsx"
    build_template(path, report)
    saved = convert(path, "xlsx", tmp_path / "out", tmp_path / "profile")
    result = read_workbook(saved)
    assert result.report.values == report.values and result.report.meta == report.meta
    assert result.problems == []
    book = openpyxl.load_workbook(saved)
    assert book["表三 依申请公开"].protection.sheet and book["nianbao"].sheet_state == "hidden"
