"""Import cost of the Excel buttons' Python side (each click starts a fresh Python).

Prints, from `python -X importtime` in fresh processes (median of several runs):
  * `import nianbao.excel` (what RunPython's command imports first);
  * everything one 校验 click imports before it reads the workbook: xlwings (without
    pandas/numpy, see nianbao.excel.session.import_xlwings) and the check modules;
  * the same xlwings import as xlwings does it by default (pulls pandas and numpy);
and asserts that pandas, numpy, docx and openpyxl are not among the modules imported.

    .venv/bin/python bench/bench_import_time.py
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys

RUNS = 7
HEAVY = ("pandas", "numpy", "docx", "openpyxl", "jinja2")

SCENARIOS = {
    "import nianbao.excel": "import nianbao.excel",
    "校验 click (nianbao.excel + xlwings + check)": (
        "import nianbao.excel; from nianbao.excel.session import import_xlwings; import_xlwings();"
        "import nianbao.excel.checking"
    ),
    "plain `import xlwings` (for comparison)": "import xlwings",
}


def measure(code: str) -> tuple[float, set[str]]:
    """Total import time in ms (sum of top-level cumulative times) and the top-level packages imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code + "; import sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    total = 0
    for line in done.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)", line)
        if m and m.group(2) == "":  # top level: its cumulative time includes its children
            total += int(m.group(1))
    modules = {name.split(".")[0] for name in done.stdout.split()}
    return total / 1000, modules


def main() -> int:
    failed = False
    for label, code in SCENARIOS.items():
        times, modules = [], set()
        for _ in range(RUNS):
            ms, modules = measure(code)
            times.append(ms)
        heavy = sorted(set(HEAVY) & modules)
        print(
            f"{label:48s} median {statistics.median(times):7.1f} ms  (min {min(times):.1f}, max {max(times):.1f})"
            f"  heavy modules: {', '.join(heavy) or 'none'}"
        )
        if not label.startswith("plain") and heavy:
            failed = True
    if failed:
        print("FAIL: a heavy module is imported by the button path", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
