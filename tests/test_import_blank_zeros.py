"""Text copies of a page that prints zeros blank and keeps no blank cell (a crawler's one text
node a line, lynx, the text glued together): a row shows only its figures, in order, not where
they stand. Tables 三 and 四 are solved as a whole under that reading (solve.py, `blank`), and
the importer must return exactly the cells that an exhaustive enumeration of every reading the
rules allow shows to be determined — no fewer, never a different number.
"""

from __future__ import annotations

import itertools
import random
import re

import pytest

from nianbao.importers import import_text
from nianbao.importers.splits import blank_zero_row_splits
from nianbao.spec import format2021 as f
from test_import_glued import AGENCY, COLS, agreed, all_splits, random_report

T4_KEYS = [f.t4_key(g.suffix, c.suffix) for g in f.T4_GROUPS for c in f.T4_COLUMNS]
OUTER = ("new", "carried_over", "results_total", "carried_forward")


# ---------------------------------------------------------------- rendering with zeros left blank


def render(v: dict, rng: random.Random, spaced: bool, zero: str = "") -> tuple[str, dict[str, tuple[str, ...]], str]:
    """The report as a text copy that drops blank cells: `spaced`, each figure on a line of its
    own (one text node a line); else every whitespace gone. Returns the text, per table-三 row
    the figure strings a reader may see (the next item's number may be glued on without its
    dot), and table 四's. `zero`: the mark the page prints for 0 (none: left blank)."""

    def _figure(x) -> str:
        return zero if x == 0 else str(x)

    sep = "\n" if spaced else ""
    year = 2023
    out = [f"{AGENCY}{year}年{f.REPORT_TITLE_SUFFIX}"]
    out.append(f"{f.SECTIONS[0].title}{year}年，本局认真落实政府信息公开工作要求。")
    out.append(f.SECTIONS[1].title)
    for block in f.T2_BLOCKS:
        out.append(block.article + sep + f.T2_CONTENT_HEADER + sep + sep.join(c.label for c in block.columns))
        for middle, label in block.rows:
            figures = [_figure(v[f.t2_key(middle, c.suffix)]) for c in block.columns]
            out.append(sep.join([label, *filter(None, figures)]))
    out.append(f.SECTIONS[2].title + sep + f.T3_NOTE)
    out.append(sep.join(["申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织"]))
    out.append(sep.join(["法律服务机构", "其他"]))
    readings: dict[str, tuple[str, ...]] = {}
    pending, pending_middle = "", ""
    for row in f.T3_ROWS:
        label = row.label
        number = re.match(r"^(\d)\.", label)
        if number and not spaced and rng.random() < 0.3:
            label = label[0] + label[2:]  # "2其他法律…": the item number without its dot
            if pending_middle and pending:
                readings[pending_middle] = (pending + number.group(1), pending)
                pending_middle = ""
        if pending_middle:
            readings[pending_middle] = (pending,)
        out.append(label)
        pending_middle = row.middle or ""
        if row.middle:
            figures = [x for x in (_figure(v[f.t3_key(row.middle, c)]) for c in COLS) if x]
            pending = (" " if spaced else "").join(figures)
            if figures:
                out.append(sep.join(figures))
    if pending_middle:
        readings[pending_middle] = (pending,)
    out.append(f.SECTIONS[3].title + sep + sep.join(["行政复议", "行政诉讼", *(c.label for c in f.T4_COLUMNS)]))
    out.append(sep.join(["未经复议直接起诉", "复议后起诉", *[c.label for c in f.T4_COLUMNS] * 2]))
    t4 = [x for x in (_figure(v[k]) for k in T4_KEYS) if x]
    if t4:
        out.append(sep.join(t4))
    out.append(f"{f.SECTIONS[4].title}部分栏目更新不够及时。")
    out.append(f"{f.SECTIONS[5].title}{year}年，无收取信息处理费情况。")
    return ("\n" if spaced else "").join(out), readings, (" " if spaced else "").join(t4)


# ---------------------------------------------------------------- the oracle (plain enumeration)


def cuts(digits: str, most: int) -> list[tuple[int, ...]]:
    """Every cut of digits into at most `most` numbers, none 0 nor with a leading zero."""
    if not digits:
        return [()]
    if most == 0:
        return []
    out = []
    for n in range(1, len(digits) + 1):
        head = digits[:n]
        if head[0] == "0":
            break
        out += [(int(head), *rest) for rest in cuts(digits[n:], most - 1)]
    return out


