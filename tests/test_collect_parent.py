"""Rule 汇总-上下级: a 汇总 unit's report against the sum of its children's — the function in
check/ and `nianbao aggregate 子单位… --parent 汇总报告.xlsx`."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

from factories import consistent_report
from nianbao.build.template import build_template
from nianbao.check.parent_children import compare_with_children, sum_children
from nianbao.cli import main
from nianbao.spec import format2021 as f


def children(n: int = 3) -> list[f.Report]:
    return [consistent_report(random.Random(100 + i), busy=0.5, agency=f"乡镇{i}") for i in range(n)]


def parent_of(kids: list[f.Report]) -> f.Report:
    return f.Report(meta={"agency": "示例县", "year": 2024}, values=sum_children(k.values for k in kids))


def test_a_parent_equal_to_its_childrens_sum_has_no_finding():
    kids = children()
    assert compare_with_children(parent_of(kids).values, [k.values for k in kids]) == []


def test_each_differing_cell_is_a_warning_naming_values_difference_and_missing_children():
    kids = children()
    parent = parent_of(kids)
    parent.values["t3.new.natural_person"] += 4
    found = compare_with_children(parent.values, [k.values for k in kids], missing=["东镇", "西镇"])
    assert len(found) == 1
    finding = found[0]
    assert (finding.rule, finding.severity, finding.keys) == ("汇总-上下级", "warning", ("t3.new.natural_person",))
    total = sum(k.values["t3.new.natural_person"] for k in kids)
    assert (finding.actual, finding.expected) == (total + 4, total)
    assert f.describe("t3.new.natural_person") in finding.message
    assert "差额4" in finding.message and "东镇、西镇" in finding.message
    assert str(finding.cell).startswith("表三")  # located in the template


def test_a_cell_some_child_lacks_is_not_compared_and_amounts_compare_to_four_decimals():
    kids = children(2)
    parent = parent_of(kids)
    del kids[0].values["t3.new.total"]
    parent.values["t3.new.total"] += 1
    amount = "t2.fees.amount"
    kids[0].values[amount], kids[1].values[amount] = 0.1, 0.2
    parent.values[amount] = 0.3  # 0.1 + 0.2 is not 0.3 in floating point; it is in 万元 to 4 decimals
    assert compare_with_children(parent.values, [k.values for k in kids]) == []


def test_cli_aggregate_with_parent_reports_the_differences(tmp_path, capsys):
    kids = children(2)
    paths = []
    for i, kid in enumerate(kids):
        path = tmp_path / f"child{i}.json"
        path.write_text(json.dumps(kid.to_json(), ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    parent = parent_of(kids)
    good = tmp_path / "汇总报告.xlsx"
    build_template(good, parent)
    assert main(["aggregate", *paths, "--parent", str(good), "-o", str(tmp_path / "total.xlsx")]) == 0
    assert "一致" in capsys.readouterr().out

    wrong = copy.deepcopy(parent)
    wrong.values["t4.review.total"] += 1
    wrong.values["t4.review.upheld"] += 1
    bad = tmp_path / "汇总报告-错.xlsx"
    build_template(bad, wrong)
    assert main(["aggregate", *paths, "--parent", str(bad), "-o", str(tmp_path / "total2.xlsx")]) == 1
    out = capsys.readouterr().out
    assert out.count("[提示·汇总-上下级]") == 2
    assert "表四" in out and "差额1" in out
    assert Path(tmp_path / "total2.xlsx").exists()


def test_cli_aggregate_with_an_unreadable_parent_exits_2(tmp_path, capsys):
    kid = tmp_path / "child.json"
    kid.write_text(json.dumps(children(1)[0].to_json(), ensure_ascii=False), encoding="utf-8")
    broken = tmp_path / "parent.xlsx"
    broken.write_bytes(b"not a workbook")
    assert main(["aggregate", str(kid), "--parent", str(broken), "-o", str(tmp_path / "t.xlsx")]) == 2
    assert "错误" in capsys.readouterr().err
