"""The facts a narrative may state, computed from a Report's values and particulars.

Every number the generated text states comes from here: a table value, a particular, a
sum of table values, a difference to last year's report, or a share of （七）总计. The
labels come from format2021; nothing here is phrased as a sentence (generate.py and the
templates do that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from nianbao.check.numbers import format_number
from nianbao.spec import format2021 as f

_NUMBERING = re.compile(r"^(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+\.)")
_TRAILING_NOTE = re.compile(r"（[^（）]*）$")


def short_label(label: str) -> str:
    """'（二）部分公开（区分处理的，…）' -> '部分公开'; '1.属于国家秘密' -> '属于国家秘密'."""
    previous = None
    while previous != label:  # '五、（一）存在的主要问题' has two numberings
        previous, label = label, _NUMBERING.sub("", label)
    return _TRAILING_NOTE.sub("", label).strip()


@dataclass(frozen=True)
class Change:
    """This year's figure against last year's report; `diff` is None when last year's is unknown."""

    diff: int | float | None
    last: int | float | None = None  # last year's figure, when known

    @property
    def known(self) -> bool:
        return self.diff is not None


NO_CHANGE = Change(None)


@dataclass(frozen=True)
class Part:
    label: str
    n: int | float
    pct: str = ""  # share of the whole, e.g. "52.6"; shares of one list add up to 100


@dataclass
class DocumentRow:  # 规章 / 行政规范性文件
    label: str
    issued: int
    repealed: int
    in_force: int
    issued_change: Change = NO_CHANGE


@dataclass
class Proactive:
    complete: bool
    documents: list[DocumentRow] = field(default_factory=list)
    decisions: list[Part] = field(default_factory=list)  # 行政许可/处罚/强制, in table order
    decision_changes: dict = field(default_factory=dict)  # label -> Change
    fees_label: str = ""
    fees: str = "0"  # 万元, as written
    fees_zero: bool = True
    fees_change: Change = NO_CHANGE


@dataclass
class ResultGroup:  # one of （一）…（六）
    label: str
    n: int
    pct: str
    reasons: list[Part]  # its non-zero items, largest first (empty for a single-row category)
    more_reasons: bool  # True when reasons were cut to the largest three


@dataclass
class Applications:
    complete: bool
    new: int = 0
    new_change: Change = NO_CHANGE
    previous_new: int | None = None
    natural_person: int = 0
    natural_person_label: str = ""
    organisations: int = 0
    organisations_label: str = ""
    organisation_parts: list[Part] = field(default_factory=list)
    carried_over: int = 0
    results_total: int = 0
    results: list[ResultGroup] = field(default_factory=list)  # non-zero categories, table order
    carried_forward: int = 0


@dataclass
class Cases:  # 行政复议, or 行政诉讼 (both kinds summed)
    label: str
    total: int = 0
    change: Change = NO_CHANGE
    parts: list[Part] = field(default_factory=list)  # non-zero outcomes, table order
    kinds: list[Part] = field(default_factory=list)  # suits only: 未经复议直接起诉 / 复议后起诉


@dataclass
class Appeals:
    complete: bool
    review: Cases | None = None
    suits: Cases | None = None


@dataclass
class Facts:
    agency: str
    year: int | None
    portal: str
    url: str
    address: str
    postcode: str
    phone: str
    has_previous: bool
    proactive: Proactive
    applications: Applications
    appeals: Appeals
    info_fee_amount: str  # 元, as written; "" when none collected
    info_fee_count: int | None
    table_names: dict = field(default_factory=dict)  # "t2" -> "表二"


def _values(report: f.Report | None) -> dict:
    return report.values if report is not None else {}


def _complete(values: dict, table: str) -> bool:
    return all(k in values for k, cell in f.CELLS.items() if cell.table == table)


def _change(this, key: str, previous: dict | None) -> Change:
    if previous is None or key not in previous:
        return NO_CHANGE
    return Change(_minus(this, previous[key]), previous[key])


def _minus(a, b):
    # Decimal keeps 12.3 - 10.1 from printing as 2.1999999999999993.
    diff = Decimal(str(a)) - Decimal(str(b))
    return int(diff) if diff == diff.to_integral_value() else float(diff)


