"""Throughput of `import_report` on synthetic published reports (target: 500/s on two cores).

    .venv/bin/python bench/bench_import.py [N]

Writes N reports in several text forms to a temp dir, then imports them serially and
with a process pool on all cores, and prints reports per second.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_import_synthetic import (  # noqa: E402  (the renderers live with their tests)
    random_values,
    render_cell_per_line,
    render_html,
    render_markdown,
    render_row_per_line,
    render_run_together,
)

from nianbao.importers import import_report  # noqa: E402

FORMS = [
    ("txt", lambda v, y: render_row_per_line(v, y)),
    ("txt", lambda v, y: render_row_per_line(v, y, before=True, page_numbers=True)),
    ("txt", render_cell_per_line),
    ("txt", render_run_together),
    ("md", render_markdown),
    ("html", render_html),
]


def _one(path: str) -> int:
    return len(import_report(path).report.values)


def _chunk(paths: list[str]) -> int:
    return sum(_one(p) for p in paths)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(n):
            ext, render = FORMS[i % len(FORMS)]
            path = Path(tmp) / f"r{i:05d}.{ext}"
            path.write_text(render(random_values(rng, zeros=rng.choice([0.3, 0.6, 0.9])), 2024), encoding="utf-8")
            paths.append(str(path))
        size = sum(os.path.getsize(p) for p in paths) / n
        print(f"{n} reports, {len(FORMS)} forms, {size / 1024:.1f} KB each on average")

        start = time.perf_counter()
        cells = sum(_one(p) for p in paths)
        serial = time.perf_counter() - start
        print(f"serial:        {n / serial:8.1f} reports/s  ({serial * 1000 / n:.2f} ms each, {cells} cells)")

        workers = os.cpu_count() or 1
        chunks = [paths[i::workers * 8] for i in range(workers * 8)]
        start = time.perf_counter()
        with ProcessPoolExecutor(workers) as pool:
            pooled_cells = sum(pool.map(_chunk, chunks))
        pooled = time.perf_counter() - start
        print(f"pool x{workers}:       {n / pooled:8.1f} reports/s  (incl. pool start-up; {pooled_cells} cells)")

        for ext, render in FORMS:
            subset = [p for i, p in enumerate(paths) if FORMS[i % len(FORMS)][1] is render][:200]
            start = time.perf_counter()
            for p in subset:
                _one(p)
            took = time.perf_counter() - start
            name = getattr(render, "__name__", "?")
            print(f"  {ext:4} {name:28} {len(subset) / took:8.1f} reports/s")


if __name__ == "__main__":
    main()
