"""导出报告: the finished report saved next to the workbook, as xlsx and docx.

Refuses while the report has errors. Writes new files named
<机关名称><年度>年政府信息公开工作年度报告.xlsx/.docx; never the workbook itself.
"""

from __future__ import annotations

import re
from pathlib import Path

from nianbao.check.checker import check, errors_of
from nianbao.errors import NianbaoError
from nianbao.excel.book_io import read_inputs
from nianbao.io.atomic import refuse_overwrite_of_input

FORMATS = ("xlsx", "docx")
_UNSAFE = re.compile(r'[\\/:*?"<>|\r\n\t]+')


def file_stem(meta: dict) -> str:
    agency = _UNSAFE.sub("", str(meta.get("agency", ""))).strip().strip(".")
    return f"{agency}{meta.get('year')}年政府信息公开工作年度报告"


def book_path(book) -> Path | None:
    """The workbook's file, or None when it has no folder on this computer."""
    fullname = str(book.fullname or "")
    if "://" in fullname:
        raise NianbaoError(
            "本工作簿保存在 OneDrive/SharePoint 等网络位置，程序无法在它旁边保存文件。"
            "请用“另存为”保存到本机文件夹后再导出。"
        )
    path = Path(fullname)
    return path if path.parent != Path("") and str(path.parent) not in ("", ".") else None


def export_book(book, directory=None) -> str:
    result, _ = read_inputs(book)
    report = result.report
    findings = check(report, problems=result.problems)
    errors = errors_of(findings)
    if errors:
        raise NianbaoError(f"报告还有 {len(errors)} 处错误，不能导出。请先点击“校验”，改正标红的单元格后再导出。")
    source = book_path(book)
    if directory is None:
        if source is None:
            raise NianbaoError("请先把工作簿保存到本机文件夹，再导出（导出的文件放在工作簿旁边）。")
        directory = source.parent
    directory = Path(directory)
    # docx/Jinja2 load only when exporting: 校验 stays fast.
    from nianbao.export import unfinished_text, write_document
    from nianbao.export.model import build_document

    doc = build_document(report)  # the text as it stands in the workbook: what the clerk reviewed
    unfinished = doc.unfinished()
    if unfinished:
        raise NianbaoError(unfinished_text(unfinished, "然后再导出"))
    written = []
    for fmt in FORMATS:
        output = directory / f"{file_stem(report.meta)}.{fmt}"
        if source is not None:
            refuse_overwrite_of_input(output, source)
        write_document(doc, output, fmt)
        written.append(output)
    warnings = len(findings) - len(errors)
    lines = ["已导出定稿报告："] + [f"  {p}" for p in written]
    if warnings:
        lines.append(f"（还有 {warnings} 处提示，请确认已核实。）")
    return "\n".join(lines)
