"""Text with no whitespace at all (what a crawler or a copy-paste gives of a Word-made web page):
labels, cells and item numbers glued together. The importer is compared with a brute-force
oracle that enumerates every reading of the printed digits the rules allow: it must return
exactly the cells on which all those readings agree — no fewer, never a different number."""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path

import pytest

from nianbao.importers import import_text
from nianbao.spec import format2021 as f

SAMPLES = Path(__file__).parent / "data" / "samples" / "real"
AGENCY = "某某县某某局"
PARTS = [c.suffix for c in f.T3_PART_COLUMNS]
COLS = [c.suffix for c in f.T3_COLUMNS]


# ---------------------------------------------------------------- random consistent reports


def random_report(rng: random.Random, single_other: bool = False) -> dict:
    """A consistent report whose tables have few non-zero cells (so the oracle can enumerate)."""
    v: dict = {}
    for block in f.T2_BLOCKS:
        for middle, _ in block.rows:
            for col in block.columns:
                key = f.t2_key(middle, col.suffix)
                if block.kind == f.AMOUNT:
                    v[key] = rng.choice([0, 952.4, 12.5, 3])
                else:
                    v[key] = rng.choice([0, 0, 3, 12, 48, 130])
    rows = [r.middle for r in f.T3_RESULT_ROWS]
    if single_other:
        rows = [m for m in rows if not m.startswith("other.")] + [f.T3_OTHER_2019.middle]
    every = ["new", "carried_over", *rows, "results_total", "carried_forward"]
    for m in every:
        for c in COLS:
            v[f.t3_key(m, c)] = 0
    for m in rng.sample(rows, rng.randint(1, 3)):
        for c in rng.sample(PARTS, rng.randint(1, 2)):
            v[f.t3_key(m, c)] = rng.choice([1, 2, 3, 5, 10, 11, 20, 48])
    for c in PARTS:
        results = sum(v[f.t3_key(m, c)] for m in rows)
        forward = rng.choice([0, 0, 0, 1, 2])
        carried = rng.choice([0, 0, min(results + forward, 1)])
        v[f.t3_key("results_total", c)] = results
        v[f.t3_key("carried_forward", c)] = forward
        v[f.t3_key("carried_over", c)] = carried
        v[f.t3_key("new", c)] = results + forward - carried
    for m in every:
        v[f.t3_key(m, "total")] = sum(v[f.t3_key(m, c)] for c in PARTS)
    for g in f.T4_GROUPS:
        parts = [rng.choice([0, 0, 0, 1, 2, 12]) for _ in f.T4_PART_COLUMNS]
        for col, x in zip(f.T4_PART_COLUMNS, parts):
            v[f.t4_key(g.suffix, col.suffix)] = x
        v[f.t4_key(g.suffix, "total")] = sum(parts)
    return v


# ---------------------------------------------------------------- rendering as the sources do


def _stray_space(rng: random.Random, label: str) -> str:
    """A space (or a line break) inside a label: "本年度办 理结果"."""
    core = re.sub(r"^(\d\.)", "", label)
    if len(core) < 4 or rng.random() < 0.6:
        return label
    at = len(label) - len(core) + rng.randint(2, len(core) - 1)
    return label[:at] + rng.choice([" ", "\n"]) + label[at:]


def _digits(values: list) -> str:
    return "".join(str(x) for x in values)


