"""How fast `nianbao audit` is, against just reading the same files with python-calamine.

    python bench/bench_audit.py [-n 1000] [--folder DIR] [--jobs N]

Prints, for N synthetic workbooks (bench/make_workbooks.py, 10 % with an error):
- bare read: open each file with python-calamine and read every sheet with to_python,
  serially and spread over the same number of processes as the audit;
- the audit (discover, read_workbook + check in the pool, summary workbook written);
- the command line `nianbao audit DIR -o SUMMARY.xlsx` including interpreter start-up;
- where read_workbook spends its time per file.
Target (issue 10, item 9): the audit on every core within 1.0 × the bare one-core read.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from make_workbooks import make_workbooks  # noqa: E402
from timing import best_of  # noqa: E402


def bare_read(path: str) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    cells = 0
    for name in book.sheet_names:
        cells += sum(len(row) for row in book.get_sheet_by_name(name).to_python())
    book.close()
    return cells


def bare_chunk(paths: list[str]) -> int:
    return sum(bare_read(p) for p in paths)


def cpu_seconds(fn, *args) -> float:
    """CPU time of fn (this process and the processes it waited for): on a shared, noisy
    machine a steadier figure than the wall clock, and what two cores divide between them."""
    import resource

    def used() -> float:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    before = used()
    fn(*args)
    return used() - before


def bare_serial(paths: list[str]) -> None:
    bare_chunk(paths)


def bare_parallel(paths: list[str], workers: int) -> None:
    size = max(1, len(paths) // (workers * 8))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(bare_chunk, chunks))


def audit_in_process(folder: Path, jobs: int | None, out: Path) -> None:
    from nianbao.batch.audit import run_audit
    from nianbao.batch.summary_xlsx import write_summary

    result = run_audit([folder], jobs=jobs, progress=False)
    write_summary(out, result.records)


def audit_cli(folder: Path, jobs: int | None, out: Path) -> None:
    cmd = [sys.executable, "-m", "nianbao", "audit", str(folder), "-o", str(out)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    subprocess.run(cmd, check=False, capture_output=True)


def read_breakdown(paths: list[str], sample: int = 200) -> dict[str, float]:
    """Milliseconds per file in each phase of read_workbook (its own steps, called one by one)."""
    from nianbao.check.checker import check
    from nianbao.io import workbook_reader as wr
    from nianbao.io.safety import open_xlsx_zip, read_member

    paths = paths[:sample]
    from nianbao.io.safety import check_workbook_bounds

    phases = {
        "zip + workbook.xml + defined names": 0.0,
        "  of which: bounds (extent, merges, names)": 0.0,
        "calamine sheets (reader)": 0.0,
        "cells → values (parse_cell…)": 0.0,
        "read_workbook total": 0.0,
        "check": 0.0,
    }
    for p in paths:
        path = Path(p)
        t0 = time.perf_counter()
        with open_xlsx_zip(path) as archive:
            data = read_member(archive, "xl/workbook.xml")
            tb = time.perf_counter()
            sheets, _ = wr._workbook_parts(data, path.name)  # cached on the bytes, as in read_workbook
            wanted = wr._sheets_read(data)
            check_workbook_bounds(archive, path.name, data, wanted)
            phases["  of which: bounds (extent, merges, names)"] += time.perf_counter() - tb
        t1 = time.perf_counter()
        wr._read_sheets(path, tuple(sheets), wanted)
        t2 = time.perf_counter()
        result = wr.read_workbook(path)
        t3 = time.perf_counter()
        check(result.report, problems=result.problems, locate=result.cell_of)
        t4 = time.perf_counter()
        phases["zip + workbook.xml + defined names"] += t1 - t0
        phases["calamine sheets (reader)"] += t2 - t1
        phases["read_workbook total"] += t3 - t2
        phases["check"] += t4 - t3
    phases["cells → values (parse_cell…)"] = (
        phases["read_workbook total"]
        - phases["zip + workbook.xml + defined names"]
        - phases["calamine sheets (reader)"]
    )
    bare, _ = best_of(1, bare_serial, paths)
    phases["bare calamine read (all sheets)"] = bare
    return {k: v / len(paths) * 1000 for k, v in phases.items()}


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
    paths = [str(p) for p in make_workbooks(folder, n)]
    workers = args.jobs or cpu_count()
    out = Path(tempfile.gettempdir()) / f"nianbao-bench-summary-{os.getpid()}.xlsx"

    bare_serial(paths)  # warm the file cache for everyone
    t_bare, _ = best_of(args.repeat, bare_serial, paths)
    t_bare_par, _ = best_of(args.repeat, bare_parallel, paths, workers)
    t_audit, _ = best_of(args.repeat, audit_in_process, folder, args.jobs, out)
    t_cli, _ = best_of(1, audit_cli, folder, args.jobs, out)
    cpu_bare = min(cpu_seconds(bare_serial, paths) for _ in range(args.repeat))
    cpu_audit = min(cpu_seconds(audit_in_process, folder, args.jobs, out) for _ in range(args.repeat))
    out.unlink(missing_ok=True)

    print(f"{n} 份工作簿，{workers} 个进程（本机 {os.cpu_count()} 核）")
    print(f"  裸读取（calamine，逐个）      {t_bare:7.2f} 秒  {n / t_bare:7.0f} 份/秒")
    print(f"  裸读取（calamine，{workers} 进程）    {t_bare_par:7.2f} 秒  {n / t_bare_par:7.0f} 份/秒")
    print(f"  audit（含写汇总表）          {t_audit:7.2f} 秒  {n / t_audit:7.0f} 份/秒")
    print(f"  nianbao audit 命令（含启动）  {t_cli:7.2f} 秒  {n / t_cli:7.0f} 份/秒")
    print(f"  比值 audit（{workers} 进程）/ 裸读取（逐个）   {t_audit / t_bare:5.2f}×（目标 ≤ 1.0×）")
    print(f"  比值 audit 命令 / 裸读取（逐个）   {t_cli / t_bare:5.2f}×")
    print(f"  比值 audit / 裸读取（并行）   {t_audit / t_bare_par:5.2f}×")
    print(
        f"  CPU 时间：裸读取 {cpu_bare:.2f} 秒，audit {cpu_audit:.2f} 秒（各进程合计）；"
        f"{workers} 核均分时的比值 {cpu_audit / workers / cpu_bare:.2f}×（机器忙时看这一行）"
    )
    print("每份文件各步骤耗时（毫秒，单进程）：")
    for phase, ms in read_breakdown(paths).items():
        print(f"  {phase:40s} {ms:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
