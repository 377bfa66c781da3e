"""The local buttons made deployable: the offline installer and the buttons' minimal dependencies."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
INSTALLER = REPO / "packaging" / "安装.bat"


def test_installer_needs_no_internet_no_admin_and_no_wildcard():
    text = INSTALLER.read_bytes().decode("utf-8")
    assert "\r\n" in text  # cmd.exe reads CRLF batch files reliably
    install = next(line for line in text.splitlines() if "pip install" in line)
    for flag in ("--user", "--no-index", '--find-links "%HERE%wheels"'):
        assert flag in install
    assert "*" not in install  # pip rejects a wildcard file name on Windows
    assert install.rstrip().endswith(" nianbao")
    assert "chcp 65001" in text and 'set "PY=py -3"' in text
    assert 'd.main(\\"0.37.8\\")' in text  # the same xlwings check as the workbook's CheckPython


def test_makefile_wheelhouse_downloads_windows_wheels_for_each_python():
    makefile = (REPO / "Makefile").read_text()
    target = makefile.split("\nwheelhouse:", 1)[1].split("\n\n", 1)[0]
    assert "--platform win_amd64" in target and "--only-binary=:all:" in target
    assert "--python-version $$v" in target and "PYVERSIONS ?= 3.11 3.12 3.13" in makefile
    assert "pywin32" in target and "安装.bat" in target


def test_buttons_dependencies_are_the_minimum():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    core = " ".join(project["dependencies"]).lower()
    for heavy in ("pandas", "pdfplumber", "fastapi", "uvicorn", "tqdm"):
        assert heavy not in core
    extras = project["optional-dependencies"]
    assert any("pandas" in d for d in extras["review"]) and any("fastapi" in d for d in extras["serve"])
    assert "nianbao[review,serve]" in extras["test"]  # `make setup` still installs everything


def test_the_buttons_path_imports_no_pandas_pdfplumber_or_calamine():
    code = (
        "import sys, nianbao.excel, nianbao.excel.checking, nianbao.excel.narrate, nianbao.excel.exporting;"
        "from nianbao.excel.session import import_xlwings; import_xlwings();"
        "import nianbao.export, nianbao.narrative;"
        "print(sorted(m for m in ('pandas','numpy','pdfplumber','python_calamine','fastapi') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
