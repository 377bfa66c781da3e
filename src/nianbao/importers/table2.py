"""Table 二 by its row labels (its blocks are often printed out of order or in pieces).

Each row label of format2021's T2_BLOCKS is looked for in the section's text; the
numbers right after it are that row's cells. A row whose cells ran together
("8855698") is split only when the narrative names the figures (e.g. "现行有效…698件").
"""

from __future__ import annotations

import re

from nianbao.importers.result import Unplaced
from nianbao.importers.splits import splits
from nianbao.importers.tokens import BLANK, DASH, NUM, TEXT, Token, amount_value, normalize, put_count
from nianbao.spec import format2021 as f

# Column headers of the 2019 table 二 (国办公开办函〔2019〕60号) that the 2021 format has not:
# they tell the formats apart; their figures mean something else and are not imported.
FORMAT_2019_T2_MARKERS = f.FORMAT_2019_T2_LABELS

# A unit printed after a figure: counts in 件/个/条/项, the fee in 万元 (the column's unit).
# Any other unit after a figure (元, 千元) makes the figure another quantity: not read.
_UNIT = re.compile(r"件|个|条|项|份|次|万元|万|元|千元|亿元")
_COUNT_UNITS = {"件", "个", "条", "项", "份", "次"}
_AMOUNT_UNITS = {"万元", "万"}

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


def read_table2(tokens: list[tuple[int, Token]], narrative: str) -> tuple[dict, list[Unplaced]]:
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
                for k in range(i + 1, len(tokens)):  # (not a copy of the rest, for each label)
                    nxt = tokens[k][1]
                    if nxt.kind == TEXT:
                        unit = "".join(nxt.raw.split())
                        if run and run[-1].kind == NUM and _UNIT.fullmatch(unit) and len(units) < len(run):
                            units.append(unit)  # "95件", "2.29万元": the cell's unit, printed after it
                            continue
                        break
                    run.append(nxt)
                if run:
                    found = (lineno, run, units)
                    break
        if found is None:
            continue
        lineno, run, units = found
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
        if len(cells) == len(keys) and all(t.kind in (NUM, DASH) for t in cells):
            for key, token in zip(keys, cells):
                if block.kind == f.AMOUNT and token.kind != DASH:
                    values[key] = amount_value(token.raw)
                else:
                    put_count(values, unplaced, key, token, where)
            continue
        if len(run) == 1 and run[0].kind == NUM and len(keys) > 1 and run[0].digits.isdigit():
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
