"""`nianbao narrate WORKBOOK [--previous LAST.xlsx] -o OUT.xlsx [--force]`: 生成文字.

Writes the generated narrative into the text cells (正文 sheet) of a copy of the workbook;
the clerk's own paragraphs are kept (rule in nianbao.narrative.generate).
"""

from __future__ import annotations

import sys
from pathlib import Path

from nianbao.errors import EXIT_FINDINGS, EXIT_OK, NianbaoError


def configure(parser) -> None:
    parser.add_argument("workbook", type=Path, metavar="工作簿", help="填好的工作簿（.xlsx/.xlsm）")
    parser.add_argument(
        "--previous", type=Path, metavar="上年工作簿", help="上一年度的工作簿或 JSON，用于写“同比增加/减少”"
    )
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="输出文件", help="另存为的工作簿（原文件不会被修改）"
    )
    parser.add_argument("--force", action="store_true", help="表格有错误时也生成（文字会照抄有错的数字）")


def narrate_copy(source: Path, output: Path, previous: Path | None = None, force: bool = False) -> dict[str, str]:
    """Write `output`: `source` with the generated text. Returns the text by field.

    Raises RefusedForErrors when the tables have errors and not `force` (the CLI and the
    office service say so each in their way)."""
    from nianbao.check.checker import errors_of
    from nianbao.commands.shared import RefusedForErrors, load_and_check, prepare_output
    from nianbao.io.safety import editable
    from nianbao.io.workbook_writer import input_cell, load_for_edit, save_atomic, set_inputs
    from nianbao.narrative import generate_text

    source, output = Path(source), Path(output)
    if source.suffix.lower() not in (".xlsx", ".xlsm"):
        raise NianbaoError(f"{source.name}：生成文字需要填好的工作簿（.xlsx/.xlsm）")
    if output.suffix.lower() not in (".xlsx", ".xlsm"):
        raise NianbaoError("输出文件请以 .xlsx（或 .xlsm）结尾")
    prepare_output(output, source, previous)
    current, last_year, findings = load_and_check(source, previous)
    errors = errors_of(findings)
    if errors and not force:
        raise RefusedForErrors(errors, "生成文字", "生成的文字会照抄有错的数字")
    text = generate_text(current.report, last_year)
    with editable(source):
        workbook = load_for_edit(source, output)
        set_inputs(workbook, {f"text.{key}": value for key, value in text.items()})
        _grow_text_rows(workbook, text, input_cell)
        save_atomic(workbook, output)
    return text


def run(args) -> int:
    from nianbao.commands.shared import RefusedForErrors
    from nianbao.narrative import PROMPT_START

    try:
        text = narrate_copy(Path(args.workbook), Path(args.output), args.previous, args.force)
    except RefusedForErrors as refusal:
        print(refusal, file=sys.stderr)
        return EXIT_FINDINGS
    print(f"已生成正文文字，另存为：{args.output}")
    print("程序生成的段落以“【自动生成】”开头；修改后想保留的段落，请删去这个标记，再次生成时不会被覆盖。")
    prompts = [key for key, value in text.items() if any(line.startswith(PROMPT_START) for line in value.splitlines())]
    if prompts:
        from nianbao.spec.format2021 import describe

        print("以下各栏仍需填报人撰写：" + "、".join(describe(f"text.{key}") for key in prompts))
    sys.stdout.flush()
    return EXIT_OK


def _grow_text_rows(workbook, text: dict[str, str], input_cell) -> None:
    """Rows of the 正文 sheet grown to show each whole paragraph (a row whose height was set
    does not grow by itself in Excel, WPS or LibreOffice)."""
    from nianbao.spec.layout import SHEET_BY_NAME, TEXT_ROW_HEIGHT, f, wrapped_height

    width = SHEET_BY_NAME[f.TEXT_TITLE].column_widths[1]
    for key, value in text.items():
        cell = input_cell(workbook, f"text.{key}")
        cell.parent.row_dimensions[cell.row].height = wrapped_height(value, width, TEXT_ROW_HEIGHT)
