"""A real Chromium for the page tests: Debian's chromium and chromedriver, driven by Selenium.

Nothing is downloaded (Selenium Manager is kept offline; the system driver is named). Without
chromium the test skips; under CI=true that skip is a failure (the `browser` marker, conftest.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None
)
# As root, in a machine with no network beyond the loopback: no sandbox, no background traffic.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def require_browser() -> None:
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("chromium/chromedriver not installed (apt-get install chromium chromium-driver)")


def start_chromium(profile: Path, window: str = "1280,900", downloads: Path | None = None):
    """A headless Chromium with a fresh profile; `downloads` receives downloaded files."""
    require_browser()
    os.environ["SE_OFFLINE"] = "1"  # Selenium Manager must not download a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={window}"):
        options.add_argument(flag)
    if downloads is not None:
        options.add_experimental_option(
            "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
        )
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def click_and_load(driver, element, timeout: float = 20.0) -> None:
    """Click a button that submits a form and wait for the page it loads.

    Without the wait, the next `find_element` may find the same id on the old page, which goes
    away under it as the new page arrives (StaleElementReferenceException, or chromedriver's
    "Node with given id does not belong to the document"). The old page is marked with a
    script variable; the new page is the one without it, fully loaded."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("window.__nianbaoOldPage = true;")
    element.click()

    def new_page_loaded(d) -> bool:
        try:
            return bool(
                d.execute_script("return window.__nianbaoOldPage === undefined && document.readyState === 'complete';")
            )
        except WebDriverException:  # the page is being replaced right now
            return False

    WebDriverWait(driver, timeout).until(new_page_loaded)
