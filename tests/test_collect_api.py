"""The collection service's JSON API, in the office's and the units' terms: roster up, units
submit (提示 explained, 错误 refused), the office returns and accepts, the board shows it.
Each test runs on SQLite and, when NIANBAO_TEST_PG_URL is set, on PostgreSQL."""

from __future__ import annotations

import copy
import io
import threading
import zipfile

from collect_app import unit_report, with_error, with_warning, workbook_bytes
from collect_fixtures import office, settings, sqlite_office, sqlite_settings  # noqa: F401
from nianbao.io.load import load_any


def test_roster_gives_each_unit_a_token_and_the_board_lists_them_unsubmitted(office):
    answer = office.roster()
    assert answer.status_code == 200, answer.text
    assert answer.json()["added"] == 4
    tokens = office.unit_tokens
    assert len(set(tokens.values())) == 4 and all(len(t) >= 32 for t in tokens.values())
    board = office.status()
    assert board["101"] == {
        "code": "101",
        "name": "示例县教育局",
        "parent": "100",
        "status": "none",
        "errors": 0,
        "warnings": 0,
        "explained": 0,
        "submitted_at": None,
    }


def test_a_warning_needs_an_explanation_then_the_submission_is_taken(office, tmp_path):
    office.roster()
    data = workbook_bytes(tmp_path, with_warning(unit_report(1, "示例县教育局")))
    refused = office.submit("101", data)
    assert refused.status_code == 422
    body = refused.json()
    assert [x["rule"] for x in body["findings"]] == ["T2-现行有效"]
    assert body["unexplained"] == [body["findings"][0]["id"]]
    assert office.status()["101"]["status"] == "none"  # nothing kept from a refused upload

    taken = office.submit("101", data, {body["unexplained"][0]: "本年度集中清理规章，现行有效件数减少"})
    assert taken.status_code == 201, taken.text
    assert taken.json()["version"] == 1
    assert taken.json()["findings"][0]["explanation"] == "本年度集中清理规章，现行有效件数减少"
    row = office.status()["101"]
    assert (row["status"], row["warnings"], row["explained"]) == ("submitted", 1, 1)
    assert row["submitted_at"]


def test_an_error_blocks_the_submission_even_with_an_explanation(office, tmp_path):
    office.roster()
    data = workbook_bytes(tmp_path, with_error(unit_report(2, "示例县教育局")))
    first = office.submit("101", data).json()
    error_ids = [x["id"] for x in first["findings"] if x["severity"] == "error"]
    assert error_ids and all(x.startswith("T3-") for x in error_ids)
    again = office.submit("101", data, {i: "我们认为没错" for i in error_ids})
    assert again.status_code == 422
    assert again.json()["errors"] == len(error_ids)
    assert all("explanation" not in x for x in again.json()["findings"])


def test_a_clean_report_is_taken_without_explanations(office, tmp_path):
    office.roster()
    answer = office.submit("102", workbook_bytes(tmp_path, unit_report(3, "示例县卫生健康委员会")))
    assert answer.status_code == 201, answer.text
    assert answer.json()["findings"] == []


def test_return_with_comment_resubmit_accept_and_no_resubmission_after(office, tmp_path):
    office.roster()
    data = workbook_bytes(tmp_path, unit_report(4, "示例镇人民政府"))
    assert office.submit("103", data).status_code == 201
    assert office.review("103", "return").status_code == 422  # a return needs its reason
    assert office.review("103", "return", "表三第二项与上年不衔接，请核实").json()["status"] == "returned"
    seen = office.client.get("/api/2024/units/103", headers=office.unit_auth("103")).json()
    assert (seen["status"], seen["comment"]) == ("returned", "表三第二项与上年不衔接，请核实")
    assert office.review("103", "accept").status_code == 409  # nothing waits for review

    second = office.submit("103", data)
    assert second.status_code == 201 and second.json()["version"] == 2
    assert office.review("103", "accept").json()["status_label"] == "已通过"
    assert office.status()["103"]["status"] == "accepted"
    late = office.submit("103", data)
    assert late.status_code == 409 and "已通过" in late.json()["detail"]
    detail = office.client.get("/api/2024/units/103", headers=office.auth).json()
    assert [(v["version"], v["status"]) for v in detail["versions"]] == [(1, "returned"), (2, "accepted")]
    assert [r["decision"] for r in detail["reviews"]] == ["return", "accept"]


