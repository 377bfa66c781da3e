"""Table 二 by its row labels (its blocks are often printed out of order or in pieces).

Each row label of format2021's T2_BLOCKS is looked for in the section's text; the
numbers right after it are that row's cells. A row whose cells ran together
("8855698") is split only when the narrative names the figures (e.g. "现行有效…698件").
"""

from __future__ import annotations

import re

from nianbao.importers.result import Unplaced
from nianbao.importers.splits import splits
from nianbao.importers.tokens import BLANK, DASH, NUM, TEXT, ZERO_MARKS, Token, amount_value, normalize, put_count
from nianbao.spec import format2021 as f

# Column headers of the 2019 table 二 (国办公开办函〔2019〕60号) that the 2021 format has not:
# they tell the formats apart; their figures mean something else and are not imported.
FORMAT_2019_T2_MARKERS = f.FORMAT_2019_T2_LABELS

# A unit printed after a figure: counts in 件/个/条/项, the fee in 万元 (the column's unit).
# Any other unit after a figure (元, 千元) makes the figure another quantity: not read.
_UNIT = re.compile(r"件|个|条|项|份|次|万元|万|元|千元|亿元")
_COUNT_UNITS = {"件", "个", "条", "项", "份", "次"}
_AMOUNT_UNITS = {"万元", "万"}

_SEPARATORS = ("，", ",", "、", "；", ";")

_ROWS = [(block, middle, label) for block in f.T2_BLOCKS for middle, label in block.rows]
# A text names a row when it ends with the row's label, or is the label's last four or more
# characters ("规范性文件" for "行政规范性文件"); most texts name none, told by these two at once.
_LABELS = tuple(label for _, _, label in _ROWS)
_ROW_KEYS = [
    (block, label, tuple(f"t2.{middle}.{col.suffix}" for col in block.columns)) for block, middle, label in _ROWS
]
_SHORTENED = frozenset(label[k:] for label in _LABELS for k in range(len(label) - 3))


def looks_2019(text: str) -> bool:
    compact = "".join(text.split())  # (what re.sub(r"\s+", "", text) gives, quicker)
    return any(marker in compact for marker in FORMAT_2019_T2_MARKERS)


def _mentioned(narrative: str, label: str) -> set[int]:
    """Counts the narrative states next to the row's name ("…规范性文件698件")."""
    core = label[-5:]
    found: set[int] = set()
    for sentence in re.split(r"[。；;，,\n]", normalize(narrative)):
        if core in sentence:
            found.update(int(n) for n in re.findall(r"(\d+)\s*(?:件|个|条|项)", sentence))
    return found


def choose_split(options: list[tuple[int, ...]], narrative: str, label: str) -> tuple[int, ...] | None:
    """The one split of a run-together row, or the one the narrative confirms with two of its
    figures ("现行有效…698件"); None when neither settles it."""
    mentioned = _mentioned(narrative, label)
    scored = [(sum(1 for v in option if v in mentioned), option) for option in options]
    best = max((s for s, _ in scored), default=0)
    winners = [o for s, o in scored if s == best]
    if len(options) == 1 or (best >= 2 and len(winners) == 1):
        return winners[0]
    return None


def _compact(text: str) -> str:
    """The text without its blanks; a label or a figure ("规章") has none: kept, without a split."""
    return text if text.isalnum() else "".join(text.split())


def _shown(run: list[Token]) -> str:
    return " ".join(t.raw or "空白" for t in run)


