"""What importers/text_columns.py costs: on the ordinary texts of bench/bench_import.py (which it
must give back untouched, at the cost of a substring search or two) and on w3m/lynx dumps of
pages with blank zeros (which it rewrites).

    .venv/bin/python bench/bench_text_columns.py [N]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import FORMS, ZEROS

from nianbao.importers.text_columns import fill_text_columns
from support import blind_text
from support.blind_html import Style, render_page
from test_import_synthetic import random_values


def _per_text(texts: list[str], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for text in texts:
            fill_text_columns(text)
        best = min(best, (time.perf_counter() - start) / len(texts))
    return best


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rng = random.Random(0)
    ordinary = []
    for _ in range(n):
        ext, _name, render, _ = rng.choices(FORMS, weights=[w for *_, w in FORMS])[0]
        zeros = rng.choices([z for z, _ in ZEROS], weights=[w for _, w in ZEROS])[0]
        if ext != "html":
            ordinary.append(render(random_values(rng, zeros=zeros), 2024))
    changed = sum(fill_text_columns(t) != t for t in ordinary)
    print(f"ordinary texts: {len(ordinary)}, {changed} changed, {_per_text(ordinary) * 1e6:.1f} µs per text")
    for writer, program in (("word", "w3m"), ("excel", "w3m"), ("excel", "lynx"), ("word", "lynx")):
        dumps = []
        for seed in range(max(1, n // 100)):
            page_rng = random.Random(f"{writer}-{seed}")
            page = render_page(random_values(page_rng, zeros=0.8), page_rng, writer, style=Style(zero=""))
            text = getattr(blind_text, program)(page.html)
            if text is None:
                break
            dumps.append(text)
        if not dumps:
            print(f"{writer}/{program}: (program not installed)")
            continue
        changed = sum(fill_text_columns(t) != t for t in dumps)
        print(f"{writer}/{program} dumps: {len(dumps)}, {changed} rewritten, {_per_text(dumps) * 1e3:.2f} ms per text")


if __name__ == "__main__":
    main()