def test_a_unit_token_opens_only_its_unit_and_no_token_opens_nothing(office, tmp_path):
    office.roster()
    data = workbook_bytes(tmp_path, unit_report(5, "示例县教育局"))
    other = office.client.post(
        "/api/2024/units/102/submissions",
        files={"file": ("a.xlsx", io.BytesIO(data))},
        headers=office.unit_auth("101"),
    )
    assert other.status_code == 403
    assert office.client.get("/api/2024/status", headers=office.unit_auth("101")).status_code == 403
    assert office.client.get("/api/2024/status").status_code == 401
    assert office.client.get("/api/2024/status", headers={"Authorization": "Bearer nonsense"}).status_code == 403
    assert office.client.post("/api/2024/units/101/review", json={"decision": "accept"}).status_code == 401
    assert office.client.get("/api/2024/units/101", headers=office.unit_auth("102")).status_code == 403


def test_a_revoked_link_opens_nothing_and_the_new_one_works(office, tmp_path):
    office.roster()
    old = office.unit_tokens["101"]
    fresh = office.client.post("/api/2024/units/101/token", headers=office.auth).json()["token"]
    assert fresh != old
    assert office.client.get("/api/2024/units/101", headers={"Authorization": f"Bearer {old}"}).status_code == 403
    assert office.client.get(f"/collect/u/{old}").status_code == 404
    assert office.client.get("/api/2024/units/101", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200


def test_parent_against_children_names_cell_values_difference_and_missing_children(office, tmp_path):
    office.roster()
    children = {"101": unit_report(11, "示例县教育局"), "102": unit_report(12, "示例县卫生健康委员会")}
    for code, report in children.items():
        assert office.submit(code, workbook_bytes(tmp_path, report)).status_code == 201
        assert office.review(code, "accept").status_code == 200
    total = {k: children["101"].values[k] + children["102"].values[k] for k in children["101"].values}
    parent = copy.deepcopy(children["101"])
    parent.meta["agency"] = "示例县人民政府办公室"
    parent.values = dict(total)
    parent.values["t2.regulations.issued"] += 2
    parent.values["t2.regulations.in_force"] += 2  # keeps table 二 free of a 提示
    assert office.submit("100", workbook_bytes(tmp_path, parent)).status_code == 201

    answer = office.client.get("/api/2024/aggregate", params={"parent": "100"}, headers=office.auth).json()
    assert answer["missing"] == ["103"]
    assert answer["values"]["t3.new.total"] == total["t3.new.total"]
    found = {x["keys"][0]: x for x in answer["findings"]}
    assert set(found) == {"t2.regulations.issued", "t2.regulations.in_force"}
    issued = found["t2.regulations.issued"]
    assert issued["rule"] == "汇总-上下级" and issued["severity"] == "warning"
    assert issued["actual"] == total["t2.regulations.issued"] + 2
    assert issued["expected"] == total["t2.regulations.issued"]
    assert "差额2" in issued["message"] and "示例镇人民政府（未提交）" in issued["message"]
    assert issued["cells"]  # the cell of the template it is about


def test_cross_year_checks_use_the_units_accepted_report_of_the_year_before(office, tmp_path):
    last = unit_report(21, "示例县教育局", year=2023)
    tokens_2023 = {u["code"]: u["token"] for u in office.roster(2023).json()["units"]}
    office.unit_tokens["101"] = tokens_2023["101"]
    assert office.submit("101", workbook_bytes(tmp_path, last), year=2023).status_code == 201
    assert office.review("101", "accept", year=2023).status_code == 200

    tokens_2024 = {u["code"]: u["token"] for u in office.roster(2024).json()["units"]}
    office.unit_tokens["101"] = tokens_2024["101"]
    this = unit_report(22, "示例县教育局", year=2024)
    answer = office.submit("101", workbook_bytes(tmp_path, this))
    rules = {x["rule"] for x in answer.json()["findings"]}
    assert answer.status_code == 422 and "跨年-T3-结转" in rules

    office.unit_tokens["102"] = tokens_2024["102"]
    clean = office.submit("102", workbook_bytes(tmp_path, unit_report(23, "示例县卫生健康委员会")))
    assert clean.status_code == 201  # no report of 2023 for 102: no cross-year finding


def test_report_of_another_year_is_refused(office, tmp_path):
    office.roster()
    answer = office.submit("101", workbook_bytes(tmp_path, unit_report(6, "示例县教育局", year=2023)))
    assert answer.status_code == 422 and "2023" in answer.json()["message"]


def test_downloads_links_accepted_zip_audit_and_aggregate(office, tmp_path):
    from python_calamine import CalamineWorkbook

    office.roster()
    reports = {"101": unit_report(31, "示例县教育局"), "102": unit_report(32, "示例县卫生健康委员会")}
    sent = {}
    for code, report in reports.items():
        sent[code] = workbook_bytes(tmp_path, report)
        assert office.submit(code, sent[code]).status_code == 201
    office.review("101", "accept")

    links = office.client.get("/collect/office/2024/download/links.xlsx", headers=office.auth)
    assert links.status_code == 200
    (tmp_path / "links.xlsx").write_bytes(links.content)
    rows = CalamineWorkbook.from_path(str(tmp_path / "links.xlsx")).get_sheet_by_index(0).to_python()
    assert rows[0][:2] == ["单位代码", "单位名称"]
    assert any(office.unit_tokens["101"] in str(r[4]) for r in rows[1:])

    accepted = office.client.get("/collect/office/2024/download/accepted.zip", headers=office.auth)
    with zipfile.ZipFile(io.BytesIO(accepted.content)) as archive:
        assert archive.namelist() == ["101-示例县教育局.xlsx"]
        assert archive.read("101-示例县教育局.xlsx") == sent["101"]

    audit = office.client.get("/collect/office/2024/download/audit.xlsx", headers=office.auth)
    (tmp_path / "audit.xlsx").write_bytes(audit.content)
    sheets = CalamineWorkbook.from_path(str(tmp_path / "audit.xlsx")).sheet_names
    assert sheets == ["汇总", "问题清单", "按规则统计"]

    total = office.client.get("/collect/office/2024/download/aggregate/100.xlsx", headers=office.auth)
    assert total.status_code == 200
    (tmp_path / "total.xlsx").write_bytes(total.content)
    read = load_any(tmp_path / "total.xlsx").report
    assert read.values["t3.new.total"] == reports["101"].values["t3.new.total"]  # only the accepted child
    assert office.client.get("/collect/office/2024/download/audit.xlsx").status_code == 401


def test_every_version_is_downloadable_byte_identical(office, tmp_path):
    office.roster()
    first = workbook_bytes(tmp_path, unit_report(41, "示例县教育局"))
    assert office.submit("101", first).status_code == 201
    office.review("101", "return", "请补正文")
    second = workbook_bytes(tmp_path, unit_report(42, "示例县教育局"))
    assert office.submit("101", second).status_code == 201
    for version, data in ((1, first), (2, second)):
        got = office.client.get(f"/api/2024/units/101/submissions/{version}/file", headers=office.unit_auth("101"))
        assert got.content == data


def test_two_submissions_at_once_are_both_kept_in_order(office, tmp_path):
    office.roster()
    datas = [workbook_bytes(tmp_path, unit_report(50 + i, "示例县教育局")) for i in range(2)]
    answers: list = [None, None]
    barrier = threading.Barrier(2)

    def send(i: int) -> None:
        barrier.wait()
        answers[i] = office.submit("101", datas[i])

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a.status_code for a in answers) == [201, 201]
    assert sorted(a.json()["version"] for a in answers) == [1, 2]
    detail = office.client.get("/api/2024/units/101", headers=office.auth).json()
    by_version = {v["version"]: v["submitted_at"] for v in detail["versions"]}
    assert by_version[1] <= by_version[2]
    for answer, data in zip(answers, datas):
        version = answer.json()["version"]
        assert office.client.get(f"/api/2024/units/101/submissions/{version}/file", headers=office.auth).content == data


