"""What the office downloads: the list of links (xlsx), the accepted workbooks (zip), the audit
summary (as `nianbao audit` writes it) and a parent's 汇总 workbook (as `nianbao aggregate`)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import sqlalchemy as sa

from nianbao.batch.summary_xlsx import write_summary
from nianbao.batch.total_xlsx import write_total
from nianbao.batch.worker import FileRecord
from nianbao.collect import models as m
from nianbao.collect.parent import aggregation, parent_total
from nianbao.collect.store import Store
from nianbao.io.atomic import atomic_path

LINK_HEADERS = ("单位代码", "单位名称", "上级单位代码", "汇总", "填报链接")


def write_links(store: Store, year: int, base_url: str, output: Path) -> None:
    import xlsxwriter

    with store.engine.connect() as db:
        rows = list(db.execute(sa.select(m.units).where(m.units.c.year == year).order_by(m.units.c.code)))
    with atomic_path(output) as tmp:
        book = xlsxwriter.Workbook(str(tmp))
        sheet = book.add_worksheet(f"{year}年填报链接")
        bold = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        sheet.write_row(0, 0, LINK_HEADERS, bold)
        for i, row in enumerate(rows, 1):
            link = f"{base_url.rstrip('/')}/collect/u/{row.token}"
            sheet.write_row(i, 0, (row.code, row.name, row.parent_code or "", "是" if row.is_summary else "否"))
            sheet.write_url(i, 4, link, string=link)
        for col, width in enumerate((14, 36, 14, 6, 90)):
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
        book.close()


def write_accepted_zip(store: Store, year: int, output: Path) -> int:
    with store.engine.connect() as db:
        rows = list(
            db.execute(
                sa.select(m.units.c.code, m.units.c.name, m.submissions.c.blob, m.submissions.c.filename)
                .join(m.submissions, m.submissions.c.unit_id == m.units.c.id)
                .where(m.units.c.year == year, m.submissions.c.status == m.ACCEPTED)
                .order_by(m.units.c.code)
            )
        )
    with atomic_path(output) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in rows:
            suffix = Path(row.blob).suffix
            archive.write(store.blobs.path(row.blob), f"{row.code}-{_safe(row.name)}{suffix}")
    return len(rows)


def _safe(name: str) -> str:
    return "".join(ch for ch in name if ch not in '\\/:*?"<>|').strip() or "单位"


def audit_records(store: Store, year: int) -> list[FileRecord]:
    """Each unit's latest version, as the audit's records (no file is read again)."""
    with store.engine.connect() as db:
        rows = db.execute(
            sa.select(m.units.c.code, m.units.c.name, m.submissions)
            .join(m.submissions, m.submissions.c.unit_id == m.units.c.id)
            .where(m.units.c.year == year, m.submissions.c.version == m.units.c.last_version)
            .order_by(m.units.c.code)
        )
        return [
            FileRecord(
                path=row.filename,
                shown=f"{row.code} {row.name}（第{row.version}版 {m.STATUS_LABELS[row.status]}）",
                kind="workbook",
                agency=str(row.report_meta.get("agency") or row.name),
                year=year,
                format="2021",
                errors=row.errors,
                warnings=row.warnings,
                findings=[_with_explanation(x) for x in row.findings],
                meta=dict(row.report_meta),
            )
            for row in rows
        ]


def _with_explanation(finding: dict) -> dict:
    if finding.get("explanation"):
        return {**finding, "message": f"{finding['message']}【已说明：{finding['explanation']}】"}
    return finding


def write_audit(store: Store, year: int, output: Path) -> None:
    write_summary(output, audit_records(store, year))


def write_parent_total(store: Store, year: int, code: str, output: Path) -> None:
    write_total(output, aggregation(parent_total(store, year, code), year))
