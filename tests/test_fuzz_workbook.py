"""Fuzzing the workbook path: whatever is typed into a cell, whatever happened to the file,
`check`, `dump`, `check -o` and `audit` end with exit code 0, 1 or 2 and a Chinese message —
never an internal error (3) or a traceback — the input stays byte-identical, and a bad value
is reported at its cell.

Mutations are made on the raw .xlsx (zip members, sheet XML), so they reach the reader as
Excel/WPS or a damaged copy would leave them, including what openpyxl refuses to write
(control characters, NaN in a number cell, a date cell holding garbage).
Bounded: a few dozen examples each, well under the 30-second budget of the fuzz suites
(NIANBAO_FUZZ=N runs N random examples instead).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import re
import shutil
import tempfile
import warnings
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import consistent_report
from nianbao.build.template import build_template
from nianbao.check.numbers import MAX_MAGNITUDE
from nianbao.cli import main
from nianbao.spec import format2021 as f
from nianbao.spec.layout import LOCATIONS, MARKER_SHEET

# NIANBAO_FUZZ=500 for a longer, randomized hunt; by default a fixed, quick set.
DEEP = int(os.environ.get("NIANBAO_FUZZ", "0"))
FUZZ = settings(
    max_examples=DEEP or 30,
    deadline=None,
    derandomize=not DEEP,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER_KEYS = list(f.KEYS)
INPUT_KEYS = list(LOCATIONS)


# ---------------------------------------------------------------- running the command line


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_handled(code: int, out: str, err: str, what: str, *, chinese: bool = True) -> None:
    """0, 1 or 2; no internal error, no traceback; something said in Chinese."""
    assert code in (0, 1, 2), f"{what}: exit {code}\n{err}"
    assert "Traceback" not in out + err and "内部错误" not in out + err, f"{what}\n{err}"
    assert not chinese or CJK.search(out + err), f"{what}: no Chinese message\n{out}\n{err}"


def every_command(path: Path, work: Path) -> dict[str, tuple[int, str, str]]:
    """check (--json), dump, check -o, audit on `path`; each handled; the input untouched."""
    before = digest(path)
    results = {
        "check": run("check", path, "--json"),
        "dump": run("dump", path),
        "check -o": run("check", path, "-o", work / "checked.xlsx"),
        "audit": run("audit", path),
    }
    for name, (code, out, err) in results.items():
        if name in ("check", "dump") and code in (0, 1):
            json.loads(out)  # the JSON is the answer (and may hold no Chinese at all)
            assert_handled(code, out, err, name, chinese=False)
        else:
            assert_handled(code, out, err, name)
    assert digest(path) == before, "the input file was modified"
    return results


# ---------------------------------------------------------------- editing the raw .xlsx


def sheet_member(archive: zipfile.ZipFile, sheet_name: str) -> str:
    workbook = archive.read("xl/workbook.xml").decode()
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    for name, rid in re.findall(r'<sheet name="([^"]*)" sheetId="\d+"(?: state="\w+")? r:id="(rId\d+)"', workbook):
        if name == sheet_name:
            target = re.search(rf'<Relationship Id="{rid}"[^>]*Target="([^"]+)"', rels).group(1)
            return "xl/" + target.lstrip("/").removeprefix("xl/")
    raise KeyError(sheet_name)


def rewrite(source: Path, target: Path, changes: dict) -> Path:
    """A copy of the zip with members replaced (bytes) or deleted (None); new names added."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename not in changes:
                dst.writestr(item, src.read(item))
            elif changes[item.filename] is not None:
                dst.writestr(item.filename, changes[item.filename])
        for name, data in changes.items():
            if data is not None and name not in src.namelist():
                dst.writestr(name, data)
    return target


