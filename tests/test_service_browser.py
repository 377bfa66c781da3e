"""The browser page in a real Chromium (Debian's chromium + chromedriver, driven by Selenium):
the real server on a loopback port, a faulty workbook uploaded through the page, the findings
read off the rendered page, the docx downloaded.

Skipped when chromium or chromedriver is absent — except under CI=true, where that fails.
"""

from __future__ import annotations

import threading
import time
import zipfile
from pathlib import Path

import pytest

from collect_server import free_port
from service_support import faulty_report, finished_report, workbook
from support.browser import start_chromium

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from nianbao.service.app import create_app
    from nianbao.service.settings import Settings

    port = free_port()
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"), port=port)
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not instance.started:
        assert time.time() < deadline, "the service did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(10)


@pytest.fixture
def browser(tmp_path):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = start_chromium(tmp_path / "profile", "1280,900", downloads)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(predicate, timeout: float = 30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def upload(browser, url: str, path: Path):
    from selenium.webdriver.common.by import By

    browser.get(url + "/")
    browser.find_element(By.ID, "file").send_keys(str(path))
    browser.find_element(By.ID, "submit").click()
    return wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#result .result"))


def test_faulty_workbook_findings_shown_by_table(tmp_path, server, browser):
    from selenium.webdriver.common.by import By

    report = faulty_report()
    report.meta["agency"] = '<script>window.hacked=1</script>=HYPERLINK("http://x","点我")'
    path = workbook(tmp_path, report, "我的年报.xlsx")
    upload(browser, server, path)
    summary = browser.find_element(By.ID, "summary").text
    assert summary.startswith("发现错误") and "处" in summary
    titles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "h3.table-title")]
    assert any(t.startswith("表三") for t in titles)
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.finding.error")
    t3 = [r for r in rows if r.get_attribute("data-rule") == "T3-勾稽"]
    assert t3, [r.text for r in rows]
    cell = t3[0].find_element(By.CSS_SELECTOR, "td.cell").text
    assert cell.startswith("表三 依申请公开!")
    assert t3[0].find_element(By.CSS_SELECTOR, "td.expected").text != ""
    # The agency name is shown as text, never run.
    assert browser.execute_script("return window.hacked") is None
    assert "<script>" in browser.find_element(By.CSS_SELECTOR, "h2.title").text


def test_docx_downloaded_through_the_page(tmp_path, server, browser):
    from selenium.webdriver.common.by import By

    report = finished_report()
    path = workbook(tmp_path, report, "定稿用.xlsx")
    upload(browser, server, path)
    assert browser.find_element(By.ID, "summary").text.startswith("校验通过")
    browser.find_element(By.ID, "export-docx").click()
    link = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#download-status a.downloaded"))
    assert link[0].text.startswith("已生成：定稿用-定稿.docx")
    saved = wait_for(lambda: [p for p in browser.downloads.glob("*.docx")])
    from docx import Document

    wait_for(lambda: zipfile.is_zipfile(saved[0]))
    text = "\n".join(p.text for p in Document(saved[0]).paragraphs)
    assert report.meta["agency"] in text


def test_a_refused_file_shows_the_cli_message(tmp_path, server, browser):
    from selenium.webdriver.common.by import By

    path = tmp_path / "旧格式.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    upload(browser, server, path)
    message = browser.find_element(By.CSS_SELECTOR, ".refused .message").text
    assert "不支持 .xls 文件" in message
