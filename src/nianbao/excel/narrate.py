"""生成文字: the generated narrative written into the 正文 cells, the clerk's edits kept.

nianbao.narrative.generate_text already keeps the clerk's own paragraphs and replaces
only the program's (those starting 【自动生成】 or 【请…). What it cannot know is whether
the clerk edited a generated paragraph and left its mark in place. The buttons keep the
text they last wrote into each cell (state sheet); if a marked paragraph in the cell is
not one the program wrote, the cell is left as it is and the new draft goes beside it,
in column D of 正文, for the clerk to take over or not.
"""

from __future__ import annotations

from nianbao.check.checker import check, errors_of
from nianbao.excel.book_io import read_inputs, require_sheets
from nianbao.excel.protection import unprotected
from nianbao.excel.state import read_state, write_state
from nianbao.spec.layout import SHEET_BY_NAME, TEXT_ROW_HEIGHT, wrapped_height
from nianbao.spec.sheets import DRAFT_COLUMN, TEXT_SHEET

DRAFT_HEAD = "【新生成的草稿】您修改过左侧的自动生成段落，程序没有覆盖。需要时请把下面的文字复制过去。"


def _narrative():
    # Jinja2 loads only when text is generated, not with the module: the 校验 button stays fast.
    from nianbao.narrative import generate_text
    from nianbao.narrative.generate import is_generated, paragraphs

    return generate_text, is_generated, paragraphs


def edited_generated(current: str, last_written: str | None, is_generated, paragraphs) -> bool:
    """True when the cell holds a marked paragraph the program did not write last time."""
    if last_written is None:
        return False
    ours = {p for p in paragraphs(last_written) if is_generated(p)}
    return any(is_generated(p) and p not in ours for p in paragraphs(current))


def narrate_book(book) -> str:
    generate_text, is_generated, paragraphs = _narrative()
    result, _ = read_inputs(book)
    report = result.report
    fresh = generate_text(report)
    state = read_state(book)
    layout = SHEET_BY_NAME[TEXT_SHEET]
    rows = {inp.key[5:]: inp for inp in layout.inputs}
    cells: dict[str, str] = {}
    drafts: dict[str, str] = {}
    for key, text in fresh.items():
        inp = rows.get(key)
        if inp is None:
            continue
        current = report.text.get(key, "")
        if edited_generated(current, state.texts.get(key), is_generated, paragraphs):
            if text != current:
                drafts[key] = f"{DRAFT_HEAD}\n{text}"
            continue
        if text != current:
            cells[key] = text
        state.texts[key] = text
    sheet = require_sheets(book, [TEXT_SHEET])[TEXT_SHEET]
    first = min(i.row for i in layout.inputs)
    last = max(i.row for i in layout.inputs)
    with unprotected(book, [sheet]):
        width = layout.column_widths[1]
        for key, text in cells.items():
            inp = rows[key]
            sheet.range((inp.row + 1, inp.col + 1)).value = text
            # The row grows to show the whole paragraph (a row whose height was set never grows by itself).
            sheet.range((inp.row + 1, inp.col + 1)).row_height = wrapped_height(text, width, TEXT_ROW_HEIGHT)
        column = [[drafts.get(k) if k else None] for k in _keys_by_row(rows, first, last)]
        sheet.range((first + 1, DRAFT_COLUMN + 1), (last + 1, DRAFT_COLUMN + 1)).value = column
        if drafts:
            sheet.range((first + 1, DRAFT_COLUMN + 1), (last + 1, DRAFT_COLUMN + 1)).wrap_text = True
    write_state(book, state)
    sheet.activate()
    errors = errors_of(check(report, problems=result.problems))
    lines = [f"已生成文字：更新了 {len(cells)} 处正文。"]
    if drafts:
        lines.append(f"有 {len(drafts)} 处您修改过自动生成的段落，程序没有覆盖，新草稿放在“正文”表的 D 列。")
    if errors:
        lines.append(f"注意：表格中还有 {len(errors)} 处错误，文字中的数字可能不对；请先点击“校验”改正后再生成。")
    return "\n".join(lines)


def _keys_by_row(rows: dict, first: int, last: int) -> list[str | None]:
    at = {inp.row: key for key, inp in rows.items()}
    return [at.get(r) for r in range(first, last + 1)]
