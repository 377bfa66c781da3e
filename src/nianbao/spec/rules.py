"""The consistency rules of format-2021.md, as data.

A rule has a stable id, a severity and a message template (in messages.py); its
*instances* are the concrete relations between cells, e.g. one 勾稽 relation per
column of table 三. The same instances are evaluated in Python (checker.py) and
compiled to Excel formulas for the template's live checks (excel_formulas.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal

from nianbao.spec import format2021 as f

Severity = Literal["error", "warning"]
ERROR: Final = "error"
WARNING: Final = "warning"
SEVERITY_LABEL: dict[str, str] = {ERROR: "错误", WARNING: "提示"}
Number = int | float | Decimal


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str  # one line, Chinese, shown in lists and the 校验结果 sheet


@dataclass(frozen=True)
class Balance:
    """sum(left) must equal sum(right); `solve_for` is the cell whose value is given as expected.

    `right_variants` lists alternative right-hand sides, tried in order: the first whose
    cells are all present is used (a single （六）其他处理 row stands for its three sub-rows).
    """

    rule: Rule
    scope: str  # what this instance is about, e.g. "「自然人」列"
    left: tuple[str, ...]
    right_variants: tuple[tuple[str, ...], ...]
    solve_for: str

    @property
    def right(self) -> tuple[str, ...]:
        return self.right_variants[0]

    @property
    def keys(self) -> tuple[str, ...]:
        return self.left + self.right

    def judged_right(self, values: Mapping[str, object]) -> tuple[str, ...] | None:
        return judged_right(values, self.left, self.right_variants)

    def imbalance(self, values: Mapping[str, Number]) -> Number | None:
        """sum(left) − sum(right) as judged in `values` (0 when it holds), or None when there
        is nothing to judge. The one evaluator of the relation: the checker and the importers
        call it; build/formulas.py compiles the same instance for Excel."""
        # As judged_right decides, by lookups that fail fast: every report of an audit passes
        # here some fifty times. Counts are ints and amounts Decimals or floats; a relation
        # never mixes the two.
        try:
            left = sum([values[k] for k in self.left])
        except KeyError:
            return None
        for side in self.right_variants:
            try:
                return left - sum([values[k] for k in side])  # type: ignore[operator]
            except KeyError:
                continue
        return None


def judged_right(
    values: Mapping[str, object], left: tuple[str, ...], right_variants: tuple[tuple[str, ...], ...]
) -> tuple[str, ...] | None:
    """The right-hand side a relation is judged by in `values`: the first variant whose cells
    all hold a value. None when a left cell or every variant lacks one (nothing to judge)."""
    if not all(k in values for k in left):
        return None
    return next((side for side in right_variants if all(k in values for k in side)), None)


@dataclass(frozen=True)
class AtLeast:
    """`big` should not be smaller than `small` (a warning)."""

    rule: Rule
    scope: str
    big: str
    small: str

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.big, self.small)


@dataclass(frozen=True)
class CarryOver:
    """This year's `key` should equal last year's `last_year` plus this year's `plus` minus `minus`."""

    rule: Rule
    scope: str
    key: str
    last_year: str
    plus: tuple[str, ...] = ()
    minus: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key,) + self.plus + self.minus


# ---------------------------------------------------------------- the rules

T3_BALANCE = Rule("T3-勾稽", ERROR, "表三各列：第一项加第二项之和等于第三项加第四项之和")
T3_ROW_TOTAL = Rule("T3-行合计", ERROR, "表三各行：总计等于各类申请人之和")
T3_RESULTS_TOTAL = Rule("T3-办理结果合计", ERROR, "表三各列：（七）总计等于（一）至（六）各项之和")
T4_TOTAL = Rule("T4-合计", ERROR, "表四各组：总计等于结果维持、结果纠正、其他结果、尚未审结之和")
MISSING = Rule("值-缺失", ERROR, "数字单元格不能空白（没有的填0）")
NOT_A_NUMBER = Rule("值-非数字", ERROR, "数字单元格只能填数字")
NEGATIVE = Rule("值-负数", ERROR, "数字不能为负")
NOT_WHOLE = Rule("值-非整数", ERROR, "件数必须是整数")
TOO_MANY_DECIMALS = Rule("值-小数位", ERROR, "金额（万元）最多保留6位小数（精确到分）")
FORMULA_UNCACHED = Rule("值-公式无结果", ERROR, "公式没有保存计算结果")
TEXT_NUMBER = Rule("值-文本数字", WARNING, "数字以文本或全角字符填写，已按数字读取")
EMPTY_REPORT = Rule("值-空白报告", ERROR, "表二、表三、表四均未填写")
META_MISSING = Rule("基本信息-缺失", ERROR, "机关名称和报告年度必须填写")
META_INVALID = Rule("基本信息-格式", ERROR, "基本信息填写格式不正确")
T2_IN_FORCE = Rule("T2-现行有效", WARNING, "表二：现行有效件数少于本年制发件数")
T4_WITHOUT_APPLICATIONS = Rule("T4-无申请有复议诉讼", WARNING, "表四有复议诉讼案件，但表三本年和上年均无申请")
CROSS_T2_IN_FORCE = Rule("跨年-T2-现行有效", WARNING, "表二：现行有效件数应为上年现行有效加本年制发减本年废止")
CROSS_T3_CARRIED = Rule("跨年-T3-结转", WARNING, "表三：上年结转应等于上年报告的结转下年度继续办理")
TEXT_FEE = Rule("文字-信息处理费", WARNING, "第六部分应说明信息处理费收取情况")
TEXT_NUMBER_CONFLICT = Rule("文字-数字矛盾", WARNING, "正文中的数字与表格不一致")
PARENT_CHILDREN = Rule("汇总-上下级", WARNING, "汇总单位的数字应等于各下级单位之和")

