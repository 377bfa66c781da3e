"""`python -c "import nianbao.excel.doctor as d; d.main('0.37.8')"`: the VBA pre-check.

Run by ReportButtons.nbPythonReady once per Excel session, before the first RunPython.
Its exit code tells VBA which Chinese message to show: 0 ready, 12 no xlwings,
13 another xlwings version than the workbook's xlwings.bas (1, from Python itself,
means this module could not be imported: nianbao is missing).
"""

from __future__ import annotations

import sys

NO_XLWINGS = 12
OTHER_XLWINGS = 13


def status(expected_version: str) -> int:
    from importlib import metadata

    try:
        installed = metadata.version("xlwings")
    except metadata.PackageNotFoundError:
        return NO_XLWINGS
    if installed != expected_version:
        print(f"xlwings {installed} installed, workbook needs {expected_version}", file=sys.stderr)
        return OTHER_XLWINGS
    return 0


def main(expected_version: str) -> None:
    sys.exit(status(expected_version))
