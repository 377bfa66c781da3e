"""Issue 12, the inputs: hostile workbooks made here from a valid one, each command run in a
process of its own under 1 GiB of address space and 15 s. Every case ends in exit 0/1/2 with
a Chinese message and no traceback, and the input is left as it was."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import zipfile
from pathlib import Path

import pytest

from factories import consistent_report
from nianbao.build.template import build_template
from support import hostile
from support.bounded import GiB, assert_clean, run_bounded


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    build_template(folder / "good.xlsx", consistent_report(random.Random(12), busy=0.5, agency="甲县人民政府"))
    return folder


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def commands_on(path: Path, work: Path) -> dict[str, list]:
    return {
        "check": ["check", path],
        "check -o": ["check", path, "-o", work / "checked.xlsx"],
        "narrate": ["narrate", path, "-o", work / "narrated.xlsx"],
        "dump": ["dump", path],
        "export": ["export", path, "-o", work / "report.html", "--force"],
        "audit": ["audit", path],
        "upgrade": ["upgrade", path, "-o", work / "upgraded.xlsx"],
    }


FAR = {
    "一个远处的单元格 XFD1048576": lambda s, t: hostile.far_cell(s, t, "XFD1048576"),
    "一个远处的单元格 XFD6000": lambda s, t: hostile.far_cell(s, t, "XFD6000"),
    "维度 A1:XFD1048576": hostile.far_dimension,
    "没有地址的两万个单元格": hostile.unaddressed_far_cell,
    "合并单元格 A40:XFD1048576": hostile.huge_merge,
    "六千个定义名称": lambda s, t: hostile.many_defined_names(s, t, 6000),
}


@pytest.mark.parametrize("case", list(FAR))
def test_a_workbook_reaching_far_outside_the_template_is_refused_by_every_command(made, tmp_path, case):
    """A 24 KB workbook with one cell at XFD1048576 aborted every reader (512 GB asked of the allocator);
    a merged A40:XFD1048576 cost openpyxl (check -o, narrate) minutes and gigabytes."""
    path = FAR[case](made / "good.xlsx", tmp_path / "far.xlsx")
    before = digest(path)
    commands = commands_on(path, tmp_path)
    if "XFD1048576" not in case:  # every reader is tried on the critical case; the others on the openpyxl paths
        commands = {name: commands[name] for name in ("check -o", "narrate")}
    for name, argv in commands.items():
        ran = run_bounded(*argv, memory=GiB, timeout=15)
        assert_clean(ran, f"{case}: {name}")
        assert ran.code == 2, f"{case}: {name}: {ran.said}"
        assert "far.xlsx" in ran.said and ("远超模板范围" in ran.said or "名称" in ran.said), ran.said
    assert digest(path) == before
    assert not list(tmp_path.glob("*.html")) and not (tmp_path / "checked.xlsx").exists()


def test_a_sheet_stored_under_an_upper_case_part_name_is_bounded_too(made, tmp_path):
    """python-calamine finds "XL/WORKSHEETS/SHEET1.XML" for the target "worksheets/sheet1.xml"
    (it ignores case); the bounds once looked only under "xl/worksheets/" and let its far cell by."""
    path = hostile.far_cell_in(
        made / "good.xlsx", tmp_path / "far.xlsx", hostile.BASIC_SHEET, "XL/WORKSHEETS/SHEET1.XML"
    )
    for argv in (["check", path], ["audit", path]):
        ran = run_bounded(*argv, memory=GiB, timeout=15)
        assert_clean(ran, str(argv))
        assert ran.code == 2 and "远超模板范围" in ran.said, ran.said


def test_a_sheet_reached_through_a_foreign_relationship_is_bounded_too(made, tmp_path):
    """python-calamine follows a Relationship in any namespace (it matches the local name); the
    scan of the sheets a command reads once followed only the package's own, and python-calamine
    then asked for 512 GB."""
    path = hostile.far_cell_behind_a_foreign_relationship(made / "good.xlsx", tmp_path / "far.xlsx")
    for argv in (["check", path], ["audit", path]):
        ran = run_bounded(*argv, memory=GiB, timeout=15)
        assert_clean(ran, str(argv))
        assert ran.code == 2 and "远超模板范围" in ran.said and "“基本信息”" in ran.said, ran.said


def test_a_row_outside_the_sheet_data_stops_only_openpyxl(made, tmp_path):
    """python-calamine reads cells from the first <sheetData> alone (a far row after it reserves
    nothing there), openpyxl parses a <row> wherever it stands: check reads the file, check -o
    is refused before openpyxl starts."""
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    path = hostile.rewrite(
        made / "good.xlsx",
        tmp_path / "far.xlsx",
        {hostile.BASIC_SHEET: lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + far, 1)},
    )
    ran = run_bounded("check", path, memory=GiB, timeout=15)
    assert_clean(ran, "check")
    assert ran.code in (0, 1), ran.said
    ran = run_bounded("check", path, "-o", tmp_path / "checked.xlsx", memory=GiB, timeout=15)
    assert_clean(ran, "check -o")
    assert ran.code == 2 and "远超模板范围" in ran.said, ran.said


def test_parts_whose_names_differ_only_in_case_are_twins(made, tmp_path):
    twin = tmp_path / "twin.xlsx"
    hostile.rewrite(made / "good.xlsx", twin, {})
    with zipfile.ZipFile(twin, "a") as archive:
        archive.writestr("XL/worksheets/sheet1.xml", b"<worksheet/>")
    ran = run_bounded("check", twin)
    assert_clean(ran, "twin")
    assert ran.code == 2 and "重名" in ran.said, ran.said


def test_a_far_cell_in_a_sheet_nothing_reads_stops_only_the_commands_that_load_every_sheet(made, tmp_path):
    """`check` reads the input sheets alone (python-calamine parses a sheet only when asked), so
    a far cell on the hidden live-check sheet harms nothing there; openpyxl (check -o) loads every
    sheet, and is refused before it starts."""
    path = hostile.far_cell_in(made / "good.xlsx", tmp_path / "far.xlsx", hostile.LIVE_SHEET)
    ran = run_bounded("check", path, memory=GiB, timeout=15)
    assert_clean(ran, "check")
    assert ran.code in (0, 1), ran.said
    ran = run_bounded("check", path, "-o", tmp_path / "checked.xlsx", memory=GiB, timeout=15)
    assert_clean(ran, "check -o")
    assert ran.code == 2 and "远超模板范围" in ran.said and "nianbao_live" in ran.said, ran.said
    assert not (tmp_path / "checked.xlsx").exists()


def test_a_cell_just_outside_the_template_is_still_read(made, tmp_path):
    """The bound is far from what a clerk does: a note typed at Z200 is no reason to refuse."""
    path = hostile.far_cell(made / "good.xlsx", tmp_path / "note.xlsx", "Z200")
    ran = run_bounded("check", path, "-o", tmp_path / "checked.xlsx")
    assert_clean(ran, "Z200")
    assert ran.code in (0, 1) and (tmp_path / "checked.xlsx").exists()


def test_a_batch_of_thirty_with_one_far_cell_writes_every_row(made, tmp_path):
    """audit and aggregate: the far file is one unreadable row; the 29 others are read; under 60 s."""
    import openpyxl

    folder = tmp_path / "报告"
    folder.mkdir()
    for i in range(29):
        build_template(folder / f"{i:02d}.xlsx", consistent_report(random.Random(i), agency=f"单位{i}"))
    hostile.far_cell(made / "good.xlsx", folder / "15-far.xlsx")
    before = {p.name: digest(p) for p in folder.iterdir()}

    ran = run_bounded("audit", folder, "-o", tmp_path / "汇总.xlsx", "--jobs", "2", timeout=60)
    assert_clean(ran, "audit", seconds=60)
    assert ran.code == 2
    rows = list(openpyxl.load_workbook(tmp_path / "汇总.xlsx")["汇总"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 30
    far = [r for r in rows if r[0] == "15-far.xlsx"]
    assert far and far[0][8] == "无法读取" and "远超模板范围" in far[0][9]

    ran = run_bounded("aggregate", folder, "-o", tmp_path / "合计.xlsx", "--jobs", "2", timeout=60)
    assert_clean(ran, "aggregate", seconds=60)
    assert ran.code == 2 and "15-far.xlsx" in ran.err
    units = list(openpyxl.load_workbook(tmp_path / "合计.xlsx")["汇总单位"].iter_rows(min_row=4, values_only=True))
    assert len([u for u in units if u[1]]) == 30
    assert {p.name: digest(p) for p in folder.iterdir()} == before


def test_a_flate_bomb_in_a_workbook_is_named_a_bomb(made, tmp_path):
    path = hostile.flate_bomb_xlsx(made / "good.xlsx", tmp_path / "bomb.xlsx")
    ran = run_bounded("check", path)
    assert_clean(ran, "bomb")
    assert ran.code == 2 and "压缩炸弹" in ran.err


def test_a_flate_bomb_in_a_docx_is_named_a_bomb_not_a_scan(tmp_path):
    hostile.flate_bomb_docx(tmp_path / "bomb.docx")
    ran = run_bounded("audit", "bomb.docx", "--json", cwd=tmp_path)
    assert_clean(ran, "audit docx bomb")
    assert ran.code == 2 and "压缩炸弹" in ran.out and "扫描" not in ran.out


def test_a_fifo_is_not_a_missing_file_and_does_not_block(tmp_path):
    os.mkfifo(tmp_path / "报告.xlsx")
    os.mkfifo(tmp_path / "管道.json")
    for argv in (["check", "报告.xlsx"], ["check", "管道.json"], ["audit", "报告.xlsx"], ["audit", "."]):
        ran = run_bounded(*argv, cwd=tmp_path, timeout=15)
        assert_clean(ran, str(argv))
        assert ran.code == 2 and "不是普通文件" in ran.said and "找不到" not in ran.said


def test_div0_in_a_count_cell_is_reported_as_what_it_is(made, tmp_path):
    """表三 新收 总计 holds #DIV/0! (a formula that failed): not "未填写" but the error, at its cell."""
    path = hostile.error_in_cell(made / "good.xlsx", tmp_path / "div0.xlsx", "t3.new.total")
    ran = run_bounded("check", path)
    assert_clean(ran, "#DIV/0!")
    assert ran.code == 1
    line = next(x for x in ran.out.splitlines() if "#DIV/0!" in x)
    assert "值-非数字" in line and "总计" in line
    assert "值-缺失" not in ran.out


