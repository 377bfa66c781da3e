"""The localisation's verdict given to the findings it concerns, in the clerk's words.

A settled correction becomes the finding's `fixes` (and its `expected`, the one value to
type); several possibilities become `candidates` and no value; a declined group says so.
Wording happens after the findings are located, so the advice names cells as the clerk
sees them ("E5（表三 本年新收 · 商业企业）").
"""

from __future__ import annotations

import re

from nianbao.check.findings import Finding
from nianbao.check.localise import Change, Localisation
from nianbao.spec import format2021 as f
from nianbao.spec.messages import CHANGE_TO, FILL_IN, SCOPE_WORDS, advice
from nianbao.spec.rules import Balance

_ENUMERATOR = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+\.)")
_ASIDE = re.compile(r"（[^）]*）")
_SHORT_ROW = 10


def short_name(key: str) -> str:
    """'表三 本年新收 · 商业企业': enough to find the cell, short enough for a note."""
    cell = f.ALL_CELLS.get(key)
    if cell is None:
        return key
    row = _ASIDE.sub("", _ENUMERATOR.sub("", cell.row_label.split(" · ")[-1]))
    row = row.replace("政府信息公开申请数量", "")
    if cell.table == "t3" and row == "总计":  # （七）总计, the results' total: not the 总计 column
        row = "办理结果总计"
    if len(row) > _SHORT_ROW:
        row = row[:_SHORT_ROW] + "…"
    column = cell.column_label.split(" · ")[-1]
    return f"{f.TABLE_NAMES[cell.table]} {row} · {column}"


Concerned = list[tuple[Finding, Localisation]]


def attach(
    localisations: list[Localisation], by_balance: dict[Balance, Finding], by_cell: dict[str, Finding]
) -> Concerned:
    """Give each finding of a localised group its verdict: the findings of its broken relations
    (`by_balance`) and of its blank or unreadable cells (`by_cell`)."""
    concerned: Concerned = []
    for loc in localisations:
        findings = [by_balance[rel.balance] for rel in loc.relations if rel.balance in by_balance]
        findings += [by_cell[key] for key in loc.blanks if key in by_cell]
        for finding in findings:
            concerned.append((finding, loc))
            if loc.fix is not None:
                finding.fixes = loc.fix
                own = finding.fix
                assert own is not None
                finding.expected, finding.actual, finding.target = own.value, own.was, own.key
            else:
                finding.candidates = loc.candidates
                if finding.rule in SCOPE_WORDS:  # a balance: no value to type, no cell to blame
                    finding.expected = finding.actual = finding.target = None
    return concerned


def word(concerned: Concerned) -> None:
    """Append the advice to each concerned finding's message (after the findings are located)."""
    for finding, loc in concerned:
        finding.message += "；" + _advice_text(finding, loc)


def _advice_text(finding: Finding, loc: Localisation) -> str:
    if loc.fix is not None:
        return _settled(finding, loc.fix, loc)
    if len(loc.candidates) == 1:
        return advice("one-option", options=_changes(finding, loc.candidates[0]))
    if loc.candidates:
        return advice("several", options="；".join(_changes(finding, option) for option in loc.candidates))
    if loc.changed:
        return advice("declined", changed=loc.changed)
    return advice("declined-none")


def _settled(finding: Finding, fix: tuple[Change, ...], loc: Localisation) -> str:
    consistent = _consistent(fix, loc)
    own = finding.fix
    if own is not None and own.was is None and finding.rule not in SCOPE_WORDS:
        # the finding of a blank or unreadable cell: it already names the cell
        others = [c for c in fix if c is not own]
        also = "，且" + _changes(finding, tuple(others), named=True, labelled=False) if others else ""
        return advice("settled-blank", value=own.value, also=also, consistent=consistent)
    culprits = "、".join(_culprit(finding, c.key) for c in fix)
    changes = _changes(finding, fix, named=len(fix) > 1, labelled=False)
    return advice("settled", culprits=culprits, changes=changes, consistent=consistent)


def _culprit(finding: Finding, key: str) -> str:
    cell = finding.advice_cells.get(key)
    return f"{cell.address}（{short_name(key)}）" if cell else short_name(key)


def _changes(finding: Finding, changes: tuple[Change, ...], named: bool = True, labelled: bool = True) -> str:
    """'改为145', or with the cells: 'E5（表三 本年新收 · 商业企业）改为145、J5填562'."""
    parts = []
    for change in changes:
        verb = (FILL_IN if change.was is None else CHANGE_TO).format(value=change.value)
        if not named:
            parts.append(verb)
            continue
        cell = finding.advice_cells.get(change.key)
        name = _culprit(finding, change.key) if labelled or cell is None else cell.address
        parts.append(name + verb)
    return "、".join(parts)


def _consistent(fix: tuple[Change, ...], loc: Localisation) -> str:
    keys = {c.key for c in fix}
    words = []
    for rel in loc.relations:
        if keys & rel.terms.keys():
            word_ = SCOPE_WORDS.get(rel.balance.rule.id, "本组")
            if word_ not in words:
                words.append(word_)
    order = ["本行", "本列", "本组"]
    words.sort(key=order.index)
    if len(words) > 1:
        return "、".join(words) + "都一致"
    return (words[0] if words else "本组") + "一致"
