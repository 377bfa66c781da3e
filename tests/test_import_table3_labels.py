"""Table 三 whose rows do not fit a known layout by count: a row missing, a row with a blank
cell, a stray line of numbers. The importer places rows by their labels, confirms with the
rules, and lists the rest — it never returns a number in the wrong cell."""

from __future__ import annotations

import random

import pytest

from nianbao.importers import import_text
from nianbao.spec import format2021 as f
from test_import_synthetic import random_values, render_cell_per_line, render_html, render_row_per_line, t3_row

ROWS = list(f.T3_NUMBER_ROWS)


def _row_keys(middle: str) -> set[str]:
    return {f.t3_key(middle, c.suffix) for c in f.T3_COLUMNS}


def _render(form: str, values: dict) -> tuple[str, str]:
    if form == "row_per_line":
        return render_row_per_line(values, 2023), "txt"
    if form == "numbers_before_label":
        return render_row_per_line(values, 2023, before=True, page_numbers=True), "txt"
    if form == "cell_per_line":
        return render_cell_per_line(values, 2023), "txt"
    return render_html(values, 2023, blanks=False), "html"


def _numbers_text(values: dict, middle: str, form: str) -> str:
    numbers = t3_row(values, middle)
    if form == "cell_per_line":
        return "\n".join(f"\t{x}" for x in numbers)
    if form == "html":
        return "".join(f"<td>{x}</td>" for x in numbers)
    return " ".join(map(str, numbers))


def _drop_row(text: str, values: dict, row, form: str) -> str:
    """The text without this row: its numbers and its label."""
    numbers = _numbers_text(values, row.middle, form)
    if form == "row_per_line":
        target = f"{row.label} {numbers}\n"
    elif form == "numbers_before_label":
        target = f"{numbers}\n{row.label}\n"
    elif form == "cell_per_line":
        target = f"{row.label}\n{numbers}\n\n"
    else:
        target = f"<td>{row.label}</td>{numbers}</tr>"
        start = text.index(target)
        row_start = text.rindex("<tr>", 0, start)
        assert "rowspan" not in text[row_start:start]
        return text[:row_start] + text[start + len(target) :]
    assert text.count(target) == 1, target
    return text.replace(target, "")


def _wrong(got: dict, values: dict) -> dict:
    return {k: (got[k], values.get(k)) for k in got if got[k] != values.get(k)}


@pytest.mark.parametrize("form", ["row_per_line", "numbers_before_label", "cell_per_line", "html"])
@pytest.mark.parametrize("seed", range(5))
def test_a_missing_row_leaves_only_that_row_out(form, seed):
    rng = random.Random(seed)
    values = random_values(rng, zeros=rng.choice([0.3, 0.7, 0.95]))
    # an item row, not the first of its group (whose table row carries the group's spanning cell)
    row = rng.choice([r for r in ROWS if r.group and r is not next(x for x in ROWS if x.group == r.group)])
    text, kind = _render(form, values)
    result = import_text(_drop_row(text, values, row, form), kind)
    got = result.report.values
    assert _wrong(got, values) == {}
    assert set(values) - set(got) == _row_keys(row.middle)
    assert result.layout == "by-label-24x7"


@pytest.mark.parametrize("form", ["row_per_line", "numbers_before_label"])
@pytest.mark.parametrize("seed", range(6))
def test_a_row_with_a_blank_cell_is_left_out_and_listed(form, seed):
    rng = random.Random(100 + seed)
    values = random_values(rng, zeros=rng.choice([0.3, 0.7]))
    row = rng.choice(ROWS)
    text, kind = _render(form, values)
    numbers = t3_row(values, row.middle)
    blank_at = rng.randrange(len(numbers))
    shown = " ".join(str(x) for n, x in enumerate(numbers) if n != blank_at)  # the blank cell vanished
    full = " ".join(map(str, numbers))
    old = f"{row.label} {full}\n" if form == "row_per_line" else f"{full}\n{row.label}\n"
    new = f"{row.label} {shown}\n" if form == "row_per_line" else f"{shown}\n{row.label}\n"
    assert text.count(old) == 1
    result = import_text(text.replace(old, new), kind)
    got = result.report.values
    assert _wrong(got, values) == {}
    assert set(values) - set(got) == _row_keys(row.middle)
    listed = [u for u in result.unplaced if set(u.keys) == _row_keys(row.middle)]
    assert len(listed) == 1 and listed[0].found == shown and "空白" in listed[0].reason


