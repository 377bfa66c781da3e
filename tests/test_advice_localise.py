"""校验's advice leads to the right report: it names the cell that is wrong (error localisation),
not the cell a rule happens to solve for. Issue 11, items 1 and 2, as the clerk met them."""

from __future__ import annotations

import json

import openpyxl
import pytest

from conftest import REPO
from nianbao.check.checker import check, errors_of
from nianbao.check.localise import is_digit_slip, localise
from nianbao.cli import main
from nianbao.spec import format2021 as f

BUSY = REPO / "examples/busy-2024.xlsx"
T3 = "表三 依申请公开"


def busy_values() -> dict:
    return dict(json.loads((REPO / "examples/busy-2024.json").read_text(encoding="utf-8"))["values"])


def typed(tmp_path, changes: dict[str, object], name: str = "typed.xlsx"):
    """busy-2024.xlsx with some cells typed over, as a clerk would in LibreOffice."""
    book = openpyxl.load_workbook(BUSY)
    for where, value in changes.items():
        sheet, address = where.split("!")
        book[sheet][address] = value
    path = tmp_path / name
    book.save(path)
    return path


def check_json(capsys, path) -> tuple[int, list[dict]]:
    code = main(["check", str(path), "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_new_commercial_typed_150_instead_of_145_is_named_with_its_value(tmp_path, capsys):
    """表三 E5 145 → 150: both broken relations name E5 and 145, neither the total nor 结转下年度."""
    code, findings = check_json(capsys, typed(tmp_path, {f"{T3}!E5": 150}))
    assert code == 1
    assert {x["rule"] for x in findings} == {"T3-行合计", "T3-勾稽"}
    for x in findings:
        assert x["fix"] == {"key": "t3.new.commercial", "cell": f"{T3}!E5", "value": 145}
        assert x["expected"] == 145 and x["actual"] == 150
        assert "E5（表三 本年新收 · 商业企业）可能填错：改为145后本行、本列都一致" in x["message"]
        assert "应为" not in x["message"] and "candidates" not in x


def test_a_digit_swap_19_to_91_is_named_and_following_it_passes(tmp_path, capsys):
    """表三 E10 19 → 91: 校验 names E10 and 19; typing 19 in gives 校验通过 with the true report."""
    faulty = typed(tmp_path, {f"{T3}!E10": 91})
    _, findings = check_json(capsys, faulty)
    fixes = {(x["fix"]["cell"], x["fix"]["value"]) for x in findings}
    assert fixes == {(f"{T3}!E10", 19)}
    fixed = typed(tmp_path, {f"{T3}!E10": 19}, "fixed.xlsx")
    assert main(["check", str(fixed)]) == 0
    assert "校验通过" in capsys.readouterr().out


def test_the_old_advice_no_longer_leads_to_a_wrong_report_that_passes(tmp_path, capsys):
    """What issue 11 saw: typing in J5 562 and E29 7 (the cells the rules solved for) hid the
    typo. Now those cells are never prescribed, and doing so anyway still fails 校验."""
    _, findings = check_json(capsys, typed(tmp_path, {f"{T3}!E5": 150}))
    advised = {x["fix"]["cell"] for x in findings}
    assert f"{T3}!J5" not in advised and f"{T3}!E29" not in advised


def test_table_four_lists_the_five_possibilities_and_prescribes_none(tmp_path, capsys):
    """表四 行政复议 结果维持 one too many: any of the group's five cells could be the slip."""
    values = busy_values()
    path = typed(tmp_path, {"表四 复议诉讼!A5": values["t4.review.upheld"] + 1})
    _, findings = check_json(capsys, path)
    (t4,) = findings
    assert "fix" not in t4 and t4["expected"] is None
    assert {c["key"] for c in t4["candidates"]} == {f.t4_key("review", c.suffix) for c in f.T4_COLUMNS} - {
        k for k in (f.t4_key("review", c.suffix) for c in f.T4_PART_COLUMNS) if values[k] == 0
    }
    assert "以下任一处改动都可使本组一致" in t4["message"] and "不要直接照填" in t4["message"]
    assert "A5（表四 行政复议 · 结果维持）改为" in t4["message"]


def test_two_slips_in_one_row_are_named_together_when_the_relations_tell_them_apart():
    """表三 予以公开: 自然人 and 商业企业 swapped (0 and 18 in busy-2024). No other row could take the
    change without a negative number — but only the structure may settle advice, so the swap
    is listed, the true one first."""
    values = busy_values()
    a, b = "t3.granted.natural_person", "t3.granted.commercial"
    values[a], values[b] = values[b], values[a]
    (loc,) = localise(values)
    assert loc.fix is None and loc.changed == 2
    first = {c.key: c.value for c in loc.candidates[0]}
    assert first == {a: values[b], b: values[a]}


def test_three_slips_are_declined_with_a_clear_message():
    values = busy_values()
    for key in ("t3.granted.natural_person", "t3.withheld.third_party.research", "t3.new.legal_service"):
        values[key] += 3
    findings = check(f.Report(meta={"agency": "某局", "year": 2024}, values=values))
    balance = [x for x in findings if x.rule.startswith("T3-")]
    assert balance and all(not x.fixes and not x.candidates and x.expected is None for x in balance)
    assert all("仅凭表内关系无法确定是哪一格填错" in x.message for x in balance)


def test_a_blank_cell_is_given_the_value_its_row_and_column_determine(tmp_path, capsys):
    """表三 E5 left blank: 值-缺失 says so and, from its row and its column, that 145 belongs there."""
    code, findings = check_json(capsys, typed(tmp_path, {f"{T3}!E5": None}))
    assert code == 1
    (missing,) = findings
    assert missing["rule"] == "值-缺失"
    assert missing["fix"] == {"key": "t3.new.commercial", "cell": f"{T3}!E5", "value": 145}
    assert missing["message"].startswith(
        "表三「一、本年新收政府信息公开申请数量」行「法人或其他组织 · 商业企业」列未填写"
    )
    assert "按表内关系，此格应填145（填后本行、本列都一致）" in missing["message"]


def test_a_blank_cell_and_a_slip_in_the_same_row_are_both_put_right():
    """新收 商业企业 blank and 新收 科研机构 two too many: the row alone cannot tell, but the two
    columns can — the blank gets 145 and 科研机构 its true value."""
    values = busy_values()
    research = values["t3.new.research"]
    del values["t3.new.commercial"]
    values["t3.new.research"] += 2
    findings = check(f.Report(meta={"agency": "某局", "year": 2024}, values=values))
    fixes = {c.key: c.value for x in findings for c in x.fixes}
    assert fixes == {"t3.new.commercial": 145, "t3.new.research": research}


def test_a_table_still_being_filled_is_not_guessed_at():
    values = busy_values()
    for key in [k for k in values if k.startswith("t3.new.")][:5]:
        del values[key]
    findings = check(f.Report(meta={"agency": "某局", "year": 2024}, values=values))
    assert not any(x.fixes or x.candidates for x in findings)


@pytest.mark.parametrize(
    "typed_, meant, slip",
    [(91, 19, True), (150, 145, True), (1450, 145, True), (15, 145, True), (7, 145, False), (145, 145, False)],
)
def test_digit_slips_are_recognised_for_ordering_the_possibilities(typed_, meant, slip):
    assert is_digit_slip(typed_, meant) is slip


def test_the_suspected_cell_is_filled_strongest_and_its_note_gives_the_advice(tmp_path, capsys):
    from nianbao.view.palette import ERROR_FILL, SUSPECT_FILL

    checked = tmp_path / "checked.xlsx"
    assert main(["check", str(typed(tmp_path, {f"{T3}!E5": 150})), "-o", str(checked)]) == 1
    capsys.readouterr()
    sheet = openpyxl.load_workbook(checked)[T3]
    assert sheet["E5"].fill.fgColor.rgb.endswith(SUSPECT_FILL[1:])
    assert sheet["J5"].fill.fgColor.rgb.endswith(ERROR_FILL[1:])  # involved, not suspected
    assert "可能填错：改为145" in sheet["E5"].comment.text


def test_errors_of_the_advice_path_stay_errors():
    values = busy_values()
    values["t3.new.commercial"] = 150
    findings = check(f.Report(meta={"agency": "某局", "year": 2024}, values=values))
    assert len(errors_of(findings)) == 2


def test_an_option_left_only_by_the_bounds_is_not_prescribed():
    """表四 行政复议 truly 结果维持 0, 结果纠正 3, 尚未审结 4, 总计 7; the clerk swapped 结果维持 and
    总计. Only 总计 could absorb the 差额 14 without a negative number — yet a swap (or two slips)
    looks the same, so 总计 14 is offered, not given: typing it would hide the swap."""
    values = busy_values()
    truth = {"upheld": 0, "corrected": 3, "other": 0, "pending": 4, "total": 7}
    typed_ = {**truth, "upheld": 7, "total": 0}
    for column, value in typed_.items():
        values[f.t4_key("review", column)] = value
    findings = check(f.Report(meta={"agency": "某局", "year": 2024}, values=values))
    (t4,) = [x for x in findings if x.rule == "T4-合计"]
    assert not t4.fixes and t4.expected is None
    assert [[(c.key, c.value) for c in option] for option in t4.candidates] == [[("t4.review.total", 14)]]
    assert "只改一格的话，只有E5（表四 行政复议 · 总计）改为14能使本组一致，但也可能是几格同时填错" in t4.message