def read_table2(
    tokens: list[tuple[int, Token]],
    narrative: str,
    source: str | None = None,
    blanks_dropped: bool = False,
    runs_split: bool = True,
) -> tuple[dict, list[Unplaced]]:
    """`source`, the section's text when known: digits are split into cells only where they are
    glued to their row's label in it ("行政规范性文件8855698"); digits set apart by spaces or a
    table's rule ("行政规范性文件 │299 │") are one cell of a row whose blank cells were dropped.
    `runs_split`: a lone digit run may be several cells run together (not in a PDF, whose text
    layer parts printed cells by a space)."""
    values: dict = {}
    unplaced: list[Unplaced] = []
    # each text without its blanks, once (not once per row label); those naming some row
    texts = [(i, _compact(token.raw)) for i, (_, token) in enumerate(tokens) if token.kind == TEXT]
    texts = [(i, text) for i, text in texts if text.endswith(_LABELS) or text in _SHORTENED]
    for block, label, keys in _ROW_KEYS:
        found = None
        for i, text in texts:
            if text.endswith(label) or (len(text) >= 4 and label.endswith(text)):
                lineno = tokens[i][0]
                run: list[Token] = []
                units: list[str] = []
                run_line = 0
                following = ""
                parted = False
                for k in range(i + 1, len(tokens)):  # (not a copy of the rest, for each label)
                    run_line_here, nxt = tokens[k]
                    if nxt.kind == TEXT:
                        unit = "".join(nxt.raw.split())
                        following = unit
                        if run and unit in _SEPARATORS:
                            # "1，933", "2,6702,391687": figures parted by commas, none of them a
                            # thousands separator the tokenizer could read: the row is not read
                            parted = True
                            continue
                        if run and run[-1].kind == NUM and _UNIT.fullmatch(unit) and len(units) < len(run):
                            units.append(unit)  # "95件", "2.29万元": the cell's unit, printed after it
                            continue
                        break
                    run.append(nxt)
                    run_line = run_line or run_line_here
                if run:
                    found = (lineno, run, units, run_line, following, parted, tokens[i][1].raw.strip())
                    break
        if found is None:
            continue
        lineno, run, units, run_line, following, parted, printed_label = found
        where = f"第{lineno}行（表二「{label}」）"
        allowed = _AMOUNT_UNITS if block.kind == f.AMOUNT else _COUNT_UNITS
        if any(u not in allowed for u in units):
            # "15000元" where the column is in 万元 (or a count in 万): the figure is not the
            # cell's as the format means it; converting would be a repair
            unplaced.append(
                Unplaced(
                    where,
                    f"数字带有单位「{'、'.join(sorted(set(units)))}」，与表格的单位不符，未导入",
                    keys,
                    " ".join(t.raw + u for t, u in zip(run, units + [""] * len(run))),
                )
            )
            continue
        cells = run[: len(keys)] if len(run) >= len(keys) else run
        if parted:
            unplaced.append(Unplaced(where, "数字之间夹有逗号，无法确定各数字所属的单元格，未导入", keys, _shown(run)))
            continue
        if sum(1 for t in run if t.kind in (NUM, DASH)) > len(keys):
            # more figures than cells ("1，933" in one cell, a stray figure): which are the row's is not known
            figures = sum(1 for t in run if t.kind in (NUM, DASH))
            unplaced.append(Unplaced(where, f"应有{len(keys)}个数字，实有{figures}个，未导入", keys, _shown(run)))
            continue
        if len(run) == len(keys) and all(t.kind in (NUM, DASH, BLANK) for t in run):
            # the row's own table cells, one per column: a blank cell is a zero left blank, as
            # in table 三 (table 二 has no total that a blank could leave "not printed")
            cells = [Token(DASH, "") if t.kind == BLANK else t for t in run]
        elif len(keys) == 1 and run[0].kind in (NUM, DASH, BLANK) and all(t.kind == BLANK for t in run[1:]):
            # a one-cell row printed in a table as wide as the three-column rows ("行政许可 | 12 |  |  |",
            # the cell spanning the columns written once and padded): its figure is the first cell
            cells = [Token(DASH, "") if run[0].kind == BLANK else run[0]]
        if len(cells) == len(keys) and all(t.kind in (NUM, DASH) for t in cells):
            for key, token in zip(keys, cells):
                if block.kind == f.AMOUNT and token.kind != DASH:
                    values[key] = amount_value(token.raw)
                else:
                    put_count(values, unplaced, key, token, where)
            continue
        alone = sum(1 for n, _ in tokens if n == run_line) == 1 and not run[0].digits.startswith("0")
        if len(run) == 1 and len(keys) > 1 and (following[:1] or "0") in ZERO_MARKS:
            # "755－－": the dashes glued on are cells of the row (zeros): the digits are fewer cells
            unplaced.append(
                Unplaced(where, "数字与表示0的短横线连在一起，无法确定各数字所在的列，未导入", keys, _shown(run))
            )
            continue
        if alone and len(run) == 1 and len(keys) > 1:
            # one figure on a line of its own (one cell per line, blank cells dropped): one cell
            # of the row, not cells run together; which cell is not known
            unplaced.append(
                Unplaced(where, f"应有{len(keys)}个数字，实有1个（可能有空白单元格），未导入", keys, _shown(run))
            )
            continue
        # (the label as printed, which may be shortened: "规范性文件8855698")
        spaced = source is not None and not run[0].raw.startswith("0") and printed_label[-2:] + run[0].raw not in source
        if (spaced or blanks_dropped) and len(run) == 1 and len(keys) > 1:
            unplaced.append(
                Unplaced(where, f"应有{len(keys)}个数字，只印有1个（可能有空白单元格），未导入", keys, _shown(run))
            )
            continue
        if runs_split and len(run) == 1 and run[0].kind == NUM and len(keys) > 1 and run[0].digits.isdigit():
            options = splits(run[0].digits, len(keys)) or []
            chosen = choose_split(options, narrative, label)
            if chosen is not None:
                values.update(zip(keys, chosen))
                continue
            unplaced.append(
                Unplaced(where, f"各列数字连在一起（{len(options)}种拆分），正文也无法确认，未导入", keys, _shown(run))
            )
            continue
        reason = "有空白单元格" if any(t.kind == BLANK for t in cells) else f"应有{len(keys)}个数字，实有{len(run)}个"
        unplaced.append(Unplaced(where, f"{reason}，未导入", keys, _shown(run)))
    return values, unplaced
