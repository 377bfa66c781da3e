"""The rules compiled to Excel formulas agree with the Python checker, as LibreOffice computes them.

Each live check's formula is also written into a spare cell (a probe); LibreOffice recalculates
the workbook and the probes must be true exactly for the relations the checker reports.
"""

from __future__ import annotations

import copy
import random

from python_calamine import CalamineWorkbook

from factories import consistent_report
from libreoffice import convert, needs_libreoffice
from nianbao.build.formulas import live_checks
from nianbao.build.template import build_template
from nianbao.check.checker import check
from nianbao.spec import format2021 as f
from nianbao.spec.layout import SHEET_BY_TABLE

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
    for name, report, path in names:
        converted = convert(path, "xlsx", outdir, tmp_path / "profile")
        book = CalamineWorkbook.from_path(str(converted))
        sheets = {}
        fired = set()
        for i, live in enumerate(checks):
            if live.sheet not in sheets:
                sheets[live.sheet] = book.get_sheet_by_name(live.sheet).to_python(skip_empty_area=False)
            if sheets[live.sheet][PROBE_ROW + i][PROBE_COL] == 1:
                fired.add((live.rule, live.cells))
        expected = set()
        for finding in check(report):
            expected.add((finding.rule, tuple(c.address for c in finding.cells)))
        assert fired == expected, name


@needs_libreoffice
def test_status_line_tells_the_clerk(tmp_path):
    good = consistent_report(random.Random(2), busy=0.5)
    bad = copy.deepcopy(good)
    bad.values["t3.new.natural_person"] += 1
    results = {}
    for name, report in (("good", good), ("bad", bad)):
        path = tmp_path / f"{name}.xlsx"
        build_template(path, report)
        converted = convert(path, "xlsx", tmp_path / "out", tmp_path / "profile")
        sheet = SHEET_BY_TABLE["t3"]
        status_row = max(i.row for i in sheet.inputs) + 2
        rows = CalamineWorkbook.from_path(str(converted)).get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
        results[name] = rows[status_row][0]
    assert results["good"] == "本表已填数字的合计关系一致。"
    assert results["bad"] == "本表有不一致的数字（红色单元格），请核对。"


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
