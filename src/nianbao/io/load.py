"""Open whatever a user points a command at: a filled workbook or a JSON data file."""

from __future__ import annotations

from pathlib import Path

from nianbao.errors import UnreadableFile


def load_any(path: Path):
    """A ReadResult for a workbook (.xlsx/.xlsm) or a JSON data file."""
    from nianbao.io.safety import check_file
    from nianbao.io.workbook_reader import ReadResult

    path = Path(path)
    check_file(path)  # before any open(): a FIFO blocks, a device never ends
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from nianbao.io.workbook_reader import read_workbook

        return read_workbook(path)
    if suffix == ".json":
        from nianbao.io.json_exchange import load_json_report

        return _checked_meta(_checked_values(ReadResult(load_json_report(path), path=path)))
    if path.is_dir():
        raise UnreadableFile(
            f"{path.resolve()}：是文件夹，不是工作簿；请指定一个 .xlsx 文件（批量校验文件夹请用 nianbao audit）"
        )
    if suffix in (".xls", ".et", ".ods", ".csv"):
        raise UnreadableFile(f"{path.name}：不支持 {suffix} 文件，请在 Excel/WPS 中“另存为”.xlsx 后再试")
    raise UnreadableFile(f"{path.name or path}：不是工作簿（.xlsx/.xlsm）或 JSON 数据文件")


def _checked_values(result):
    """A data file's numbers get the value rules a workbook's cells get (negative, fractional
    counts, too many decimals): such a value becomes a problem, not a number."""
    from nianbao.check.findings import CellProblem
    from nianbao.check.numbers import parse_cell
    from nianbao.spec import format2021 as f

    values = result.report.values
    for key, value in list(values.items()):
        cell = f.CELLS.get(key)
        if cell is None:
            continue
        parsed = parse_cell(value, cell.kind)
        if parsed.problem:
            result.problems.append(CellProblem(key, parsed.problem, parsed.found, parsed.value))
        if parsed.value is None:
            del values[key]
    return result


def _checked_meta(result):
    """A data file's 基本信息 gets the rules a workbook's get: the year a plausible whole year,
    the fee amount and count non-negative numbers. `true`, 2024.7 or -5 becomes a problem the
    check reports (and export refuses), never a value printed as "True年"."""
    from nianbao.io.workbook_reader import take_input
    from nianbao.spec import format2021 as f

    meta = result.report.meta
    for field in f.META_FIELDS:
        value = meta.get(field.key)
        if value is None or (field.kind == "text" and not isinstance(value, bool)):
            continue
        del meta[field.key]
        take_input(result, f"meta.{field.key}", field.kind, str(value).upper() if isinstance(value, bool) else value)
    return result
