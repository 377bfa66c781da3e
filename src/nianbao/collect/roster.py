"""The year's list of units (名单): read from xlsx or CSV, checked, stored with a token per unit.

Columns (by header, any order): 单位代码, 单位名称, 上级单位代码, 汇总 (是/否: whether this unit's
report must equal the sum of its children's). Uploading again updates names and parents and
keeps every unit's token and submissions; a unit left out is removed only if it never submitted.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from nianbao.collect import models as m
from nianbao.collect import tokens
from nianbao.collect.store import Store
from nianbao.errors import UnreadableFile

HEADERS = {"code": "单位代码", "name": "单位名称", "parent": "上级单位代码", "summary": "汇总"}
YES = {"是", "1", "y", "yes", "true", "√", "汇总"}
NO = {"", "否", "0", "n", "no", "false"}
MAX_UNITS = 100_000


class RosterError(UnreadableFile):
    """The roster cannot be taken: `problems` lists each bad row in Chinese."""

    def __init__(self, problems: list[str]):
        super().__init__(
            "名单有误：" + "；".join(problems[:20]) + (f"等{len(problems)}处" if len(problems) > 20 else "")
        )
        self.problems = problems


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    parent: str | None
    is_summary: bool


def read_roster(path: Path, shown: str = "名单") -> list[Entry]:
    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(Path(path), shown)
    elif suffix == ".csv":
        rows = _csv_rows(Path(path).read_bytes(), shown)
    else:
        raise UnreadableFile(f"{shown}：名单应为 .xlsx 或 .csv 文件")
    return parse_rows(rows, shown)


def _xlsx_rows(path: Path, shown: str) -> list[list]:
    from python_calamine import CalamineWorkbook

    from nianbao.io.safety import check_workbook_bounds, open_xlsx_zip, read_member

    # Refuses what is not a sound xlsx (zip bombs, foreign files, a far cell calamine would reserve) first.
    with open_xlsx_zip(path) as archive:
        check_workbook_bounds(archive, shown, read_member(archive, "xl/workbook.xml"))
    try:
        book = CalamineWorkbook.from_path(str(path))
        return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as err:
        raise UnreadableFile(f"{shown}：无法读取工作簿（{err}）") from None


def _csv_rows(data: bytes, shown: str) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile(f"{shown}：CSV 文件的编码无法识别（应为 UTF-8 或 GBK）")
    return list(csv.reader(io.StringIO(text)))


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip()


def parse_rows(rows: list[list], shown: str = "名单") -> list[Entry]:
    header_at = next((i for i, row in enumerate(rows[:20]) if HEADERS["code"] in [_text(c) for c in row]), None)
    if header_at is None:
        raise RosterError([f"{shown}前20行中找不到表头“{HEADERS['code']}”（应有：{'、'.join(HEADERS.values())}）"])
    header = [_text(c) for c in rows[header_at]]
    absent = [label for key, label in HEADERS.items() if key in ("code", "name") and label not in header]
    if absent:
        raise RosterError([f"{shown}缺少“{label}”列" for label in absent])
    col = {key: header.index(label) if label in header else None for key, label in HEADERS.items()}
    entries: list[Entry] = []
    problems: list[str] = []
    seen: dict[str, int] = {}

    def cell(row: list, key: str) -> str:
        i = col[key]
        return _text(row[i]) if i is not None and i < len(row) else ""

    for number, row in enumerate(rows[header_at + 1 :], header_at + 2):
        code, name, parent, summary = (cell(row, k) for k in ("code", "name", "parent", "summary"))
        if not (code or name or parent):
            continue
        where = f"第{number}行"
        if not code:
            problems.append(f"{where}未填单位代码")
            continue
        if len(code) > 64 or len(name) > 200:
            problems.append(f"{where}单位代码或名称过长")
            continue
        if code in seen:
            problems.append(f"{where}单位代码“{code}”与第{seen[code]}行重复")
            continue
        if not name:
            problems.append(f"{where}（{code}）未填单位名称")
        if summary.lower() not in YES | NO:
            problems.append(f"{where}（{code}）“汇总”应填“是”或“否”，现为“{summary}”")
        seen[code] = number
        entries.append(Entry(code, name, parent or None, summary.lower() in YES))
    if len(entries) > MAX_UNITS:
        problems.append(f"名单超过{MAX_UNITS}个单位")
    for entry in entries:
        if entry.parent is not None and entry.parent not in seen:
            problems.append(f"第{seen[entry.code]}行（{entry.code}）的上级单位代码“{entry.parent}”不在名单中")
        elif entry.parent == entry.code:
            problems.append(f"第{seen[entry.code]}行（{entry.code}）的上级单位是它自己")
    problems += _cycles(entries, seen)
    if not entries and not problems:
        problems.append(f"{shown}中没有单位")
    if problems:
        raise RosterError(problems)
    return entries


def _cycles(entries: list[Entry], rows: dict[str, int]) -> list[str]:
    parent = {e.code: e.parent for e in entries}
    out = []
    for start in parent:
        seen: set[str] = set()
        code: str | None = start
        while code is not None and code not in seen:
            seen.add(code)
            code = parent.get(code)
        if code == start:
            out.append(f"第{rows[start]}行（{start}）的上级关系构成循环")
    return out


def store_roster(store: Store, year: int, entries: list[Entry], actor: str) -> dict:
    """Insert or update the units of `year`; returns counts of added, updated, removed, kept."""
    counts = {"added": 0, "updated": 0, "removed": 0, "kept": 0}
    wanted = {e.code: e for e in entries}
    with store.engine.begin() as db:
        existing = {row.code: row for row in db.execute(sa.select(m.units).where(m.units.c.year == year))}
        fresh = []
        for entry in entries:
            row = existing.get(entry.code)
            fields = {"name": entry.name, "parent_code": entry.parent, "is_summary": entry.is_summary}
            if row is None:
                fresh.append(
                    dict(
                        year=year,
                        code=entry.code,
                        token=tokens.new_token(),
                        status=m.NONE,
                        errors=0,
                        warnings=0,
                        explained=0,
                        last_version=0,
                        review_comment="",
                        **fields,
                    )
                )
            elif (row.name, row.parent_code, row.is_summary) != tuple(fields.values()):
                db.execute(m.units.update().where(m.units.c.id == row.id).values(**fields))
                counts["updated"] += 1
        if fresh:
            db.execute(m.units.insert(), fresh)
        counts["added"] = len(fresh)
        for code, row in existing.items():
            if code in wanted:
                continue
            if row.last_version == 0:
                db.execute(m.units.delete().where(m.units.c.id == row.id))
                counts["removed"] += 1
            else:
                counts["kept"] += 1
        store.log(
            db, actor, "上传名单", year, None, f"新增{counts['added']} 更新{counts['updated']} 删除{counts['removed']}"
        )
    return counts


def new_unit_token(store: Store, year: int, code: str, actor: str) -> str | None:
    """Revoke a unit's link: a new token replaces the old one, which opens nothing any more."""
    token = tokens.new_token()
    with store.engine.begin() as db:
        done = db.execute(
            m.units.update().where(m.units.c.year == year, m.units.c.code == code).values(token=token)
        ).rowcount
        if not done:
            return None
        store.log(db, actor, "重新生成链接", year, code)
    return token
