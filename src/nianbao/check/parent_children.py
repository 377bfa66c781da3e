"""A 汇总 unit's report against the sum of its children's (rule 汇总-上下级).

The one comparison: `nianbao aggregate … --parent` and the collection service both call
`compare_with_children`. Pure Python, like the checker.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from nianbao.check.findings import Finding, Locator
from nianbao.check.numbers import format_number, normalize_number
from nianbao.spec import format2021 as f
from nianbao.spec.layout import locate as locate_in_template
from nianbao.spec.messages import render
from nianbao.spec.rules import PARENT_CHILDREN

MAX_NAMED = 10  # children named in one message; more are counted


def sum_children(children: Iterable[Mapping[str, object]]) -> dict[str, int | float]:
    """Cell by cell, the sum over `children`; a cell some child lacks is left out (a blank is not 0)."""
    children = list(children)
    total: dict[str, int | float] = {}
    if not children:
        return total
    for key, cell in f.CELLS.items():
        amount = 0
        for values in children:
            value = values.get(key)
            if value is None:
                break
            amount += value  # type: ignore[operator]
        else:
            total[key] = normalize_number(amount, f.AMOUNT) if cell.kind == f.AMOUNT else amount
    return total


def compare_with_children(
    parent: Mapping[str, object],
    children: Iterable[Mapping[str, object]],
    *,
    missing: Iterable[str] = (),
    locate: Locator | None = None,
) -> list[Finding]:
    """One 提示 per cell where the parent's value differs from its children's sum, naming the
    cell, both values, the difference and the children that have not submitted (`missing`)."""
    children = list(children)
    missing = list(missing)
    total = sum_children(children)
    note = ""
    if missing:
        named = "、".join(missing[:MAX_NAMED]) + (f"等{len(missing)}个" if len(missing) > MAX_NAMED else "")
        note = f"；尚未提交的下级单位：{named}"
    findings: list[Finding] = []
    for key in f.KEYS:
        mine, theirs = parent.get(key), total.get(key)
        if mine is None or theirs is None:
            continue
        diff = mine - theirs  # type: ignore[operator]
        if f.CELLS[key].kind == f.AMOUNT:
            diff = normalize_number(diff, f.AMOUNT)
        if diff == 0:
            continue
        message = render(
            PARENT_CHILDREN.id,
            where=f.describe(key),
            actual=format_number(mine),
            expected=format_number(theirs),
            children=len(children),
            diff=format_number(diff),
            missing_note=note,
        )
        finding = Finding.of(PARENT_CHILDREN, (key,), message, expected=theirs, actual=mine, target=key)
        finding.locate(locate or locate_in_template)
        findings.append(finding)
    return findings
