"""`nianbao check`, `fill` and `dump` as a clerk and a reviewer use them."""

from __future__ import annotations

import copy
import json
import random

import openpyxl
import pytest

from conftest import REPO
from factories import consistent_report, zero_report
from nianbao.build.template import ERROR_FILL, WARNING_FILL, build_template
from nianbao.cli import main
from nianbao.view.palette import SUSPECT_FILL


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_fill_then_dump_gives_back_the_same_json(tmp_path, capsys):
    for example in sorted((REPO / "examples").glob("*.json")):
        out = tmp_path / "x.xlsx"
        assert run_cli(capsys, "fill", example, "-o", out)[0] == 0
        code, dumped, _ = run_cli(capsys, "dump", out)
        assert code == 0
        assert json.loads(dumped) == json.loads(example.read_text(encoding="utf-8"))


def test_missing_values_stay_missing_through_fill_and_dump(tmp_path, capsys):
    data = {"meta": {"agency": "某局", "year": 2024}, "values": {"t3.new.total": 0, "t2.fees.amount": 1.5}}
    src = tmp_path / "d.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run_cli(capsys, "fill", src, "-o", tmp_path / "x.xlsx")
    assert json.loads(run_cli(capsys, "dump", tmp_path / "x.xlsx")[1]) == data


def test_clerk_sees_the_imbalance_and_the_possibilities_not_a_value_to_copy(tmp_path, capsys):
    """表三 新收 自然人 10, nothing else → 校验 reports T3-勾稽 at column 自然人 with its 差额, and since
    either 新收 or 结转下年度 may be the slip, it lists both and prescribes neither."""
    report = zero_report()
    report.values["t3.new.natural_person"] = 10
    report.values["t3.new.total"] = 10
    path = tmp_path / "clerk.xlsx"
    build_template(path, report)
    code, out, _ = run_cli(capsys, "check", path)
    assert code == 1
    assert "■ 表三 收到和处理政府信息公开申请情况" in out
    assert "[错误·T3-勾稽] 表三 依申请公开!D5：表三「自然人」列" in out
    assert "差额10" in out and "以下任一处改动都可使本组一致" in out
    assert "D5（表三 本年新收 · 自然人）改为0、J5（表三 本年新收 · 总计）改为0" in out
    assert "D29（表三 结转下年度继续办理 · 自然人）改为10、J29（表三 结转下年度继续办理 · 总计）改为10" in out
    assert "应为" not in out
    assert "发现错误 2 处" in out


def test_json_findings_shape(tmp_path, capsys):
    report = zero_report()
    report.values["t4.review.total"] = 1
    report.values["t3.new.total"] = 1
    path = tmp_path / "x.xlsx"
    build_template(path, report)
    code, out, _ = run_cli(capsys, "check", path, "--json")
    findings = json.loads(out)
    assert code == 1
    by_rule = {x["rule"]: x for x in findings}
    assert set(by_rule) == {"T4-合计", "T3-行合计", "T3-勾稽"}
    t4 = by_rule["T4-合计"]
    assert set(t4) == {"id", "rule", "severity", "keys", "cells", "message", "expected", "actual", "candidates"}
    # 总计 1 with four zero parts: the total, or any one part, may be the slip — no value is given
    assert t4["severity"] == "error" and t4["expected"] is None and "fix" not in t4
    assert {"key": "t4.review.total", "cell": "表四 复议诉讼!E5", "value": 0} in t4["candidates"]
    assert {"key": "t4.review.upheld", "cell": "表四 复议诉讼!A5", "value": 1} in t4["candidates"]
    assert len(t4["candidates"]) == 5
    assert t4["keys"][0] == "t4.review.total" and t4["cells"][0] == "表四 复议诉讼!E5"