def placements(figures: tuple[int, ...], width: int) -> list[tuple[int, ...]]:
    """The rows of `width` cells with the figures in order in some of them, the rest 0, the
    last cell the sum of the others."""
    out = []
    for where in itertools.combinations(range(width), len(figures)):
        row = [0] * width
        for i, x in zip(where, figures):
            row[i] = x
        if sum(row[:-1]) == row[-1]:
            out.append(tuple(row))
    return out


def dashed_cells(printed: str, width: int) -> set[tuple[int, ...]]:
    """Zeros printed as "-", glued: each dash a 0, each run of digits cut into one or more cells."""
    runs = re.findall(r"\d+|-", printed)
    out = set()

    def walk(k: int, row: tuple[int, ...]) -> None:
        if len(row) > width:
            return
        if k == len(runs):
            if len(row) == width:
                out.add(row)
            return
        if runs[k] == "-":
            walk(k + 1, (*row, 0))
            return
        for n in range(1, len(runs[k]) + 1):
            for cut in all_splits(runs[k], n):
                walk(k + 1, row + cut)

    walk(0, ())
    return out


def row_options(printed: str, spaced: bool, width: int) -> set[tuple[int, ...]]:
    if "-" in printed:
        return {row for row in dashed_cells(printed, width) if sum(row[:-1]) == row[-1]}
    if not printed:
        return {(0,) * width}
    figure_rows = [tuple(int(x) for x in printed.split())] if spaced else cuts(printed, width)
    return {row for figures in figure_rows for row in placements(figures, width)}


def oracle_t3(readings: dict[str, tuple[str, ...]], spaced: bool) -> dict:
    options = {
        m: sorted({o for t in texts for o in row_options(t, spaced, len(COLS))}) for m, texts in readings.items()
    }
    results = [m for m in options if m not in OUTER]
    feasible_totals: dict[tuple, list[tuple]] = {}
    good = []
    for outer in itertools.product(*(options[m] for m in OUTER)):
        new, carried, total, forward = outer
        if any(new[c] + carried[c] != total[c] + forward[c] for c in range(len(COLS))):
            continue
        if total not in feasible_totals:
            feasible_totals[total] = [
                inner
                for inner in itertools.product(*(options[m] for m in results))
                if all(sum(r[c] for r in inner) == total[c] for c in range(len(COLS)))
            ]
        good += [outer + inner for inner in feasible_totals[total]]
    rows = [*OUTER, *results]
    out = {}
    for n, m in enumerate(rows):
        out.update(agreed([g[n] for g in good], [f.t3_key(m, c) for c in COLS]))
    others = [r.middle for r in f.T3_OTHER_ROWS]
    if sum(1 for m in others if any(readings[m])) <= 1:
        # the page may as well print （六） as one set of cells spanning its sub-rows (the other
        # layout, of the same sum): which sub-row the figures are is then not determined
        out = {k: x for k, x in out.items() if not k.startswith("t3.other.")}
    return out


def oracle_t4(printed: str, spaced: bool) -> dict:
    if "-" in printed:
        good = {c for c in dashed_cells(printed, 15) if all(sum(c[g : g + 4]) == c[g + 4] for g in (0, 5, 10))}
        return agreed(sorted(good), T4_KEYS)
    units = printed.split() if spaced else list(printed)
    join = " " if spaced else ""
    good = set()
    for a in range(len(units) + 1):
        for b in range(a, len(units) + 1):
            groups = [row_options(join.join(units[i:j]), spaced, 5) for i, j in ((0, a), (a, b), (b, len(units)))]
            good |= {x + y + z for x, y, z in itertools.product(*groups)}
    return agreed(sorted(good), T4_KEYS)


def small_report(rng: random.Random) -> dict:
    """random_report with the columns kept few, so that the oracle can enumerate every reading."""
    while True:
        v = random_report(rng)
        rows = [m for m in {k.split(".", 1)[1].rsplit(".", 1)[0] for k in v if k.startswith("t3.")}]
        size = 1
        for m in rows:
            figures = tuple(x for x in (v[f.t3_key(m, c)] for c in COLS) if x)
            size *= max(1, len(placements(figures, len(COLS))))
        if size < 300_000:
            return v


def table3_of_zeros(seed: int) -> tuple[dict, random.Random]:
    """A small report whose table 三 is all zeros, for a test to set the few figures it needs."""
    rng = random.Random(seed)
    v = small_report(rng)
    return {k: (0 if k.startswith("t3.") else x) for k, x in v.items()}, rng


