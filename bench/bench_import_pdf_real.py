"""PDFs as agencies print them from the official template: how many printed cells read, and
how many wrong (issue 15: ≥ 97% read, 0 wrong).

    .venv/bin/python bench/bench_import_pdf_real.py [N] [SEED]

Builds N reports with random consistent values, each in its own look (tests/support/
official_docx.py: the official merged layout of tables 二–四, zeros as "0"/blank/"—"/"/",
narrow wrapped columns, vertical text, landscape, shrunk fonts, tables across page breaks,
page numbers, a header watermark; ruled or not), prints them to PDF with LibreOffice, imports
each and prints per file: cells read / cells printed, wrong numbers, cells not imported (with
the reasons given), then the totals against the goal.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from libreoffice import SOFFICE
from nianbao.importers import import_report
from support.official_docx import Case, make_cases, print_pdfs

GOAL = 0.97


def compare(case: Case, path: Path) -> tuple[int, int, int, list[str], Counter]:
    """(printed, read, wrong, wrong keys, reasons of the cells not imported)."""
    result = import_report(path)
    got = result.report.values
    printed = set(case.values)
    wrong = sorted(k for k in got if k in printed and got[k] != case.values[k])
    wrong += sorted(k for k in got if k not in printed)  # a key the report does not print is wrong too
    read = sum(1 for k in printed if k in got and got[k] == case.values[k])
    missing = printed - set(got)
    reasons: Counter = Counter()
    listed = set()
    for u in result.unplaced:
        keys = missing & set(u.keys)
        if keys:
            reasons[u.reason[:60]] += len(keys)
            listed |= keys
    if missing - listed:
        reasons["（未列出原因）"] += len(missing - listed)
    return len(printed), read, len(wrong), wrong, reasons


def _kind(case: Case) -> str:
    """Ruled tables; unruled ones whose zeros are printed ("0", "—", "/"); unruled ones whose
    zeros are blank, where a row with blanks cannot say which column a figure is in."""
    if case.look.ruled:
        return "有框线"
    return "无框线、零为空白" if case.look.zero == "" else "无框线、零有印出"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 24
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 2026
    if SOFFICE is None:
        sys.exit("LibreOffice (soffice) is needed to build the PDFs")
    cases = make_cases(seed, n)
    totals: Counter = Counter()
    by_kind: dict[str, Counter] = {}
    all_reasons: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        pdfs = print_pdfs(cases, Path(tmp))
        print(f"{n} PDFs built in {time.perf_counter() - start:.1f}s (seed {seed})")
        print(f"{'file':14} {'read/printed':>13} {'rate':>7} {'wrong':>5}  look")
        for case in cases:
            printed, read, wrong, wrong_keys, reasons = compare(case, pdfs[case.name])
            totals.update(printed=printed, read=read, wrong=wrong)
            by_kind.setdefault(_kind(case), Counter()).update(files=1, printed=printed, read=read, wrong=wrong)
            all_reasons.update(reasons)
            print(f"{case.name:14} {read:5d}/{printed:<7d} {read / printed:6.1%} {wrong:5d}  {case.look.describe()}")
            if wrong_keys:
                print(f"{'':14} 错误: {', '.join(wrong_keys[:8])}")
    rate = totals["read"] / totals["printed"]
    print(
        f"total: {totals['read']}/{totals['printed']} cells read = {rate:.2%} (目标 ≥ {GOAL:.0%}: "
        f"{'ok' if rate >= GOAL else '未达到'}); wrong numbers: {totals['wrong']} (目标 0)"
    )
    for kind, counts in sorted(by_kind.items()):
        print(
            f"  {kind:16} {counts['files']:3d} files: {counts['read']}/{counts['printed']} = "
            f"{counts['read'] / counts['printed']:.2%} read, {counts['wrong']} wrong"
        )
    for reason, count in all_reasons.most_common(12):
        print(f"  not imported {count:5d}: {reason}")


if __name__ == "__main__":
    main()