def excel_text(text: str) -> str:
    """How Excel stores a string in XML: characters XML cannot hold as _xHHHH_."""
    out = []
    for ch in text:
        code = ord(ch)
        if (code < 0x20 and ch not in "\t\n\r") or code in (0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            out.append(f"_x{code:04X}_")
        else:
            out.append(ch)
    return escape("".join(out))


def cell_xml(ref: str, kind: str, value) -> str:
    if kind == "number":  # whatever stands in <v>, even "NaN" or "abc"
        return f'<c r="{ref}"><v>{escape(str(value))}</v></c>'
    if kind == "text":
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{excel_text(value)}</t></is></c>'
    if kind == "bool":
        return f'<c r="{ref}" t="b"><v>{int(bool(value))}</v></c>'
    if kind == "error":
        return f'<c r="{ref}" t="e"><v>{escape(value)}</v></c>'
    if kind == "formula":
        return f'<c r="{ref}"><f>{escape(value)}</f></c>'
    if kind == "date":
        return f'<c r="{ref}" t="d"><v>{escape(value)}</v></c>'
    raise ValueError(kind)


def set_cell(source: Path, target: Path, key: str, kind: str, value) -> str:
    """A copy of `source` with the input cell of `key` holding `value`; returns 'sheet!A1'."""
    location = LOCATIONS[key]
    ref = location.input.address
    with zipfile.ZipFile(source) as archive:
        member = sheet_member(archive, location.sheet)
        xml = archive.read(member).decode()
    pattern = re.compile(rf'<c r="{ref}"(?: [^>]*)?(?:/>|>.*?</c>)', re.S)
    assert pattern.search(xml), (key, ref)
    new = cell_xml(ref, kind, value)
    rewrite(source, target, {member: pattern.sub(lambda _: new, xml, count=1).encode()})
    return f"{location.sheet}!{ref}"


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "base.xlsx"
    build_template(path, consistent_report(random.Random(5), busy=0.5))
    return path


@contextlib.contextmanager
def scratch():
    folder = Path(tempfile.mkdtemp(prefix="nianbao-fuzz-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- (a) values typed into cells

FULLWIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")
digits = st.integers(min_value=0, max_value=10**7)
text_values = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    digits.map(lambda n: str(n).translate(FULLWIDTH)),
    digits.map(lambda n: f"{n:,}"),
    digits.map(lambda n: f"{n:,}".replace(",", " ")),
    digits.map(lambda n: f" {n}\u3000"),
    st.sampled_from(
        [
            "NaN",
            "nan",
            "inf",
            "-inf",
            "Infinity",
            "1e308",
            "1e400",
            "—",
            "-",
            "无",
            "/",
            "TRUE",
            "0x10",
            "=1/0",
            "=A1",
            "=SUM(D5:I5)",
            "１，２３４．５",
            "-3",
            "2.5",
            "12\u200b",
            "٣",
            "𝟙𝟚",
            "½",
        ]
    ),
    st.integers(min_value=15, max_value=400).map(lambda n: "9" * n),
    st.integers(min_value=1000, max_value=40000).map(lambda n: "长" * n),
    st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=8),  # control characters
    st.tuples(digits, st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=3)).map(
        lambda t: f"{t[0]}{t[1]}"
    ),
)
number_values = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(
        [
            "1e308",
            "-1e308",
            "1.7976931348623157e308",
            "5e-324",
            "-0",
            "NaN",
            "INF",
            "abc",
            "",
            "1e15",
            "999999999999999",
            "1.23456789",
        ]
    ),
    digits.map(str),
)
mutations = st.one_of(
    st.tuples(st.just("text"), text_values),
    st.tuples(st.just("number"), number_values),
    st.tuples(st.just("bool"), st.booleans()),
    st.tuples(st.just("error"), st.sampled_from(["#DIV/0!", "#REF!", "#N/A", "#VALUE!", "#NAME?", "garbage"])),
    st.tuples(st.just("formula"), st.sampled_from(["1/0", "A1", "SUM(D5:I5)", "NOW()", '"x"&'])),
    st.tuples(st.just("date"), st.sampled_from(["2024-01-01T00:00:00", "2024-02-30", "garbage", "1900-01-01"])),
)


