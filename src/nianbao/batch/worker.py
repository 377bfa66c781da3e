"""The per-file job of a batch: read one file, check it, return plain picklable data.

Runs in a process pool. Whatever goes wrong with one file (unreadable, foreign, a bug
of ours) becomes that file's record with a Chinese reason; it never raises.
"""

from __future__ import annotations

import gc
import signal
from dataclasses import dataclass, field
from pathlib import Path

from nianbao.batch.agency import agency_key, report_year
from nianbao.batch.discover import display_name, kind_of
from nianbao.errors import NianbaoError, UnreadableFile
from nianbao.spec import format2021 as f
from nianbao.spec.rules import ERROR

UNREAD_NOTE = "未从报告中读出"
KIND_LABELS = {"workbook": "工作簿", "data": "JSON数据", "published": "已发布报告", "other": "其他文件"}


@dataclass
class FileRecord:
    path: str
    shown: str
    kind: str  # workbook | data | published | other
    readable: bool = True
    reason: str = ""  # why it could not be read (Chinese), when not readable
    agency: str = ""
    year: int | None = None
    format: str = ""  # "2021" | "2019"
    layout: str = ""  # importer's layout name, for published reports
    errors: int = 0
    warnings: int = 0
    findings: list[dict] = field(default_factory=list)  # Finding.to_json() + "where", "subject"
    unread: list[tuple[str, str]] = field(default_factory=list)  # (keys or place, reason): not imported
    unread_cells: int = 0  # template cells without a value in a published report
    previous: str | None = None  # shown name of last year's report used; "" = looked for, none found
    meta: dict = field(default_factory=dict)
    values: dict | None = None  # only when the job keeps values (aggregate, --previous index)

    @property
    def status(self) -> str:
        """ok | errors | warnings | unreadable."""
        if not self.readable:
            return "unreadable"
        if self.errors:
            return "errors"
        if self.warnings or self.unread:
            return "warnings"
        return "ok"

    @property
    def report(self) -> f.Report:
        return f.Report(meta=dict(self.meta), values=dict(self.values or {}))


@dataclass(frozen=True)
class Job:
    """What every file of one batch gets done to it (sent once to each pool process)."""

    run_check: bool = True
    keep_values: bool = False
    # (agency_key, year) -> (shown name, meta, values) of the reports of the --previous folder
    previous: dict | None = None


_JOB = Job()


def set_job(job: Job) -> None:
    """The job of this process (tests and callers that read in their own process)."""
    global _JOB
    _JOB = job


SECONDS_PER_FILE = 120  # no report takes this long; a file that does is given up, and the batch goes on
_TIMED = False


class _TooSlow(BaseException):
    """Raised by the timer in a pool process; a BaseException so that no parser's
    `except Exception` swallows it."""


def _too_slow(signum, frame) -> None:
    raise _TooSlow


def start_pool_process(job: Job) -> None:
    """Pool initializer: the job, and a time limit on each file (a pool process only: the timer
    is a signal, which the main process may need for itself)."""
    global _TIMED
    set_job(job)
    if hasattr(signal, "setitimer"):  # not on Windows: there the pool's own deadline is the only one
        signal.signal(signal.SIGALRM, _too_slow)
        _TIMED = True
    # What the process holds now (modules, the format, the rules) lives as long as it does:
    # kept out of the collector's full passes, which otherwise walk it again and again while
    # an importer makes its many small objects (about 15% of a published report's time).
    gc.freeze()


def preload() -> None:
    """Import what every file needs once, before a pool forks (children inherit it)."""
    import python_calamine  # noqa: F401

    from nianbao.check import checker  # noqa: F401
    from nianbao.io import load, workbook_reader  # noqa: F401
    from nianbao.io.safety import parse_xml
    from nianbao.spec import layout  # noqa: F401

    parse_xml(b"<a/>", "preload")  # imports defusedxml


def run_chunk(items: list[tuple[str, str]]) -> list[FileRecord]:
    return [process(path, shown) for path, shown in items]


def process(path: str, shown: str, job: Job | None = None) -> FileRecord:
    job = job or _JOB
    record = FileRecord(path=str(path), shown=shown, kind=kind_of(Path(path)))
    try:
        if _TIMED:
            signal.setitimer(signal.ITIMER_REAL, SECONDS_PER_FILE)
        try:
            _fill(record, Path(path), job)
        finally:
            if _TIMED:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except _TooSlow:
        _unreadable(record, f"处理此文件超过 {SECONDS_PER_FILE} 秒，已跳过（文件可能异常），请把文件发给维护人员")
    except NianbaoError as err:
        _unreadable(record, str(err))
    except MemoryError:
        _unreadable(record, "文件过大，内存不足，无法读取")
    except Exception as err:  # a bug of ours or of a parser: this file only
        _unreadable(record, f"读取时出现内部错误（{type(err).__name__}: {err}），请把文件发给维护人员")
    record.path, record.reason = display_name(record.path), display_name(record.reason)
    return record


