"""A filled template as a clerk leaves it after typing into one cell (for the bad-input tests)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from factories import zero_report
from nianbao.build.template import build_template


@pytest.fixture
def zero_workbook(tmp_path) -> Path:
    path = tmp_path / "zero.xlsx"
    build_template(path, zero_report())
    return path


def typed(tmp_path: Path, source: Path, sheet: str, cell: str, value) -> Path:
    """What a clerk typing `value` into `cell` leaves in the file (written as it is, text stays text)."""
    book = openpyxl.load_workbook(source)
    book[sheet][cell] = value
    path = tmp_path / f"typed-{cell}.xlsx"
    book.save(path)
    return path