def clean_number(kind: str, value, key: str) -> bool:
    """A mutation that is a plain, valid number: no value finding has to name its cell."""
    if kind != "number":
        return False
    try:
        number = float(value)
    except ValueError:
        return False
    if number != number or abs(number) >= MAX_MAGNITUDE or number < 0:
        return False
    if f.CELLS[key].kind == f.AMOUNT:
        return round(number, 4) == number
    return number == int(number)


@FUZZ
@given(key=st.sampled_from(INPUT_KEYS), mutation=mutations)
def test_any_value_in_any_input_cell(base, key, mutation):
    kind, value = mutation
    with scratch() as work:
        path = work / "typed.xlsx"
        cell = set_cell(base, path, key, kind, value)
        results = every_command(path, work)
        code, out, _ = results["check"]
        if key in f.CELLS and code in (0, 1) and not clean_number(kind, value, key):
            named = [x for x in json.loads(out) if cell in x["cells"]]
            assert named, f"{cell} ({key}) holding {kind} {value!r:.60} is not named in the findings"


@pytest.mark.parametrize("key", ["t3.new.total", "t2.fees.amount", "t4.review.total"])
@pytest.mark.parametrize("kind,value", [("text", "9" * 400), ("number", "1e308"), ("number", "1.7976931348623157e308")])
def test_huge_numbers_are_not_numbers(tmp_path, base, key, kind, value):
    """Found by fuzzing: a 400-digit text or 1e308 overflowed the checker's sums and the annotated copy."""
    path = tmp_path / "huge.xlsx"
    cell = set_cell(base, path, key, kind, value)
    other = set_cell(
        path, tmp_path / "huge2.xlsx", "t3.new.natural_person", kind, value
    )  # two of them: the sum overflows
    results = every_command(tmp_path / "huge2.xlsx", tmp_path)
    findings = json.loads(results["check"][1])
    for where in (cell, other):
        [finding] = [x for x in findings if where in x["cells"] and x["rule"] == "值-非数字"]
        assert "数值过大" in finding["message"] and len(finding["message"]) < 200
    assert results["check -o"][0] == 1


@pytest.mark.parametrize("key", ["meta.agency", "meta.postcode", "meta.url", "text.problems"])
@pytest.mark.parametrize("value", ["NaN", "INF", "1e308"])
def test_non_finite_number_in_a_text_cell(tmp_path, base, key, value):
    """Found by fuzzing: NaN or INF typed into a number-formatted text cell (the postcode) crashed `int(raw)`."""
    path = tmp_path / "nan.xlsx"
    set_cell(base, path, key, "number", value)
    every_command(path, tmp_path)


@pytest.mark.parametrize(
    "key", ["meta.agency", "meta.url", "text.problems", "text.other_matters", "t2.fees.amount", "meta.year"]
)
def test_control_characters_reach_no_output_file(tmp_path, base, key):
    """Found by fuzzing: control characters (invisible, not allowed in XML) in a cell made
    check -o, narrate and export (docx) fail with an internal error."""
    path = tmp_path / "ctl.xlsx"
    cell = set_cell(base, path, key, "text", "ab\x01\x02c\x1f\x00")
    results = every_command(path, tmp_path)
    if key in f.CELLS or key == "meta.year":
        finding = next(x for x in json.loads(results["check"][1]) if cell in x["cells"])
        assert "ab␁␂c␟␀" in finding["message"]  # shown, visibly
    before = digest(path)
    for args in (
        ["narrate", path, "-o", tmp_path / "n.xlsx", "--force"],
        ["export", path, "-o", tmp_path / "r.docx", "--force"],
        ["export", path, "-o", tmp_path / "r.html", "--force"],
        ["export", path, "-o", tmp_path / "r.xlsx", "--force"],
    ):
        assert_handled(*run(*args), " ".join(map(str, args[:1])))
    assert digest(path) == before
    if key.startswith("text.") or key in ("meta.agency", "meta.url"):
        code, out, _ = run("dump", path)
        data = json.loads(out)
        text = data["text"][key[5:]] if key.startswith("text.") else data["meta"][key[5:]]
        assert text == "abc"


