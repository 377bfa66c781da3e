"""How fast `nianbao aggregate` is over N synthetic workbooks.

    python bench/bench_aggregate.py [-n 1000] [--folder DIR] [--jobs N] [--repeat 3]

The workbooks come from bench/make_workbooks.py (10 % with an error: those are refused, as
a reviewer would see). Prints seconds and files/second for the aggregation in-process
(discover, read + check in the pool, add up, write the total workbook) and for the command
line including interpreter start-up.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from make_workbooks import make_workbooks  # noqa: E402
from timing import best_of  # noqa: E402


def aggregate_in_process(folder: Path, jobs: int | None, out: Path):
    from nianbao.batch.aggregate import aggregate
    from nianbao.batch.total_xlsx import write_total

    result = aggregate([folder], jobs=jobs, progress=False, exclude=[out])
    write_total(out, result)
    return result


def aggregate_cli(folder: Path, jobs: int | None, out: Path) -> int:
    cmd = [sys.executable, "-m", "nianbao", "aggregate", str(folder), "-o", str(out)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    return subprocess.run(cmd, check=False, capture_output=True).returncode


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    from nianbao.batch.pool import cpu_count

    n = args.n
    folder = args.folder or Path(tempfile.gettempdir()) / f"nianbao-bench-{n}"
    make_workbooks(folder, n)
    out = Path(tempfile.gettempdir()) / f"nianbao-bench-total-{os.getpid()}.xlsx"
    workers = args.jobs or cpu_count()

    aggregate_in_process(folder, args.jobs, out)  # warm the file cache
    seconds, result = best_of(args.repeat, aggregate_in_process, folder, args.jobs, out)
    cli_seconds, code = best_of(1, aggregate_cli, folder, args.jobs, out)
    out.unlink(missing_ok=True)

    print(
        f"{n} 份工作簿，{workers} 个进程（本机 {os.cpu_count()} 核）；计入 {len(result.included)} 份，未计入 {len(result.refused)} 份"
    )
    print(f"  aggregate（含写汇总表）            {seconds:7.2f} 秒  {n / seconds:7.0f} 份/秒")
    print(f"  nianbao aggregate 命令（含启动）    {cli_seconds:7.2f} 秒  {n / cli_seconds:7.0f} 份/秒（退出码 {code}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