# ---------------------------------------------------------------- the comparison


@pytest.mark.parametrize("spaced", [True, False], ids=["one-figure-a-line", "glued"])
@pytest.mark.parametrize("seed", range(25))
def test_blank_zeros_read_exactly_what_the_rules_determine(seed, spaced):
    """0 印作空白、空白格不留：表三、表四每一格，当且仅当所有合乎规则的读法都给出同一个数时才读出。"""
    rng = random.Random(f"blank-{seed}")
    v = small_report(rng)
    text, readings, t4 = render(v, rng, spaced)
    expected = {**oracle_t3(readings, spaced), **oracle_t4(t4, spaced)}
    assert all(v[k] == x for k, x in expected.items())  # the oracle itself never disagrees with the truth
    result = import_text(text)
    got = result.report.values
    assert {k: (x, v.get(k)) for k, x in got.items() if x != v.get(k)} == {}  # never a different number
    tables = {k: x for k, x in got.items() if k.startswith(("t3.", "t4."))}
    assert set(tables) == set(expected)  # exactly the determined cells, no fewer
    assert {k for k in got if k.startswith("t2.")} == oracle_t2(v, spaced)
    listed = {k for u in result.unplaced for k in u.keys}
    assert set(v) - set(got) <= listed  # every cell left out is listed, with its reason


def oracle_t2(v: dict, spaced: bool) -> set[str]:
    """Table 二 has no rule across cells: a row is determined when it shows no figure (all 0),
    one figure for its one cell, or (kept apart) a figure for each of its cells."""
    out = set()
    for block in f.T2_BLOCKS:
        for middle, _ in block.rows:
            keys = [f.t2_key(middle, c.suffix) for c in block.columns]
            shown = [k for k in keys if v[k]]
            if not shown or len(keys) == 1 or (spaced and len(shown) == len(keys)):
                out.update(keys)
    return out


def test_rows_all_blank_are_zeros_and_a_rows_total_is_its_last_figure():
    """表三 0 印作空白、一格一行：没有数字的行全为 0；只印“5、5”的行，总计是 5，5 在哪一列不知道，不读也不猜。"""
    v, rng = table3_of_zeros(3)
    for m in ("new", "results_total"):
        v[f.t3_key(m, "natural_person")] = v[f.t3_key(m, "total")] = 5
    v[f.t3_key("granted", "natural_person")] = v[f.t3_key("granted", "total")] = 5
    text, _, _ = render(v, rng, spaced=True)
    got = import_text(text).report.values
    assert got[f.t3_key("carried_over", "legal_service")] == 0
    assert got[f.t3_key("new", "total")] == 5
    assert f.t3_key("new", "natural_person") not in got  # any of six columns: the rules cannot tell


def test_a_table_without_printed_totals_is_not_read_as_blank_zeros():
    """总计列未印（不是 0）：有的行无论数字在哪几列都对不上总计，则不按“0 印作空白”读，连全空的行也不读（它的数字可能印在别处）。"""
    v, rng = table3_of_zeros(4)
    for m in ("new", "granted", "results_total"):
        v[f.t3_key(m, "natural_person")], v[f.t3_key(m, "commercial")] = 3, 2
    text, _, _ = render(v, rng, spaced=True)  # the totals (5) left unprinted: "3 2" adds up nowhere
    result = import_text(text)
    got = result.report.values
    assert not any(k.startswith("t3.") for k in got)


@pytest.mark.parametrize("only", [0, 1, 2])
def test_other_processing_with_one_sub_row_of_figures_is_not_placed(only):
    """（六）其他处理 0 印作空白、只有一个小项印有数字：可能是跨三个小项的一组单元格，也可能其余小项为 0——不读各小项，只列出。"""
    v, rng = table3_of_zeros(9)
    sub = f.T3_OTHER_ROWS[only].middle
    for m in ("new", "results_total", sub):
        v[f.t3_key(m, "natural_person")] = v[f.t3_key(m, "total")] = 4
    text, _, _ = render(v, rng, spaced=True)
    result = import_text(text)
    got = result.report.values
    assert not any(k.startswith(("t3.other.", "t3.other_2019.")) for k in got)
    assert got[f.t3_key("new", "total")] == 4
    listed = {k for u in result.unplaced for k in u.keys}
    assert {f.t3_key(r.middle, "total") for r in f.T3_OTHER_ROWS} <= listed


