"""Issue 12, JSON data: numbers Python will not convert, nesting deeper than its stack, a
基本信息 that a workbook would refuse (year `true`, 2024.7, a negative fee), text longer
than an Excel cell. Each command in a process of its own, under 1 GiB and 15 s."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from factories import consistent_report
from support.bounded import assert_clean, run_bounded


def data_file(folder: Path, **meta) -> Path:
    report = consistent_report(random.Random(4), agency="丙县人民政府")
    data = report.to_json()
    data["meta"].update(meta)
    path = folder / "data.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "case, text",
    [
        ("五千位的整数", '{"meta": {"agency": "丙县", "year": 2024}, "values": {"t3.new.total": ' + "9" * 5000 + "}}"),
        ("十万层嵌套", '{"meta": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    ],
)
def test_json_python_cannot_convert_is_unreadable_not_a_crash(tmp_path, case, text):
    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8")
    for argv in (["fill", path, "-o", tmp_path / "out.xlsx"], ["check", path], ["audit", path]):
        ran = run_bounded(*argv)
        assert_clean(ran, f"{case}: {argv[0]}")
        assert ran.code == 2 and "data.json" in ran.said, ran.said
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize(
    "meta, shown",
    [
        ({"year": True}, "TRUE"),
        ({"year": 2024.7}, "2024.7"),
        ({"year": "明年"}, "明年"),
        ({"info_fee_amount": -500}, "-500"),
        ({"info_fee_count": 1.5}, "1.5"),
    ],
)
def test_meta_of_a_data_file_gets_the_rules_of_the_workbook(tmp_path, meta, shown):
    """A year `true` passed check, and export published "…True年…" without --force."""
    path = data_file(tmp_path, **meta)
    ran = run_bounded("check", path)
    assert_clean(ran, "check")
    assert ran.code == 1
    line = next(x for x in ran.out.splitlines() if "基本信息-格式" in x)
    assert shown in line
    ran = run_bounded("export", path, "-o", tmp_path / "report.html")
    assert_clean(ran, "export")
    assert ran.code == 1 and "不能导出报告" in ran.err and not (tmp_path / "report.html").exists()


def test_a_valid_year_and_fee_pass(tmp_path):
    path = data_file(tmp_path, year=2024, info_fee_amount=0, info_fee_count=0)
    ran = run_bounded("check", path)
    assert_clean(ran, "check")
    assert "基本信息-格式" not in ran.out


def test_text_longer_than_a_cell_is_refused_by_fill_not_cut(tmp_path):
    report = consistent_report(random.Random(4), agency="丙县人民政府")
    report.text["problems"] = "问" * 40_000
    path = tmp_path / "data.json"
    path.write_text(json.dumps(report.to_json(), ensure_ascii=False), encoding="utf-8")
    ran = run_bounded("fill", path, "-o", tmp_path / "out.xlsx")
    assert_clean(ran, "fill")
    assert ran.code == 2 and "32767" in ran.err and "40000 字" in ran.err
    assert not (tmp_path / "out.xlsx").exists()
