"""Refuse hostile or foreign files before any parser sees them.

Bounds what is unpacked (zip bombs), rejects XML with entity declarations (billion laughs),
and tells an encrypted or legacy Office file apart from a corrupt one.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import UnreadableFile

MAX_FILE_BYTES = 60 * 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_MEMBER_RATIO = 300  # uncompressed / compressed, for members bigger than 1 MB
MAX_MEMBERS = 5000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


def check_file(path: Path) -> None:
    path = Path(path)
    if not path.exists():
        raise UnreadableFile(f"找不到文件：{path}")
    if path.is_dir():
        raise UnreadableFile(f"{path} 是文件夹，不是文件")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile(f"{path.name} 是空文件（0 字节）")
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"{path.name} 过大（{size // 1024 // 1024} MB），不像一份年度报告工作簿")


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
    if "xl/workbook.xml" not in archive.namelist():
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


def read_member(archive: zipfile.ZipFile, member: str, limit: int = 50 * 1024 * 1024) -> bytes:
    """Read one member, never more than `limit` bytes whatever its header claims."""
    with archive.open(member) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise UnreadableFile(f"{member} 过大，拒绝读取")
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