def test_checked_copy_marks_exactly_the_involved_cells(tmp_path, capsys, filled_workbook, busy_report):
    book = openpyxl.load_workbook(filled_workbook)
    book["表三 依申请公开"]["F5"] = busy_report.values["t3.new.research"] + 4  # 表三 新收 科研机构
    book["表二 主动公开"]["D4"] = 0
    book["表二 主动公开"]["B4"] = 3  # issued 3 but in force 0: a warning
    faulty = tmp_path / "faulty.xlsx"
    book.save(faulty)
    checked = tmp_path / "checked.xlsx"
    code, out, _ = run_cli(capsys, "check", faulty, "-o", checked)
    assert code == 1
    result = openpyxl.load_workbook(checked)
    assert result.sheetnames[0] == "校验结果"
    marked = {}
    for ws in result.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.comment is not None:
                    marked[f"{ws.title}!{cell.coordinate}"] = (cell.fill.fgColor.rgb[-6:], cell.comment.text)
    t3 = "表三 依申请公开!"
    # the whole 新收 row (its total) and the 科研机构 column's 勾稽 cells; F5 itself, which the
    # localisation names, strongest
    expected_errors = {t3 + c + "5" for c in "DEGHIJ"} | {t3 + c for c in ("F6", "F28", "F29")}
    assert {c for c, (fill, _) in marked.items() if fill == ERROR_FILL[1:]} == expected_errors
    assert {c for c, (fill, _) in marked.items() if fill == SUSPECT_FILL[1:]} == {t3 + "F5"}
    was = busy_report.values["t3.new.research"]
    assert marked[t3 + "F5"][1].startswith("【错误·T3-勾稽】") or marked[t3 + "F5"][1].startswith("【错误·T3-行合计】")
    assert f"F5（表三 本年新收 · 科研机构）可能填错：改为{was}后本行、本列都一致" in marked[t3 + "F5"][1]
    assert {c for c, (fill, _) in marked.items() if fill == WARNING_FILL[1:]} == {
        "表二 主动公开!B4",
        "表二 主动公开!D4",
    }
    assert f"改为{was}" in marked[t3 + "F29"][1] and "T3-勾稽" in marked[t3 + "F29"][1]
    results = result["校验结果"]
    assert results["A1"].value.startswith("校验结果：") and results["A2"].value.startswith("发现错误 2 处，提示 1 处")
    rows = list(results.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 3
    link_cells = [results.cell(r, 4) for r in range(4, results.max_row + 1)]
    assert all(c.hyperlink is not None and c.hyperlink.location for c in link_cells)
    # The copy keeps the template's protection and live checks.
    assert result["表三 依申请公开"].protection.sheet
    assert result["表三 依申请公开"].conditional_formatting


def test_check_previous_year(tmp_path, capsys):
    code, out, _ = run_cli(
        capsys, "check", REPO / "examples/busy-2024.xlsx", "--previous", REPO / "examples/busy-2023.xlsx"
    )
    assert code == 0 and "校验通过" in out
    last = json.loads((REPO / "examples/busy-2023.json").read_text(encoding="utf-8"))
    last["values"]["t3.carried_forward.natural_person"] += 1
    last["values"]["t3.carried_forward.total"] += 1
    changed = tmp_path / "last.json"
    changed.write_text(json.dumps(last, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", REPO / "examples/busy-2024.xlsx", "--previous", changed, "--json")
    found = [(x["rule"], x["cells"][0]) for x in json.loads(out)]
    assert code == 0  # cross-year findings are warnings
    assert found == [("跨年-T3-结转", "表三 依申请公开!D6"), ("跨年-T3-结转", "表三 依申请公开!J6")]


def test_reads_by_defined_name_not_by_address(tmp_path, capsys):
    """A workbook whose name points elsewhere is read through the name (programs never rely on addresses)."""
    report = consistent_report(random.Random(3), busy=0.4)
    path = tmp_path / "x.xlsx"

    def move_name(workbook, worksheets):
        worksheets["表四 复议诉讼"].write_number(20, 0, 777)
        workbook.define_name("t4_review_upheld_moved", "='表四 复议诉讼'!$A$21")

    build_template(path, report, customize=move_name)
    book = openpyxl.load_workbook(path)
    book.defined_names["t4_review_upheld"].attr_text = "'表四 复议诉讼'!$A$21"
    book.save(path)
    dumped = json.loads(run_cli(capsys, "dump", path)[1])
    assert dumped["values"]["t4.review.upheld"] == 777
    expected = copy.deepcopy(report.values)
    expected["t4.review.upheld"] = 777
    assert dumped["values"] == expected


def test_output_piped_into_a_closed_reader_is_not_an_error(tmp_path):
    """`nianbao check … | head -1` must not end in 内部错误 when head closes the pipe."""
    import subprocess
    import sys

    report = zero_report()
    # Text in all 200 cells: the findings are far more than one pipe buffer (64 KiB).
    report.values = {key: "本栏无数据请核实" * 4 for key in report.values}
    path = tmp_path / "x.xlsx"
    build_template(path, report)
    proc = subprocess.Popen(
        [sys.executable, "-m", "nianbao", "check", str(path), "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    proc.wait(timeout=60)
    assert "内部错误" not in err and "Traceback" not in err and "Error" not in err
    assert proc.returncode in (0, 1)


def test_version_is_the_one_version_number(capsys):
    from nianbao import __version__

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"nianbao {__version__}"
