"""Running the Excel buttons on Linux: the real xlwings API over the remote engine.

`press(path, entry)` builds the payload an Office.js client sends for the workbook file,
opens it with `xw.Book(json=...)`, makes it the caller, runs the real entry point and
returns the recorded actions. The remote engine needs XLWINGS_LICENSE_KEY; the fixture
sets the noncommercial key for the tests only (nothing a clerk runs needs one).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.excel.session import import_xlwings
from support.xlwings_payload import payload_from_file


@pytest.fixture
def remote(monkeypatch):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.setenv("NIANBAO_DEBUG", "1")  # a bug of ours fails the test instead of becoming a message box
    xw = import_xlwings()
    if "remote" not in [engine.name for engine in xw.engines]:
        # xlwings was imported before the key was set: register the engine now.
        from xlwings.main import Engine
        from xlwings.pro import _xlremote

        xw.engines.add(Engine(impl=_xlremote.engine))
    yield xw
    if hasattr(xw.Book, "_mock_caller"):
        del xw.Book._mock_caller


def press(xw, path: Path, entry, *, client: str = "Office.js", com_floats: bool = True, **kwargs) -> list[dict]:
    book = xw.Book(json=payload_from_file(path, client=client, com_floats=com_floats))
    book.set_mock_caller()
    try:
        entry(**kwargs)
    finally:
        del xw.Book._mock_caller
    return book.json()["actions"]


def cells_of(action: dict) -> set[tuple[int, int]]:
    """(row, col), 0-based, of every cell an action covers."""
    return {
        (action["start_row"] + r, action["start_column"] + c)
        for r in range(action["row_count"])
        for c in range(action["column_count"])
    }


def alerts(actions: list[dict]) -> list[str]:
    return [a["args"][0] for a in actions if a["func"] == "alert"]
