"""Running one button: find the calling workbook, run the action, show failures as a message box."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from nianbao.errors import EXIT_UNREADABLE, NianbaoError

TITLE = "政府信息公开工作年度报告"


def import_xlwings():
    """Import xlwings without pandas and numpy.

    xlwings imports pandas and numpy when they are installed (pandas is a dependency of
    nianbao): about 0.2 s of every button press for nothing, since the buttons pass
    plain lists. Both are optional to xlwings, which then leaves its DataFrame/array
    converters out. They are importable again afterwards for whoever needs them.
    """
    if "xlwings" in sys.modules:
        return sys.modules["xlwings"]
    blocked = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import xlwings
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return xlwings


def caller_book():
    xw = import_xlwings()
    try:
        return xw.Book.caller()
    except Exception as exc:  # run outside Excel, or Excel could not be reached
        raise NianbaoError(f"找不到调用本程序的 Excel 工作簿（请在 Excel 中点击按钮运行）：{exc}") from None


def alert(book, message: str, critical: bool = False) -> None:
    try:
        book.app.alert(message, title=TITLE, mode="critical" if critical else "info")
    except Exception:  # no dialog possible (e.g. an engine without alerts): the log still has it
        print(message, file=sys.stderr)


def run(action: Callable, **kwargs) -> None:
    """Run `action(book, **kwargs)` on the calling workbook; an expected failure becomes a Chinese message box."""
    try:
        book = caller_book()
    except NianbaoError as err:
        print(f"错误：{err}", file=sys.stderr)
        raise SystemExit(EXIT_UNREADABLE) from None
    run_on(book, action, **kwargs)


def run_on(book, action: Callable, **kwargs) -> None:
    """Run `action(book, **kwargs)` on a given book (the office service's, from the request)."""
    try:
        message = action(book, **kwargs)
    except NianbaoError as err:
        alert(book, str(err), critical=True)
        return
    except Exception as err:
        if os.environ.get("NIANBAO_DEBUG"):
            raise
        alert(
            book,
            f"内部错误：{type(err).__name__}: {err}\n请把此信息和工作簿发给维护人员。",
            critical=True,
        )
        return
    if message:
        alert(book, message)