def render_glued(v: dict, rng: random.Random, single_other: str = "") -> tuple[str, dict]:
    """The report as glued text, and per table-三 row the digit strings a reader may see
    (the row's digits; and, when the next item's number was printed without its dot, also
    with that digit glued on)."""
    year = 2023
    out = [f"{AGENCY}{year}年{f.REPORT_TITLE_SUFFIX}"]
    out.append(
        f"本报告依据《中华人民共和国政府信息公开条例》编制，共分6个部分：总体情况、主动公开政府信息情况、"
        f"收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、"
        f"其他需要报告的事项。统计期限自{year}年1月1日至{year}年12月31日。"
    )
    out.append(f"{f.SECTIONS[0].title}{year}年，本局认真落实政府信息公开工作要求。")
    out.append(f.SECTIONS[1].title)
    for block in f.T2_BLOCKS:
        out.append(block.article + f.T2_CONTENT_HEADER + "".join(c.label for c in block.columns))
        for middle, label in block.rows:
            out.append(label + "".join(str(v[f.t2_key(middle, c.suffix)]) for c in block.columns))
    out.append(f.SECTIONS[2].title + f.T3_NOTE)
    out.append("申请人情况自然人法人或其他组织总计商业企业科研机构社会公益 组织法律服务 机构其他")
    readings: dict[str, tuple[str, ...]] = {}
    rows = list(f.T3_ROWS)
    if single_other == "one-row":
        rows = [r for r in rows if not (r.middle or "").startswith("other.")]
    pending = ""  # the previous row's digits, waiting to see how the next label is numbered
    pending_middle = ""
    for row in rows:
        label = row.label
        number = re.match(r"^(\d)\.", label)
        glued_number = ""
        if number:
            dotless = rng.random() < 0.25
            glued_number = number.group(1) + ("" if dotless else ".")
            label = label[2:]
            if pending_middle:
                readings[pending_middle] = (pending + number.group(1), pending) if dotless else (pending,)
        elif pending_middle:
            readings[pending_middle] = (pending,)
        pending_middle = ""
        out.append(glued_number + _stray_space(rng, label))
        middle = row.middle
        if single_other and (row.label == f.T3_OTHER_2019.label) and single_other == "one-row":
            middle = f.T3_OTHER_2019.middle
        if single_other == "rowspan" and row.middle and row.middle.startswith("other."):
            middle = f.T3_OTHER_2019.middle if row.middle == f.T3_OTHER_ROWS[0].middle else None
        if middle:
            pending = _digits([v[f.t3_key(middle, c)] for c in COLS])
            pending_middle = middle
            out.append(pending)
    if pending_middle:
        readings[pending_middle] = (pending,)
    out.append(f.SECTIONS[3].title + "行政复议行政诉讼" + "".join(c.label for c in f.T4_COLUMNS))
    out.append("未经复议直接起诉复议后起诉" + "".join(c.label for c in f.T4_COLUMNS) * 2)
    out.append(_digits([v[f.t4_key(g.suffix, c.suffix)] for g in f.T4_GROUPS for c in f.T4_COLUMNS]))
    out.append(f"{f.SECTIONS[4].title}部分栏目更新不够及时。{f.SECTIONS[5].title}{year}年，无收取信息处理费情况。")
    text = "".join(out)
    return text, readings


# ---------------------------------------------------------------- the oracle


def all_splits(digits: str, n: int) -> list[tuple[int, ...]]:
    """Every way to cut digits into n numbers, none with a leading zero (plain enumeration)."""
    if n == 1:
        return [(int(digits),)] if digits and (digits == "0" or digits[0] != "0") else []
    out = []
    for cut in range(1, len(digits) - n + 2):
        head = digits[:cut]
        if len(head) > 1 and head[0] == "0":
            break
        out += [(int(head), *rest) for rest in all_splits(digits[cut:], n - 1)]
    return out


def agreed(readings: list[tuple[int, ...]], keys: list[str]) -> dict:
    return {k: readings[0][i] for i, k in enumerate(keys) if len({r[i] for r in readings}) == 1} if readings else {}


def oracle_t3(readings: dict[str, tuple[str, ...]]) -> dict:
    options = {}
    for middle, texts in readings.items():
        found = {s for t in texts for s in all_splits(t, len(COLS)) if sum(s[:-1]) == s[-1]}
        options[middle] = sorted(found)
    rows = list(options)
    results = [m for m in rows if m not in ("new", "carried_over", "results_total", "carried_forward")]
    assert all(options.values()), "a rendered row has no reading keeping its own total"
    size = 1
    for m in rows:
        size *= len(options[m])
    assert size < 2_000_000, "the oracle's enumeration would be too long: choose smaller reports"
    good = []
    for combo in itertools.product(*(options[m] for m in rows)):
        t = dict(zip(rows, combo))
        if any(t["new"][c] + t["carried_over"][c] != t["results_total"][c] + t["carried_forward"][c] for c in range(7)):
            continue
        if any(sum(t[m][c] for m in results) != t["results_total"][c] for c in range(7)):
            continue
        good.append(combo)
    out = {}
    for n, m in enumerate(rows):
        out.update(agreed([g[n] for g in good], [f.t3_key(m, c) for c in COLS]))
    return out


