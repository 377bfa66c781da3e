"""The 2021 report format (国办公开办函〔2021〕30号), written once.

Every label, key, row and column of the official tables lives here and nowhere else.
The template, the rules, the narrative, the exports and the importers all read this
module; none of them spells a label of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORMAT_ID = "2021"
FORMAT_TITLE = "国办公开办函〔2021〕30号"
REPORT_TITLE_SUFFIX = "政府信息公开工作年度报告"

COUNT = "count"  # whole number >= 0
AMOUNT = "amount"  # number >= 0 in 万元, at most 6 decimals
# Only in the 2019 format's table 二, read from published reports (no template cell has them):
SIGNED_COUNT = "signed_count"  # whole number, may be negative (本年增/减)
YUAN = "yuan"  # number >= 0 in 元, at most 2 decimals (采购总金额)
# Six decimals of 万元 is exact to the 分, and published reports print them (docs/format-2021.md).
AMOUNT_DECIMALS = 6


@dataclass(frozen=True)
class Column:
    suffix: str
    label: str  # the full label, e.g. "法人或其他组织 · 商业企业" is split into group + label
    group: str | None = None  # spanning header over several columns
    kind: str | None = None  # the column's own kind where a block mixes kinds (2019 table 二)


@dataclass(frozen=True)
class Row:
    """A row of number cells; `middle` is the middle part of its keys (t3.<middle>.<column>)."""

    middle: str
    label: str
    group: str | None = None  # e.g. "（三）不予公开" for its numbered items
    level: int = 0  # 0: top item (一、…); 1: （一）…; 2: 1.…


@dataclass(frozen=True)
class Heading:
    """A heading-only row of table 三 (三、本年度办理结果, （三）不予公开…): a label, no cells."""

    label: str
    level: int = 0
    group: str | None = None
    middle: None = None  # names no key; lets code walk T3_ROWS asking `row.middle`


@dataclass(frozen=True)
class Cell:
    key: str
    table: str  # "t2" | "t3" | "t4"
    row_label: str
    column_label: str
    kind: str = COUNT


# ---------------------------------------------------------------- table 二


@dataclass(frozen=True)
class T2Block:
    article: str  # 第二十条第（一）项
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, str], ...]  # (key middle, label)
    kind: str = COUNT


T2_BLOCKS: tuple[T2Block, ...] = (
    T2Block(
        "第二十条第（一）项",
        (
            Column("issued", "本年制发件数"),
            Column("repealed", "本年废止件数"),
            Column("in_force", "现行有效件数"),
        ),
        (("regulations", "规章"), ("normative_documents", "行政规范性文件")),
    ),
    T2Block(
        "第二十条第（五）项",
        (Column("decisions", "本年处理决定数量"),),
        (("licensing", "行政许可"),),
    ),
    T2Block(
        "第二十条第（六）项",
        (Column("decisions", "本年处理决定数量"),),
        (("penalty", "行政处罚"), ("coercion", "行政强制")),
    ),
    T2Block(
        "第二十条第（八）项",
        (Column("amount", "本年收费金额（单位：万元）"),),
        (("fees", "行政事业性收费"),),
        kind=AMOUNT,
    ),
)
T2_CONTENT_HEADER = "信息内容"
# Table 二 of the 2019 format (国办公开办函〔2019〕60号) differs; these labels tell it apart.
FORMAT_2019_T2_LABELS = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "政府集中采购", "第二十条第（九）项")

# The 2019 format's table 二 itself: read from published 2019 reports only (keys t2_2019.*,
# never mixed with the 2021 table 二, which counts other things). No rule relates its cells.
T2_2019_PREFIX = "t2_2019"
_ITEMS_2019 = (
    Column("last_year", "上一年项目数量"),
    Column("change", "本年增/减", kind=SIGNED_COUNT),
    Column("decisions", "处理决定数量"),
)
T2_2019_BLOCKS: tuple[T2Block, ...] = (
    T2Block(
        "第二十条第（一）项",
        (
            Column("made", "本年新制作数量"),
            Column("published", "本年新公开数量"),
            Column("total_published", "对外公开总数量"),
        ),
        (("regulations", "规章"), ("normative_documents", "规范性文件")),
    ),
    T2Block("第二十条第（五）项", _ITEMS_2019, (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项"))),
    T2Block("第二十条第（六）项", _ITEMS_2019, (("penalty", "行政处罚"), ("coercion", "行政强制"))),
    T2Block("第二十条第（八）项", _ITEMS_2019[:2], (("fees", "行政事业性收费"),)),
    T2Block(
        "第二十条第（九）项",
        (Column("projects", "采购项目数量"), Column("amount", "采购总金额（元）", kind=YUAN)),
        (("procurement", "政府集中采购"),),
    ),
)
T2_TITLE = "主动公开政府信息情况"

# ---------------------------------------------------------------- table 三

T3_TITLE = "收到和处理政府信息公开申请情况"
T3_APPLICANT_HEADER = "申请人情况"
T3_ORG_GROUP = "法人或其他组织"
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

T3_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业", T3_ORG_GROUP),
    Column("research", "科研机构", T3_ORG_GROUP),
    Column("nonprofit", "社会公益组织", T3_ORG_GROUP),
    Column("legal_service", "法律服务机构", T3_ORG_GROUP),
    Column("other_org", "其他", T3_ORG_GROUP),
    Column("total", "总计"),
)
T3_PART_COLUMNS = tuple(c for c in T3_COLUMNS if c.suffix != "total")

T3_RESULTS_HEADING = "三、本年度办理结果"
_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"

T3_ROWS: tuple[Row | Heading, ...] = (
    Row("new", "一、本年新收政府信息公开申请数量"),
    Row("carried_over", "二、上年结转政府信息公开申请数量"),
    Heading(T3_RESULTS_HEADING),
    Row("granted", "（一）予以公开", level=1),
    Row("partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", level=1),
    Heading(_WITHHELD, level=1),
    Row("withheld.state_secret", "1.属于国家秘密", _WITHHELD, 2),
    Row("withheld.prohibited_by_law", "2.其他法律行政法规禁止公开", _WITHHELD, 2),
    Row("withheld.security_stability", "3.危及“三安全一稳定”", _WITHHELD, 2),
    Row("withheld.third_party", "4.保护第三方合法权益", _WITHHELD, 2),
    Row("withheld.internal_affairs", "5.属于三类内部事务信息", _WITHHELD, 2),
    Row("withheld.process_info", "6.属于四类过程性信息", _WITHHELD, 2),
    Row("withheld.enforcement_files", "7.属于行政执法案卷", _WITHHELD, 2),
    Row("withheld.inquiry", "8.属于行政查询事项", _WITHHELD, 2),
    Heading(_UNAVAILABLE, level=1),
    Row("unavailable.not_held", "1.本机关不掌握相关政府信息", _UNAVAILABLE, 2),
    Row("unavailable.needs_creation", "2.没有现成信息需要另行制作", _UNAVAILABLE, 2),
    Row("unavailable.unclear", "3.补正后申请内容仍不明确", _UNAVAILABLE, 2),
    Heading(_NOT_PROCESSED, level=1),
    Row("not_processed.complaint", "1.信访举报投诉类申请", _NOT_PROCESSED, 2),
    Row("not_processed.duplicate", "2.重复申请", _NOT_PROCESSED, 2),
    Row("not_processed.publication", "3.要求提供公开出版物", _NOT_PROCESSED, 2),
    Row("not_processed.excessive", "4.无正当理由大量反复申请", _NOT_PROCESSED, 2),
    Row("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息", _NOT_PROCESSED, 2),
    Heading(_OTHER, level=1),
    Row(
        "other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        _OTHER,
        2,
    ),
    Row(
        "other.fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        _OTHER,
        2,
    ),
    Row("other.other", "3.其他", _OTHER, 2),
    Row("results_total", "（七）总计", level=1),
    Row("carried_forward", "四、结转下年度继续办理"),
)
T3_NUMBER_ROWS: tuple[Row, ...] = tuple(r for r in T3_ROWS if isinstance(r, Row))
# The 21 rows whose sum is （七）总计, in order.
T3_RESULT_ROWS: tuple[Row, ...] = T3_NUMBER_ROWS[2:-2]
T3_OTHER_ROWS: tuple[Row, ...] = tuple(r for r in T3_RESULT_ROWS if r.middle.startswith("other."))
# A 2019-format report, or a 2021 report printing （六）其他处理 as one row, keys that row so.
T3_OTHER_2019 = Row("other_2019", _OTHER, level=1)

# ---------------------------------------------------------------- table 四

T4_TITLE = "政府信息公开行政复议、行政诉讼情况"
T4_SUIT_HEADER = "行政诉讼"
T4_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
T4_PART_COLUMNS = T4_COLUMNS[:-1]
T4_GROUPS: tuple[Column, ...] = (
    Column("review", "行政复议"),
    Column("suit_direct", "未经复议直接起诉", T4_SUIT_HEADER),
    Column("suit_after_review", "复议后起诉", T4_SUIT_HEADER),
)

# ---------------------------------------------------------------- sections


@dataclass(frozen=True)
class Section:
    number: str
    heading: str
    table: str | None = None

    @property
    def title(self) -> str:
        return f"{self.number}、{self.heading}"


SECTIONS: tuple[Section, ...] = (
    Section("一", "总体情况"),
    Section("二", T2_TITLE, "t2"),
    Section("三", T3_TITLE, "t3"),
    Section("四", T4_TITLE, "t4"),
    Section("五", "政府信息公开工作存在的主要问题及改进情况"),
    Section("六", "其他需要报告的事项"),
)
TABLE_SECTION = {s.table: s for s in SECTIONS if s.table}
TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
META_TITLE = "基本信息"  # the particulars: a sheet of the template, a group of findings
TEXT_TITLE = "正文"  # the clerk's narrative


@dataclass(frozen=True)
class TextField:
    key: str
    label: str
    hint: str = ""


# The narrative a clerk writes, in report order. Keys are the data contract of `text`.
TEXT_FIELDS: tuple[TextField, ...] = (
    TextField("preamble", "前言", "编制依据、统计期限、电子版查阅网址、联系方式"),
    TextField("overview", "一、总体情况（概述）", "本年度政务公开工作总体情况"),
    TextField("overview.proactive", "（一）主动公开", ""),
    TextField("overview.on_request", "（二）依申请公开", ""),
    TextField("overview.management", "（三）政府信息管理", ""),
    TextField("overview.platform", "（四）政府信息公开平台建设", ""),
    TextField(
        "overview.supervision",
        "（五）监督保障",
        "各级人民政府应包括工作考核、社会评议和责任追究结果情况",
    ),
    TextField("problems", "五、（一）存在的主要问题", ""),
    TextField("improvements", "五、（二）改进情况", ""),
    TextField("other_matters", "六、其他需要报告的事项", "须说明信息处理费收取情况，未收取的也应说明"),
)


@dataclass(frozen=True)
class MetaField:
    key: str
    label: str
    kind: str = "text"  # text | year | count | yuan
    required: bool = False


META_FIELDS: tuple[MetaField, ...] = (
    MetaField("agency", "机关名称", required=True),
    MetaField("year", "报告年度", "year", required=True),
    MetaField("portal", "门户网站及栏目名称"),
    MetaField("url", "电子版查阅网址"),
    MetaField("address", "联系地址"),
    MetaField("postcode", "邮政编码"),
    MetaField("phone", "联系电话"),
    MetaField("info_fee_amount", "本年收取信息处理费金额（元）", "yuan"),
    MetaField("info_fee_count", "本年收取信息处理费件数", "count"),
)


# ---------------------------------------------------------------- cells


def t2_key(middle: str, col: str) -> str:
    return f"t2.{middle}.{col}"


def t3_key(middle: str, col: str) -> str:
    return f"t3.{middle}.{col}"


def t4_key(group: str, col: str) -> str:
    return f"t4.{group}.{col}"


def t2_2019_key(middle: str, col: str) -> str:
    return f"{T2_2019_PREFIX}.{middle}.{col}"


def _build_cells() -> dict[str, Cell]:
    cells: dict[str, Cell] = {}

    def add(cell: Cell) -> None:
        assert cell.key not in cells, cell.key
        cells[cell.key] = cell

    for block in T2_BLOCKS:
        for middle, label in block.rows:
            for col in block.columns:
                add(Cell(t2_key(middle, col.suffix), "t2", label, col.label, block.kind))
    for row in T3_NUMBER_ROWS:
        for col in T3_COLUMNS:
            add(Cell(t3_key(row.middle, col.suffix), "t3", row.label, column_label(col)))
    for group in T4_GROUPS:
        for col in T4_COLUMNS:
            add(Cell(t4_key(group.suffix, col.suffix), "t4", column_label(group), col.label))
    return cells


def column_label(col: Column) -> str:
    return f"{col.group} · {col.label}" if col.group else col.label


CELLS: dict[str, Cell] = _build_cells()
KEYS: tuple[str, ...] = tuple(CELLS)
# Keys accepted from importers beyond the template's own (2019 layout / single 其他处理 row).
T2_2019_CELLS: dict[str, Cell] = {
    t2_2019_key(middle, col.suffix): Cell(
        t2_2019_key(middle, col.suffix), "t2", label, col.label, col.kind or block.kind
    )
    for block in T2_2019_BLOCKS
    for middle, label in block.rows
    for col in block.columns
}
EXTRA_KEYS: dict[str, Cell] = {
    **{
        cell.key: cell
        for cell in (
            Cell(t3_key(T3_OTHER_2019.middle, col.suffix), "t3", T3_OTHER_2019.label, column_label(col))
            for col in T3_COLUMNS
        )
    },
    **T2_2019_CELLS,
}
ALL_CELLS: dict[str, Cell] = {**CELLS, **EXTRA_KEYS}


def describe(key: str) -> str:
    """A clerk-facing name of a cell: 表三「一、本年新收…」行「自然人」列."""
    if key.startswith("meta."):
        field_ = META_BY_KEY.get(key[5:])
        return f"{META_TITLE}「{field_.label if field_ else key}」"
    if key.startswith("text."):
        text_field = TEXT_BY_KEY.get(key[5:])
        return f"{TEXT_TITLE}「{text_field.label if text_field else key}」"
    cell = ALL_CELLS.get(key)
    if cell is None:
        return key
    table = TABLE_NAMES[cell.table] + ("（2019年格式）" if key.startswith(T2_2019_PREFIX + ".") else "")
    if cell.table == "t4":
        return f"{table}「{cell.row_label}」「{cell.column_label}」"
    return f"{table}「{cell.row_label}」行「{cell.column_label}」列"


META_BY_KEY = {f.key: f for f in META_FIELDS}
TEXT_BY_KEY = {f.key: f for f in TEXT_FIELDS}


@dataclass
class Report:
    """One report's data: the exchange format of fill/dump/import."""

    meta: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)  # key -> int | float; absent = missing
    text: dict = field(default_factory=dict)  # text field key -> str

    def to_json(self) -> dict:
        out = {"meta": dict(self.meta), "values": {k: self.values[k] for k in sorted_keys(self.values)}}
        if self.text:
            out["text"] = {f.key: self.text[f.key] for f in TEXT_FIELDS if self.text.get(f.key)}
        return out


_ORDER = {k: i for i, k in enumerate(list(CELLS) + list(EXTRA_KEYS))}


def sorted_keys(keys) -> list[str]:
    return sorted(keys, key=lambda k: (_ORDER.get(k, len(_ORDER)), k))
