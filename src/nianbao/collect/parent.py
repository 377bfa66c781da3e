"""汇总 of a parent unit: the sum of its children's accepted reports (values stored at submission,
so no workbook is read again) and the parent's own report compared with it (汇总-上下级)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from nianbao.batch.aggregate import Aggregation, Unit, add_up
from nianbao.batch.worker import FileRecord
from nianbao.check.parent_children import compare_with_children, sum_children
from nianbao.collect import models as m
from nianbao.collect.store import Store
from nianbao.collect.submissions import Refused


@dataclass
class ParentTotal:
    parent: Any  # the parent's unit row (a Row)
    values: dict
    findings: list[dict]
    missing: list[str]  # codes of children without an accepted report
    children: list = field(default_factory=list)  # (unit row, values) of the accepted children
    others: list = field(default_factory=list)  # unit rows of the rest


def _latest(db: sa.Connection, year: int, where) -> list:
    return list(
        db.execute(
            sa.select(m.units, m.submissions.c.report_values, m.submissions.c.report_meta)
            .join(
                m.submissions,
                sa.and_(m.submissions.c.unit_id == m.units.c.id, m.submissions.c.version == m.units.c.last_version),
                isouter=True,
            )
            .where(m.units.c.year == year, where)
            .order_by(m.units.c.code)
        )
    )


def parent_total(store: Store, year: int, code: str) -> ParentTotal:
    with store.engine.connect() as db:
        mine = _latest(db, year, m.units.c.code == code)
        if not mine:
            raise Refused(f"{year}年名单中没有单位“{code}”", 404)
        rows = _latest(db, year, m.units.c.parent_code == code)
    parent = mine[0]
    accepted = [(r, r.report_values) for r in rows if r.status == m.ACCEPTED]
    others = [r for r in rows if r.status != m.ACCEPTED]
    values = sum_children(v for _, v in accepted)
    findings = []
    if parent.report_values is not None and accepted:
        missing_names = [f"{r.name}（{m.STATUS_LABELS[r.status]}）" for r in others]
        found = compare_with_children(parent.report_values, [v for _, v in accepted], missing=missing_names)
        findings = [x.to_json() for x in found]
    return ParentTotal(parent, values, findings, [r.code for r in others], accepted, others)


def aggregation(total: ParentTotal, year: int) -> Aggregation:
    """The children as `nianbao aggregate` sees them, for its 汇总 workbook (batch/total_xlsx.py)."""
    records = [
        FileRecord(
            path=row.code,
            shown=f"{row.code} {row.name}",
            kind="workbook",
            # Units are told apart by code: two children with the same 机关名称 are both counted.
            agency=f"{row.code} {(row.report_meta or {}).get('agency') or row.name}",
            year=year,
            format="2021",
            errors=row.errors,
            warnings=row.warnings,
            meta=dict(row.report_meta or {}),
            values=dict(values),
        )
        for row, values in total.children
    ]
    result = add_up(records, year=year, agency=f"{total.parent.name}（汇总）")
    for row in total.others:
        record = FileRecord(path=row.code, shown=f"{row.code} {row.name}", kind="workbook", agency=row.name, year=year)
        result.units.append(Unit(record, False, f"{m.STATUS_LABELS[row.status]}，未计入"))
    return result
