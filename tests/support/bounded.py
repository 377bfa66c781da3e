"""Run the `nianbao` command in a process of its own, under the budget a hostile input must fit:
an address-space limit (1 GiB unless told), a time limit, optionally a file-size limit that
makes every write past it fail as on a full disk (EFBIG, with SIGXFSZ ignored)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

GiB = 1024**3

_WRAPPER = """
import resource, signal, sys
memory, file_size = int(sys.argv[1]), int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
if file_size >= 0:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
from nianbao.cli import main
sys.exit(main(sys.argv[3:]))
"""


@dataclass
class Ran:
    code: int
    out: str
    err: str
    seconds: float
    raw_out: bytes

    @property
    def said(self) -> str:
        return self.out + self.err


def run_bounded(*args, cwd: Path | None = None, memory: int = GiB, file_size: int = -1, timeout: float = 15) -> Ran:
    argv = [
        sys.executable,
        "-c",
        _WRAPPER,
        str(memory),
        str(file_size),
        *[os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in args],
    ]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NIANBAO_DEBUG": ""}
    start = time.monotonic()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, timeout=timeout, env=env)
    return Ran(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
        time.monotonic() - start,
        done.stdout,
    )


def assert_clean(ran: Ran, what: str, *, seconds: float = 15) -> None:
    """Exit 0, 1 or 2; no traceback, no internal error, no "Exception ignored"; a Chinese word; in time."""
    assert ran.code in (0, 1, 2), f"{what}: exit {ran.code}\n{ran.err[-3000:]}"
    for bad in ("Traceback", "内部错误", "Exception ignored", "memory allocation"):
        assert bad not in ran.said, f"{what}: {bad}\n{ran.err[-3000:]}"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in ran.said), f"{what}: no Chinese\n{ran.said[-2000:]}"
    assert ran.seconds < seconds, f"{what}: {ran.seconds:.1f} s"
