"""The pages in a real browser (Selenium, the system's chromium and chromedriver): the office
uploads a roster, a unit submits with an explanation, the office returns it, the unit
resubmits, the office accepts, the board shows it. Skipped without chromium, except under
CI=true. Set NIANBAO_SCREENSHOTS=folder to keep a PNG of each page."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from collect_app import ROSTER_CSV, unit_report, with_warning, workbook_bytes
from collect_server import start_server, stop_server
from nianbao.collect.status import unit_of
from nianbao.collect.store import Store
from support.browser import click_and_load, start_chromium

pytestmark = pytest.mark.browser
PASSWORD = "县政务公开办2025"


@pytest.fixture
def browser():
    profile = tempfile.mkdtemp(prefix="nianbao-chromium-")
    driver = start_chromium(Path(profile), "1400,1000")
    driver.implicitly_wait(5)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def shot(driver, name: str) -> None:
    folder = os.environ.get("NIANBAO_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(1400, max(800, min(height + 100, 4000)))
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))


def test_roster_submit_with_explanation_return_resubmit_accept_in_a_browser(browser, tmp_path):
    from selenium.webdriver.common.by import By

    data_dir = tmp_path / "data"
    store = Store(data_dir)
    store.set_password(PASSWORD)
    store.close()
    process, base = start_server(data_dir)
    try:
        # The office logs in and uploads the roster.
        browser.get(base + "/collect/office/login")
        shot(browser, "1-login")
        browser.find_element(By.ID, "password").send_keys(PASSWORD)
        click_and_load(browser, browser.find_element(By.ID, "login"))
        browser.get(base + "/collect/office/2024")
        roster = tmp_path / "名单.csv"
        roster.write_text(ROSTER_CSV, encoding="utf-8")
        browser.find_element(By.ID, "roster_file").send_keys(str(roster))
        click_and_load(browser, browser.find_element(By.ID, "upload_roster"))
        assert "新增4个单位" in browser.find_element(By.ID, "message").text
        shot(browser, "2-board-roster")
        unit = None
        for _ in range(100):  # the server's transaction may still be closing when the page shows
            store = Store(data_dir)
            unit = unit_of(store, 2024, "101")
            store.close()
            if unit is not None:
                break
            time.sleep(0.1)
        assert unit is not None and unit.status == "none"
        link = f"{base}/collect/u/{unit.token}"  # as in the list of links the office sends out

        # The unit opens its link, uploads, explains the 提示 and submits.
        workbook = tmp_path / "教育局年报.xlsx"
        workbook.write_bytes(workbook_bytes(tmp_path, with_warning(unit_report(1, "示例县教育局"))))
        browser.get(link)
        browser.find_element(By.ID, "file").send_keys(str(workbook))
        click_and_load(browser, browser.find_element(By.ID, "upload"))
        box = browser.find_element(By.CSS_SELECTOR, "textarea[name^='explain-']")
        shot(browser, "3-unit-findings")
        box.send_keys("本年度集中清理规章，现行有效件数相应减少")
        click_and_load(browser, browser.find_element(By.ID, "submit_explained"))
        assert "已提交第1版" in browser.find_element(By.ID, "message").text
        shot(browser, "4-unit-submitted")

        # The office returns it with a comment.
        browser.get(base + "/collect/office/2024/units/101")
        assert "本年度集中清理规章" in browser.page_source
        browser.find_element(By.ID, "review_comment").send_keys("请在正文中说明规章清理情况")
        shot(browser, "5-office-unit")
        click_and_load(browser, browser.find_element(By.ID, "return"))
        assert browser.find_element(By.ID, "status").text == "退回"

        # The unit sees the comment and resubmits.
        browser.get(link)
        assert "请在正文中说明规章清理情况" in browser.find_element(By.ID, "comment").text
        shot(browser, "6-unit-returned")
        browser.find_element(By.ID, "file").send_keys(str(workbook))
        click_and_load(browser, browser.find_element(By.ID, "upload"))
        browser.find_element(By.CSS_SELECTOR, "textarea[name^='explain-']").send_keys("已在正文中补充说明")
        click_and_load(browser, browser.find_element(By.ID, "submit_explained"))
        assert "已提交第2版" in browser.find_element(By.ID, "message").text

        # The office accepts; the board shows it.
        browser.get(base + "/collect/office/2024/units/101")
        click_and_load(browser, browser.find_element(By.ID, "accept"))
        assert browser.find_element(By.ID, "status").text == "已通过"
        browser.get(base + "/collect/office/2024")
        row = browser.find_element(By.CSS_SELECTOR, "tr[data-code='101']")
        assert row.find_element(By.CLASS_NAME, "status").text == "已通过"
        assert "已通过：1" in browser.find_element(By.ID, "counts").text
        shot(browser, "7-board-accepted")
    finally:
        stop_server(process)