def test_hostile_uploads_are_refused_in_chinese_and_the_board_still_loads(sqlite_office, tmp_path):
    office = sqlite_office
    office.roster()
    for name, data, status in (
        ("年报.xlsx", b"PK\x03\x04 not really a zip", 400),
        ("年报.xls", b"\xd0\xcf\x11\xe0 old excel", 415),
        ("年报.exe", b"MZ", 415),
        ("年报.json", b'{"values": {"t3.new.total": "x"}', 400),
    ):
        answer = office.submit("101", data, name=name)
        assert answer.status_code == status, (name, answer.text)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in answer.json()["detail"])
    assert office.status()["101"]["status"] == "none"
    assert list((office.settings.data_dir / "tmp").iterdir()) == []  # temporary files removed


def test_an_upload_over_the_limit_is_answered_413(tmp_path):
    from collect_app import Settings
    from collect_fixtures import Office
    from nianbao.collect.store import forget_stores

    small = Settings(tmp_path / "data", max_upload_bytes=10_000)
    office = Office(small)
    office.roster()
    answer = office.submit("101", b"x" * 20_000)
    assert answer.status_code == 413 and "上限" in answer.json()["detail"]
    assert list((small.data_dir / "tmp").iterdir()) == []
    forget_stores()


def test_the_audit_log_records_who_did_what(office, tmp_path):
    from nianbao.collect.store import open_store

    office.roster()
    office.submit("102", workbook_bytes(tmp_path, unit_report(61, "示例县卫生健康委员会")))
    office.review("102", "accept")
    entries = [(e.actor, e.action, e.unit_code) for e in open_store(office.settings).audit_entries()]
    assert ("102 示例县卫生健康委员会", "提交", "102") in entries
    assert ("政务公开办（令牌）", "通过", "102") in entries
    assert ("政务公开办（令牌）", "上传名单", None) in entries