ALL_RULES: tuple[Rule, ...] = (
    T3_BALANCE,
    T3_ROW_TOTAL,
    T3_RESULTS_TOTAL,
    T4_TOTAL,
    MISSING,
    NOT_A_NUMBER,
    NEGATIVE,
    NOT_WHOLE,
    TOO_MANY_DECIMALS,
    FORMULA_UNCACHED,
    TEXT_NUMBER,
    EMPTY_REPORT,
    META_MISSING,
    META_INVALID,
    T2_IN_FORCE,
    T4_WITHOUT_APPLICATIONS,
    CROSS_T2_IN_FORCE,
    CROSS_T3_CARRIED,
    TEXT_FEE,
    TEXT_NUMBER_CONFLICT,
    PARENT_CHILDREN,
)
RULES_BY_ID = {r.id: r for r in ALL_RULES}


def _column_scope(col: f.Column) -> str:
    return f"「{f.column_label(col)}」列"


def _t3_balances() -> list[Balance]:
    out: list[Balance] = []
    k = f.t3_key
    for col in f.T3_COLUMNS:
        c = col.suffix
        out.append(
            Balance(
                T3_BALANCE,
                _column_scope(col),
                (k("new", c), k("carried_over", c)),
                ((k("results_total", c), k("carried_forward", c)),),
                solve_for=k("carried_forward", c),
            )
        )
    for row in f.T3_NUMBER_ROWS + (f.T3_OTHER_2019,):
        out.append(
            Balance(
                T3_ROW_TOTAL,
                f"「{row.label}」行",
                (k(row.middle, "total"),),
                (tuple(k(row.middle, p.suffix) for p in f.T3_PART_COLUMNS),),
                solve_for=k(row.middle, "total"),
            )
        )
    others = {r.middle for r in f.T3_OTHER_ROWS}
    for col in f.T3_COLUMNS:
        c = col.suffix
        full = tuple(k(r.middle, c) for r in f.T3_RESULT_ROWS)
        single_other = tuple(k(r.middle, c) for r in f.T3_RESULT_ROWS if r.middle not in others) + (
            k(f.T3_OTHER_2019.middle, c),
        )
        out.append(
            Balance(
                T3_RESULTS_TOTAL,
                _column_scope(col),
                (k("results_total", c),),
                (full, single_other),
                solve_for=k("results_total", c),
            )
        )
    return out


def _t4_balances() -> list[Balance]:
    return [
        Balance(
            T4_TOTAL,
            f"「{f.column_label(g)}」",
            (f.t4_key(g.suffix, "total"),),
            (tuple(f.t4_key(g.suffix, c.suffix) for c in f.T4_PART_COLUMNS),),
            solve_for=f.t4_key(g.suffix, "total"),
        )
        for g in f.T4_GROUPS
    ]


BALANCES: tuple[Balance, ...] = tuple(_t3_balances() + _t4_balances())
# Rows of the template: instances whose cells are all template inputs (for Excel compilation).
TEMPLATE_BALANCES: tuple[Balance, ...] = tuple(b for b in BALANCES if all(k in f.CELLS for k in b.keys))

T2_AT_LEAST: tuple[AtLeast, ...] = tuple(
    AtLeast(T2_IN_FORCE, f"「{label}」行", f.t2_key(middle, "in_force"), f.t2_key(middle, "issued"))
    for middle, label in f.T2_BLOCKS[0].rows
)

CROSS_YEAR: tuple[CarryOver, ...] = tuple(
    CarryOver(
        CROSS_T2_IN_FORCE,
        f"「{label}」行",
        f.t2_key(middle, "in_force"),
        last_year=f.t2_key(middle, "in_force"),
        plus=(f.t2_key(middle, "issued"),),
        minus=(f.t2_key(middle, "repealed"),),
    )
    for middle, label in f.T2_BLOCKS[0].rows
) + tuple(
    CarryOver(
        CROSS_T3_CARRIED,
        _column_scope(col),
        f.t3_key("carried_over", col.suffix),
        last_year=f.t3_key("carried_forward", col.suffix),
    )
    for col in f.T3_COLUMNS
)

T4_CASE_KEYS = tuple(f.t4_key(g.suffix, "total") for g in f.T4_GROUPS)
T3_APPLICATION_KEYS = (f.t3_key("new", "total"), f.t3_key("carried_over", "total"))
