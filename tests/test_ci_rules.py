"""Under CI a test that needs LibreOffice, a browser or PostgreSQL may not skip: it fails."""

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent

SAMPLE = """
import pytest

@pytest.mark.libreoffice
@pytest.mark.skipif(True, reason="soffice missing")
def test_needs_libreoffice():
    pass

@pytest.mark.skipif(True, reason="root may write anywhere")
def test_ordinary_skip():
    pass
"""

# The collection's own PostgreSQL paths, as its tests reach them: the store fixture's
# "postgresql" parameter and a test marked by hand (test_collect_store's backup).
PG_SAMPLE = """
import pytest

from collect_app import make_settings
from collect_fixtures import settings  # noqa: F401


def test_on_each_database(settings):
    assert settings.data_dir


@pytest.mark.postgres
def test_postgresql_only(tmp_path):
    make_settings("postgresql", tmp_path)
"""


def run_sample(tmp_path: Path, ci: bool, sample: str = SAMPLE) -> str:
    (tmp_path / "test_sample.py").write_text(sample, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NIANBAO_TEST_PG_URL")}
    env["PYTHONPATH"] = str(TESTS)
    if ci:
        env["CI"] = "true"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "conftest",
            "-p",
            "no:cacheprovider",
            "-c",
            os.devnull,
            "-o",
            "markers=libreoffice postgres",
            str(tmp_path / "test_sample.py"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    return done.stdout


def test_a_libreoffice_skip_fails_under_ci_and_only_there(tmp_path):
    assert "2 skipped" in run_sample(tmp_path, ci=False)
    out = run_sample(tmp_path, ci=True)
    # A skip decided at set-up (skipif) is reported as an error, one inside the test as a failure.
    assert ("1 failed" in out or "1 error" in out) and "1 skipped" in out and "CI 下不允许跳过" in out


def test_a_postgresql_test_without_a_server_skips_but_fails_under_ci(tmp_path):
    """NIANBAO_TEST_PG_URL unset: SQLite runs, the PostgreSQL paths skip; under CI=true they fail."""
    out = run_sample(tmp_path, ci=False, sample=PG_SAMPLE)
    assert "1 passed" in out and "2 skipped" in out, out
    out = run_sample(tmp_path, ci=True, sample=PG_SAMPLE)
    assert "1 passed" in out and "skipped" not in out, out
    assert "1 failed" in out and "1 error" in out and "CI 下不允许跳过需要 postgres 的测试" in out, out