def test_long_text_is_quoted_short(tmp_path, base):
    path = tmp_path / "long.xlsx"
    cell = set_cell(base, path, "t3.new.total", "text", "长" * 40000)
    results = every_command(path, tmp_path)
    finding = next(x for x in json.loads(results["check"][1]) if cell in x["cells"])
    assert "共40000字" in finding["message"] and len(finding["message"]) < 300


def test_a_cell_openpyxl_cannot_load_is_an_unreadable_file_for_check_o(tmp_path, base):
    """Found by fuzzing: python-calamine reads `<v>abc</v>` in a number cell, openpyxl does not:
    check -o and narrate ended in an internal error."""
    path = tmp_path / "odd.xlsx"
    set_cell(base, path, "t3.new.total", "number", "abc")
    code, _, err = run("check", path, "-o", tmp_path / "o.xlsx")
    assert code == 2 and "内容不规范" in err and "另存为" in err
    code, _, err = run("narrate", path, "-o", tmp_path / "n.xlsx", "--force")
    assert code == 2 and "内容不规范" in err
    assert not (tmp_path / "o.xlsx").exists() and not (tmp_path / "n.xlsx").exists()


def test_an_input_cell_merged_by_the_clerk(tmp_path, base):
    import openpyxl

    book = openpyxl.load_workbook(base)
    sheet = book["表三 依申请公开"]
    sheet.protection.sheet = False
    sheet.merge_cells("D5:E5")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    results = every_command(path, tmp_path)
    assert any("表三 依申请公开!E5" in x["cells"] for x in json.loads(results["check"][1]))


# ---------------------------------------------------------------- (b) damaged files


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def truncate(rng, base, target):
    data = base.read_bytes()
    target.write_bytes(data[: rng.randrange(1, len(data))])


def flip_bytes(rng, base, target):
    data = bytearray(base.read_bytes())
    for _ in range(rng.randint(1, 20)):
        i = rng.randrange(len(data))
        data[i] ^= 1 << rng.randrange(8)
    target.write_bytes(bytes(data))


def flip_in_member(rng, base, target):
    members = _members(base)
    name = rng.choice(sorted(members))
    data = bytearray(members[name])
    for _ in range(rng.randint(1, 5)):
        data[rng.randrange(len(data))] = rng.getrandbits(8)
    rewrite(base, target, {name: bytes(data)})


def delete_member(rng, base, target):
    rewrite(base, target, {rng.choice(sorted(_members(base))): None})


def duplicate_member(rng, base, target):
    members = _members(base)
    shutil.copy(base, target)
    with warnings.catch_warnings(), zipfile.ZipFile(target, "a") as archive:
        warnings.simplefilter("ignore")  # "Duplicate name": that is the point
        archive.writestr(rng.choice(sorted(members)), members[rng.choice(sorted(members))])


def garbage_sheet(rng, base, target):
    sheets = sorted(n for n in _members(base) if n.startswith("xl/worksheets/"))
    garbage = rng.choice(
        [
            b"garbage",
            bytes(rng.getrandbits(8) for _ in range(500)),
            b"<worksheet/>",
            b"<?xml version='1.0'?><x><y>",
            b"",
        ]
    )
    rewrite(base, target, {rng.choice(sheets): garbage})


def rename_sheet(rng, base, target):
    xml = _members(base)["xl/workbook.xml"].decode()
    name = rng.choice(re.findall(r'<sheet name="([^"]*)"', xml))
    new = rng.choice([name + "（改）", "Sheet1", name.replace(" ", ""), ""])
    rewrite(base, target, {"xl/workbook.xml": xml.replace(f'name="{name}"', f'name="{new}"').encode()})


def remove_defined_names(rng, base, target):
    xml = _members(base)["xl/workbook.xml"].decode()
    rewrite(base, target, {"xl/workbook.xml": re.sub(r"<definedNames>.*</definedNames>", "", xml).encode()})


