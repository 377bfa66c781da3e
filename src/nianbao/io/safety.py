"""Refuse hostile or foreign files before any parser sees them.

Bounds what is unpacked (zip bombs), rejects XML with entity declarations (billion laughs),
and tells an encrypted or legacy Office file apart from a corrupt one.
"""

from __future__ import annotations

import contextlib
import functools
import os
import posixpath
import re
import stat
import zipfile
import zlib
from collections.abc import Collection
from pathlib import Path

from nianbao.errors import NianbaoError, UnreadableFile
from nianbao.spec.cellref import a1

MAX_FILE_BYTES = 60 * 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_MEMBER_RATIO = 300  # uncompressed / compressed, for members bigger than 1 MB
MAX_MEMBERS = 5000
# A sheet's extent, A1 to its last cell: python-calamine reserves every cell of it (one far cell
# at XFD1048576 asks for 512 GB and aborts the process), so it is bounded before any reader runs.
MAX_SHEET_CELLS = 2_000_000
MAX_MERGED_CELLS = 100_000  # openpyxl makes one object for every cell a merged range covers
MAX_DEFINED_NAMES = 5_000  # the template has a few hundred; openpyxl spends seconds on each 10k
MAX_NAME_BYTES = 255  # of one file name, on every file system we write to

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


def check_file(path: Path) -> None:
    path = Path(path)
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise UnreadableFile(f"找不到文件：{path}") from None
    except OSError as exc:
        raise UnreadableFile(f"无法读取 {path}：{exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile(
            f"{path.resolve()}：是文件夹，不是工作簿；请指定一个 .xlsx 文件（批量校验文件夹请用 nianbao audit）"
        )
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block the reader for ever, a device never ends
        raise UnreadableFile(f"{path} 不是普通文件（是设备或管道），不能作为报告读取")
    size = info.st_size
    if size == 0:
        raise UnreadableFile(f"{path.name} 是空文件（0 字节）")
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"{path.name} 过大（{size // 1024 // 1024} MB），不像一份年度报告")


def open_xlsx_zip(path: Path) -> zipfile.ZipFile:
    """Open a workbook's zip, after checking it is a sane .xlsx/.xlsm container."""
    check_file(path)
    with open(path, "rb") as fh:
        head = fh.read(8)
        if head == OLE_MAGIC:
            fh.seek(0)
            start = fh.read(2 * 1024 * 1024)
            if _ENCRYPTION_STREAM in start:
                raise UnreadableFile(f"{path.name} 设有打开密码（已加密），请在 Excel/WPS 中取消密码后另存再试")
            raise UnreadableFile(f"{path.name} 是旧版 .xls 格式，请在 Excel/WPS 中“另存为”.xlsx 后再试")
    if head[:4] != ZIP_MAGIC:
        raise UnreadableFile(f"{path.name} 不是 Excel 工作簿（.xlsx），或文件已损坏")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile(f"{path.name} 已损坏（文件不完整，无法解压），请重新获取该文件") from None
    check_zip_bounds(archive, path.name)
    names = archive.namelist()
    # Never written by Excel/WPS; readers disagree on which copy counts. python-calamine finds a
    # part whatever its case ("XL/Worksheets/Sheet1.xml"), so names equal but for case are twins too.
    if len({n.lower() for n in names}) != len(names):
        archive.close()
        raise UnreadableFile(f"{path.name} 已损坏（压缩包内有重名的部件），请重新获取该文件")
    if "xl/workbook.xml" not in names:
        archive.close()
        raise UnreadableFile(f"{path.name} 不是 Excel 工作簿（缺少 xl/workbook.xml）")
    return archive


def check_zip_bounds(archive: zipfile.ZipFile, name: str) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise UnreadableFile(f"{name} 内含文件过多（{len(members)} 个），拒绝读取")
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > MAX_MEMBER_RATIO * max(info.compress_size, 1):
            raise UnreadableFile(f"{name} 的压缩比异常（{info.filename}），疑似“压缩炸弹”，拒绝读取")
    if total > MAX_UNPACKED_BYTES:
        raise UnreadableFile(f"{name} 解压后过大（{total // 1024 // 1024} MB），疑似“压缩炸弹”，拒绝读取")


