"""Write a copy of a filled workbook with some inputs replaced, addressed by defined names.

openpyxl keeps the template's protection, validations and conditional formats on a
load/save; the VBA project is kept when the copy stays a macro workbook.
"""

from __future__ import annotations

from pathlib import Path

from nianbao.errors import WrongTemplate
from nianbao.io.atomic import atomic_path, refuse_overwrite_of_input
from nianbao.io.safety import check_workbook_bounds, open_xlsx_zip, read_member
from nianbao.io.xlsx_text import set_value
from nianbao.spec.cellref import defined_name
from nianbao.spec.layout import LOCATIONS


def load_for_edit(source: Path, output: Path):
    import openpyxl

    # openpyxl loads every sheet (the reader before it scanned only those it reads): bound them all.
    with open_xlsx_zip(Path(source)) as archive:
        check_workbook_bounds(archive, Path(source).name, read_member(archive, "xl/workbook.xml"))
    keep_vba = Path(source).suffix.lower() == ".xlsm" and Path(output).suffix.lower() == ".xlsm"
    return openpyxl.load_workbook(source, keep_vba=keep_vba, rich_text=False)


def writable_cell(sheet, address: str):
    """The cell at `address`, or the top-left cell of the merged range that covers it.

    Protection has no password, so a clerk may merge input cells; openpyxl cannot write a
    value or a note into the hidden part of a merge.
    """
    cell = sheet[address]
    if type(cell).__name__ != "MergedCell":
        return cell
    for merged in sheet.merged_cells.ranges:
        if cell.coordinate in merged:
            return sheet.cell(merged.min_row, merged.min_col)
    return cell


def input_cell(workbook, key: str):
    """The openpyxl cell of an input, found by its defined name (the layout address as fallback)."""
    name = defined_name(key)
    location = LOCATIONS[key]
    defined = workbook.defined_names.get(name)
    if defined is not None:
        for sheet, coord in defined.destinations:
            if sheet in workbook.sheetnames:
                # a name widened to a range by hand: its first cell, as a reader takes it
                return writable_cell(workbook[sheet], coord.replace("$", "").split(":")[0])
    if location.sheet not in workbook.sheetnames:
        raise WrongTemplate(f"工作簿缺少工作表“{location.sheet}”")
    return writable_cell(workbook[location.sheet], location.input.address)


def set_inputs(workbook, values: dict) -> None:
    for key, value in values.items():
        set_value(input_cell(workbook, key), value)


def save_atomic(workbook, output: Path) -> None:
    with atomic_path(output) as tmp:
        workbook.save(tmp)


def write_copy(source: Path, output: Path, values: dict) -> None:
    """Copy `source` to `output` with the given inputs (keys like t3.new.total, meta.agency, text.problems)."""
    refuse_overwrite_of_input(Path(output), Path(source))
    workbook = load_for_edit(source, output)
    set_inputs(workbook, values)
    save_atomic(workbook, output)
