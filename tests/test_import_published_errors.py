"""A publisher's arithmetic error must not cost table 三: the rows are placed by their printed
order, the printed figures are kept, and `check` reports the error."""

from __future__ import annotations

import random

import pytest

from nianbao.check.checker import check
from nianbao.importers import import_text
from nianbao.spec import format2021 as f
from test_import_synthetic import TEXT_FORMS, random_values

ROWS = [r.middle for r in f.T3_NUMBER_ROWS]


@pytest.mark.parametrize("form", sorted(TEXT_FORMS))
@pytest.mark.parametrize("seed", range(4))
def test_one_wrong_row_total_is_imported_as_printed_and_reported(form, seed):
    rng = random.Random(seed * 31 + len(form))
    values = random_values(rng, zeros=rng.choice([0.3, 0.7]))
    middle = rng.choice(ROWS)
    key = f.t3_key(middle, "total")
    values[key] += rng.choice([1, 3, 10, 100])  # the publisher's slip: a total that does not add up
    text, kind = TEXT_FORMS[form](values, 2023)
    result = import_text(text, kind)
    assert result.report.values == values  # every printed figure, the wrong one included
    assert result.unplaced == []
    assert result.layout == "official-25x7"
    findings = [x for x in check(result.report, report_missing=False) if x.severity == "error"]
    row_totals = [x for x in findings if x.rule == "T3-行合计"]
    assert [x.keys for x in row_totals if key in x.keys] == [x.keys for x in row_totals]
    assert len(row_totals) == 1
    # the other errors are the column rules of the 总计 column that this one total breaks
    assert all(key in x.keys and all(k.endswith(".total") for k in x.keys) for x in findings if x not in row_totals)