def remove_marker(rng, base, target):
    members = _members(base)
    xml = members["xl/workbook.xml"].decode()
    with zipfile.ZipFile(base) as archive:
        member = sheet_member(archive, MARKER_SHEET)
    choice = rng.randrange(3)
    if choice == 0:  # the sheet's entry gone from workbook.xml, its part left
        changes = {"xl/workbook.xml": re.sub(rf'<sheet name="{MARKER_SHEET}"[^>]*/>', "", xml).encode()}
    elif choice == 1:  # its part gone, the entry left
        changes = {member: None}
    else:
        changes = {"xl/workbook.xml": re.sub(rf'<sheet name="{MARKER_SHEET}"[^>]*/>', "", xml).encode(), member: None}
    rewrite(base, target, changes)


def huge_shared_strings(rng, base, target):
    xml = _members(base)["xl/sharedStrings.xml"].decode()
    extra = "".join(f"<si><t>{'长' * 20}{i}</t></si>" for i in range(rng.choice([1000, 100_000])))
    xml = re.sub(r' count="\d+" uniqueCount="\d+"', "", xml).replace("</sst>", extra + "</sst>")
    rewrite(base, target, {"xl/sharedStrings.xml": xml.encode()})


def garble_workbook_xml(rng, base, target):
    xml = _members(base)["xl/workbook.xml"].decode()
    i = rng.randrange(len(xml))
    cut = xml[:i] + rng.choice(["<", "&", "\x01", "<!DOCTYPE x>", "]]>", "", '"']) + xml[i + rng.randrange(0, 30) :]
    rewrite(base, target, {"xl/workbook.xml": cut.encode()})


FILE_MUTATIONS = [
    truncate,
    flip_bytes,
    flip_in_member,
    delete_member,
    duplicate_member,
    garbage_sheet,
    rename_sheet,
    remove_defined_names,
    remove_marker,
    huge_shared_strings,
    garble_workbook_xml,
]


@FUZZ
@given(mutation=st.sampled_from(FILE_MUTATIONS), seed=st.integers(0, 2**32 - 1))
def test_any_damage_to_the_file(base, mutation, seed):
    with scratch() as work:
        path = work / "damaged.xlsx"
        mutation(random.Random(seed), base, path)
        every_command(path, work)


@pytest.mark.parametrize("mutation", FILE_MUTATIONS, ids=lambda m: m.__name__)
def test_each_kind_of_damage_once(tmp_path, base, mutation):
    """Every mutation at least once, whatever hypothesis draws."""
    path = tmp_path / "damaged.xlsx"
    mutation(random.Random(1), base, path)
    results = every_command(path, tmp_path)
    if mutation is remove_defined_names:  # read by the template's fixed addresses instead
        assert results["check"][0] == 0
    if mutation in (remove_marker, rename_sheet, truncate):
        assert results["check"][0] == 2


def test_bad_crc_is_a_damaged_file(tmp_path, base):
    """Found by fuzzing: a flipped bit inside the deflated workbook.xml raised BadZipFile / zlib.error."""
    data = bytearray(base.read_bytes())
    with zipfile.ZipFile(base) as archive:
        info = archive.getinfo("xl/workbook.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x10
    path = tmp_path / "crc.xlsx"
    path.write_bytes(bytes(data))
    results = every_command(path, tmp_path)
    assert all(code == 2 for code, _, _ in results.values())
    assert "已损坏" in results["dump"][2]


def test_duplicate_zip_member_is_refused(tmp_path, base):
    """Found by fuzzing: a zip holding two `xl/worksheets/sheet3.xml` — readers disagree on which
    counts (check read one, check -o annotated the other and crashed on a merged cell)."""
    members = _members(base)
    path = tmp_path / "dup.xlsx"
    shutil.copy(base, path)
    with warnings.catch_warnings(), zipfile.ZipFile(path, "a") as archive:
        warnings.simplefilter("ignore")
        archive.writestr("xl/worksheets/sheet3.xml", members["xl/worksheets/sheet2.xml"])
    results = every_command(path, tmp_path)
    assert results["check"][0] == 2 and "重名" in results["check"][2]
