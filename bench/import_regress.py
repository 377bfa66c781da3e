"""Guard for speed work on the importer: what `import_report` returns must not change.

    .venv/bin/python bench/import_regress.py dump  OUT.json [N] [SEED]  # before a change
    .venv/bin/python bench/import_regress.py check OUT.json [N] [SEED]  # after it: lists every difference

Reads N (4000) reports in the mix of bench/bench_import.py, the same reports with every
whitespace removed, Word-made HTML pages (GBK and UTF-8), 2019-format texts, and every shared
sample (as published and with its whitespace removed), and records each one's values, format,
layout and not-imported list.
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_import import FORMS, ZEROS  # noqa: E402

from nianbao.importers import import_report  # noqa: E402
from test_import_glued import random_report  # noqa: E402
from test_import_synthetic import random_values  # noqa: E402
from test_import_word_html import word_page  # noqa: E402


def _outcome(path: Path) -> dict:
    try:
        result = import_report(path)
    except Exception as err:  # a refusal is an outcome too
        return {"error": f"{type(err).__name__}: {err}"}
    return {
        "values": {k: str(v) for k, v in sorted(result.report.values.items())},
        "meta": {k: str(result.report.meta.get(k, "")) for k in ("format", "layout", "year")},
        "unplaced": [u.to_json() for u in result.unplaced],
    }


def _cases(tmp: Path, n: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    paths: list[Path] = []
    for i in range(n):
        ext, name, render, _ = rng.choices(FORMS, weights=[w for *_, w in FORMS])[0]
        zeros = rng.choices([z for z, _ in ZEROS], weights=[w for _, w in ZEROS])[0]
        text = render(random_values(rng, zeros=zeros), 2024)
        path = tmp / f"mix{i:05d}-{name}.{ext}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        if i % 10 == 0 and ext == "txt":
            glued = tmp / f"mix{i:05d}-{name}-nows.txt"
            glued.write_text(re.sub(r"\s+", "", text), encoding="utf-8")
            paths.append(glued)
    for i in range(100):
        other = "rowspan" if i % 3 == 0 else "official"
        v = random_report(rng, single_other=other == "rowspan")
        page = word_page(v, other=other, encoding="gbk" if i % 4 == 0 else "utf-8")
        path = tmp / f"word{i:03d}.html"
        path.write_bytes(page)
        paths.append(path)
    for sample in sorted((ROOT / "tests/data/samples").rglob("*")):
        if sample.suffix in {".txt", ".html", ".md"}:
            paths.append(sample)
            if sample.suffix == ".txt":
                glued = tmp / f"sample-{sample.stem}-nows.txt"
                glued.write_text(re.sub(r"\s+", "", sample.read_text(encoding="utf-8")), encoding="utf-8")
                paths.append(glued)
    return paths


def run(n: int, seed: int = 0) -> dict[str, dict]:
    with tempfile.TemporaryDirectory() as tmp:
        return {p.name: _outcome(p) for p in _cases(Path(tmp), n, seed)}


def main() -> None:
    mode, out = sys.argv[1], Path(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 4000
    now = run(n, int(sys.argv[4]) if len(sys.argv) > 4 else 0)
    if mode == "dump":
        out.write_text(json.dumps(now, ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"{len(now)} reports written to {out}")
        return
    before = json.loads(out.read_text(encoding="utf-8"))
    changed = [name for name in sorted(set(before) | set(now)) if before.get(name) != now.get(name)]
    for name in changed[:20]:
        b, a = before.get(name, {}), now.get(name, {})
        for part in ("error", "meta", "values", "unplaced"):
            if b.get(part) != a.get(part):
                print(f"{name} {part}:\n  before {str(b.get(part))[:400]}\n  after  {str(a.get(part))[:400]}")
    print(f"{len(now)} reports, {len(changed)} changed")
    sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()
