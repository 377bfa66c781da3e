"""How well `import_report` reads published reports rendered by an outsider (tests/support/blind_*.py).

    .venv/bin/python bench/bench_import_blind.py [SEEDS] [FORM-SUBSTRING]

For each form (a web page written by Word / a CMS editor / Excel, and what copy-paste, crawlers, w3m and
lynx make of it) and SEEDS random consistent reports (zeros heavy), prints: cells read / cells printed,
wrong numbers (a value that differs from the printed one, or a cell the page does not have: must be 0),
and false 文字 (narrative) alarms (every page states its fee in section 六 and quotes its figures right);
then the read rate per text form by the way the clerk printed zeros ("0", blank, "—", "/", …).
"""

from __future__ import annotations

import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from nianbao.check.checker import check
from nianbao.errors import UnreadableFile
from nianbao.importers import import_report
from support import blind_text
from support.blind_html import WRITERS, Page, encoded, render_page
from test_import_synthetic import random_values

TEXTS = blind_text.TEXT_FORMS


def score(page: Page, path: Path) -> tuple[int, int, list[str], list[str]]:
    """(printed, read, wrong keys, false 文字 alarms)."""
    try:
        result = import_report(path)
    except UnreadableFile as error:
        return len(page.truth), 0, [], [f"unreadable: {error}"]
    got = result.report.values
    wrong = [f"{k}={got[k]!r}≠{page.truth.get(k)!r}" for k in got if page.truth.get(k, "absent") != got[k]]
    read = sum(1 for k, v in page.truth.items() if k in got and got[k] == v)
    alarms = [f"{x.rule}: {x.message}" for x in check(result.report, report_missing=False) if x.rule.startswith("文字")]
    return len(page.truth), read, wrong, alarms


def forms() -> list[tuple[str, str, str | None]]:
    out: list[tuple[str, str, str | None]] = [(f"{w}/html", w, None) for w in WRITERS]
    out += [(f"{w}/{t}", w, t) for w in WRITERS for t in TEXTS]
    return out


def main() -> None:
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    only = sys.argv[2] if len(sys.argv) > 2 else ""
    totals = Counter()
    by_zero: dict[tuple[str, str], Counter] = defaultdict(Counter)
    examples: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'form':<16} {'read/printed':>15} {'rate':>7} {'wrong':>6} {'false 文字':>10}")
        for name, writer, text_form in forms():
            if only not in name:
                continue
            c = Counter()
            for seed in range(seeds):
                rng = random.Random(f"{name}-{seed}")
                page = render_page(random_values(rng, zeros=rng.choice([0.5, 0.8, 0.95])), rng, writer)
                if text_form is None:
                    path = Path(tmp, f"{seed}.html")
                    path.write_bytes(encoded(page))
                else:
                    text, kind = TEXTS[text_form](page, rng)
                    if text is None:
                        break
                    path = Path(tmp, f"{seed}.{kind}")
                    path.write_text(text, encoding="utf-8")
                printed, read, wrong, alarms = score(page, path)
                c.update(printed=printed, read=read, wrong=len(wrong), alarms=len(alarms), reports=1)
                by_zero[(text_form or "html", page.notes[0])].update(printed=printed, read=read)
                if wrong or alarms:
                    examples.setdefault(name, []).append(f"seed {seed}: {(wrong + alarms)[:4]}")
            if not c["reports"]:
                print(f"{name:<16} (program not installed)")
                continue
            totals.update(c)
            print(
                f"{name:<16} {c['read']:>7}/{c['printed']:<7} {c['read'] / c['printed']:>7.1%} "
                f"{c['wrong']:>6} {c['alarms']:>10}"
            )
    print(
        f"{'all':<16} {totals['read']:>7}/{totals['printed']:<7} {totals['read'] / max(1, totals['printed']):>7.1%} "
        f"{totals['wrong']:>6} {totals['alarms']:>10}   ({totals['reports']} reports)"
    )
    print("\nread rate by how zeros are printed (all writers):")
    zeros = sorted({z for _, z in by_zero})
    print(f"{'form':<10}" + "".join(f"{z:>12}" for z in zeros))
    for form in dict.fromkeys(f for f, _ in by_zero):
        cells = [by_zero.get((form, z), Counter()) for z in zeros]
        print(
            f"{form:<10}"
            + "".join(f"{c['read'] / c['printed']:>12.1%}" if c["printed"] else f"{'':>12}" for c in cells)
        )
    for name, lines in examples.items():
        print(f"\n{name}:")
        for line in lines[:3]:
            print("  ", line)


if __name__ == "__main__":
    main()
