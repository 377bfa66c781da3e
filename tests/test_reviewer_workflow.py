"""Acceptance tests in a reviewer's terms (县政务公开办): a folder of this year's reports from
twelve units, two reports as published on the web, last year's published reports.

The reviewer runs `nianbao audit` (who passes, who has errors, which file cannot be read),
`nianbao aggregate` (the county's total, and which units were left out and why) and
`nianbao audit --previous` (does this year carry on from last year).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import openpyxl
import pytest

from factories import consistent_report
from nianbao.batch.tables import SUMMARY_HEADERS
from nianbao.batch.total_xlsx import UNITS_HEADERS, UNITS_SHEET
from nianbao.build.template import build_template
from nianbao.cli import main
from nianbao.io.workbook_reader import read_workbook
from nianbao.spec import format2021 as f

YEAR = 2024
GOOD = [
    "甲县人民政府办公室",
    "甲县财政局",
    "甲县教育局",
    "甲县民政局",
    "甲县公安局",
    "甲县自然资源局",
    "甲县生态环境局",
    "甲县住房和城乡建设局",
]


# ---------------------------------------------------------------- a published report as text


def _n(x) -> str:
    return repr(x) if isinstance(x, float) else str(x)


def render_published(report: f.Report) -> str:
    """A report as text pulled from a government web page (like samples/yabuli-2024.txt): the
    narrative as paragraphs, every table cell on a line of its own, indented by a tab."""
    v, agency, year = report.values, report.meta["agency"], report.meta["year"]
    s = f.SECTIONS
    lines = [
        f"{agency}{year}年政府信息公开",
        "",
        "工作年度报告",
        "",
        "本报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
        f"（国办公开办函〔2021〕30号）编制。报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止。"
        f"如对本报告有疑问，请联系{agency}，电话：0451-00000000。",
        s[0].heading,
        "",
        f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "（一）主动公开方面",
        "",
        "主动公开政府信息。",
        "（二）依申请公开方面",
        "",
        "依法办理申请。",
        "（三）政府信息管理",
        "",
        "加强审核。",
        "（四）政府信息公开平台建设",
        "",
        "优化网站。",
        "（五）监督保障方面",
        "开展考核。",
        "",
        s[1].title,
        "",
    ]
    for block in f.T2_BLOCKS:
        lines += [f"\t{block.article}", "", f"\t{f.T2_CONTENT_HEADER}"] + [f"\t{c.label}" for c in block.columns] + [""]
        for middle, label in block.rows:
            lines += [f"\t{label}"] + [f"\t{_n(v[f't2.{middle}.{c.suffix}'])}" for c in block.columns] + [""]
    lines += (
        [
            "",
            s[2].title,
            "",
            f"\t{f.T3_NOTE}",
            "",
            f"\t{f.T3_APPLICANT_HEADER}",
            "",
            "\t",
            f"\t{f.T3_COLUMNS[0].label}",
            f"\t{f.T3_ORG_GROUP}",
            f"\t{f.T3_COLUMNS[-1].label}",
            "",
        ]
        + [f"\t{c.label}" for c in f.T3_PART_COLUMNS[1:]]
        + [""]
    )
    for row in f.T3_ROWS:
        lines.append(f"\t{row.label}")
        if row.middle:
            lines += [f"\t{v[f.t3_key(row.middle, c.suffix)]}" for c in f.T3_COLUMNS]
        lines.append("")
    lines += [s[3].title, "", f"\t{f.T4_GROUPS[0].label}", f"\t{f.T4_SUIT_HEADER}", ""]
    lines += [f"\t{g.label}" for g in f.T4_GROUPS[1:]] + [""]
    lines += [f"\t{c.label}" for c in f.T4_COLUMNS] * 3 + [""]
    lines += [f"\t{v[f.t4_key(g.suffix, c.suffix)]}" for g in f.T4_GROUPS for c in f.T4_COLUMNS] + [""]
    lines += [
        s[4].title,
        "",
        "（一）存在的主要问题",
        "栏目更新不够及时。",
        "（二）改进情况",
        "加强维护。",
        "",
        s[5].title,
        "",
        "本年度未收取信息处理费。",
        "",
        agency,
        f"{year + 1}年1月20日",
    ]
    return "\n".join(lines) + "\n"


def publish(path: Path, report: f.Report) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_published(report), encoding="utf-8")
    return path


def test_the_rendered_text_imports_back_exactly(tmp_path):
    from nianbao.importers import import_report

    for seed in range(5):
        report = consistent_report(random.Random(seed), busy=0.4, agency="丙县交通运输局")
        result = import_report(publish(tmp_path / f"{seed}.txt", report))
        assert result.report.values == report.values
        assert (result.report.meta["agency"], result.report.meta["year"]) == ("丙县交通运输局", YEAR)


# ---------------------------------------------------------------- the reviewer's folders


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """本年度/: 12 workbooks (8 good, 1 with errors, 1 unreadable, 1 duplicate agency, 1 of 2023)
    and 已发布/: 2 published reports (one whose printed total does not add up);
    上年度/: last year's published reports of two units."""
    root = tmp_path_factory.mktemp("county")
    now = root / "本年度"
    now.mkdir()
    rng = random.Random(2024)
    reports: dict[str, f.Report] = {}
    for i, agency in enumerate(GOOD, 1):
        reports[agency] = consistent_report(rng, busy=0.4, agency=agency)
        build_template(now / f"{i:02d}-{agency}.xlsx", reports[agency])
    faulty = consistent_report(rng, busy=0.4, agency="甲县卫生健康委员会")
    faulty.values["t3.new.total"] += 3
    build_template(now / "09-甲县卫生健康委员会.xlsx", faulty)
    build_template(now / "10-甲县审计局.xlsx", consistent_report(rng, agency="甲县审计局"))
    data = (now / "10-甲县审计局.xlsx").read_bytes()
    (now / "10-甲县审计局.xlsx").write_bytes(data[: len(data) // 3])  # a download cut short
    build_template(now / "11-财政局（重报）.xlsx", consistent_report(rng, busy=0.4, agency="甲县财政局（本级）"))
    build_template(now / "12-甲县统计局.xlsx", consistent_report(rng, busy=0.4, agency="甲县统计局", year=2023))

    transport = consistent_report(rng, busy=0.4, agency="甲县交通运输局")
    publish(now / "已发布" / "甲县交通运输局2024年报.txt", transport)
    water = consistent_report(rng, busy=0.4, agency="甲县水利局")
    water.values["t3.granted.total"] += 5  # the printed 总计 does not add up
    publish(now / "已发布" / "甲县水利局2024年报.txt", water)
    reports["甲县交通运输局"] = transport

    then = root / "上年度"
    last_office = consistent_report(rng, busy=0.4, agency="甲县人民政府办公室", year=YEAR - 1)
    office_over = reports["甲县人民政府办公室"].values["t3.carried_over.natural_person"]
    last_office.values["t3.carried_forward.natural_person"] = office_over + 4  # not what this year carries over
    publish(then / "甲县人民政府办公室2023年报.txt", last_office)
    publish(then / "甲县财政局2023年报.txt", consistent_report(rng, busy=0.4, agency="甲县财政局", year=YEAR - 1))
    return root, reports


def summary_of(path: Path) -> dict[str, dict]:
    rows = list(openpyxl.load_workbook(path)["汇总"].iter_rows(values_only=True))
    return {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}


def findings_of(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path)["问题清单"].iter_rows(values_only=True))[1:]


def snapshot(root: Path) -> dict:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_audit_gives_each_file_a_status(county, tmp_path, capsys):
    root, _ = county
    before = snapshot(root)
    out = tmp_path / "审核汇总.xlsx"
    code = main(["audit", str(root / "本年度"), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 2  # one file could not be read
    assert "10-甲县审计局.xlsx" in captured.err and "已损坏" in captured.err
    assert "共 14 份" in captured.out
    assert snapshot(root) == before

    rows = summary_of(out)
    assert list(next(iter(rows.values()))) == list(SUMMARY_HEADERS)
    status = {name: row["状态"] for name, row in rows.items()}
    for i, agency in enumerate(GOOD, 1):
        assert status[f"{i:02d}-{agency}.xlsx"] == "通过"
    assert status["09-甲县卫生健康委员会.xlsx"] == "有错误"
    assert status["10-甲县审计局.xlsx"] == "无法读取"
    assert status["11-财政局（重报）.xlsx"] == "通过"  # audit checks each file; aggregate refuses the duplicate
    assert status["12-甲县统计局.xlsx"] == "通过" and rows["12-甲县统计局.xlsx"]["年度"] == 2023
    assert status["已发布/甲县交通运输局2024年报.txt"] == "通过"
    assert rows["已发布/甲县交通运输局2024年报.txt"]["类型"] == "已发布报告"
    assert rows["已发布/甲县交通运输局2024年报.txt"]["未读出单元格数"] == 0
    water = rows["已发布/甲县水利局2024年报.txt"]
    assert water["状态"] == "有错误" and "T3-行合计" in water["原因"]

    published_errors = [r for r in findings_of(out) if r[0] == "已发布/甲县水利局2024年报.txt" and r[3] == "错误"]
    row_total = [r for r in published_errors if r[2] == "T3-行合计"]
    assert len(row_total) == 1 and "t3.granted.total" in row_total[0][4] and "予以公开" in row_total[0][5]
    assert row_total[0][7] - row_total[0][6] == 5  # 现为 − 应为: the printed total is 5 too many


def test_aggregate_adds_up_the_included_units(county, tmp_path, capsys):
    root, reports = county
    before = snapshot(root)
    out = tmp_path / "全县合计.xlsx"
    code = main(["aggregate", str(root / "本年度"), "-o", str(out), "--agency", "甲县"])
    captured = capsys.readouterr()
    assert code == 2  # the total is written, but one file was unreadable
    assert snapshot(root) == before

    included = [reports[a] for a in GOOD + ["甲县交通运输局"]]
    total = read_workbook(out)
    assert total.problems == []
    assert total.report.meta == {"agency": "甲县", "year": YEAR}
    for key, cell in f.CELLS.items():
        expected = sum(r.values[key] for r in included)
        if cell.kind == f.AMOUNT:
            assert total.report.values[key] == pytest.approx(round(expected, 4), abs=1e-9), key
        else:
            assert total.report.values[key] == expected, key

    units_rows = list(openpyxl.load_workbook(out)[UNITS_SHEET].iter_rows(values_only=True))
    header = units_rows.index(UNITS_HEADERS)
    units = {row[1]: dict(zip(UNITS_HEADERS, row)) for row in units_rows[header + 1 :] if row[0]}
    assert sum(1 for u in units.values() if u["是否计入"] == "计入") == len(included)
    refused = {name: u["原因或说明"] for name, u in units.items() if u["是否计入"] == "未计入"}
    assert set(refused) == {
        "09-甲县卫生健康委员会.xlsx",
        "10-甲县审计局.xlsx",
        "11-财政局（重报）.xlsx",
        "12-甲县统计局.xlsx",
        "已发布/甲县水利局2024年报.txt",
    }
    assert "错误" in refused["09-甲县卫生健康委员会.xlsx"] and "--allow-errors" in refused["09-甲县卫生健康委员会.xlsx"]
    assert "无法读取" in refused["10-甲县审计局.xlsx"]
    assert "同一机关" in refused["11-财政局（重报）.xlsx"] and "02-甲县财政局.xlsx" in refused["11-财政局（重报）.xlsx"]
    assert "2023" in refused["12-甲县统计局.xlsx"]
    assert "T3-行合计" in refused["已发布/甲县水利局2024年报.txt"]
    for name in refused:
        assert f"未计入：{name}" in captured.err


def test_audit_previous_finds_what_does_not_carry_over(county, tmp_path, capsys):
    root, reports = county
    out = tmp_path / "跨年.xlsx"
    main(["audit", str(root / "本年度"), "--previous", str(root / "上年度"), "-o", str(out)])
    capsys.readouterr()
    rows = summary_of(out)
    office = rows["01-甲县人民政府办公室.xlsx"]
    assert office["上年报告"] == "甲县人民政府办公室2023年报.txt"
    assert office["状态"] == "有提示"
    cross = [r for r in findings_of(out) if r[0] == "01-甲县人民政府办公室.xlsx" and r[2] == "跨年-T3-结转"]
    assert cross and all(r[3] == "提示" for r in cross)
    natural = [r for r in cross if "t3.carried_over.natural_person" in r[4]]
    this_year = reports["甲县人民政府办公室"].values["t3.carried_over.natural_person"]
    assert natural and natural[0][7] == this_year and natural[0][6] == this_year + 4
    assert rows["02-甲县财政局.xlsx"]["上年报告"] == "甲县财政局2023年报.txt"
    assert not rows["03-甲县教育局.xlsx"]["上年报告"] and "未找到上年报告" in rows["03-甲县教育局.xlsx"]["原因"]


def test_audit_json_for_scripts(county, capsys):
    root, _ = county
    code = main(["audit", str(root / "本年度" / "已发布"), "--json"])
    records = {x["file"]: x for x in json.loads(capsys.readouterr().out)}
    assert code == 1
    assert records["甲县水利局2024年报.txt"]["status"] == "errors"
    assert records["甲县交通运输局2024年报.txt"]["unread_cells"] == 0
