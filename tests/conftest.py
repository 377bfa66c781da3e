import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from factories import consistent_report

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
SAMPLES = DATA / "samples"
FORMAT_DOC = REPO / "docs" / "format-2021.md"


@pytest.fixture
def busy_report():
    return consistent_report(random.Random(7), busy=0.5)


@pytest.fixture
def filled_workbook(tmp_path, busy_report):
    from nianbao.build.template import build_template

    path = tmp_path / "filled.xlsx"
    build_template(path, busy_report)
    return path
