"""cellref: the one place that converts between keys, (row, col) and A1 (XlsxWriter's style)."""

import pytest

from nianbao.spec.cellref import (
    CellRef,
    a1,
    column_letters,
    defined_name,
    parse_a1,
    parse_reference,
    quote_sheet,
    range_a1,
    sheet_ref,
)
from nianbao.spec.layout import LOCATIONS, locate


@pytest.mark.parametrize(
    ("col", "letters"),
    [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA"), (16383, "XFD")],
)
def test_column_letters(col, letters):
    assert column_letters(col) == letters


@pytest.mark.parametrize(
    ("row", "col", "ref"), [(0, 0, "A1"), (4, 3, "D5"), (28, 9, "J29"), (1048575, 16383, "XFD1048576")]
)
def test_a1_and_back(row, col, ref):
    assert a1(row, col) == ref
    assert parse_a1(ref) == (row, col)
    assert parse_a1(ref.lower()) == (row, col)


def test_absolute_references():
    assert a1(4, 3, absolute=True) == "$D$5"
    assert parse_a1("$D$5") == parse_a1("D$5") == parse_a1("$D5") == (4, 3)


def test_every_column_round_trips():
    for col in range(0, 16384, 7):
        assert parse_a1(a1(0, col)) == (0, col)


@pytest.mark.parametrize("bad", ["", "D", "5", "D5:E6", "1D", "ABCD1", "表三!D5"])
def test_not_an_a1_reference(bad):
    with pytest.raises(ValueError):
        parse_a1(bad)


def test_ranges():
    assert range_a1(4, 3, 4, 3) == "D5"
    assert range_a1(4, 3, 28, 9) == "D5:J29"


def test_sheet_names_are_quoted_with_inner_quotes_doubled():
    assert quote_sheet("表三 依申请公开") == "'表三 依申请公开'"
    assert quote_sheet("it's") == "'it''s'"
    assert sheet_ref("表三 依申请公开", 4, 3) == "'表三 依申请公开'!$D$5"
    assert sheet_ref("表三 依申请公开", 4, 3, absolute=False) == "'表三 依申请公开'!D5"


def test_cellref_text_forms():
    cell = CellRef("表三 依申请公开", 4, 3)
    assert cell.address == "D5"
    assert str(cell) == "表三 依申请公开!D5"  # as a clerk reads it
    assert cell.link == "'表三 依申请公开'!D5"  # as a hyperlink location
    assert CellRef.parse(str(cell)) == cell
    assert CellRef.parse(cell.link) == cell
    assert CellRef.parse("'it''s'!A1") == CellRef("it's", 0, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("='表三 依申请公开'!$D$5", CellRef("表三 依申请公开", 4, 3)),
        ("'表三 依申请公开'!$D$5", CellRef("表三 依申请公开", 4, 3)),
        ("Sheet1!B2", CellRef("Sheet1", 1, 1)),
        ("='it''s'!A1", CellRef("it's", 0, 0)),
        ("='表三 依申请公开'!$D$5:$E$6", None),  # a range is not an input cell
        ("=1+1", None),
        ("#REF!", None),
        ("", None),
    ],
)
def test_what_a_defined_name_refers_to(text, expected):
    assert parse_reference(text) == expected


def test_defined_names_have_no_dots():
    assert defined_name("t3.withheld.third_party.legal_service") == "t3_withheld_third_party_legal_service"


def test_every_key_has_one_cell_and_one_name():
    cells = [loc.cell for loc in LOCATIONS.values()]
    assert len(set(cells)) == len(cells)
    assert locate("t3.new.natural_person") == CellRef("表三 依申请公开", 4, 3)
    assert locate("no.such.key") is None
