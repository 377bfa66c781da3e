"""The colours a clerk learns once: input cells, errors, warnings and the suspected cell.

One palette for the template (build/template.py), `check -o` (io/annotate.py) and the 校验
button (excel/checking.py), so a red means the same wherever it is seen.
"""

from __future__ import annotations

from typing import Final

INPUT_FILL: Final = "#E8F1FB"
ERROR_FILL: Final = "#FFC7CE"
ERROR_FONT: Final = "#9C0006"
WARNING_FILL: Final = "#FFEB9C"
WARNING_FONT: Final = "#9C5700"
# The cell the error localisation names: stronger than the pale red of the cells merely
# involved, so the eye goes to it first.
SUSPECT_FILL: Final = "#FF7C80"
SUSPECT = "suspect"  # a mark's kind beside the severities "error" and "warning"

MARK_FILLS: Final = {"error": ERROR_FILL, "warning": WARNING_FILL, SUSPECT: SUSPECT_FILL}
OUR_FILLS: Final = frozenset(MARK_FILLS.values())  # how an earlier 校验's colours are recognised