def _unreadable(record: FileRecord, reason: str) -> None:
    record.readable = False
    record.reason = reason
    record.findings, record.unread, record.values = [], [], None
    record.errors = record.warnings = record.unread_cells = 0


def _fill(record: FileRecord, path: Path, job: Job) -> None:
    from nianbao.check.checker import check
    from nianbao.view.presentation import subject, where

    report, problems, locate, unplaced, explanations = _read(record, path)
    record.meta = {k: v for k, v in report.meta.items() if isinstance(v, (str, int, float))}
    record.agency = str(report.meta.get("agency") or "").strip()
    record.year = report_year(report.meta)
    record.format = str(report.meta.get("format") or f.FORMAT_ID)
    record.layout = str(report.meta.get("layout") or "")
    published = record.kind == "published"
    if published:
        record.unread, record.unread_cells = _unread(report, unplaced)
    if job.keep_values:
        record.values = dict(report.values)
    if not job.run_check:
        return
    previous = None
    if job.previous is not None:
        previous = _previous_of(record, job.previous)
    findings = check(
        report,
        problems=problems,
        previous=previous,
        report_missing=not published,
        locate=locate,
    )
    if explanations:
        from nianbao.view.presentation import attach_explanations

        attach_explanations(findings, explanations)
    for finding in findings:
        data = finding.to_json()
        data["where"] = where(finding)
        data["subject"] = subject(finding)
        record.findings.append(data)
        if finding.severity == ERROR:
            record.errors += 1
        else:
            record.warnings += 1


def _read(record: FileRecord, path: Path):
    """(report, problems, locate, unplaced, the clerk's 出错说明) of one file; raises UnreadableFile."""
    if record.kind in ("workbook", "data"):
        from nianbao.io.load import load_any

        result = load_any(path)
        locate = result.cell_of if result.where else _nowhere
        return result.report, result.problems, locate, [], result.explanations
    if record.kind == "published":
        from nianbao.importers import import_report
        from nianbao.io.safety import check_file

        check_file(path)  # a FIFO or a device is refused before the importer opens it
        result = import_report(path)
        return result.report, list(getattr(result, "problems", ()) or ()), _nowhere, list(result.unplaced or ()), {}
    raise UnreadableFile(
        f"{path.name}：不支持的文件类型（{path.suffix or '无扩展名'}），"
        "应为工作簿（.xlsx/.xlsm）、JSON 数据或已发布的报告（.txt/.html/.htm/.md/.docx/.pdf）"
    )


def _nowhere(key: str) -> None:
    return None


def _unread(report: f.Report, unplaced: list) -> tuple[list[tuple[str, str]], int]:
    """(entries, cells): the importer's unplaced items, then every template cell absent and not
    already named by one of them; and how many template cells have no value."""
    out: list[tuple[str, str]] = []
    told: set[str] = set()
    for item in unplaced:
        keys = tuple(getattr(item, "keys", ()) or ())
        where = str(getattr(item, "where", "") or "")
        reason = str(getattr(item, "reason", None) or item)
        found = str(getattr(item, "found", "") or "")
        text = (f"{where}：" if where else "") + reason + (f"（原文：{found}）" if found else "")
        out.append(("、".join(keys) or where, text))
        told.update(keys)
    values = report.values
    absent = 0
    for key in f.KEYS:
        if key in values:
            continue
        # A single （六）其他处理 row stands for its three sub-rows: those are not "unread".
        if key in _COVERED_BY_OTHER_2019 and _COVERED_BY_OTHER_2019[key] in values:
            continue
        absent += 1
        if key not in told:
            out.append((key, UNREAD_NOTE))
    return out, absent


# Each sub-row key of （六）其他处理 -> the key of the single row that stands for it.
_COVERED_BY_OTHER_2019 = {
    f.t3_key(row.middle, col.suffix): f.t3_key(f.T3_OTHER_2019.middle, col.suffix)
    for row in f.T3_OTHER_ROWS
    for col in f.T3_COLUMNS
}


def _previous_of(record: FileRecord, index: dict) -> f.Report | None:
    if record.year is None or not record.agency:
        record.previous = ""
        return None
    match = index.get((agency_key(record.agency), record.year - 1))
    if match is None:
        record.previous = ""
        return None
    shown, meta, values = match
    record.previous = shown
    return f.Report(meta=dict(meta), values=dict(values))