def test_the_parents_workbook_counts_children_with_the_same_agency_name(sqlite_office, tmp_path):
    from collect_app import unit_report, workbook_bytes

    office = sqlite_office
    office.roster()
    reports = {code: unit_report(90 + i, "某某办公室") for i, code in enumerate(("101", "102"))}
    for code, report in reports.items():
        assert office.submit(code, workbook_bytes(tmp_path, report)).status_code == 201
        office.review(code, "accept")
    total = office.client.get("/collect/office/2024/download/aggregate/100.xlsx", headers=office.auth)
    (tmp_path / "total.xlsx").write_bytes(total.content)
    read = load_any(tmp_path / "total.xlsx").report
    assert read.values["t3.new.total"] == sum(r.values["t3.new.total"] for r in reports.values())


def test_an_explanation_written_in_the_workbook_counts_and_the_pages_text_wins(office, tmp_path, capsys):
    """The clerk ran 校验 (check -o), typed the 出错说明 in the 校验结果 sheet, and uploads that file."""
    from nianbao.cli import main
    from test_explanations import clerk_explains

    office.roster()
    plain = tmp_path / "plain.xlsx"
    plain.write_bytes(workbook_bytes(tmp_path, with_warning(unit_report(1, "示例县教育局"))))
    checked = tmp_path / "checked.xlsx"
    main(["check", str(plain), "-o", str(checked)])
    capsys.readouterr()
    explained = tmp_path / "explained.xlsx"
    written = clerk_explains(checked, explained, {"T2-现行有效": "本年度集中清理规章"})
    assert len(written) == 1
    (finding_id,) = written

    taken = office.submit("101", explained.read_bytes())
    assert taken.status_code == 201, taken.text
    assert taken.json()["findings"][0]["explanation"] == "本年度集中清理规章"
    assert office.status()["101"]["explained"] == 1

    office.client.post(
        "/api/2024/units/101/review", headers=office.auth, json={"decision": "return", "comment": "请补充"}
    )
    again = office.submit("101", explained.read_bytes(), {finding_id: "规章清理，见市政府2024年第3号决定"})
    assert again.status_code == 201, again.text
    assert again.json()["findings"][0]["explanation"] == "规章清理，见市政府2024年第3号决定"
