"""How often 校验 names the wrong cell exactly, for the clerk's usual slips.

For each kind of slip and table, N consistent random reports get one slip each; printed:
- seen: slips that break a balance (two cells of one group swapped break none);
- one-cell: slips that exactly one cell explains — found by brute force with
  Balance.imbalance, independently of the localiser: one cell, and only one, can be
  changed so that every balance holds;
- named: of those, how often the advice settles on that cell with its true value (goal ≥ 95%);
- bounds-only: slips where only the bound ≥ 0 singles out one cell (table 四: a total typed
  too low while every part is small). Declined by design: two slips in the group's parts
  look exactly the same, and following such advice would make a wrong report pass;
- settled: all slips with a settled fix (swaps are fixed when the two cells are told apart);
- listed: slips not settled whose true cell is among the listed possibilities;
- wrong: settled fixes that are not the truth (must be 0);
- and the time one check takes with the localisation.

    .venv/bin/python bench/bench_advice.py [N]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from advice_faults import KINDS, inject
from factories import consistent_report
from nianbao.check.checker import check
from nianbao.spec import format2021 as f
from nianbao.spec.rules import BALANCES

CELLS = sorted({k for b in BALANCES for k in b.keys if k in f.CELLS})


def single_cell_explanations(values: dict, bounded: bool = False) -> list[str]:
    """The cells whose change alone makes every balance hold (brute force, the one evaluator);
    `bounded`: only changes to a number ≥ 0."""
    broken = [b for b in BALANCES if b.imbalance(values)]
    out = []
    for key in CELLS:
        if not all(key in b.keys for b in broken):
            continue
        b = broken[0]
        sign = 1 if key in b.left else -1
        value = values[key] - sign * b.imbalance(values)
        if (value >= 0 or not bounded) and not any(x.imbalance({**values, key: value}) for x in BALANCES):
            out.append(key)
    return out


def run(n: int) -> None:
    head = ("slip", "table", "trials", "seen", "one-cell", "named", "bounds-only", "settled", "listed", "wrong")
    line = "{:<12} {:<5} {:>6} {:>5} {:>8} {:>7} {:>11} {:>7} {:>6} {:>5}"
    print(line.format(*head))
    seconds, checks = 0.0, 0
    total_one = total_named = 0
    for kind in KINDS:
        for table in ("t3", "t4"):
            rng = random.Random(f"{kind}/{table}")
            trials = seen = one_cell = named = bounds_only = settled = listed = wrong = 0
            while trials < n:
                truth = consistent_report(random.Random(rng.randrange(10**9)), busy=rng.choice((0.3, 0.6, 0.9)))
                faulty = dict(truth.values)
                changed = inject(rng, faulty, kind)
                if not changed or not all(k.startswith(table) for k in changed):
                    continue
                trials += 1
                started = time.perf_counter()
                findings = check(f.Report(meta=truth.meta, values=faulty))
                seconds += time.perf_counter() - started
                checks += 1
                if not any(x.rule.startswith(("T3-", "T4-")) for x in findings):
                    continue
                seen += 1
                fixes = {c.key: c.value for x in findings for c in x.fixes}
                truth_fix = {k: truth.values[k] for k in changed}
                settled += bool(fixes)
                wrong += bool(fixes) and fixes != truth_fix
                options = {c.key for x in findings for option in x.candidates for c in option}
                listed += not fixes and set(changed) <= options
                if single_cell_explanations(faulty) == changed:
                    one_cell += 1
                    named += fixes == truth_fix
                elif single_cell_explanations(faulty, bounded=True) == changed:
                    bounds_only += 1
            total_one, total_named = total_one + one_cell, total_named + named
            share = f"{named / one_cell:.1%}" if one_cell else "—"
            print(line.format(kind, table, trials, seen, one_cell, share, bounds_only, settled, listed, wrong))
    print(f"\nslips one cell explains, named exactly: {total_named}/{total_one} = {total_named / total_one:.1%}")
    print(f"check with localisation: {seconds / checks * 1000:.1f} ms per report ({checks} reports)")


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