def test_a_text_name_pointing_at_a_range_is_written_at_its_first_cell(made, tmp_path):
    path = hostile.range_for_text_name(made / "good.xlsx", tmp_path / "range.xlsx")
    ran = run_bounded("narrate", path, "-o", tmp_path / "out.xlsx", "--force")
    assert_clean(ran, "narrate")
    assert ran.code == 0 and (tmp_path / "out.xlsx").exists()


def test_a_workbook_named_in_gbk_bytes_is_read_and_shown_in_chinese(made, tmp_path):
    """A Windows zip unpacked on Linux leaves the name's GBK bytes: readable, shown as 年报."""
    folder = tmp_path / "zip"
    folder.mkdir()
    name = os.fsdecode("甲县年报.xlsx".encode("gbk"))
    shutil.copy(made / "good.xlsx", folder / name)
    ran = run_bounded("check", folder / name)
    assert_clean(ran, "check gbk")
    assert ran.code in (0, 1) and "损坏" not in ran.said and "甲县年报.xlsx" in ran.out

    ran = run_bounded("audit", folder, "--json")
    assert_clean(
        ran,
        "audit --json",
    )
    text = ran.raw_out.decode("utf-8")  # valid UTF-8, or this raises
    assert "甲县年报.xlsx" in text and '"status": "unreadable"' not in text

    for argv in (["audit", folder, "-o", tmp_path / "汇总.xlsx"], ["aggregate", folder, "-o", tmp_path / "合计.xlsx"]):
        ran = run_bounded(*argv)
        assert_clean(ran, argv[0])
        assert ran.code in (0, 1) and argv[-1].exists()
