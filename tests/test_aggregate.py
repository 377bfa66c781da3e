"""nianbao aggregate: the total equals the cell-by-cell sum; refused units are listed with reasons."""

from __future__ import annotations

import json
import random
from pathlib import Path

import openpyxl
import pytest

from factories import consistent_report
from nianbao.batch.aggregate import add_up, aggregate, common_year, sum_values
from nianbao.batch.total_xlsx import UNITS_HEADERS, UNITS_SHEET
from nianbao.batch.worker import FileRecord
from nianbao.build.template import build_template
from nianbao.check.checker import check
from nianbao.cli import main
from nianbao.io.workbook_reader import read_workbook
from nianbao.spec import format2021 as f


def write_json(path: Path, report: f.Report) -> Path:
    path.write_text(json.dumps(report.to_json(), ensure_ascii=False), encoding="utf-8")
    return path


def units_table(path: Path) -> dict[str, dict]:
    ws = openpyxl.load_workbook(path)[UNITS_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    start = rows.index(UNITS_HEADERS)
    out = {}
    for row in rows[start + 1 :]:
        if not row or row[0] is None:
            break
        out[row[1]] = dict(zip(UNITS_HEADERS, row))
    return out


def incomplete_keys(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path)[UNITS_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    heads = [i for i, r in enumerate(rows) if r[:2] == ("单元格", "键")]
    if not heads:
        return []
    return [r[1] for r in rows[heads[0] + 1 :] if r[1]]


@pytest.fixture
def reports():
    rng = random.Random(42)
    out = [consistent_report(rng, busy=rng.choice((0.2, 0.6)), agency=f"丁市第{i}局") for i in range(6)]
    out[0].values["t2.fees.amount"] = 0.1
    out[1].values["t2.fees.amount"] = 0.2  # 0.1 + 0.2 must come out as 0.3
    out[2].values["t2.fees.amount"] = 12.3456
    return out


def test_total_is_the_cell_by_cell_sum(tmp_path, reports, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for i, report in enumerate(reports):
        if i % 2:
            build_template(folder / f"u{i}.xlsx", report)
        else:
            write_json(folder / f"u{i}.json", report)
    out = tmp_path / "total.xlsx"
    assert main(["aggregate", str(folder), "-o", str(out)]) == 0

    total = read_workbook(out)
    assert total.problems == []
    for key, cell in f.CELLS.items():
        expected = sum(r.values[key] for r in reports)
        if cell.kind == f.AMOUNT:
            assert total.report.values[key] == pytest.approx(round(expected, 4), abs=1e-12)
        else:
            assert total.report.values[key] == expected, key
    assert total.report.meta["agency"] == f"汇总（{len(reports)}个单位）"
    assert total.report.meta["year"] == 2024
    assert check(total.report) == []  # the rules are linear: a sum of consistent reports is consistent
    units = units_table(out)
    assert len(units) == len(reports)
    assert {u["是否计入"] for u in units.values()} == {"计入"}
    assert incomplete_keys(out) == []


def test_amounts_are_rounded_to_four_decimals(reports):
    records = [
        FileRecord(
            path=str(i),
            shown=str(i),
            kind="data",
            agency=r.meta["agency"],
            year=2024,
            format="2021",
            values=dict(r.values),
        )
        for i, r in enumerate(reports[:2])
    ]
    records[0].values["t2.fees.amount"] = 0.1
    records[1].values["t2.fees.amount"] = 0.2
    total, _ = sum_values(records)
    assert total["t2.fees.amount"] == 0.3


def test_refused_units_are_listed_with_their_reasons(tmp_path, reports, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    write_json(folder / "a-good.json", reports[0])
    build_template(folder / "b-good.xlsx", reports[1])
    other_year = consistent_report(random.Random(1), agency="丁市统计局", year=2023)
    write_json(folder / "c-2023.json", other_year)
    bad = reports[2]
    bad.values["t4.review.total"] += 1
    build_template(folder / "d-errors.xlsx", bad)
    duplicate = reports[3]
    duplicate.meta["agency"] = reports[0].meta["agency"] + "（办公室编制）"
    write_json(folder / "e-duplicate.json", duplicate)
    old = f.Report(
        meta={"agency": "丁市档案局", "year": 2024, "format": "2019"},
        values={f"t3.other_2019.{c.suffix}": 0 for c in f.T3_COLUMNS},
    )
    write_json(folder / "f-2019.json", old)
    (folder / "g-broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "total.xlsx"

    code = main(["aggregate", str(folder), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2  # an unreadable file
    units = units_table(out)
    assert [n for n, u in units.items() if u["是否计入"] == "计入"] == ["a-good.json", "b-good.xlsx"]
    reasons = {n: u["原因或说明"] for n, u in units.items()}
    assert "2023" in reasons["c-2023.json"] and "2024" in reasons["c-2023.json"]
    assert "错误" in reasons["d-errors.xlsx"] and "--allow-errors" in reasons["d-errors.xlsx"]
    assert "a-good.json" in reasons["e-duplicate.json"] and "同一机关" in reasons["e-duplicate.json"]
    assert "2019年格式" in reasons["f-2019.json"]
    assert "无法读取" in reasons["g-broken.xlsx"]
    for name in ("c-2023.json", "d-errors.xlsx", "e-duplicate.json", "f-2019.json", "g-broken.xlsx"):
        assert name in err
    total = read_workbook(out).report
    assert total.values["t3.new.total"] == reports[0].values["t3.new.total"] + reports[1].values["t3.new.total"]
    assert total.meta["agency"] == "汇总（2个单位）"


def test_allow_errors_year_and_agency_options(tmp_path, reports, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    reports[0].values["t4.review.total"] += 1
    write_json(folder / "a.json", reports[0])
    write_json(folder / "b.json", reports[1])
    write_json(folder / "c.json", consistent_report(random.Random(3), agency="丁市统计局", year=2023))
    out = tmp_path / "total.xlsx"
    assert main(["aggregate", str(folder), "-o", str(out), "--allow-errors", "--agency", "丁市"]) == 1
    total = read_workbook(out).report
    assert total.meta["agency"] == "丁市"
    assert (
        total.values["t4.review.total"] == reports[0].values["t4.review.total"] + reports[1].values["t4.review.total"]
    )
    assert "allow-errors" in units_table(out)["a.json"]["原因或说明"]

    assert main(["aggregate", str(folder), "-o", str(out), "--year", "2023"]) == 1
    total = read_workbook(out).report
    assert total.meta["year"] == 2023 and total.meta["agency"] == "汇总（1个单位）"
    assert total.values["t3.new.total"] == json.loads((folder / "c.json").read_text())["values"]["t3.new.total"]


def test_a_cell_missing_in_one_unit_stays_blank_and_is_listed(tmp_path, reports, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    del reports[0].values["t3.granted.research"]
    for i, report in enumerate(reports[:3]):
        write_json(folder / f"u{i}.json", report)
    out = tmp_path / "total.xlsx"
    assert main(["aggregate", str(folder), "-o", str(out), "--allow-errors"]) == 0
    total = read_workbook(out).report
    assert "t3.granted.research" not in total.values
    assert total.values["t3.granted.commercial"] == sum(r.values["t3.granted.commercial"] for r in reports[:3])
    assert incomplete_keys(out) == ["t3.granted.research"]
    assert "缺少1个单元格" in units_table(out)["u0.json"]["原因或说明"]


def test_nothing_to_add_up_writes_nothing(tmp_path, capsys):
    (tmp_path / "x.xlsx").write_bytes(b"")
    out = tmp_path / "total.xlsx"
    assert main(["aggregate", str(tmp_path / "x.xlsx"), "-o", str(out)]) == 2
    assert not out.exists()
    assert "没有可以计入汇总的报告" in capsys.readouterr().err


def test_the_most_common_year_wins_and_a_tie_goes_to_the_later():
    def rec(year, fmt="2021"):
        return FileRecord(path="p", shown="p", kind="data", year=year, format=fmt)

    assert common_year([rec(2023), rec(2024), rec(2023)]) == 2023
    assert common_year([rec(2023), rec(2024)]) == 2024
    assert common_year([rec(2019, "2019"), rec(2019, "2019"), rec(2024)]) == 2024
    assert common_year([]) is None


def test_single_other_row_reports_leave_the_sub_rows_incomplete(reports):
    single = dict(reports[0].values)
    for col in f.T3_COLUMNS:
        single[f"t3.other_2019.{col.suffix}"] = sum(
            single.pop(f"t3.{m}.{col.suffix}") for m in ("other.no_correction", "other.fee_unpaid", "other.other")
        )
    records = [
        FileRecord(path="a", shown="a", kind="published", agency="甲", year=2024, format="2021", values=single),
        FileRecord(
            path="b", shown="b", kind="data", agency="乙", year=2024, format="2021", values=dict(reports[1].values)
        ),
    ]
    result = add_up(records)
    assert len(result.included) == 2
    assert set(result.incomplete) == {
        f"t3.{m}.{c.suffix}" for m in ("other.no_correction", "other.fee_unpaid", "other.other") for c in f.T3_COLUMNS
    }
    assert not any(k.startswith("t3.other_2019") for k in result.total.values)
    assert (
        result.total.values["t3.results_total.total"]
        == reports[0].values["t3.results_total.total"] + reports[1].values["t3.results_total.total"]
    )
    assert "其他处理为单行" in result.included[0].reason


def test_aggregate_runs_in_parallel_like_serial(tmp_path):
    rng = random.Random(9)
    for i in range(20):
        write_json(tmp_path / f"r{i:02d}.json", consistent_report(rng, agency=f"单位{i}"))
    serial = aggregate([tmp_path], jobs=1)
    parallel = aggregate([tmp_path], jobs=2)
    assert parallel.total.values == serial.total.values
    assert [u.record.shown for u in parallel.included] == [u.record.shown for u in serial.included]
    assert len(serial.included) == 20
