"""Test data: random reports that satisfy every rule, built from the spec (not from a fixture file)."""

from __future__ import annotations

import random

from nianbao.spec import format2021 as f


def consistent_values(rng: random.Random, *, busy: float = 0.3, scale: int = 20) -> dict:
    """All 200 values, consistent with every error rule and the table-二 warning.

    `busy` is the chance that a cell of table 三/四 is non-zero.
    """
    values: dict = {}

    def some(limit: int = scale) -> int:
        return rng.randint(1, limit) if rng.random() < busy else 0

    for block in f.T2_BLOCKS:
        for middle, _ in block.rows:
            if block.kind == f.AMOUNT:
                values[f"t2.{middle}.amount"] = round(rng.randint(0, 100_000) / 100, 2) if rng.random() < 0.5 else 0
            elif len(block.columns) == 3:
                issued, repealed = some(), some()
                values[f"t2.{middle}.issued"] = issued
                values[f"t2.{middle}.repealed"] = repealed
                values[f"t2.{middle}.in_force"] = issued + rng.randint(0, 50)
            else:
                values[f"t2.{middle}.decisions"] = some(5000)
    for col in f.T3_PART_COLUMNS:
        c = col.suffix
        results = 0
        for row in f.T3_RESULT_ROWS:
            if row.middle == "results_total":
                continue
            n = some()
            values[f.t3_key(row.middle, c)] = n
            results += n
        forward = some(5)
        values[f.t3_key("results_total", c)] = results
        values[f.t3_key("carried_forward", c)] = forward
        over = rng.randint(0, results + forward) if rng.random() < busy else 0
        values[f.t3_key("carried_over", c)] = over
        values[f.t3_key("new", c)] = results + forward - over
    for row in f.T3_NUMBER_ROWS:
        values[f.t3_key(row.middle, "total")] = sum(values[f.t3_key(row.middle, p.suffix)] for p in f.T3_PART_COLUMNS)
    for group in f.T4_GROUPS:
        parts = [some(5) for _ in f.T4_PART_COLUMNS]
        for col, n in zip(f.T4_PART_COLUMNS, parts):
            values[f.t4_key(group.suffix, col.suffix)] = n
        values[f.t4_key(group.suffix, "total")] = sum(parts)
    return values


def consistent_report(
    rng: random.Random | None = None, *, busy: float = 0.3, agency: str = "测试县人民政府办公室", year: int = 2024
) -> f.Report:
    rng = rng or random.Random(0)
    values = consistent_values(rng, busy=busy)
    # Table 四 without any application is a warning; keep generated reports warning-free.
    if sum(values[f.t3_key(m, "total")] for m in ("new", "carried_over")) == 0:
        for group in f.T4_GROUPS:
            for col in f.T4_COLUMNS:
                values[f.t4_key(group.suffix, col.suffix)] = 0
    return f.Report(meta={"agency": agency, "year": year}, values=values)


def zero_report(agency: str = "测试镇人民政府", year: int = 2024) -> f.Report:
    return f.Report(meta={"agency": agency, "year": year}, values={k: 0 for k in f.KEYS})
