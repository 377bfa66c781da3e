"""The year's roster (名单): read from CSV or xlsx, every bad row named, re-upload keeps tokens."""

from __future__ import annotations

import pytest
import xlsxwriter

from collect_app import ROSTER_CSV
from collect_fixtures import sqlite_office, sqlite_settings  # noqa: F401
from nianbao.collect.roster import RosterError, parse_rows, read_roster
from nianbao.errors import UnreadableFile


def rows(text: str) -> list[list[str]]:
    return [line.split(",") for line in text.strip().splitlines()]


def test_csv_roster_with_parents_and_summary_flags(tmp_path):
    path = tmp_path / "名单.csv"
    path.write_text(ROSTER_CSV, encoding="utf-8-sig")
    entries = read_roster(path)
    assert [(e.code, e.parent, e.is_summary) for e in entries] == [
        ("100", None, True),
        ("101", "100", False),
        ("102", "100", False),
        ("103", "100", False),
    ]


def test_gbk_csv_and_xlsx_rosters_read_alike(tmp_path):
    gbk = tmp_path / "名单-gbk.csv"
    gbk.write_bytes(ROSTER_CSV.encode("gb18030"))
    book = tmp_path / "名单.xlsx"
    workbook = xlsxwriter.Workbook(str(book))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["2024年报送单位名单"])
    for i, row in enumerate(rows(ROSTER_CSV), 2):
        sheet.write_row(i, 0, [int(x) if x.isdigit() else x for x in row])  # codes typed as numbers
    workbook.close()
    assert read_roster(gbk) == read_roster(book)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("单位代码,单位名称\n1,甲\n1,乙", "第3行单位代码“1”与第2行重复"),
        ("单位代码,单位名称,上级单位代码\n1,甲,9", "上级单位代码“9”不在名单中"),
        ("单位代码,单位名称,上级单位代码\n1,甲,2\n2,乙,1", "上级关系构成循环"),
        ("单位代码,单位名称,上级单位代码,汇总\n1,甲,,也许", "“汇总”应填“是”或“否”"),
        ("单位代码,单位名称\n,甲", "第2行未填单位代码"),
        ("编号,名称\n1,甲", "找不到表头“单位代码”"),
        ("单位代码,上级单位代码\n1,", "缺少“单位名称”列"),
        ("单位代码,单位名称\n", "没有单位"),
    ],
)
def test_a_bad_roster_names_each_problem(text, problem):
    with pytest.raises(RosterError) as caught:
        parse_rows(rows(text) if text.strip() else [])
    assert any(problem in p for p in caught.value.problems), caught.value.problems


def test_a_roster_of_another_kind_is_refused(tmp_path):
    path = tmp_path / "名单.docx"
    path.write_bytes(b"PK")
    with pytest.raises(UnreadableFile, match="xlsx 或 .csv"):
        read_roster(path)
    broken = tmp_path / "名单.xlsx"
    broken.write_bytes(b"garbage")
    with pytest.raises(UnreadableFile):
        read_roster(broken)


def test_uploading_again_keeps_tokens_updates_names_and_removes_only_unsubmitted_units(sqlite_office, tmp_path):
    from collect_app import unit_report, workbook_bytes

    office = sqlite_office
    office.roster()
    before = dict(office.unit_tokens)
    assert office.submit("103", workbook_bytes(tmp_path, unit_report(1, "示例镇人民政府"))).status_code == 201
    changed = (
        "单位代码,单位名称,上级单位代码,汇总\n100,示例县政务公开办,,是\n101,示例县教育局,100,否\n104,新设街道,100,否\n"
    )
    answer = office.roster(text=changed).json()
    assert (answer["added"], answer["updated"], answer["removed"], answer["kept"]) == (1, 1, 1, 1)
    after = {u["code"]: u for u in answer["units"]}
    assert set(after) == {"100", "101", "103", "104"}  # 102 never submitted: removed; 103 kept
    assert after["101"]["token"] == before["101"] and after["100"]["name"] == "示例县政务公开办"


def test_a_bad_roster_upload_is_422_with_the_problems(sqlite_office):
    answer = sqlite_office.roster(text="单位代码,单位名称\n1,甲\n1,乙\n")
    assert answer.status_code == 422
    assert "重复" in answer.json()["problems"][0] and "名单" in answer.json()["error"]


def test_an_xlsx_roster_with_a_far_cell_is_refused_before_calamine_reserves_it(tmp_path):
    """One cell at XFD1048576 makes python-calamine ask for 512 GB and abort; the roster reader
    bounds the sheets first (run in a process of its own under 1 GiB, as the hostile-input tests)."""
    import subprocess
    import sys

    from support import hostile

    good = tmp_path / "good.xlsx"
    with xlsxwriter.Workbook(good) as book:
        book.add_worksheet().write_row(0, 0, ["代码", "名称", "上级代码"])
    far = hostile.far_cell_in(good, tmp_path / "名单.xlsx", "xl/worksheets/sheet1.xml")
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from nianbao.collect.roster import read_roster\n"
        "from nianbao.errors import UnreadableFile\n"
        "try:\n    read_roster(__import__('pathlib').Path(sys.argv[1]))\n"
        "except UnreadableFile as err:\n    print(err)\n    sys.exit(2)\n"
    )
    ran = subprocess.run([sys.executable, "-c", script, str(far)], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 2 and "远超模板范围" in ran.stdout, (ran.returncode, ran.stdout, ran.stderr[-2000:])
