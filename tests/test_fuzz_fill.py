"""Fuzzing `fill` (and `check` of a JSON data file) with random JSON: wrong types, nested
objects, huge numbers, NaN/Infinity, unknown keys, non-UTF-8 bytes, a BOM. Exit 0, 1 or 2 with
a Chinese message, never an internal error; no output left behind when refused; what `fill`
wrote reads back."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from factories import consistent_report
from nianbao.spec import format2021 as f
from test_fuzz_workbook import FUZZ, assert_handled, digest, run, scratch

KEYS = sorted(f.ALL_CELLS)
META = [m.key for m in f.META_FIELDS]
TEXTS = sorted(f.TEXT_BY_KEY)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers(min_value=-(10**40), max_value=10**400),
    st.floats(),
    st.text(max_size=40),
    st.sampled_from(["１２", "1,200", "—", "", "\x01\x02", "NaN"]),
)
anything = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8,
)
documents = st.one_of(
    anything,
    st.fixed_dictionaries(
        {},
        optional={
            "meta": st.one_of(anything, st.dictionaries(st.sampled_from(META + ["format", "x"]), anything, max_size=6)),
            "values": st.one_of(
                anything, st.dictionaries(st.sampled_from(KEYS + ["t9.nothing"]), anything, max_size=10)
            ),
            "text": st.one_of(anything, st.dictionaries(st.sampled_from(TEXTS + ["x"]), anything, max_size=3)),
            "unplaced": anything,
            "junk": anything,
        },
    ),
)


def _perturbed(args) -> dict:
    seed, changes = args
    document = consistent_report(random.Random(seed)).to_json()
    for (section, key), value in changes:
        document.setdefault(section, {})[key] = value
    return document


# Mostly valid documents with a few fields replaced: these get past the JSON checks and into the workbook.
nearly_valid = st.tuples(
    st.integers(0, 1000),
    st.lists(
        st.tuples(
            st.one_of(
                st.tuples(st.just("values"), st.sampled_from(KEYS)),
                st.tuples(st.just("meta"), st.sampled_from(META)),
                st.tuples(st.just("text"), st.sampled_from(TEXTS)),
            ),
            st.one_of(scalars, st.integers(-5, 10**14), st.floats(0, 1e14)),
        ),
        max_size=4,
    ),
).map(_perturbed)
documents = st.one_of(documents, nearly_valid, nearly_valid)

ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8", "surrogatepass"),
    "bom": lambda text: b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass"),
    "gbk tail": lambda text: text.encode("utf-8", "surrogatepass") + "中文".encode("gbk"),
    "utf-16": lambda text: text.encode("utf-16"),
    "cut": lambda text: text.encode("utf-8", "surrogatepass")[: max(1, len(text) // 2)],
}


@FUZZ
@given(document=documents, encoding=st.sampled_from(sorted(ENCODINGS)))
def test_fill_any_json(document, encoding):
    with scratch() as work:
        data = work / "data.json"
        data.write_bytes(ENCODINGS[encoding](json.dumps(document, ensure_ascii=False)))
        before = digest(data)
        out = work / "out.xlsx"
        code, stdout, err = run("fill", data, "-o", out)
        assert_handled(code, stdout, err, "fill")
        assert digest(data) == before
        assert out.exists() == (code == 0)
        event("filled" if code == 0 else "refused")
        assert not [p.name for p in work.iterdir() if p.name.endswith(".tmp")]  # no temporary left behind
        code, stdout, err = run("check", data)
        assert_handled(code, stdout, err, "check data.json")
        if out.exists():
            code, stdout, err = run("check", out)
            assert_handled(code, stdout, err, "check of what fill wrote")
            assert code in (0, 1)


@pytest.mark.parametrize(
    "value, reason",
    [
        (float("nan"), "不是有限的数字"),
        (float("inf"), "不是有限的数字"),
        (10**400, "过大"),
        (1e300, "过大"),
    ],
)
def test_non_finite_or_huge_numbers_are_refused_by_name(tmp_path, value, reason):
    """Found by fuzzing: 10**400 overflowed in XlsxWriter; NaN/Infinity (which json accepts) too."""
    data = tmp_path / "d.json"
    data.write_text(json.dumps({"meta": {"agency": "甲", "year": 2024}, "values": {"t3.new.total": value}}))
    for args in (
        ["fill", data, "-o", tmp_path / "o.xlsx"],
        ["check", data],
        ["export", data, "-o", tmp_path / "r.html"],
    ):
        code, _, err = run(*args)
        assert code == 2 and "t3.new.total" in err and reason in err, err
    data.write_text(json.dumps({"meta": {"year": float("nan")}}))
    code, _, err = run("fill", data, "-o", tmp_path / "o.xlsx")
    assert code == 2 and "year" in err
    assert not (tmp_path / "o.xlsx").exists()


def test_nested_meta_is_refused(tmp_path):
    data = tmp_path / "d.json"
    data.write_text(json.dumps({"meta": {"agency": {"name": "甲"}}}))
    code, _, err = run("fill", data, "-o", tmp_path / "o.xlsx")
    assert code == 2 and "agency" in err and "对象" in err


def test_bom_and_non_utf8(tmp_path):
    report = consistent_report(random.Random(2))
    data = tmp_path / "bom.json"
    data.write_bytes(b"\xef\xbb\xbf" + json.dumps(report.to_json(), ensure_ascii=False).encode())
    assert run("fill", data, "-o", tmp_path / "o.xlsx")[0] == 0
    data.write_bytes(json.dumps(report.to_json(), ensure_ascii=False).encode("gbk"))
    code, _, err = run("fill", data, "-o", tmp_path / "o2.xlsx")
    assert code == 2 and "UTF-8" in err


def test_negative_and_fractional_values_in_a_data_file_are_reported(tmp_path):
    """Found while fuzzing: `check data.json` let -3 and 2.5 pass (the value rules ran only on workbooks)."""
    report = consistent_report(random.Random(4))
    report.values["t2.licensing.decisions"] = -3
    report.values["t2.penalty.decisions"] = 2.5
    report.values["t2.fees.amount"] = 1.2345678
    data = tmp_path / "d.json"
    data.write_text(json.dumps(report.to_json(), ensure_ascii=False))
    code, out, _ = run("check", data, "--json")
    rules = {(x["rule"], x["keys"][0]) for x in json.loads(out)}
    assert code == 1
    assert {
        ("值-负数", "t2.licensing.decisions"),
        ("值-非整数", "t2.penalty.decisions"),
        ("值-小数位", "t2.fees.amount"),
    } <= rules


def test_control_characters_in_json_text_are_dropped(tmp_path):
    report = consistent_report(random.Random(4))
    document = report.to_json()
    document["meta"]["agency"] = "甲县\x01人民政府"
    document["text"] = {"problems": "问题\x00一"}
    data = tmp_path / "d.json"
    data.write_text(json.dumps(document, ensure_ascii=False))
    assert run("fill", data, "-o", tmp_path / "o.xlsx")[0] == 0
    code, out, _ = run("dump", tmp_path / "o.xlsx")
    dumped = json.loads(out)
    assert dumped["meta"]["agency"] == "甲县人民政府" and dumped["text"]["problems"] == "问题一"
    assert run("export", data, "-o", tmp_path / "r.docx")[0] in (0, 1)
