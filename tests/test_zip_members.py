"""Reading one part of a workbook's zip: the quick path (one read, one inflate) must accept
exactly what zipfile accepts and leave everything else to zipfile, which names it broken."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from nianbao.errors import UnreadableFile
from nianbao.io.safety import _read_plain_member, open_xlsx_zip, read_member

REPO = Path(__file__).resolve().parents[1]
SHEET = "xl/worksheets/sheet1.xml"


def test_every_part_of_the_shipped_workbooks_reads_as_zipfile_reads_it():
    books = [REPO / "template.xlsx", *REPO.glob("examples/*.xlsx"), *REPO.glob("workbook/*.xlsm")]
    assert len(books) >= 3
    for book in books:
        with open_xlsx_zip(book) as archive:
            for member in archive.namelist():
                assert _read_plain_member(archive, member, 50 << 20) == archive.read(member), (book, member)


def _edited(tmp_path: Path, edit) -> Path:
    """template.xlsx with the bytes of one member's stored data changed by `edit`."""
    data = bytearray((REPO / "template.xlsx").read_bytes())
    with zipfile.ZipFile(REPO / "template.xlsx") as archive:
        info = archive.getinfo(SHEET)
    name_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    edit(data, start, info)
    path = tmp_path / "edited.xlsx"
    path.write_bytes(bytes(data))
    return path


def _flip(data: bytearray, start: int, info) -> None:
    data[start + info.compress_size // 2] ^= 0x10


def _zero_crc(data: bytearray, start: int, info) -> None:
    """The CRC in the central directory (what zipfile and python-calamine check against) zeroed."""
    position = bytes(data).find(b"PK\x01\x02")
    while position >= 0:
        name_length = int.from_bytes(data[position + 28 : position + 30], "little")
        if bytes(data[position + 46 : position + 46 + name_length]) == SHEET.encode():
            data[position + 16 : position + 20] = b"\0\0\0\0"
            return
        position = bytes(data).find(b"PK\x01\x02", position + 4)
    raise AssertionError("no central directory entry")


def _renamed_local_header(data: bytearray, start: int, info) -> None:
    data[info.header_offset + 30] ^= 0x20  # "xl/…" becomes "Xl/…" in the local header only


@pytest.mark.parametrize("edit", [_flip, _zero_crc, _renamed_local_header])
def test_a_damaged_part_is_left_to_zipfile_and_named_broken(tmp_path, edit):
    path = _edited(tmp_path, edit)
    with zipfile.ZipFile(path) as archive:
        assert _read_plain_member(archive, SHEET, 50 << 20) is None
        with pytest.raises(UnreadableFile, match="已损坏"):
            read_member(archive, SHEET)


def test_a_part_larger_than_the_limit_is_refused_not_read(tmp_path):
    with zipfile.ZipFile(REPO / "template.xlsx") as archive:
        assert _read_plain_member(archive, SHEET, 100) is None
        with pytest.raises(UnreadableFile, match="过大"):
            read_member(archive, SHEET, limit=100)
