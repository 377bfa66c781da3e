"""Table 四: fifteen numbers in order — 行政复议, 未经复议直接起诉, 复议后起诉, five each."""

from __future__ import annotations

from .. import format2021 as f
from .. import rules
from .result import Unplaced
from .splits import splits
from .tokens import BLANK, DASH, NUM, Token, count_value

KEYS = tuple(f.t4_key(g.suffix, c.suffix) for g in f.T4_GROUPS for c in f.T4_COLUMNS)
_TOTAL_KEYS = {f.t4_key(g.suffix, "total") for g in f.T4_GROUPS}
_BALANCES = [(b.left, b.right) for b in rules.BALANCES if b.left[0].startswith("t4.")]
_INDEX = {k: i for i, k in enumerate(KEYS)}


def _holds(parts: tuple[int, ...]) -> bool:
    return all(sum(parts[_INDEX[k]] for k in left) == sum(parts[_INDEX[k]] for k in right)
               for left, right in _BALANCES)


def read_table4(tokens: list[tuple[int, Token]]) -> tuple[dict, list[Unplaced]]:
    if not tokens:
        return {}, []
    lineno = tokens[0][0]
    run = [t for _, t in tokens]
    shown = " ".join(t.raw or "（空白）" for t in run)
    where = f"第{lineno}行（表四）"
    # trailing blank cells of a padded table row are not cells of the table
    while len(run) > len(KEYS) and run[-1].kind == BLANK:
        run.pop()
    if len(run) == len(KEYS):
        parts = {k: t for k, t in zip(KEYS, run)}
        nonzero = {k for k, t in parts.items() if t.kind == NUM and count_value(t.raw)}
        # a blank 总计 beside a non-zero row was not printed; otherwise blank is 0
        blank_total_absent = any(
            parts[total].kind == BLANK and any(k in nonzero for k in KEYS if k.rsplit(".", 1)[0] == total.rsplit(".", 1)[0])
            for total in _TOTAL_KEYS
        )
        values, unplaced = {}, []
        for key, token in parts.items():
            if token.kind in (DASH,):
                values[key] = 0
            elif token.kind == BLANK:
                if not (key in _TOTAL_KEYS and blank_total_absent):
                    values[key] = 0
            else:
                number = count_value(token.raw)
                if number is None:
                    unplaced.append(Unplaced(where, "件数不是整数，未导入", (key,), token.raw))
                else:
                    values[key] = number
        return values, unplaced
    if len(run) == 1 and run[0].kind == NUM and run[0].digits.isdigit():
        options = splits(run[0].digits, len(KEYS), _holds)
        if options is not None and len(options) == 1:
            return dict(zip(KEYS, options[0])), []
        count = "过多" if options is None else f"{len(options)}种"
        return {}, [Unplaced(where, f"表四数字连在一起，满足各组合计的拆分有{count}，无法确定，未导入", KEYS, shown)]
    return {}, [Unplaced(where, f"表四应有{len(KEYS)}个数字，实有{len(run)}个，无法对应，未导入", KEYS, shown)]
