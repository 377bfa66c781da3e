"""导出报告: the finished report as .xlsx, .docx or .html.

    export_report(report, output, fmt, previous=None) -> Document
    write_document(doc, output, fmt)

The functions behind `nianbao export` and the 导出报告 button. The format-independent
document (model.build_document: the text as it stands in the workbook) is handed to one
drawer (xlsx/docx/html.py), writing atomically. They do not check the report: callers refuse
reports with errors, and documents with placeholders left (Document.unfinished()).
"""

from __future__ import annotations

from pathlib import Path

from nianbao.errors import NianbaoError
from nianbao.spec.format2021 import Report

FORMATS = {".xlsx": "xlsx", ".docx": "docx", ".html": "html", ".htm": "html"}


def format_of(output: Path) -> str:
    fmt = FORMATS.get(Path(output).suffix.lower())
    if fmt is None:
        raise NianbaoError(
            f"不支持导出为“{Path(output).suffix or '（无扩展名）'}”：输出文件名请以 .xlsx、.docx 或 .html 结尾"
        )
    return fmt


def export_report(report: Report, output: Path, fmt: str | None = None, previous: Report | None = None):
    """Write the finished report to `output`; returns the document (its .prompts: fields still to fill)."""
    from nianbao.export.model import build_document

    doc = build_document(report, previous)
    write_document(doc, output, fmt)
    return doc


def unfinished_text(unfinished: list[str], way_out: str) -> str:
    """Why a report with 【请…】 placeholders left is not exported, each named by its part."""
    lines = [
        f"不能导出报告：正文中还有{len(unfinished)}处【请…】提示没有填写（报告会把提示原样印出）。"
        f"请在“正文”表中写好这些段落（删去提示），{way_out}。"
    ]
    lines += [f"  {i}. {hole}" for i, hole in enumerate(unfinished, 1)]
    return "\n".join(lines)


def write_document(doc, output: Path, fmt: str | None = None) -> None:
    """Draw a built document into `output` (atomically)."""
    from nianbao.io.atomic import atomic_path

    output = Path(output)
    fmt = fmt or format_of(output)
    if fmt not in FORMATS.values():
        raise NianbaoError(f"不支持的导出格式：{fmt}（可用 xlsx、docx、html）")
    with atomic_path(output) as tmp:
        if fmt == "xlsx":
            from nianbao.export.xlsx import write_xlsx

            write_xlsx(doc, tmp)
        elif fmt == "docx":
            from nianbao.export.docx import write_docx

            write_docx(doc, tmp)
        else:
            from nianbao.export.html import write_html

            write_html(doc, tmp)


__all__ = ["FORMATS", "export_report", "format_of", "write_document"]