@pytest.mark.parametrize("form", ["row_per_line", "numbers_before_label", "cell_per_line"])
@pytest.mark.parametrize("seed", range(5))
def test_a_stray_line_of_numbers_is_listed_not_placed(form, seed):
    rng = random.Random(200 + seed)
    values = random_values(rng, zeros=rng.choice([0.3, 0.9]))
    text, kind = _render(form, values)
    stray = [rng.randint(0, 9) for _ in range(6)]
    stray.append(sum(stray))  # a plausible row: its total adds up
    stray_text = "\n".join(f"\t{x}" for x in stray) if form == "cell_per_line" else " ".join(map(str, stray))
    after = rng.choice(ROWS[1:-1])  # inserted just before this row's label/numbers
    numbers = _numbers_text(values, after.middle, form)
    anchor = {
        "row_per_line": f"{after.label} {numbers}\n",
        "numbers_before_label": f"{numbers}\n{after.label}\n",
        "cell_per_line": f"{after.label}\n{numbers}\n",
    }[form]
    assert text.count(anchor) == 1
    text = text.replace(anchor, f"{stray_text}\n{anchor}")
    result = import_text(text, kind)
    got = result.report.values
    assert _wrong(got, values) == {}
    assert set(got) == set(values)
    shown = " ".join(map(str, stray))
    assert [u.found for u in result.unplaced] == [shown]


def test_subtotal_layout_with_a_lost_label_and_a_missing_row():
    """Eight columns with subtotal rows; one row's label lost, another row missing: the
    unlabelled row is placed only because exactly one position makes the rules hold."""
    values = random_values(random.Random(10), zeros=0.4)
    lines = [
        "三、收到和处理政府信息公开申请情况",
        f.T3_APPLICANT_HEADER,
        "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 小计 总计",
    ]
    groups: dict[str, list] = {}
    for r in ROWS:
        if r.group:
            groups.setdefault(r.group, []).append(r)

    def eight(cells):
        return cells[:6] + [sum(cells[1:6])] + cells[6:]

    lost = "withheld.third_party"
    missing = "not_processed.duplicate"
    for row in f.T3_ROWS:
        if row.middle is None and row.label in groups:
            sums = [sum(values[f.t3_key(m.middle, c.suffix)] for m in groups[row.label]) for c in f.T3_COLUMNS]
            lines.append(f"{row.label}小计 {' '.join(map(str, eight(sums)))}")
        elif row.middle == missing:
            continue
        elif row.middle:
            label = "" if row.middle == lost else row.label
            lines.append(f"{label} {' '.join(map(str, eight(t3_row(values, row.middle))))}".strip())
    from test_import_synthetic import head, t2_lines, t4_header, t4_numbers, tail

    text = "\n".join(
        head(2024) + t2_lines(values) + lines + t4_header() + [" ".join(map(str, t4_numbers(values)))] + tail()
    )
    result = import_text(text, "txt")
    got = result.report.values
    assert _wrong(got, values) == {}
    # the lost-label row: its neighbours are certain, one position is free, and the rules
    # of its columns can be judged only if the missing row is not among its group's items
    expected_missing = _row_keys(missing)
    assert set(values) - set(got) >= expected_missing
    leftover = set(values) - set(got) - expected_missing
    assert leftover in (set(), _row_keys(lost))
    if leftover:
        assert any(u.found for u in result.unplaced)


@pytest.mark.parametrize("dropped,judged", [("carried_forward", True), ("other.other", False)])
def test_an_unlabelled_row_is_placed_only_when_the_rules_confirm_it(dropped, judged):
    values = random_values(random.Random(12), zeros=0.3)
    text = render_row_per_line(values, 2023)
    lost = "granted"
    text = _drop_row(text, values, next(r for r in ROWS if r.middle == dropped), "row_per_line")
    row = next(r for r in ROWS if r.middle == lost)
    numbers = " ".join(map(str, t3_row(values, lost)))
    assert any(numbers.split())
    text = text.replace(f"{row.label} {numbers}\n", f"{numbers}\n")
    result = import_text(text, "txt")
    got = result.report.values
    assert _wrong(got, values) == {}
    if judged:  # rule 3 (results_total = sum of the result rows) confirms its one free position
        assert set(values) - set(got) == _row_keys(dropped)
        assert [u.found for u in result.unplaced if u.found] == []
    else:  # without other.other, rule 3 cannot be judged: the row stays out, listed
        assert set(values) - set(got) == _row_keys(dropped) | _row_keys(lost)
        assert [u.found for u in result.unplaced if u.found] == [numbers]
    # every cell not read is named: the row missing from the text too
    named = {k for u in result.unplaced for k in u.keys}
    assert set(values) - set(got) <= named
