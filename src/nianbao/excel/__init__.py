"""The Excel buttons 校验, 生成文字 and 导出报告 (through xlwings RunPython).

Each button's VBA Sub (macros/ReportButtons.bas) runs
``import nianbao.excel as e; e.validate()`` and so on. This module imports nothing
heavy: xlwings and the rest load inside the entry functions (see bench/bench_import_time.py).
"""

from __future__ import annotations

__all__ = ["validate", "generate_text", "export_report"]


def validate() -> None:
    """校验: colour and annotate the involved cells, write the 校验结果 sheet."""
    from nianbao.excel.checking import validate_book
    from nianbao.excel.session import run

    run(validate_book)


def generate_text() -> None:
    """生成文字: write the narrative into the 正文 cells, keeping what the clerk edited."""
    from nianbao.excel.narrate import narrate_book
    from nianbao.excel.session import run

    run(narrate_book)


def export_report(directory=None) -> None:
    """导出报告: save the finished report (xlsx and docx) next to the workbook.

    `directory` overrides "next to the workbook" (tests; the remote engine has no path).
    """
    from nianbao.excel.exporting import export_book
    from nianbao.excel.session import run

    run(export_book, directory=directory)
