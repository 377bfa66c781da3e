"""Refuse hostile or foreign files before any parser sees them.

Bounds what is unpacked (zip bombs), rejects XML with entity declarations (billion laughs),
and tells an encrypted or legacy Office file apart from a corrupt one.
"""

from __future__ import annotations

import contextlib
import os
import zipfile
import zlib
from pathlib import Path

from nianbao.errors import NianbaoError, UnreadableFile

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
    if len(set(names)) != len(names):  # never written by Excel/WPS; readers disagree on which copy counts
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


def read_member(archive: zipfile.ZipFile, member: str, limit: int = 50 * 1024 * 1024) -> bytes:
    """Read one member, never more than `limit` bytes whatever its header claims."""
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
    if output.is_dir():
        raise NianbaoError(
            f"输出路径 {output} 是文件夹，不是文件；请在 -o 后写出文件名，例如 {output / ('结果' + (output.suffix or '.xlsx'))}"
        )
    directory = output.parent if str(output.parent) else Path(".")
    if not directory.is_dir():
        raise NianbaoError(f"输出目录不存在：{directory}（请先建立该文件夹，或换一个位置）")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise NianbaoError(f"不能在 {directory} 中写文件（没有写入权限），请换一个文件夹")
