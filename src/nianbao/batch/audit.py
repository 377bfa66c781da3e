"""`nianbao audit`: check many reports, one record each, plus last year's reports when given."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nianbao.batch.agency import agency_key
from nianbao.batch.discover import Found, discover
from nianbao.batch.pool import run_job
from nianbao.batch.worker import FileRecord, Job
from nianbao.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, NianbaoError


@dataclass
class PreviousIndex:
    """Last year's reports by (agency key, year): the first file of each wins."""

    reports: dict = field(default_factory=dict)  # (agency_key, year) -> (shown, meta, values)
    unreadable: list[FileRecord] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (ignored file, file used)


@dataclass
class AuditResult:
    records: list[FileRecord]
    previous: PreviousIndex | None = None

    @property
    def exit_code(self) -> int:
        if any(not r.readable for r in self.records):
            return EXIT_UNREADABLE
        if any(r.errors for r in self.records):
            return EXIT_FINDINGS
        return EXIT_OK

    def count(self, status: str) -> int:
        return sum(1 for r in self.records if r.status == status)


def run_audit(
    paths, *, previous_dir: Path | None = None, jobs: int | None = None, progress: bool | None = None, exclude=()
) -> AuditResult:
    found = discover(paths, exclude=exclude)
    index = None
    if previous_dir is not None:
        index = index_previous(previous_dir, jobs=jobs, progress=progress, exclude=exclude)
    job = Job(run_check=True, keep_values=False, previous=index.reports if index else None)
    records = run_job(found.files, job, jobs=jobs, progress=progress, label="校验")
    records += [_missing(x) for x in found.missing]
    if not records:
        raise NianbaoError("没有找到可校验的文件（支持 .xlsx/.xlsm/.json/.txt/.html/.htm/.md/.docx/.pdf）")
    return AuditResult(records, index)


def index_previous(folder: Path, *, jobs: int | None = None, progress: bool | None = None, exclude=()) -> PreviousIndex:
    folder = Path(folder)
    if not folder.exists():
        raise NianbaoError(f"找不到上年报告所在的文件夹或文件：{folder}")
    found = discover([folder], exclude=exclude)
    records = run_job(
        found.files, Job(run_check=False, keep_values=True), jobs=jobs, progress=progress, label="读取上年报告"
    )
    index = PreviousIndex()
    for record in records:
        if not record.readable:
            index.unreadable.append(record)
            continue
        key = (agency_key(record.agency), record.year)
        if not key[0] or key[1] is None:
            continue
        if key in index.reports:
            index.duplicates.append((record.shown, index.reports[key][0]))
            continue
        index.reports[key] = (record.shown, record.meta, record.values or {})
    return index


def _missing(found: Found) -> FileRecord:
    from nianbao.batch.discover import kind_of

    return FileRecord(
        path=found.shown,
        shown=found.shown,
        kind=kind_of(found.path),
        readable=False,
        reason=f"找不到文件或文件夹：{found.shown}",
    )