def oracle_t4(digits: str) -> dict:
    keys = [f.t4_key(g.suffix, c.suffix) for g in f.T4_GROUPS for c in f.T4_COLUMNS]
    good = [s for s in all_splits(digits, 15) if all(sum(s[g * 5 : g * 5 + 4]) == s[g * 5 + 4] for g in range(3))]
    return agreed(good, keys)


def oracle_t2(v: dict) -> dict:
    out = {}
    for block in f.T2_BLOCKS:
        for middle, _ in block.rows:
            keys = [f.t2_key(middle, c.suffix) for c in block.columns]
            printed = "".join(str(v[k]) for k in keys)
            if block.kind == f.AMOUNT or len(keys) == 1:
                out[keys[0]] = v[keys[0]]
                continue
            splits = all_splits(printed, len(keys))
            if len(splits) == 1:  # table 二 has no sum rule: only a unique cut is a reading
                out.update(zip(keys, splits[0]))
    return out


# ---------------------------------------------------------------- the comparison


@pytest.mark.parametrize("seed", range(40))
def test_glued_text_reads_exactly_what_the_rules_determine(seed):
    rng = random.Random(seed)
    v = random_report(rng)
    text, readings = render_glued(v, rng)
    expected = {**oracle_t2(v), **oracle_t3(readings), **oracle_t4(_digits([v[k] for k in v if k.startswith("t4.")]))}
    assert all(v[k] == x for k, x in expected.items())  # the oracle itself never disagrees with the truth
    result = import_text(text)
    got = result.report.values
    assert {k: got[k] for k in got if got[k] != v.get(k)} == {}  # never a different number
    assert set(got) == set(expected)  # exactly the determined cells, no fewer
    listed = {k for u in result.unplaced for k in u.keys}
    assert set(v) - set(got) <= listed  # every cell left out is listed, with its reason


@pytest.mark.parametrize("shape", ["one-row", "rowspan"])
@pytest.mark.parametrize("seed", range(8))
def test_glued_single_other_row(seed, shape):
    """（六）其他处理 as one row — printed alone, or as one set of cells spanning its three
    sub-rows (numbers after sub-row 1, two blank sub-rows): the single row t3.other_2019.*."""
    rng = random.Random(100 + seed)
    v = random_report(rng, single_other=True)
    text, readings = render_glued(v, rng, single_other=shape)
    expected = oracle_t3(readings)
    result = import_text(text)
    got = {k: x for k, x in result.report.values.items() if k.startswith("t3.")}
    assert got == expected
    assert result.layout.endswith("single-other")
    assert not any(k.startswith("t3.other.") for k in got)


def test_issue_example_table2_rows():
    """ "规章000" and "行政许可3817" are read; "4121395" (制发/废止/现行有效) has several readings."""
    text = (
        f"{AGENCY}2023年{f.REPORT_TITLE_SUFFIX}一、总体情况2023年，本局依法公开。二、主动公开政府信息情况"
        "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件4121395"
        "第二十条第（五）项信息内容本年处理决定数量行政许可3817第二十条第（六）项信息内容本年处理决定数量"
        "行政处罚5行政强制0第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费952.4"
        "三、收到和处理政府信息公开申请情况五、存在的主要问题及改进情况无。六、其他需要报告的事项无。"
    )
    got = import_text(text).report.values
    assert got["t2.regulations.issued"] == got["t2.regulations.repealed"] == got["t2.regulations.in_force"] == 0
    assert got["t2.licensing.decisions"] == 3817 and got["t2.penalty.decisions"] == 5
    assert got["t2.fees.amount"] == 952.4
    assert not any(k.startswith("t2.normative_documents") for k in got)