def test_placements_match_the_plain_enumeration():
    """splits.blank_zero_row_splits（剪枝的快速读法）与朴素枚举给出同样的读法。"""
    rng = random.Random(11)
    for _ in range(400):
        cells = [rng.choice([0, 0, 0, 1, 2, 7, 10, 12, 30, 105]) for _ in range(6)]
        figures = [str(x) for x in [*cells, sum(cells)] if x]
        for spaced in (True, False):
            printed = (" " if spaced else "").join(figures)
            fast = blank_zero_row_splits(printed, 6, spaced) if printed else ((0,) * 7,)
            assert set(fast) == row_options(printed, spaced, 7), printed


@pytest.mark.parametrize("seed", range(15))
def test_zeros_printed_as_dashes_in_glued_text_read_what_the_rules_determine(seed):
    """0 印作“-”、文字全部连在一起（“规章---”“--------33-----”）：表三、表四按规则能确定的每一格都读出，表二只有一种拆分的行读出。"""
    rng = random.Random(f"dash-{seed}")
    v = small_report(rng)
    text, readings, t4 = render(v, rng, spaced=False, zero="-")
    expected = {**oracle_t3(readings, False), **oracle_t4(t4, False)}
    result = import_text(text)
    got = result.report.values
    assert {k: (x, v.get(k)) for k, x in got.items() if x != v.get(k)} == {}
    tables = {k: x for k, x in got.items() if k.startswith(("t3.", "t4."))}
    assert set(tables) == set(expected)
    for block in f.T2_BLOCKS:  # a row of table 二 whose dashes and figures split one way only is read
        for middle, _ in block.rows:
            keys = [f.t2_key(middle, c.suffix) for c in block.columns]
            printed = "".join("-" if v[k] == 0 else str(v[k]) for k in keys)
            if block.kind != f.AMOUNT and len(dashed_cells(printed, len(keys))) == 1:
                assert all(got.get(k) == v[k] for k in keys), (middle, printed)


@pytest.mark.parametrize("spaced", [True, False], ids=["one-figure-a-line", "glued"])
@pytest.mark.parametrize("zero", ["", "0"])
def test_a_row_whose_label_is_not_found_lends_its_figures_to_no_row(spaced, zero):
    """“（二）部分公开”印作别的说法、找不到行名：它的数字紧跟在“（一）予以公开”后面，不能读成予以公开的数字。"""
    v, rng = table3_of_zeros(12)
    for m in ("new", "results_total", "partly_granted"):
        v[f.t3_key(m, "natural_person")] = v[f.t3_key(m, "total")] = 7
    text, _, _ = render(v, rng, spaced, zero)
    label = next(r.label for r in f.T3_ROWS if r.middle == "partly_granted")
    assert text.count(label) == 1
    result = import_text(text.replace(label, "（二）部分予以公开"))
    got = result.report.values
    assert {k: (x, v[k]) for k, x in got.items() if x != v.get(k)} == {}
    if not zero:  # （一） printed nothing of its own: what follows its label is not its
        assert not any(k.startswith("t3.granted.") for k in got)


def test_figures_printed_away_from_their_labels_leave_every_row_unread():
    """文字层把一行的数字印到了后面几行之后（PDF 转成的文字常这样）：这一行行名后没有数字，但不能读成 0；
    收到它数字的那一行对不上行合计，整张表三都不按“0 印作空白”读。"""
    v, rng = table3_of_zeros(14)
    for m, (a, b) in {"new": (7, 5), "results_total": (7, 5), "withheld.state_secret": (5, 3)}.items():
        v[f.t3_key(m, "natural_person")], v[f.t3_key(m, "commercial")], v[f.t3_key(m, "total")] = a, b, a + b
    v[f.t3_key("withheld.security_stability", "natural_person")] = 2
    v[f.t3_key("withheld.security_stability", "commercial")] = 2
    v[f.t3_key("withheld.security_stability", "total")] = 4
    text, _, _ = render(v, rng, spaced=True)
    lines = text.split("\n")
    secret = lines.index("1.属于国家秘密")
    assert lines[secret + 1 : secret + 4] == ["5", "3", "8"]
    stability = lines.index("3.危及“三安全一稳定”")
    assert lines[stability + 1 : stability + 4] == ["2", "2", "4"]
    lines = [*lines[: secret + 1], *lines[secret + 4 : stability + 4], "5", "3", "8", *lines[stability + 4 :]]
    got = import_text("\n".join(lines)).report.values
    assert {k: (x, v[k]) for k, x in got.items() if x != v[k]} == {}
