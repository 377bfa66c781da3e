"""Writing results without ever touching the user's input, and atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from nianbao.errors import NianbaoError


def refuse_overwrite_of_input(output: Path, *inputs: Path) -> None:
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
    """Yield a temporary path beside `output`; on success it replaces `output` in one step."""
    output = Path(output)
    directory = output.parent if str(output.parent) else Path(".")
    if not directory.is_dir():
        raise NianbaoError(f"输出目录不存在：{directory}")
    fd, tmp = tempfile.mkstemp(prefix=f".{output.stem}.", suffix=output.suffix + ".tmp", dir=directory)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a result file gets the usual permissions
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, output)
    except PermissionError as exc:
        raise NianbaoError(f"无法写入 {output}：文件可能正被 Excel/WPS 打开，请关闭后重试（{exc.strerror}）") from None
    except OSError as exc:  # a full disk, a vanished network drive…: the old output is left as it was
        raise NianbaoError(f"无法写入 {output}：{exc.strerror or exc}（原有文件未改动）") from None
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes_atomic(output: Path, data: bytes) -> None:
    with atomic_path(output) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(output: Path, text: str) -> None:
    write_bytes_atomic(output, text.encode("utf-8"))
