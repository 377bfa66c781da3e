"""What an xlwings client sends for a workbook file: for tests and headless runs of the buttons.

`payload_from_file(path)` builds the JSON the Office.js client (or, with client="VBA",
RunServerPython) would send for that workbook: each sheet's values anchored at A1, the
defined names and the addresses of the notes. `xw.Book(json=payload)` then gives the
real xlwings Book/Sheet/Range API over it (remote engine; needs XLWINGS_LICENSE_KEY).
"""

from __future__ import annotations

from pathlib import Path


def payload_from_file(path: Path, *, client: str = "Office.js", com_floats: bool = False) -> dict:
    """`com_floats`: numbers as floats, as desktop Excel's COM returns them."""
    import openpyxl

    from nianbao.excel.session import import_xlwings

    xw = import_xlwings()
    workbook = openpyxl.load_workbook(path, rich_text=False)
    sheets = []
    for ws in workbook.worksheets:
        rows = []
        notes = []
        for row in ws.iter_rows(min_row=1, min_col=1, max_row=ws.max_row, max_col=ws.max_column):
            values = []
            for cell in row:
                value = cell.value
                if value is None:
                    value = ""
                elif isinstance(value, bool):
                    pass
                elif isinstance(value, (int, float)) and com_floats:
                    value = float(value)
                elif not isinstance(value, (int, float, str)):
                    value = str(value)
                values.append(value)
                if cell.comment is not None:
                    notes.append({"address": cell.coordinate})
            rows.append(values)
        sheet = {"name": ws.title, "values": rows, "pictures": [], "tables": []}
        if client == "Office.js":
            sheet.update(notes=notes, notes_supported=True)
        sheets.append(sheet)
    index = {ws.title: i for i, ws in enumerate(workbook.worksheets)}
    names = []
    for name, defined in workbook.defined_names.items():
        for sheet_name, address in defined.destinations:
            if sheet_name in index:
                names.append(
                    {
                        "name": name,
                        "sheet_index": index[sheet_name],
                        "address": address.replace("$", ""),
                        "book_scope": True,
                        "scope_sheet_name": None,
                        "scope_sheet_index": None,
                    }
                )
                break
    return {
        "client": client,
        "version": xw.__version__,
        "book": {"name": Path(path).name, "active_sheet_index": 0, "selection": "A1"},
        "names": names,
        "sheets": sheets,
    }