def test_item_number_glued_to_the_digits_is_given_back():
    """ "…不予公开1.属于国家秘密20000022.其他法律…": 2,0,0,0,0,0,2 and the label "2."."""
    v = {k: 0 for k in random_report(random.Random(7))}
    for m in ("withheld.state_secret", "results_total", "new"):
        v[f.t3_key(m, "natural_person")] = v[f.t3_key(m, "total")] = 2
    text, _ = render_glued(v, random.Random(2))
    assert "属于国家秘密20000022.其他法律" in text
    got = import_text(text).report.values
    assert {k: got[k] for k in got if k.startswith("t3.")} == {k: x for k, x in v.items() if k.startswith("t3.")}


# ---------------------------------------------------------------- the shared samples, glued


@pytest.mark.parametrize("name", ["103_hongze-quzhengfu-2024", "202_pingtan-guanweihui-2022"])
def test_samples_without_whitespace_read_as_before(name):
    """`tr -d ' \\n'` of a sample reads as well as the sample itself."""
    path = SAMPLES / f"{name}.txt"
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["values"]
    glued = re.sub(r"[ \n]", "", path.read_text(encoding="utf-8"))
    result = import_text(glued)
    got = result.report.values
    assert {k: got[k] for k in got if got[k] != truth.get(k)} == {}
    assert set(got) == set(truth)


def test_publishers_arithmetic_error_is_still_found():
    """A row that adds up in itself but breaks a column rule: no reading of the table keeps every
    rule, so a row whose own total fixes its split is kept as printed and `check` reports the
    column rule; the rows that stay open are listed."""
    from nianbao.check.checker import check
    from nianbao.spec import rules

    v = {k: 0 for k in random_report(random.Random(9))}
    for m in ("granted", "results_total", "new"):
        v[f.t3_key(m, "natural_person")] = v[f.t3_key(m, "total")] = 3
    v[f.t3_key("granted", "natural_person")] = v[f.t3_key("granted", "total")] = 4  # printed wrong
    text, _ = render_glued(v, random.Random(2))
    result = import_text(text)
    got = result.report.values
    assert got[f.t3_key("granted", "natural_person")] == 4 and got[f.t3_key("granted", "total")] == 4
    assert {k: got[k] for k in got if got[k] != v.get(k)} == {}
    found = {x.rule for x in check(result.report)}
    assert rules.T3_RESULTS_TOTAL.id in found


@pytest.mark.parametrize(
    "slip",
    [("其他法律行政法规禁止公开", "其他法律行政止公开"), ("本机关不掌握相关政府信息", "本机关不掌捏相关政府信息")],
)
def test_a_slip_inside_a_label_still_anchors_its_row(slip):
    """A typo or an OCR slip in a long label ("其他法律行政止公开"): the label is found by its
    pieces, and its row read as the oracle reads it."""
    rng = random.Random(21)
    v = random_report(rng)
    text, readings = render_glued(v, random.Random(4))
    assert slip[0] in text
    result = import_text(text.replace(slip[0], slip[1]))
    got = {k: x for k, x in result.report.values.items() if k.startswith("t3.")}
    assert got == oracle_t3(readings)


def test_a_digit_run_far_longer_than_any_row_is_listed_quickly():
    """A hostile run of thousands of digits where table 四 stands: listed, never split, and
    quickly (the split search once explored every dead branch of such a run)."""
    import time

    rng = random.Random(5)
    v = random_report(rng)
    text, _ = render_glued(v, random.Random(1))
    t4 = _digits([v[k] for k in v if k.startswith("t4.")])
    text = text.replace(t4, "1" * 5000, 1)
    start = time.monotonic()
    result = import_text(text)
    assert time.monotonic() - start < 5
    assert not any(k.startswith("t4.") for k in result.report.values)
    assert any("表四数字连在一起" in u.reason for u in result.unplaced if any(k.startswith("t4.") for k in u.keys))
