"""nianbao audit: discovering files, checking each, the summary workbook, exit codes, --previous."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import openpyxl
import pytest

from factories import consistent_report
from nianbao.batch import worker
from nianbao.batch.agency import agency_key, report_year
from nianbao.batch.audit import run_audit
from nianbao.batch.discover import discover
from nianbao.batch.tables import FINDINGS_HEADERS, RULES_HEADERS, SUMMARY_HEADERS, reason
from nianbao.build.template import build_template
from nianbao.cli import main
from nianbao.spec import format2021 as f

SAMPLES = Path(__file__).resolve().parent / "data" / "samples"


def write_json(path: Path, report: f.Report) -> Path:
    path.write_text(json.dumps(report.to_json(), ensure_ascii=False), encoding="utf-8")
    return path


def faulty(report: f.Report, key: str = "t3.new.total", by: int = 3) -> f.Report:
    report.values[key] += by
    return report


def rows_of(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


# ---------------------------------------------------------------- discovery and names


def test_discover_walks_folders_and_skips_hidden_lock_and_foreign_files(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    wanted = ["a/b/deep.xlsx", "a/report.txt", "top.json", "x.PDF"]
    for name in wanted + ["~$top.xlsx", ".hidden.xlsx", ".git/conf.json", "notes.csv", "a/image.png"]:
        (tmp_path / name).write_bytes(b"x")
    explicit = tmp_path / "notes.csv"
    found = discover([tmp_path, explicit, tmp_path / "top.json", tmp_path / "gone.xlsx"])
    shown = [x.shown for x in found.files]
    assert shown[: len(wanted)] == wanted
    assert shown[len(wanted) :] == [str(explicit)]  # named explicitly: taken (and later refused)
    assert [x.path.name for x in found.missing] == ["gone.xlsx"]


def test_discover_takes_each_file_once_however_it_is_reached(tmp_path):
    """The folder given twice, through a link to it, a file also named on its own, a linked file
    beside its target, and the output excluded through a link: each file counted once."""
    folder = tmp_path / "报告"
    (folder / "乡镇").mkdir(parents=True)
    (folder / "a.json").write_text("{}")
    (folder / "乡镇" / "b.json").write_text("{}")
    (folder / "link.json").symlink_to(folder / "a.json")
    (tmp_path / "via").symlink_to(folder)
    (folder / "out.xlsx").write_bytes(b"x")
    found = discover(
        [folder, tmp_path / "via", folder / "乡镇" / "b.json", str(folder) + "/"],
        exclude=[tmp_path / "via" / "out.xlsx"],
    )
    assert [x.shown for x in found.files] == ["a.json", "乡镇/b.json"]


def test_discover_excludes_the_output_file(tmp_path):
    (tmp_path / "one.json").write_text("{}")
    (tmp_path / "summary.xlsx").write_bytes(b"x")
    found = discover([tmp_path], exclude=[tmp_path / "summary.xlsx"])
    assert [x.shown for x in found.files] == ["one.json"]


@pytest.mark.parametrize(
    "variant",
    [
        "淮安市洪泽区人民政府（区政府办公室编制）",
        "淮安市洪泽区 人民政府",
        "淮安市洪泽区人民政府(办公室)",
        "淮安市洪泽区人民政府　",
    ],
)
def test_agency_names_match_across_spacing_width_and_remarks(variant):
    assert agency_key(variant) == agency_key("淮安市洪泽区人民政府")


def test_different_agencies_stay_different():
    assert agency_key("淮安市洪泽区人民政府") != agency_key("淮安市淮阴区人民政府")
    assert agency_key("") == agency_key(None) == ""


@pytest.mark.parametrize(
    "raw,year",
    [
        (2024, 2024),
        ("2024", 2024),
        ("２０２４年", 2024),
        (2024.0, 2024),
        ("二〇二四", None),
        (24, None),
        (None, None),
        (True, None),
    ],
)
def test_report_year(raw, year):
    assert report_year({"year": raw}) == year


# ---------------------------------------------------------------- one folder, every kind of file


@pytest.fixture
def mixed_folder(tmp_path):
    folder = tmp_path / "reports"
    (folder / "县直").mkdir(parents=True)
    rng = random.Random(11)
    build_template(folder / "good-1.xlsx", consistent_report(rng, agency="甲县人民政府办公室"))
    build_template(folder / "县直" / "good-2.xlsx", consistent_report(rng, agency="甲县财政局"))
    build_template(folder / "faulty.xlsx", faulty(consistent_report(rng, busy=0.5, agency="甲县教育局")))
    write_json(folder / "data.json", consistent_report(rng, agency="甲县民政局"))
    zipped = folder / "corrupt.xlsx"
    zipped.write_bytes((folder / "good-1.xlsx").read_bytes()[:3000])  # a zip cut short
    (folder / "noise.xlsx").write_bytes(bytes(random.Random(3).getrandbits(8) for _ in range(2000)))
    (folder / "empty.xlsx").write_bytes(b"")
    (folder / "~$good-1.xlsx").write_bytes(b"lock")
    published = []
    (folder / "已发布").mkdir()
    real = SAMPLES / "real"
    for sample in [SAMPLES / "yabuli-2024.txt", *sorted(real.glob("*.txt")), *sorted(real.glob("*.html"))]:
        shutil.copy(sample, folder / "已发布" / sample.name)
        published.append("已发布/" + sample.name)
    return folder, published


UNREADABLE = ["corrupt.xlsx", "empty.xlsx", "noise.xlsx"]


def test_mixed_folder_audits_into_a_filterable_summary(mixed_folder, tmp_path, capsys):
    folder, published = mixed_folder
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    out = tmp_path / "summary.xlsx"
    code = main(["audit", str(folder), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 2
    for name in UNREADABLE:
        assert name in captured.err  # which file could not be read is said
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before  # inputs untouched

    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "问题清单", "按规则统计"]
    summary = rows_of(book["汇总"])
    assert summary[0] == SUMMARY_HEADERS
    by_file = {row[0]: dict(zip(SUMMARY_HEADERS, row)) for row in summary[1:]}
    expected_files = {"good-1.xlsx", "县直/good-2.xlsx", "faulty.xlsx", "data.json", *UNREADABLE, *published}
    assert set(by_file) == expected_files  # the lock file is not listed
    assert by_file["good-1.xlsx"]["状态"] == "通过"
    assert by_file["县直/good-2.xlsx"]["机关"] == "甲县财政局"
    assert by_file["data.json"]["状态"] == "通过"
    assert by_file["faulty.xlsx"]["状态"] == "有错误" and by_file["faulty.xlsx"]["错误数"] >= 1
    for name in UNREADABLE:
        assert by_file[name]["状态"] == "无法读取"
        assert name in by_file[name]["原因"] and by_file[name]["错误数"] is None
    for name in published:
        row = by_file[name]
        assert row["状态"] == "无法读取" or row["格式"][:4] in {"2021", "2019"}
        assert row["类型"] == "已发布报告"

    findings = rows_of(book["问题清单"])
    assert findings[0] == FINDINGS_HEADERS
    faulty_rows = [r for r in findings[1:] if r[0] == "faulty.xlsx"]
    assert len(faulty_rows) == by_file["faulty.xlsx"]["错误数"] + by_file["faulty.xlsx"]["提示数"]
    # t3.new.total raised by 3: its row total and its column's balance break, nothing else
    assert {r[2] for r in faulty_rows} == {"T3-行合计", "T3-勾稽"}
    assert all(r[3] == "错误" and "表三 依申请公开!" in r[4] for r in faulty_rows)
    assert any(r[4].endswith("（t3.new.total）") for r in faulty_rows)
    assert {r[0] for r in findings[1:] if r[2] == "无法读取"} >= set(UNREADABLE)

    rules = rows_of(book["按规则统计"])
    assert rules[0] == RULES_HEADERS
    counted = {r[0]: r for r in rules[1:]}
    listed = [r[2] for r in findings[1:]]
    for rule, row in counted.items():
        assert row[3] == listed.count(rule)
    assert counted["无法读取"][4] >= len(UNREADABLE)

    for ws, width in ((book["汇总"], len(SUMMARY_HEADERS)), (book["问题清单"], len(FINDINGS_HEADERS))):
        assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(width)}{ws.max_row}"
        assert ws.freeze_panes == "B2"
        assert ws.column_dimensions["A"].width > 8


def test_published_reports_are_not_blamed_for_missing_cells(mixed_folder):
    folder, published = mixed_folder
    assert published
    from nianbao.importers import import_report

    result = run_audit([folder / "已发布"], jobs=1)
    for record in result.records:
        if not record.readable:
            continue
        assert all(x["rule"] != "值-缺失" for x in record.findings)
        imported = import_report(Path(record.path))
        absent = [k for k in f.KEYS if k not in imported.report.values]
        assert record.unread_cells <= len(absent)
        assert len(record.unread) >= len(imported.unplaced)
        assert record.format == imported.report.meta["format"]
        if record.unread_cells or imported.unplaced:
            assert record.status != "ok"


def test_console_table_without_output(mixed_folder, capsys):
    folder, _ = mixed_folder
    code = main(["audit", str(folder / "good-1.xlsx"), str(folder / "faulty.xlsx")])
    out = capsys.readouterr().out
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["状态", "错误", "提示", "未读出"]
    assert any("faulty.xlsx" in line and line.startswith("有错误") for line in lines)
    assert any("good-1.xlsx" in line and line.startswith("通过") for line in lines)
    assert "共 2 份" in out


def test_exit_code_zero_when_all_pass(mixed_folder, capsys):
    folder, _ = mixed_folder
    assert main(["audit", str(folder / "good-1.xlsx"), str(folder / "data.json")]) == 0


def test_json_output_lists_records_and_findings(mixed_folder, capsys):
    folder, _ = mixed_folder
    code = main(["audit", str(folder / "faulty.xlsx"), str(folder / "empty.xlsx"), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 2
    assert [Path(d["file"]).name for d in data] == ["faulty.xlsx", "empty.xlsx"]
    bad, empty = data
    assert bad["status"] == "errors" and bad["errors"] == len([x for x in bad["findings"] if x["severity"] == "error"])
    assert any("t3.new.total" in x["keys"] for x in bad["findings"])
    assert all(x["cells"] for x in bad["findings"])  # located in the workbook
    assert empty["status"] == "unreadable" and empty["reason"]


def test_output_may_not_overwrite_an_input(mixed_folder, capsys):
    folder, _ = mixed_folder
    target = folder / "good-1.xlsx"
    before = target.read_bytes()
    assert main(["audit", str(folder / "data.json"), str(target), "-o", str(target)]) == 2
    assert target.read_bytes() == before
    assert "输出文件不能与输入文件相同" in capsys.readouterr().err


def test_rerun_does_not_audit_its_own_summary(mixed_folder, capsys):
    folder, _ = mixed_folder
    out = folder / "summary.xlsx"
    main(["audit", str(folder / "县直"), "-o", str(out)])
    main(["audit", str(folder / "县直"), str(out.parent / "good-1.xlsx"), "-o", str(out)])
    files = [r[0] for r in rows_of(openpyxl.load_workbook(out)["汇总"])[1:]]
    assert "summary.xlsx" not in " ".join(files)
    assert len(files) == 2


# ---------------------------------------------------------------- many files, one bad


def test_parallel_run_equals_serial_run(tmp_path):
    rng = random.Random(5)
    for i in range(24):
        report = consistent_report(rng, agency=f"单位{i}")
        if i % 5 == 0:
            faulty(report, "t4.review.total", 1 + i)
        write_json(tmp_path / f"r{i:02d}.json", report)
    (tmp_path / "r99.json").write_text("{not json", encoding="utf-8")

    def summary(result):
        return [
            (r.shown, r.status, r.errors, r.warnings, [x["message"] for x in r.findings], r.reason)
            for r in result.records
        ]

    serial = run_audit([tmp_path], jobs=1)
    parallel = run_audit([tmp_path], jobs=2)
    assert summary(parallel) == summary(serial)
    assert [r.status for r in serial.records].count("errors") == 5
    assert serial.records[-1].status == "unreadable" and "JSON" in serial.records[-1].reason


def test_a_crash_on_one_file_does_not_stop_the_batch(tmp_path, monkeypatch):
    for i in range(3):
        write_json(tmp_path / f"r{i}.json", consistent_report(random.Random(i), agency=f"单位{i}"))
    real_read = worker._read

    def flaky(record, path):
        if path.name == "r1.json":
            raise RuntimeError("boom")
        return real_read(record, path)

    monkeypatch.setattr(worker, "_read", flaky)
    result = run_audit([tmp_path], jobs=1)
    assert [r.status for r in result.records] == ["ok", "unreadable", "ok"]
    assert "内部错误" in result.records[1].reason and "boom" in result.records[1].reason


# ---------------------------------------------------------------- --previous


def _years(tmp_path, this_name="乙区人民政府", last_name="乙区 人民政府（办公室编制）", shift=0):
    rng = random.Random(21)
    last = consistent_report(rng, busy=0.6, agency=last_name, year=2023)
    this = consistent_report(rng, busy=0.6, agency=this_name, year=2024)
    # carry over exactly what last year carried forward, except one column off by `shift`
    for col in f.T3_COLUMNS:
        this.values[f.t3_key("carried_over", col.suffix)] = last.values[f.t3_key("carried_forward", col.suffix)]
    for key in ("t3.carried_over.natural_person", "t3.carried_over.total"):
        this.values[key] += shift
    for col in f.T3_COLUMNS:  # keep this year's own balance: new = results + forward − over
        c = col.suffix
        this.values[f.t3_key("new", c)] = (
            this.values[f.t3_key("results_total", c)]
            + this.values[f.t3_key("carried_forward", c)]
            - this.values[f.t3_key("carried_over", c)]
        )
    for middle, _ in f.T2_BLOCKS[0].rows:
        this.values[f"t2.{middle}.in_force"] = (
            last.values[f"t2.{middle}.in_force"]
            + this.values[f"t2.{middle}.issued"]
            - this.values[f"t2.{middle}.repealed"]
        )
    (tmp_path / "now").mkdir()
    (tmp_path / "then").mkdir()
    build_template(tmp_path / "now" / "this.xlsx", this)
    write_json(tmp_path / "then" / "last.json", last)
    return this, last


def test_previous_year_mismatch_is_reported(tmp_path, capsys):
    this, last = _years(tmp_path, shift=2)
    if this.values["t3.new.natural_person"] < 0:
        pytest.skip("generated shift made a negative count")
    out = tmp_path / "s.xlsx"
    code = main(["audit", str(tmp_path / "now"), "--previous", str(tmp_path / "then"), "-o", str(out)])
    assert code == 0  # cross-year rules are warnings
    book = openpyxl.load_workbook(out)
    summary = rows_of(book["汇总"])
    assert summary[0][-1] == "上年报告"
    assert summary[1][-1] == "last.json" and summary[1][8] == "有提示"
    cross = [r for r in rows_of(book["问题清单"])[1:] if r[2] == "跨年-T3-结转"]
    assert len(cross) == 2  # 自然人 and 总计 columns
    assert all(r[0] == "this.xlsx" for r in cross)
    assert {r[7] for r in cross} == {
        this.values["t3.carried_over.natural_person"],
        this.values["t3.carried_over.total"],
    }


def test_previous_year_consistent_gives_no_cross_year_finding(tmp_path):
    _years(tmp_path, shift=0)
    result = run_audit([tmp_path / "now"], previous_dir=tmp_path / "then", jobs=1)
    record = result.records[0]
    assert record.previous == "last.json"
    assert record.status == "ok", record.findings


def test_previous_of_another_agency_or_year_is_not_matched(tmp_path):
    _years(tmp_path, shift=2, last_name="丙区人民政府")
    result = run_audit([tmp_path / "now"], previous_dir=tmp_path / "then", jobs=1)
    record = result.records[0]
    assert record.previous == ""
    assert not any(x["rule"].startswith("跨年") for x in record.findings)
    assert "未找到上年报告" in reason(record)


def test_without_previous_no_cross_year_rules(tmp_path):
    _years(tmp_path, shift=2)
    record = run_audit([tmp_path / "now"], jobs=1).records[0]
    assert record.previous is None
    assert not any(x["rule"].startswith("跨年") for x in record.findings)


def test_a_pool_process_dying_does_not_lose_files(tmp_path, monkeypatch):
    import multiprocessing
    import os

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched reader reaches pool processes only when they are forked")
    for i in range(20):
        write_json(tmp_path / f"r{i:02d}.json", consistent_report(random.Random(i), agency=f"单位{i}"))
    parent = os.getpid()
    real_read = worker._read

    def deadly(record, path):
        if path.name == "r03.json" and os.getpid() != parent:
            os._exit(1)  # the pool process dies; its unfinished files are redone each in a process of its own
        return real_read(record, path)

    monkeypatch.setattr(worker, "_read", deadly)
    result = run_audit([tmp_path], jobs=2, progress=False)
    assert [r.shown for r in result.records] == [f"r{i:02d}.json" for i in range(20)]
    assert [r.shown for r in result.records if r.status != "ok"] == ["r03.json"]  # it kills every process it is in
    assert "意外终止" in result.records[3].reason and os.getpid() == parent


def test_progress_bar_only_when_wanted(monkeypatch):
    from nianbao.batch.pool import _progress_bar

    assert _progress_bar(100, "校验", False) is None
    assert _progress_bar(100, "校验", None) is None  # stderr is not a terminal under pytest
    bar = _progress_bar(100, "校验", True)
    assert bar is not None and bar.total == 100
    bar.close()


def test_a_file_that_takes_too_long_is_given_up_and_the_batch_goes_on(tmp_path, monkeypatch):
    """A file no parser finishes (a pathological input) gets a row saying so; the others are read."""
    import multiprocessing
    import time as clock

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched reader reaches pool processes only when they are forked")
    for i in range(3):
        write_json(tmp_path / f"r{i}.json", consistent_report(random.Random(i), agency=f"单位{i}"))
    real_read = worker._read

    def endless(record, path):
        if path.name == "r1.json":
            clock.sleep(60)
        return real_read(record, path)

    monkeypatch.setattr(worker, "_read", endless)
    monkeypatch.setattr(worker, "SECONDS_PER_FILE", 1)
    started = clock.monotonic()
    result = run_audit([tmp_path], jobs=1, progress=False)
    assert clock.monotonic() - started < 20
    assert [r.status for r in result.records] == ["ok", "unreadable", "ok"]
    assert "超过 1 秒" in result.records[1].reason


def test_a_file_that_aborts_its_process_costs_only_that_file_even_in_a_small_batch(tmp_path, monkeypatch):
    """python-calamine's failed allocation is a SIGABRT; 3 files are read in a child process too,
    so the main process (and the summary) survives, and the file is named."""
    import faulthandler
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched reader reaches pool processes only when they are forked")
    for i in range(3):
        write_json(tmp_path / f"r{i}.json", consistent_report(random.Random(i), agency=f"单位{i}"))
    parent = os.getpid()
    real_read = worker._read

    def aborting(record, path):
        if path.name == "r2.json" and os.getpid() != parent:
            faulthandler.disable()  # pytest's, inherited: it would print the abort as a crash of the test
            os.abort()
        return real_read(record, path)

    monkeypatch.setattr(worker, "_read", aborting)
    result = run_audit([tmp_path], jobs=1, progress=False)
    assert [r.status for r in result.records] == ["ok", "ok", "unreadable"]
    assert "意外终止" in result.records[2].reason and "信号 6" in result.records[2].reason


def test_a_file_stuck_beyond_its_timer_is_killed_alone(tmp_path, monkeypatch):
    """Stuck where SIGALRM cannot reach it (inside a C call, simulated by blocking the signal):
    its process is killed, the file gets a row saying so, the others are read."""
    import multiprocessing
    import signal
    import time as clock

    from nianbao.batch import pool

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched reader reaches pool processes only when they are forked")
    for i in range(3):
        write_json(tmp_path / f"r{i}.json", consistent_report(random.Random(i), agency=f"单位{i}"))
    parent = os.getpid()
    real_read = worker._read

    def stuck(record, path):
        if path.name == "r1.json" and os.getpid() != parent:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            clock.sleep(60)
        return real_read(record, path)

    monkeypatch.setattr(worker, "_read", stuck)
    monkeypatch.setattr(worker, "SECONDS_PER_FILE", 1)
    monkeypatch.setattr(pool, "SECONDS_PER_FILE", 1)
    started = clock.monotonic()
    result = run_audit([tmp_path], jobs=1, progress=False)
    assert clock.monotonic() - started < 20
    assert [r.status for r in result.records] == ["ok", "unreadable", "ok"]
    assert "意外终止" in result.records[1].reason
