"""Writing results without ever touching the user's input, and atomically."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from nianbao.errors import NianbaoError

TEMP_STEM_BYTES = 60  # the temporary name is ".<stem>.<pid>.<random>.<suffix>.tmp": it must fit in 255 bytes
STALE_AFTER_SECONDS = 24 * 3600  # a temporary file this old is left over from a killed save whatever its pid


def refuse_overwrite_of_input(output: Path, *inputs: Path | None) -> None:
    for source in inputs:
        if source is None:
            continue
        try:
            same = output.exists() and Path(source).exists() and os.path.samefile(output, source)
        except OSError:
            same = False
        if same:
            raise NianbaoError(f"输出文件不能与输入文件相同（{output}）：本程序从不修改原文件，请用 -o 指定新文件名")


@contextlib.contextmanager
def atomic_path(output: Path) -> Iterator[Path]:
    """Yield a temporary path beside `output`; on success it replaces `output` in one step.

    Only a regular file (or a new name) is ever replaced; a write that fails (a full disk, a
    vanished network drive) leaves the old output as it was and says so in Chinese.
    """
    output = Path(output)
    directory = output.parent if str(output.parent) else Path(".")
    if not directory.is_dir():
        raise NianbaoError(f"输出目录不存在：{directory}")
    _refuse_special(output)
    prefix = f".{_short(output.stem)}.{os.getpid()}."
    suffix = output.suffix[:20] + ".tmp"
    _remove_stale(directory, f".{_short(output.stem)}.", suffix)
    tmp_path: Path | None = None
    failure: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=directory)
        tmp_path = Path(tmp)
        os.close(fd)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a result file gets the usual permissions
        yield tmp_path
        _refuse_special(output)  # it may have become one while we worked
        os.replace(tmp_path, output)
    except NianbaoError:
        raise
    except Exception as exc:
        failure = _write_failure(exc, output)
        if failure is None:
            raise
    finally:
        if tmp_path is not None and tmp_path.exists():
            tmp_path.unlink()
    if failure is not None:
        _quiet_failed_zip_close()
        raise NianbaoError(failure)


def _write_failure(exc: BaseException, output: Path) -> str | None:
    """The Chinese message for a failed write, or None when `exc` is not one (a bug of ours).

    XlsxWriter wraps the OSError in its own FileCreateError, which is not an OSError."""
    seen: BaseException | None = exc
    while seen is not None and not isinstance(seen, OSError):
        seen = seen.__cause__ or seen.__context__
    if seen is None:
        seen = _lxml_io_error(exc)
    if seen is None:
        if type(exc).__name__ != "FileCreateError":
            return None
        return f"无法写入 {output}：{exc}（原有文件未改动）"
    if isinstance(seen, PermissionError):
        return f"无法写入 {output}：文件可能正被 Excel/WPS 打开，请关闭后重试（{seen.strerror}）"
    if isinstance(seen, FileNotFoundError):
        return f"无法写入 {output}：输出目录已不存在（{seen.strerror}）"
    return f"无法写入 {output}：{_reason(seen)}（原有文件未改动）"


def _lxml_io_error(exc: BaseException) -> OSError | None:
    """lxml (openpyxl's writer) reports a failed write as SerialisationError("IO_EFBIG")."""
    text = str(exc)
    if type(exc).__name__ != "SerialisationError" or not text.startswith("IO_"):
        return None
    code = getattr(errno, text[3:], None)
    return OSError(code, os.strerror(code)) if code else OSError(text)


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "磁盘空间不足或文件超过允许的大小"
    if exc.errno == errno.ENAMETOOLONG:
        return "文件名过长"
    return str(exc.strerror or exc)


def _refuse_special(output: Path) -> None:
    try:
        mode = output.stat().st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode):
        raise NianbaoError(f"输出路径 {output} 不是普通文件（是文件夹、设备或管道），不能写入；请换一个新的文件名")


def _short(stem: str) -> str:
    data = os.fsencode(stem)
    if len(data) <= TEMP_STEM_BYTES:
        return stem
    return os.fsdecode(data[:TEMP_STEM_BYTES].decode("utf-8", "ignore").encode("utf-8"))


def _remove_stale(directory: Path, start: str, end: str) -> None:
    """Temporary files of this output left by a save that was killed (SIGKILL, power cut)."""
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if not (entry.name.startswith(start) and entry.name.endswith(end)):
            continue
        pid = entry.name[len(start) :].split(".", 1)[0]
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_SECONDS
            if old or (pid.isdigit() and not _alive(int(pid))):
                os.unlink(entry.path)
        except OSError:
            continue


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process
        return True
    return True


def _quiet_failed_zip_close() -> None:
    """The writer's half-written zip is closed once more when it is collected, which fails again
    and would print "Exception ignored in ZipFile.__del__ … Traceback" on the clerk's screen
    (it is still held by the traceback of the failure, so it cannot be collected here)."""
    previous = sys.unraisablehook
    if getattr(previous, "quiet_failed_zip_close", False):
        return

    def hook(unraisable) -> None:
        if isinstance(unraisable.exc_value, OSError) and "ZipFile" in repr(unraisable.object):
            return
        previous(unraisable)

    hook.quiet_failed_zip_close = True  # type: ignore[attr-defined]
    sys.unraisablehook = hook


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes_atomic(output: Path, data: bytes) -> None:
    with atomic_path(output) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(output: Path, text: str) -> None:
    write_bytes_atomic(output, text.encode("utf-8"))
