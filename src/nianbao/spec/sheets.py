"""Names of the macro workbook's own sheets (besides the layout's), shared by builder and buttons."""

from __future__ import annotations

from nianbao.spec.format2021 import TEXT_TITLE
from nianbao.spec.layout import SHEET_BY_NAME

STATE_SHEET = "nianbao_state"  # very hidden: what the buttons wrote last time
CONFIG_SHEET = "xlwings.conf"  # hidden: read by RunPython (xlwings.bas GetConfigFromSheet)
TEXT_SHEET = TEXT_TITLE  # the layout names the 正文 sheet so
DRAFT_COLUMN = 3  # 0-based: column D of 正文, beside the hint column, for drafts not written over the clerk's text

assert TEXT_SHEET in SHEET_BY_NAME
