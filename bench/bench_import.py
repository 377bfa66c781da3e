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

from nianbao.importers import import_report
from test_import_glued import render_glued
from test_import_synthetic import (
    random_values,
    render_cell_per_line,
    render_html,
    render_markdown,
    render_row_per_line,
    render_run_together,
)


def _glued(v, y):
    """A web page's text copy: no whitespace at all (labels, cells, item numbers glued)."""
    return render_glued(v, random.Random(y))[0]


def _row_per_line(v, y):
    return render_row_per_line(v, y)


def _numbers_before_label(v, y):
    return render_row_per_line(v, y, before=True, page_numbers=True)


# A realistic mix: most published reports are web pages or PDF text with one row per line;
# cells run together (web-archive copies) are a small share.
FORMS = [
    ("txt", _row_per_line, 30),
    ("txt", _numbers_before_label, 20),
    ("txt", render_cell_per_line, 10),
    ("txt", render_run_together, 5),
    ("md", render_markdown, 10),
    ("html", render_html, 25),
    ("txt", _glued, 5),
]
# Real reports: most cells zero, a few non-zero (a township: nearly all zero; a ministry: busier).
ZEROS = [(0.97, 40), (0.9, 35), (0.75, 20), (0.5, 5)]


def _one(path: str) -> int:
    return len(import_report(path).report.values)


def _chunk(paths: list[str]) -> int:
    return sum(_one(p) for p in paths)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        form_of = []
        for i in range(n):
            ext, render, _ = rng.choices(FORMS, weights=[w for *_, w in FORMS])[0]
            zeros = rng.choices([z for z, _ in ZEROS], weights=[w for _, w in ZEROS])[0]
            path = Path(tmp) / f"r{i:05d}.{ext}"
            path.write_text(render(random_values(rng, zeros=zeros), 2024), encoding="utf-8")
            paths.append(str(path))
            form_of.append(render)
        size = sum(os.path.getsize(p) for p in paths) / n
        print(f"{n} reports, {len(FORMS)} forms (weighted mix), {size / 1024:.1f} KB each on average")

        start = time.perf_counter()
        cells = sum(_one(p) for p in paths)
        serial = time.perf_counter() - start
        print(f"serial:        {n / serial:8.1f} reports/s  ({serial * 1000 / n:.2f} ms each, {cells} cells)")

        workers = os.cpu_count() or 1
        chunks = [paths[i :: workers * 8] for i in range(workers * 8)]
        start = time.perf_counter()
        with ProcessPoolExecutor(workers) as pool:
            pooled_cells = sum(pool.map(_chunk, chunks))
        pooled = time.perf_counter() - start
        print(f"pool x{workers}:       {n / pooled:8.1f} reports/s  (incl. pool start-up; {pooled_cells} cells)")

        for ext, render, _ in FORMS:
            subset = [p for p, r in zip(paths, form_of) if r is render][:200]
            if not subset:
                continue
            start = time.perf_counter()
            for p in subset:
                _one(p)
            took = time.perf_counter() - start
            name = getattr(render, "__name__", "?")
            print(f"  {ext:4} {name:28} {len(subset) / took:8.1f} reports/s")


if __name__ == "__main__":
    main()