def shares(counts: list[int]) -> list[str]:
    """Percentages to one decimal that add up to exactly 100 (largest remainder).

    Each share differs from its exact value by less than 0.1.
    """
    total = sum(counts)
    if total == 0:
        return ["" for _ in counts]
    tenths = [Decimal(c) * 1000 / total for c in counts]
    floors = [int(t) for t in tenths]
    left = 1000 - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-(tenths[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    out = []
    for t in floors:
        whole, tenth = divmod(t, 10)
        out.append(f"{whole}" if tenth == 0 else f"{whole}.{tenth}")
    return out


def _proactive(values: dict, previous: dict | None) -> Proactive:
    out = Proactive(_complete(values, "t2"))
    get = lambda k: values.get(k, 0)  # noqa: E731 - only used when complete
    documents, *decision_blocks, fees_block = f.T2_BLOCKS
    for middle, label in documents.rows:
        issued = get(f"t2.{middle}.issued")
        out.documents.append(
            DocumentRow(
                label,
                issued,
                get(f"t2.{middle}.repealed"),
                get(f"t2.{middle}.in_force"),
                _change(issued, f"t2.{middle}.issued", previous),
            )
        )
    for block in decision_blocks:
        for middle, label in block.rows:
            key = f"t2.{middle}.{block.columns[0].suffix}"
            out.decisions.append(Part(label, get(key)))
            out.decision_changes[label] = _change(get(key), key, previous)
    middle, label = fees_block.rows[0]
    key = f"t2.{middle}.{fees_block.columns[0].suffix}"
    out.fees_label = label
    out.fees = format_number(get(key))
    out.fees_zero = get(key) == 0
    out.fees_change = _change(get(key), key, previous)
    return out


def _result_groups(values: dict, column: str = "total") -> list[tuple[str, list[tuple[str, int]]]]:
    """（一）…（六） in table order, each with its items: [(label, [(item label, n), …])]."""
    groups: list[tuple[str, list[tuple[str, int]]]] = []
    result_rows = {r.middle for r in f.T3_RESULT_ROWS}
    for row in f.T3_ROWS:
        if row.level != 1 or row.middle == "results_total":
            continue
        if row.middle in result_rows:
            groups.append(
                (short_label(row.label), [(short_label(row.label), values.get(f.t3_key(row.middle, column), 0))])
            )
        elif row.middle is None:
            items = [
                (short_label(r.label), values.get(f.t3_key(r.middle, column), 0))
                for r in f.T3_RESULT_ROWS
                if r.group == row.label
            ]
            groups.append((short_label(row.label), items))
    return groups


def _applications(values: dict, previous: dict | None) -> Applications:
    out = Applications(_complete(values, "t3"))
    k = f.t3_key
    get = lambda key: values.get(key, 0)  # noqa: E731
    out.new = get(k("new", "total"))
    out.new_change = _change(out.new, k("new", "total"), previous)
    if previous is not None and k("new", "total") in previous:
        out.previous_new = previous[k("new", "total")]
    person, *orgs = f.T3_PART_COLUMNS
    out.natural_person_label = person.label
    out.natural_person = get(k("new", person.suffix))
    out.organisations_label = f.T3_ORG_GROUP
    out.organisations = sum(get(k("new", c.suffix)) for c in orgs)
    out.organisation_parts = [Part(c.label, get(k("new", c.suffix))) for c in orgs if get(k("new", c.suffix))]
    out.carried_over = get(k("carried_over", "total"))
    out.results_total = get(k("results_total", "total"))
    out.carried_forward = get(k("carried_forward", "total"))
    groups = [(label, items, sum(n for _, n in items)) for label, items in _result_groups(values)]
    groups = [g for g in groups if g[2]]
    for (label, items, n), pct in zip(groups, shares([g[2] for g in groups])):
        reasons = [Part(item, m) for item, m in items if m]
        if len(items) == 1:
            reasons = []
        reasons.sort(key=lambda p: -p.n)  # stable: ties keep table order
        out.results.append(ResultGroup(label, n, pct, reasons[:3], len(reasons) > 3))
    return out


def _appeals(values: dict, previous: dict | None) -> Appeals:
    out = Appeals(_complete(values, "t4"))
    get = lambda key: values.get(key, 0)  # noqa: E731
    review, *suits = f.T4_GROUPS
    parts = f.T4_PART_COLUMNS

    def cases(label: str, groups) -> Cases:
        total_keys = [f.t4_key(g.suffix, "total") for g in groups]
        total = sum(get(key) for key in total_keys)
        change = NO_CHANGE
        if previous is not None and all(key in previous for key in total_keys):
            last = sum(previous[key] for key in total_keys)
            change = Change(total - last, last)
        outcome = [Part(c.label, sum(get(f.t4_key(g.suffix, c.suffix)) for g in groups)) for c in parts]
        return Cases(label, total, change, [p for p in outcome if p.n])

    out.review = cases(review.label, [review])
    out.suits = cases(f.T4_SUIT_HEADER, suits)
    out.suits.kinds = [Part(g.label, get(f.t4_key(g.suffix, "total"))) for g in suits]
    return out


def compute(report: f.Report, previous: f.Report | None = None) -> Facts:
    meta = report.meta or {}
    values = _values(report)
    last = _values(previous) if previous is not None else None
    fee = meta.get("info_fee_amount")
    count = meta.get("info_fee_count")
    text = lambda name: str(meta.get(name) or "").strip()  # noqa: E731
    year = meta.get("year")
    return Facts(
        agency=text("agency"),
        year=int(year) if isinstance(year, (int, float)) else None,
        portal=text("portal"),
        url=text("url"),
        address=text("address"),
        postcode=text("postcode"),
        phone=text("phone"),
        has_previous=previous is not None,
        proactive=_proactive(values, last),
        applications=_applications(values, last),
        appeals=_appeals(values, last),
        info_fee_amount=format_number(fee) if isinstance(fee, (int, float)) and fee > 0 else "",
        info_fee_count=int(count) if isinstance(count, (int, float)) and count > 0 else None,
        table_names=dict(f.TABLE_NAMES),
    )