_SHEET_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|dimension|mergeCell)\b([^>]*)>")
_R_ATTR = re.compile(rb"""\sr\s*=\s*["']([^"']*)["']""")
_REF_ATTR = re.compile(rb"""\sref\s*=\s*["']([^"']*)["']""")
_A1_BYTES = re.compile(rb"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def check_workbook_bounds(
    archive: zipfile.ZipFile, name: str, workbook_xml: bytes, sheets: Collection[str] | None = None
) -> dict[str, bytes]:
    """Refuse a workbook whose sheets reach far outside anything the template uses, before a
    reader allocates for it: the extent (`<dimension>` and the last cell, with rows and cells
    that carry no address counted in place), the cells under merged ranges, the defined names.
    `sheets`: the names of the only sheets the caller will read (python-calamine parses a sheet
    only when asked for it), so the hidden live-check sheet, 288 KB of formulas, is not unpacked
    on every audit; None for a reader that loads every sheet (openpyxl).
    Returns the scanned sheets' XML by part name (read once, for io/uncached.py)."""
    names = workbook_xml.count(b"<definedName")
    if names > MAX_DEFINED_NAMES:
        raise UnreadableFile(f"{name} 定义了 {names} 个名称（模板只有几百个），疑似异常文件，拒绝读取")
    scanned = {}
    for member in _sheet_members(archive, workbook_xml, sheets):
        xml = scanned[member] = read_member(archive, member)
        # python-calamine takes cells from the sheet's first <sheetData> alone; openpyxl takes a
        # <row> wherever it stands (in table 三, 14 of 81 KB are cells; the rest validations and
        # conditional formats).
        where = _far_reference_quick(xml, cells_anywhere=sheets is None)
        if where is _UNSURE:
            where = _far_reference(xml)
        if where is not None:
            sheet = _sheet_of(archive, workbook_xml, member)
            raise UnreadableFile(
                f"{name} 的工作表“{sheet}”用到了远超模板范围的单元格（{where}），疑似异常文件，拒绝读取；"
                "请删除模板以外的内容（或取消过大的合并单元格）后另存再试"
            )
    return scanned


def _sheet_of(archive: zipfile.ZipFile, workbook_xml: bytes, member: str) -> str:
    """The name of the sheet read from `member`, for a message (the part's file name if none)."""
    return sheet_names(archive, workbook_xml).get(member, member.rsplit("/", 1)[-1])


