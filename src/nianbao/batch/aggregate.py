"""`nianbao aggregate`: add up the tables of one year's reports, cell by cell.

Which reports count (in the order the files were found):
- unreadable files, 2019-format reports (their tables differ from 2021's), reports of
  another year (the year is `--year`, else the most common one, the later on a tie),
  reports with errors (unless `allow_errors`) and a second report of the same agency
  (agency names compared by `agency_key`) are refused, each with its reason;
- every other report is included.

A cell of the total is written only when every included report has a value for it;
otherwise it stays blank (a blank is "missing", never zero) and the cell is listed as
incomplete with the units lacking it. The fee amount (万元) is rounded to 4 decimals.
A 2021 report printing （六）其他处理 as one row has no value for its three sub-rows:
they become incomplete (its t3.other_2019.* cells are not mixed into 2021 keys).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from nianbao.batch.agency import agency_key
from nianbao.batch.discover import discover
from nianbao.batch.pool import run_job
from nianbao.batch.worker import FileRecord, Job
from nianbao.check.numbers import normalize_number
from nianbao.spec import format2021 as f


@dataclass
class Unit:
    record: FileRecord
    included: bool
    reason: str = ""  # why refused, or remarks on an included unit


@dataclass
class Aggregation:
    year: int | None
    total: f.Report
    units: list[Unit] = field(default_factory=list)
    incomplete: dict[str, list[str]] = field(default_factory=dict)  # key -> shown names lacking it

    @property
    def included(self) -> list[Unit]:
        return [u for u in self.units if u.included]

    @property
    def refused(self) -> list[Unit]:
        return [u for u in self.units if not u.included]


def aggregate(
    paths,
    *,
    year: int | None = None,
    allow_errors: bool = False,
    agency: str | None = None,
    jobs: int | None = None,
    progress: bool | None = None,
    exclude=(),
) -> Aggregation:
    found = discover(paths, exclude=exclude)
    records = run_job(found.files, Job(run_check=True, keep_values=True), jobs=jobs, progress=progress, label="读取")
    for missing in found.missing:
        records.append(
            FileRecord(
                path=missing.shown,
                shown=missing.shown,
                kind="other",
                readable=False,
                reason=f"找不到文件或文件夹：{missing.shown}",
            )
        )
    return add_up(records, year=year, allow_errors=allow_errors, agency=agency)


def add_up(
    records: list[FileRecord], *, year: int | None = None, allow_errors: bool = False, agency: str | None = None
) -> Aggregation:
    target = year if year is not None else common_year(records)
    units = [_decide(r, target, allow_errors) for r in records]
    _refuse_duplicates(units)
    included = [u.record for u in units if u.included]
    total, incomplete = sum_values(included)
    meta: dict[str, str | int] = {"agency": agency or f"汇总（{len(included)}个单位）"}
    if target is not None:
        meta["year"] = target
    for unit in units:
        if unit.included:
            unit.reason = _remarks(unit.record)
    return Aggregation(target, f.Report(meta=meta, values=total), units, incomplete)


def common_year(records: list[FileRecord]) -> int | None:
    years = Counter(r.year for r in records if r.readable and r.format == f.FORMAT_ID and r.year is not None)
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def sum_values(records: list[FileRecord]) -> tuple[dict, dict[str, list[str]]]:
    total: dict = {}
    incomplete: dict[str, list[str]] = {}
    if not records:
        return total, incomplete
    for key, cell in f.CELLS.items():
        lacking = [r.shown for r in records if (r.values or {}).get(key) is None]
        if lacking:
            incomplete[key] = lacking
            continue
        amount = sum((r.values or {})[key] for r in records)  # none lacking: every record has values
        total[key] = normalize_number(amount, f.AMOUNT) if cell.kind == f.AMOUNT else amount
    return total, incomplete


def _decide(record: FileRecord, target: int | None, allow_errors: bool) -> Unit:
    if not record.readable:
        return Unit(record, False, f"无法读取：{record.reason}")
    if record.format != f.FORMAT_ID:
        return Unit(
            record, False, f"{record.format}年格式的报告，表格与{f.FORMAT_ID}年格式（{f.FORMAT_TITLE}）不同，不能相加"
        )
    if record.year is None:
        return Unit(record, False, "未填写报告年度（或年度无法识别）")
    if target is not None and record.year != target:
        return Unit(record, False, f"报告年度为{record.year}年，与汇总年度{target}年不同")
    if record.errors and not allow_errors:
        rules = Counter(x["rule"] for x in record.findings if x["severity"] == "error")
        shown = "、".join(f"{rule} {n}处" for rule, n in rules.most_common(3))
        return Unit(record, False, f"有{record.errors}处错误（{shown}），请改正后再汇总，或使用 --allow-errors 计入")
    return Unit(record, True)


def _refuse_duplicates(units: list[Unit]) -> None:
    first: dict[str, FileRecord] = {}
    for unit in units:
        if not unit.included:
            continue
        key = agency_key(unit.record.agency) or f"file:{unit.record.path}"
        kept = first.get(key)
        if kept is None:
            first[key] = unit.record
        else:
            unit.included = False
            unit.reason = f"与「{kept.shown}」为同一机关（{kept.agency}），只计入第一份"


def _remarks(record: FileRecord) -> str:
    notes = []
    if record.errors:
        notes.append(f"有{record.errors}处错误，按 --allow-errors 计入")
    values = record.values or {}
    if any(k.startswith("t3.other_2019.") for k in values):
        notes.append("（六）其他处理为单行，其三个子项无数字")
    lacking = sum(1 for k in f.KEYS if values.get(k) is None)
    if lacking:
        notes.append(f"缺少{lacking}个单元格的数字")
    return "；".join(notes)
