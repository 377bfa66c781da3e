"""Make N synthetic filled workbooks for the benches (shared by every bench script).

    python bench/make_workbooks.py DIR [-n 1000] [--seed 1] [--faulty 0.1] [--jobs N]

Each workbook is the real template written by `build_template(path, report)`, filled
with a random report that satisfies every rule (tests/factories.py); a fraction
`--faulty` get one wrong number so the checker has something to say. Files are made in
parallel; a folder already holding the same set (same N, seed, faulty) is reused.
Prints files/second.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

MANIFEST = ".bench-manifest.json"  # hidden: audits skip it


def report_for(i: int, seed: int, faulty: float, year: int = 2024):
    from factories import consistent_report

    rng = random.Random(seed * 1_000_003 + i)
    report = consistent_report(rng, busy=rng.choice((0.1, 0.3, 0.6)), agency=f"第{i:05d}号测试单位", year=year)
    if rng.random() < faulty:
        key = rng.choice(("t3.new.total", "t3.granted.natural_person", "t4.review.total", "t3.results_total.total"))
        report.values[key] += rng.randint(1, 9)
    return report


def _make(args: tuple[str, int, int, float]) -> None:
    from nianbao.build.template import build_template

    path, i, seed, faulty = args
    build_template(Path(path), report_for(i, seed, faulty))


def make_workbooks(
    folder: Path, n: int = 1000, *, seed: int = 1, faulty: float = 0.1, jobs: int | None = None, quiet: bool = False
) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"report-{i:05d}.xlsx" for i in range(n)]
    # The template's own bytes too: workbooks of an older template (no live-check sheet, other
    # names) would be timed as if they were today's.
    template = hashlib.sha256((REPO / "template.xlsx").read_bytes()).hexdigest()
    wanted = {"n": n, "seed": seed, "faulty": faulty, "template": template[:16]}
    manifest = folder / MANIFEST
    if manifest.exists() and json.loads(manifest.read_text()) == wanted and all(p.exists() for p in paths):
        if not quiet:
            print(f"复用已有的 {n} 份工作簿：{folder}")
        return paths
    started = time.perf_counter()
    tasks = [(str(p), i, seed, faulty) for i, p in enumerate(paths)]
    if n < 8 or jobs == 1:
        for task in tasks:
            _make(task)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(_make, tasks, chunksize=max(1, n // 64)))
    elapsed = time.perf_counter() - started
    manifest.write_text(json.dumps(wanted))
    if not quiet:
        print(f"生成 {n} 份工作簿：{elapsed:.1f} 秒，{n / elapsed:.0f} 份/秒（{folder}）")
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="生成基准测试用的工作簿")
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--faulty", type=float, default=0.1, help="有错误的报告所占比例")
    parser.add_argument("--jobs", type=int)
    args = parser.parse_args(argv)
    make_workbooks(args.folder, args.n, seed=args.seed, faulty=args.faulty, jobs=args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
