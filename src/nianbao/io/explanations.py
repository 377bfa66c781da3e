"""The clerk's 出错说明 in a workbook's 校验结果 sheet, by finding id.

Read with python-calamine like workbook_reader (no openpyxl): the collection service and
`nianbao check` call it on every workbook they receive.
"""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from nianbao.io.safety import check_workbook_bounds, open_xlsx_zip, read_member
from nianbao.io.workbook_reader import ReadResult
from nianbao.spec.layout import RESULTS_SHEET
from nianbao.view.presentation import explanations_from_rows


def explanations_in(source: Path | str | ReadResult) -> dict[str, str]:
    """{finding id: explanation} written in the 校验结果 sheet; {} when there is none (a JSON
    file, a workbook never checked, or a sheet that cannot be read — explanations are never
    worth refusing a report for)."""
    if isinstance(source, ReadResult) and source.path is not None:
        return dict(source.explanations)  # read_workbook read the sheet along with the inputs
    path = source.path if isinstance(source, ReadResult) else Path(source)
    if path is None or path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    try:
        with open_xlsx_zip(path) as archive:  # the sheet's extent is bounded before calamine reserves it
            check_workbook_bounds(archive, path.name, read_member(archive, "xl/workbook.xml"), {RESULTS_SHEET})
        book = CalamineWorkbook.from_path(str(path))
        try:
            if RESULTS_SHEET not in book.sheet_names:
                return {}
            rows = book.get_sheet_by_name(RESULTS_SHEET).to_python(skip_empty_area=False)
        finally:
            book.close()
    except Exception:  # calamine's errors are plain exceptions; the report itself was readable
        return {}
    return explanations_from_rows(rows)
