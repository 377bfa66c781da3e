"""The office's decision on a unit's latest version: 退回 (with a comment the unit sees) or 通过."""

from __future__ import annotations

import sqlalchemy as sa

from nianbao.collect import models as m
from nianbao.collect.store import Store, now
from nianbao.collect.submissions import Refused, unit_row

DECISIONS = {"accept": m.ACCEPTED, "return": m.RETURNED}
LABELS = {"accept": "通过", "return": "退回"}


def review(store: Store, year: int, code: str, decision: str, comment: str, actor: str) -> str:
    """Record the decision; returns the unit's new status. Refused when there is nothing to decide."""
    if decision not in DECISIONS:
        raise Refused("decision 应为 accept（通过）或 return（退回）", 422)
    comment = (comment or "").strip()
    if decision == "return" and not comment:
        raise Refused("退回时请写明原因（comment），单位会看到它", 422)
    status = DECISIONS[decision]
    with store.engine.begin() as db:
        unit = unit_row(db, year, code, lock=True)
        if unit is None:
            raise Refused(f"{year}年名单中没有单位“{code}”", 404)
        if unit.status != m.SUBMITTED:
            raise Refused(f"单位“{unit.name}”目前为“{m.STATUS_LABELS[unit.status]}”，没有待审核的报告")
        submission_id = db.execute(
            sa.select(m.submissions.c.id).where(
                m.submissions.c.unit_id == unit.id, m.submissions.c.version == unit.last_version
            )
        ).scalar_one()
        db.execute(m.submissions.update().where(m.submissions.c.id == submission_id).values(status=status))
        db.execute(
            m.reviews.insert().values(
                submission_id=submission_id, decision=decision, comment=comment, at=now(), actor=actor
            )
        )
        db.execute(m.units.update().where(m.units.c.id == unit.id).values(status=status, review_comment=comment))
        store.log(db, actor, LABELS[decision], year, code, f"第{unit.last_version}版 {comment}")
    return status