def _sheet_targets(
    archive: zipfile.ZipFile, workbook_xml: bytes | None = None
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """_cached_sheet_targets of this archive (`workbook_xml` when the caller has read it)."""
    try:
        rels = read_member(archive, "xl/_rels/workbook.xml.rels")
    except KeyError:
        rels = b""
    return _cached_sheet_targets(workbook_xml or read_member(archive, "xl/workbook.xml"), rels)


def _sheet_members(archive: zipfile.ZipFile, workbook_xml: bytes, sheets: Collection[str] | None) -> list[str]:
    """The zip members a reader may parse as the given sheets (all sheets when None), found
    the way either reader finds them: openpyxl normalises the relationship's target as a path,
    python-calamine prefixes "xl/" and matches the member's name whatever its case."""
    by_lower = {member.lower(): member for member in archive.namelist()}
    wanted = None if sheets is None else {s.lower() for s in sheets}
    found = []
    for sheet, targets in _sheet_targets(archive, workbook_xml):
        if wanted is None or sheet.lower() in wanted:
            found += [by_lower[t] for t in targets if t in by_lower]
    if sheets is None:  # and whatever else looks like a sheet, referenced or not
        found += [
            m
            for low, m in by_lower.items()
            if low.startswith("xl/worksheets/") and low.endswith(".xml") and "/_rels/" not in low
        ]
    return list(dict.fromkeys(found))


@functools.lru_cache(maxsize=32)
def _cached_sheet_targets(workbook_xml: bytes, rels_xml: bytes) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(sheet name, lower-cased member names it may be read from). Generous on purpose: an
    element or attribute is matched by its local name in any namespace, and every target a
    relationship id was given counts — python-calamine matches "Relationship" and "sheet" by
    local name and "r:id" by its literal prefix, so a hostile file must not be able to point
    it at a part this scan passes over. Cached on the bytes: every workbook made from one
    template has the same two parts."""
    workbook = parse_xml(workbook_xml, "workbook.xml")
    targets: dict[str, list[str]] = {}
    if rels_xml:
        for node in parse_xml(rels_xml, "workbook.xml.rels").iter():
            if _local(node.tag) == "Relationship" and node.get("Target"):
                targets.setdefault(node.get("Id", ""), []).append(node.get("Target", ""))
    out = []
    for sheet in workbook.iter():
        if _local(sheet.tag) != "sheet":
            continue
        ids = [value for key, value in sheet.attrib.items() if _local(key) == "id"]
        parts = set()
        for target in (t for rid in ids for t in targets.get(rid, ())):
            parts.add(
                (
                    target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                ).lower()
            )
            parts.add(
                (
                    target[1:] if target.startswith("/xl/") else target if target.startswith("xl/") else "xl/" + target
                ).lower()
            )
        out.append((sheet.get("name") or "", tuple(sorted(parts))))
    return tuple(out)


def _local(name: object) -> str:
    """An element's or attribute's name without its namespace."""
    return name.rsplit("}", 1)[-1] if isinstance(name, str) else ""


# Literal prefixes: the regex engine skips to them quickly (an optional namespace prefix would not).
# Every element opened, with its address when written the usual way ("" when not).
_CELL_ADDRESS = re.compile(rb'<c(?=[\s/>])(?: r="([A-Z]{1,3})([0-9]{1,7})")?')
_ROW_ADDRESS = re.compile(rb'<row(?=[\s/>])(?: r="([0-9]{1,7})")?')
_DIMENSION = re.compile(rb'<dimension(?=[\s/>])(?: ref="([^"]*)")?')
_MERGE = re.compile(rb'<mergeCell(?=[\s/>])(?: ref="([^"]*)")?')
_PREFIXED = re.compile(rb":(?:c[\s/>]|row|dimension|mergeCell)")
_UNSURE = "?"


def _far_reference_quick(xml: bytes, cells_anywhere: bool = True) -> str | None:
    """`_far_reference` for a sheet written the usual way (every row and cell with its address
    first, no namespace prefix: what Excel, WPS, LibreOffice and XlsxWriter write), by a few
    regex scans instead of a walk in Python; _UNSURE when the sheet is written otherwise.
    `cells_anywhere` False: rows and cells counted only in the stretch holding the sheet data."""
    if _PREFIXED.search(xml):
        return _UNSURE
    region = xml if cells_anywhere else _sheet_data(xml)
    cells = _CELL_ADDRESS.findall(region)
    row_numbers = set(_ROW_ADDRESS.findall(region))
    dimensions = tuple(_DIMENSION.findall(xml))
    merges = tuple(_MERGE.findall(xml))
    columns: set[bytes] = set()
    if cells:
        cell_columns, cell_rows = zip(*cells)
        columns.update(cell_columns)
        row_numbers.update(cell_rows)
    if b"" in columns or b"" in row_numbers or b"" in dimensions or b"" in merges:
        return _UNSURE  # an element without its address first: counted in place by the walk
    last_row = max((int(r) for r in row_numbers), default=1) - 1
    last_col = max((_column(col) for col in columns), default=0)
    bottom, right, merged = _extent_of_ranges(dimensions, merges)
    if (max(last_row, bottom) + 1) * (max(last_col, right) + 1) > MAX_SHEET_CELLS or merged > MAX_MERGED_CELLS:
        return _far_reference(xml)  # the walk names the reference that crossed the bound
    return None


@functools.lru_cache(maxsize=256)  # a template's merged ranges recur in every workbook made from it
def _extent_of_ranges(dimensions: tuple[bytes, ...], merges: tuple[bytes, ...]) -> tuple[int, int, int]:
    """(last row, last column) the dimensions reach, and how many cells the merges cover."""
    bottom = right = merged = 0
    for is_dimension, ref in [(True, d) for d in dimensions] + [(False, m) for m in merges]:
        corners = [_cell_of(part) for part in ref.split(b":")]
        if None in corners:
            continue
        (top, left), (low, far) = corners[0], corners[-1]  # type: ignore[misc]
        if is_dimension:
            bottom, right = max(bottom, low), max(right, far)
        else:
            merged += (abs(low - top) + 1) * (abs(far - left) + 1)
    return bottom, right, merged


def _sheet_data(xml: bytes) -> bytes:
    """From the first mention of "sheetData" to the last (to the end when there is one): all
    python-calamine reads cells from, whatever comments or a prefix would hide."""
    first = xml.find(b"sheetData")
    if first < 0:
        return b""
    last = xml.rfind(b"sheetData")
    return xml[first:] if last == first else xml[first:last]


def _column(letters: bytes) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ch - 64
    return col - 1


def _far_reference(xml: bytes) -> str | None:
    """The first reference that takes the sheet past the bounds, in A1 form; None if none does."""
    last_row = last_col = 0
    row = col = -1
    merged = 0
    for match in _SHEET_TAG.finditer(xml):
        tag, attributes = match.group(1), match.group(2)
        if tag == b"row":  # a row reserves nothing by itself, but places the cells without address
            given = _R_ATTR.search(attributes)
            row = int(given.group(1)) - 1 if given and given.group(1).isdigit() else row + 1
            col = -1
            continue
        if tag == b"c":
            spot = _cell_of(_R_ATTR.search(attributes))
            row, col = spot if spot is not None else (max(row, 0), col + 1)
            last_row, last_col = max(last_row, row), max(last_col, col)
            where = None  # named below, only if it crossed the bound
        else:
            ref = _REF_ATTR.search(attributes)
            corners = [_cell_of(part) for part in ref.group(1).split(b":")] if ref else []
            if not corners or None in corners:
                continue
            (top, left), (bottom, right) = corners[0], corners[-1]  # type: ignore[misc]
            where = ref.group(1).decode("ascii", "replace")  # type: ignore[union-attr]
            if tag == b"dimension":
                last_row, last_col = max(last_row, bottom), max(last_col, right)
            else:
                merged += (abs(bottom - top) + 1) * (abs(right - left) + 1)
        if (last_row + 1) * (last_col + 1) > MAX_SHEET_CELLS or merged > MAX_MERGED_CELLS:
            return where or a1(row, col)
    return None


def sheet_names(archive: zipfile.ZipFile, workbook_xml: bytes | None = None) -> dict[str, str]:
    """Part name ("xl/worksheets/sheet1.xml") -> sheet name, for the parts the archive holds,
    found as the readers find them (see _cached_sheet_targets)."""
    by_lower = {member.lower(): member for member in archive.namelist()}
    return {
        by_lower[part]: sheet
        for sheet, parts in _sheet_targets(archive, workbook_xml)
        for part in parts
        if part in by_lower
    }


def _cell_of(found) -> tuple[int, int] | None:
    """(row, col), 0-based, of an A1 address (a match of an attribute, or the bytes)."""
    if found is None:
        return None
    return _address(found.group(1) if isinstance(found, re.Match) else found)


@functools.lru_cache(maxsize=4096)  # the template's merged ranges recur in every workbook made from it
def _address(text: bytes) -> tuple[int, int] | None:
    m = _A1_BYTES.match(text.strip())
    if m is None:
        return None
    return int(m.group(2)) - 1, _column(m.group(1).upper())


def read_member(archive: zipfile.ZipFile, member: str, limit: int = 50 * 1024 * 1024) -> bytes:
    """Read one member, never more than `limit` bytes whatever its header claims."""
    data = _read_plain_member(archive, member, limit)
    if data is not None:
        return data
    try:
        with archive.open(member) as fh:
            data = fh.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError):
        # a bad CRC, a cut or bit-flipped deflate stream, an unknown compression or a password
        name = Path(archive.filename or "").name or "工作簿"
        raise UnreadableFile(f"{name} 已损坏（{member} 无法解压），请重新获取该文件") from None
    if len(data) > limit:
        raise UnreadableFile(f"{member} 过大，拒绝读取")
    return data


def _read_plain_member(archive: zipfile.ZipFile, member: str, limit: int) -> bytes | None:
    """The usual member (deflated or stored, no password, within `limit`) read in one call and
    checked as zipfile checks it — the local header's name, the size, the CRC — at half of
    zipfile's cost (an audit reads six sheets of every workbook); None for anything else, which
    read_member leaves to zipfile to read or to name as broken."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        return None
    fp = archive.fp
    if (
        fp is None
        or info.flag_bits & 0x1
        or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
        or max(info.file_size, info.compress_size) > limit
    ):
        return None
    try:
        fp.seek(info.header_offset)
        header = fp.read(30)
        if len(header) != 30 or header[:4] != ZIP_MAGIC:
            return None
        name_length, extra_length = int.from_bytes(header[26:28], "little"), int.from_bytes(header[28:30], "little")
        name = fp.read(name_length).decode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace")
        if name != info.orig_filename:
            return None
        fp.seek(extra_length, os.SEEK_CUR)
        raw = fp.read(info.compress_size)
        if len(raw) != info.compress_size:
            return None
        data = (
            raw
            if info.compress_type == zipfile.ZIP_STORED
            else zlib.decompressobj(-15).decompress(raw, info.file_size + 1)
        )
    except (OSError, ValueError, zlib.error):
        return None
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        return None
    return data


def parse_xml(data: bytes, where: str):
    """defusedxml: entity declarations and external references are refused."""
    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    try:
        return safe_et.fromstring(data)
    except DefusedXmlException:
        raise UnreadableFile(f"{where} 含有不安全的 XML（实体声明），疑似恶意文件，拒绝读取") from None
    except safe_et.ParseError:
        raise UnreadableFile(f"{where} 的 XML 已损坏，无法读取") from None


@contextlib.contextmanager
def editable(path: Path):
    """Around a copy-and-edit of `path` with openpyxl: a file that python-calamine read but
    openpyxl cannot load (a malformed cell, an odd part) is an unreadable file, not a bug.
    Only failures raised inside openpyxl's load_workbook are translated."""
    try:
        yield
    except NianbaoError:
        raise
    except Exception as exc:
        if not _raised_in(exc, "load_workbook", "openpyxl"):
            raise
        raise UnreadableFile(
            f"{Path(path).name} 的内容不规范，无法另存副本（{type(exc).__name__}）；"
            "请在 Excel/WPS 中打开后“另存为”.xlsx 再试"
        ) from None


def _raised_in(exc: BaseException, function: str, package: str) -> bool:
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_name == function and package in code.co_filename:
            return True
        tb = tb.tb_next
    return False


def check_output(output: Path) -> None:
    """Before any work is done: refuse an output path that cannot be written, with the reason
    (a folder, a folder that does not exist, a folder without write permission)."""
    output = Path(output)
    if any(len(os.fsencode(part)) > MAX_NAME_BYTES for part in output.parts):
        raise NianbaoError(f"输出文件名过长（{len(os.fsencode(output.name))} 字节），请换一个短一些的文件名")
    if output.is_dir():
        raise NianbaoError(
            f"输出路径 {output} 是文件夹，不是文件；请在 -o 后写出文件名，例如 {output / ('结果' + (output.suffix or '.xlsx'))}"
        )
    try:
        mode = output.stat().st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):  # os.replace would put a file in place of a device or FIFO
        raise NianbaoError(f"输出路径 {output} 不是普通文件（是设备或管道）；请在 -o 后写一个新的文件名")
    directory = output.parent if str(output.parent) else Path(".")
    if not directory.is_dir():
        raise NianbaoError(f"输出目录不存在：{directory}（请先建立该文件夹，或换一个位置）")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise NianbaoError(f"不能在 {directory} 中写文件（没有写入权限），请换一个文件夹")
