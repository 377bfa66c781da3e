"""The status board: every unit of a year with its status and counts, from one query."""

from __future__ import annotations

import sqlalchemy as sa

from nianbao.collect import models as m
from nianbao.collect.store import Store

BOARD_COLUMNS = (
    m.units.c.code,
    m.units.c.name,
    m.units.c.parent_code,
    m.units.c.is_summary,
    m.units.c.status,
    m.units.c.errors,
    m.units.c.warnings,
    m.units.c.explained,
    m.units.c.submitted_at,
    m.units.c.last_version,
    m.units.c.review_comment,
)


def board(store: Store, year: int) -> list[dict]:
    with store.engine.connect() as db:
        rows = db.execute(sa.select(*BOARD_COLUMNS).where(m.units.c.year == year).order_by(m.units.c.code)).fetchall()
    labels = m.STATUS_LABELS
    # Unpacked as tuples: attribute access on 10,000 rows costs more than the query.
    return [
        {
            "code": code,
            "name": name,
            "parent": parent,
            "summary": bool(summary),
            "status": status,
            "status_label": labels[status],
            "errors": errors,
            "warnings": warnings,
            "explained": explained,
            "submitted_at": submitted_at,
            "versions": versions,
            "comment": comment,
        }
        for code, name, parent, summary, status, errors, warnings, explained, submitted_at, versions, comment in rows
    ]


def counts(rows: list[dict]) -> dict[str, int]:
    out = {label: 0 for label in m.STATUS_LABELS.values()}
    for row in rows:
        out[row["status_label"]] += 1
    return out


def unit_by_token(store: Store, token: str):
    if not token:
        return None
    with store.engine.connect() as db:
        return db.execute(sa.select(m.units).where(m.units.c.token == token)).first()


def unit_of(store: Store, year: int, code: str):
    with store.engine.connect() as db:
        return db.execute(sa.select(m.units).where(m.units.c.year == year, m.units.c.code == code)).first()


def years(store: Store) -> list[int]:
    with store.engine.connect() as db:
        return list(db.execute(sa.select(m.units.c.year).distinct().order_by(m.units.c.year.desc())).scalars())
