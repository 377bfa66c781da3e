"""The acceptance cases: the shared samples import to their verified figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nianbao.importers import import_report
from nianbao.spec import format2021 as f

SAMPLES = Path(__file__).resolve().parent / "data" / "samples"
REAL = sorted((SAMPLES / "real").glob("*.json"))


def test_yabuli_reads_all_200_cells_despite_shifted_rows():
    result = import_report(SAMPLES / "yabuli-2024.txt")
    values = result.report.values
    assert set(values) == set(f.KEYS)
    assert {k: v for k, v in values.items() if v != 0} == {"t2.fees.amount": 2.29}
    assert result.report.meta["year"] == 2024
    assert result.report.meta["agency"] == "尚志市亚布力镇"
    assert result.format == "2021"
    assert result.unplaced == []
    text = result.report.text
    assert text["overview.supervision"].startswith("为确保政府信息公开工作规范有序开展")
    assert text["problems"].startswith("1.政府各部门之间信息共享不够顺畅")
    assert "信息处理费" in text["other_matters"]


@pytest.mark.parametrize("expected_path", REAL, ids=[p.stem for p in REAL])
def test_real_report_imports_to_its_verified_values(expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    source = next(p for p in expected_path.parent.glob(expected_path.stem + ".*") if p.suffix != ".json")
    result = import_report(source)
    got = result.report.values
    wrong = {k: (v, got.get(k)) for k, v in expected["values"].items() if got.get(k) != v}
    assert wrong == {}
    assert result.report.meta["format"] == expected["format"]
    assert result.report.meta["year"] == expected["year"]
    # nothing beyond the verified figures: extra keys would be guesses
    assert set(got) == set(expected["values"])


def test_run_together_sample_is_split_by_the_rules():
    result = import_report(SAMPLES / "real" / "202_pingtan-guanweihui-2022.txt")
    assert result.report.values["t3.new.natural_person"] == 71
    assert result.report.values["t2.normative_documents.repealed"] == 55  # confirmed by the narrative
    assert result.unplaced == []


def test_markdown_sample_lists_its_stray_number():
    result = import_report(SAMPLES / "real" / "211_shanghai-kewei-2024.txt")
    assert [u.found for u in result.unplaced if u.found] == ["1"]
    assert "t3.carried_forward.total" not in result.report.values  # printed blank beside a 1
    # and the cell left out is named, so that a reviewer sees which one is missing
    assert [u.keys for u in result.unplaced if not u.found] == [("t3.carried_forward.total",)]


def test_2019_report_leaves_table_two_out_and_says_so():
    result = import_report(SAMPLES / "real" / "107_shanghai-bangongting-2019.html")
    assert result.format == "2019"
    assert not any(k.startswith("t2.") for k in result.report.values)
    assert any(u.where == "表二" and "2019" in u.reason for u in result.unplaced)
    assert result.layout == "single-other-23x7"
