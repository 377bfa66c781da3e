"""A unit's submission: check the uploaded report, attach explanations, keep the version.

错误 block a submission; every open 提示 needs an explanation (出错说明), typed on the page or
sent as `explanations` ({finding id: text}); explanations carried in the workbook are merged
by the caller with one call: `{**from_workbook, **from_form}` (the form wins). An explanation
of an 错误 is ignored: an error cannot be explained away.

Every accepted upload is a new version, kept on disk (blobs.py) before its row is committed:
an answered 201 survives a crash, a crash before it leaves no visible half version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from nianbao.check.checker import check
from nianbao.collect import models as m
from nianbao.collect.store import Store, now
from nianbao.errors import UnreadableFile
from nianbao.io.explanations import explanations_in
from nianbao.io.load import load_any
from nianbao.spec import format2021 as f
from nianbao.spec.rules import ERROR
from nianbao.view.presentation import subject, where


class Refused(Exception):
    """The unit may not submit now (already accepted, unknown unit): `status` is the HTTP answer."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.status = status


@dataclass
class Evaluation:
    report: f.Report
    findings: list[dict]
    errors: int = 0
    warnings: int = 0
    explained: int = 0
    unexplained: list[str] = field(default_factory=list)
    refusal: str = ""  # why the report is not for this collection (another year…), else ""

    @property
    def acceptable(self) -> bool:
        return not self.errors and not self.unexplained and not self.refusal


@dataclass
class Receipt:
    version: int
    blob: str
    submitted_at: str
    evaluation: Evaluation


def previous_report(store: Store, year: int, code: str) -> f.Report | None:
    """The same unit's accepted report of the year before, when the store holds it."""
    with store.engine.connect() as db:
        row = db.execute(
            sa.select(m.submissions.c.report_meta, m.submissions.c.report_values)
            .join(m.units, m.units.c.id == m.submissions.c.unit_id)
            .where(m.units.c.year == year - 1, m.units.c.code == code, m.submissions.c.status == m.ACCEPTED)
            .order_by(m.submissions.c.version.desc())
            .limit(1)
        ).first()
    return f.Report(meta=dict(row.report_meta), values=dict(row.report_values)) if row else None


def evaluate(path: Path, year: int, explanations: Mapping[str, str], previous: f.Report | None) -> Evaluation:
    """Read and check the file as `nianbao check` does; raises UnreadableFile as the CLI does.

    The 出错说明 the clerk wrote in the workbook's 校验结果 sheet count as given; text typed on
    the page or sent to the API wins over them. They are read only after the file has passed
    the reader's bounds, so a hostile file is refused before anything else opens it."""
    current = load_any(path)
    explanations = {**explanations_in(current), **explanations}
    locate = current.cell_of if current.where else None
    found = check(current.report, problems=current.problems, previous=previous, locate=locate)
    out = Evaluation(current.report, [])
    for finding in found:
        data = finding.to_json()
        data["where"], data["subject"] = where(finding), subject(finding)
        text = str(explanations.get(finding.id) or "").strip()
        if finding.severity == ERROR:
            out.errors += 1
        else:
            out.warnings += 1
            if text:
                data["explanation"] = text
                out.explained += 1
            else:
                out.unexplained.append(finding.id)
        out.findings.append(data)
    report_year = current.report.meta.get("year")
    if report_year is not None and str(report_year) != str(year):
        out.refusal = f"报告年度为{report_year}年，本次收集的是{year}年的报告"
    return out


def unit_row(db: sa.Connection, year: int, code: str, lock: bool = False):
    query = sa.select(m.units).where(m.units.c.year == year, m.units.c.code == code)
    if lock:
        query = query.with_for_update()  # PostgreSQL: one version number at a time per unit
    return db.execute(query).first()


def submit(
    store: Store,
    year: int,
    code: str,
    upload: Path,
    filename: str,
    explanations: Mapping[str, str],
    actor: str,
) -> Receipt | Evaluation:
    """A Receipt when the report is taken as a new version; the Evaluation when it is not."""
    with store.engine.connect() as db:
        unit = unit_row(db, year, code)
    if unit is None:
        raise Refused(f"{year}年名单中没有单位“{code}”", 404)
    if unit.status == m.ACCEPTED:
        raise Refused("本单位的报告已通过审核，不能再提交；如需更改请联系政务公开办")
    evaluation = evaluate(upload, year, explanations, previous_report(store, year, code))
    if not evaluation.acceptable:
        return evaluation
    blob = store.blobs.put(upload, upload.suffix)  # durable before the row that names it
    size = upload.stat().st_size
    report = evaluation.report
    with store.engine.begin() as db:
        unit = unit_row(db, year, code, lock=True)
        if unit.status == m.ACCEPTED:
            raise Refused("本单位的报告已通过审核，不能再提交；如需更改请联系政务公开办")
        version = unit.last_version + 1
        at = now()
        db.execute(
            m.submissions.insert().values(
                unit_id=unit.id,
                version=version,
                blob=blob,
                filename=filename,
                size=size,
                submitted_at=at,
                status=m.SUBMITTED,
                errors=evaluation.errors,
                warnings=evaluation.warnings,
                explained=evaluation.explained,
                findings=evaluation.findings,
                report_meta={k: v for k, v in report.meta.items() if isinstance(v, (str, int, float))},
                report_values=dict(report.values),
                report_text=dict(report.text),
            )
        )
        db.execute(
            m.units.update()
            .where(m.units.c.id == unit.id)
            .values(
                status=m.SUBMITTED,
                errors=evaluation.errors,
                warnings=evaluation.warnings,
                explained=evaluation.explained,
                submitted_at=at,
                last_version=version,
            )
        )
        store.log(db, actor, "提交", year, code, f"第{version}版 {filename}")
    return Receipt(version, blob, at, evaluation)


def submit_stored(
    store: Store, year: int, code: str, blob: str, filename: str, explanations: Mapping[str, str], actor: str
) -> Receipt | Evaluation:
    """Submit a file already kept (the page's second step: the upload, now with explanations)."""
    if not store.blobs.exists(blob):
        raise UnreadableFile("找不到刚才上传的文件，请重新上传")
    return submit(store, year, code, store.blobs.path(blob), filename, explanations, actor)


def versions(store: Store, year: int, code: str) -> list:
    with store.engine.connect() as db:
        return list(
            db.execute(
                sa.select(m.submissions)
                .join(m.units, m.units.c.id == m.submissions.c.unit_id)
                .where(m.units.c.year == year, m.units.c.code == code)
                .order_by(m.submissions.c.version)
            )
        )


def reviews_of(store: Store, submission_ids: list[int]) -> list:
    if not submission_ids:
        return []
    with store.engine.connect() as db:
        return list(
            db.execute(
                sa.select(m.reviews).where(m.reviews.c.submission_id.in_(submission_ids)).order_by(m.reviews.c.id)
            )
        )
