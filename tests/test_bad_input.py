"""Bad input: a clear Chinese message naming the cell, a non-zero exit, no traceback, nothing changed."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from factories import zero_report
from nianbao.build.template import build_template
from nianbao.cli import main
from support.typed import typed, zero_workbook  # noqa: F401 (a fixture)


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("value", ["abc", "—", "无", "/", "-"])
def test_text_in_a_count_cell(tmp_path, capsys, zero_workbook, value):
    path = typed(tmp_path, zero_workbook, "表三 依申请公开", "E5", value)
    before = digest(path)
    code, out, _ = run_cli(capsys, "check", path, "--json")
    findings = json.loads(out)
    assert code == 1
    assert [(x["rule"], x["cells"]) for x in findings] == [("值-非数字", ["表三 依申请公开!E5"])]
    assert f"“{value}”" in findings[0]["message"] and "商业企业" in findings[0]["message"]
    assert digest(path) == before


@pytest.mark.parametrize("value, number", [("１２", 12), ("12", 12), (" 3 ", 3), ("1,200", 1200)])
def test_number_written_as_text_is_accepted_with_a_warning(tmp_path, capsys, zero_workbook, value, number):
    path = typed(tmp_path, zero_workbook, "表二 主动公开", "B8", value)
    code, out, _ = run_cli(capsys, "check", path, "--json")
    findings = json.loads(out)
    assert code == 0
    assert [(x["rule"], x["severity"], x["cells"]) for x in findings] == [
        ("值-文本数字", "warning", ["表二 主动公开!B8"])
    ]
    assert str(number) in findings[0]["message"]
    code, out, _ = run_cli(capsys, "dump", path)
    assert json.loads(out)["values"]["t2.licensing.decisions"] == number


@pytest.mark.parametrize("value, rule", [(-1, "值-负数"), (2.5, "值-非整数"), ("-3", "值-负数")])
def test_negative_or_fractional_counts(tmp_path, capsys, zero_workbook, value, rule):
    path = typed(tmp_path, zero_workbook, "表四 复议诉讼", "C5", value)
    code, out, _ = run_cli(capsys, "check", path)
    assert code == 1
    assert f"[错误·{rule}] 表四 复议诉讼!C5" in out


def test_amount_with_too_many_decimals(tmp_path, capsys, zero_workbook):
    path = typed(tmp_path, zero_workbook, "表二 主动公开", "B15", 1.2345678)
    code, out, _ = run_cli(capsys, "check", path)
    assert code == 1 and "[错误·值-小数位] 表二 主动公开!B15" in out


def test_empty_template(capsys):
    from conftest import REPO

    code, out, _ = run_cli(capsys, "check", REPO / "template.xlsx")
    assert code == 1
    assert "值-空白报告" in out and "空白模板" in out
    assert out.count("[错误") == 3  # blank report, agency and year missing — not 200 blank cells


def test_foreign_workbook(tmp_path, capsys):
    path = tmp_path / "foreign.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "工资表"
    book.save(path)
    code, _, err = run_cli(capsys, "check", path)
    assert code == 2
    assert "不是本程序的年度报告模板" in err and err.count("\n") == 1


def test_other_template_version(tmp_path, capsys, zero_workbook):
    path = typed(tmp_path, zero_workbook, "nianbao", "B3", "2019.9")
    code, _, err = run_cli(capsys, "check", path)
    assert code == 2 and "模板版本为 2019.9" in err and "2021.1" in err


def test_truncated_file(tmp_path, capsys, zero_workbook):
    data = zero_workbook.read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    code, _, err = run_cli(capsys, "check", path)
    assert code == 2 and "已损坏" in err


@pytest.mark.parametrize("content", [b"not a workbook at all", b"%PDF-1.4\n..."])
def test_not_a_zip(tmp_path, capsys, content):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    code, _, err = run_cli(capsys, "check", path)
    assert code == 2 and "不是 Excel 工作簿" in err


def test_empty_and_missing_file(tmp_path, capsys):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert run_cli(capsys, "check", empty)[0] == 2
    code, _, err = run_cli(capsys, "check", tmp_path / "nope.xlsx")
    assert code == 2 and "找不到文件" in err


def test_zip_bomb(tmp_path, capsys, zero_workbook):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(zero_workbook) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/media/padding.bin", b"\0" * (80 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    code, _, err = run_cli(capsys, "check", path)
    assert code == 2 and "压缩炸弹" in err


def test_xml_entity_bomb(tmp_path, capsys, zero_workbook):
    path = tmp_path / "laughs.xlsx"
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    with zipfile.ZipFile(zero_workbook) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data = bomb + data.split(b"?>", 1)[1].replace(b"<sheets>", b"<sheets>&lol3;", 1)
            dst.writestr(item, data)
    code, _, err = run_cli(capsys, "check", path)
    assert code == 2 and "不安全的 XML" in err


def test_password_protected_file(tmp_path, capsys, zero_workbook):
    pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    path = tmp_path / "secret.xlsx"
    with open(zero_workbook, "rb") as plain, open(path, "wb") as out:
        OOXMLFile(plain).encrypt("1234", out)
    code, _, err = run_cli(capsys, "check", path)
    assert code == 2 and "密码" in err


def test_legacy_xls_and_other_formats(tmp_path, capsys):
    for name in ("old.xls", "sheet.ods", "data.csv"):
        path = tmp_path / name
        path.write_bytes(b"x")
        code, _, err = run_cli(capsys, "check", path)
        assert code == 2 and "另存为" in err


def test_check_output_never_overwrites_input(tmp_path, capsys, zero_workbook):
    before = digest(zero_workbook)
    code, _, err = run_cli(capsys, "check", zero_workbook, "-o", zero_workbook)
    assert code == 2 and "不能与输入文件相同" in err
    assert digest(zero_workbook) == before


def test_bad_json_for_fill(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"meta": {}, "values": {"t3.new.total": "三"}}', encoding="utf-8")
    code, _, err = run_cli(capsys, "fill", bad, "-o", tmp_path / "x.xlsx")
    assert code == 2 and "t3.new.total" in err and "不是数字" in err
    bad.write_text('{"values": {"t9.nothing": 1}}', encoding="utf-8")
    code, _, err = run_cli(capsys, "fill", bad, "-o", tmp_path / "x.xlsx")
    assert code == 2 and "t9.nothing" in err
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run_cli(capsys, "fill", bad, "-o", tmp_path / "x.xlsx")
    assert code == 2 and "不是有效的 JSON" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_formula_saved_without_its_result(tmp_path, capsys, zero_workbook):
    """A script (openpyxl) wrote "=SUM(…)" but nothing computed it: not "未填写", and the clerk is told what to do."""
    path = typed(tmp_path, zero_workbook, "表三 依申请公开", "J5", "=SUM(D5:I5)")
    code, out, _ = run_cli(capsys, "check", path, "--json")
    findings = json.loads(out)
    assert code == 1
    assert [(x["rule"], x["cells"]) for x in findings] == [("值-公式无结果", ["表三 依申请公开!J5"])]
    assert "=SUM(D5:I5)" in findings[0]["message"] and "保存" in findings[0]["message"]


def test_formula_with_its_computed_result_is_read_as_a_number(tmp_path, capsys):
    """Excel, WPS and LibreOffice save a formula's result beside it: that result is the value."""
    report = zero_report()

    def total_as_formula(workbook, worksheets):
        worksheets["表三 依申请公开"].write_formula("J5", "=SUM(D5:I5)", None, 0)

    path = tmp_path / "formula.xlsx"
    build_template(path, report, customize=total_as_formula)
    code, out, _ = run_cli(capsys, "check", path, "--json")
    assert (code, json.loads(out)) == (0, [])
