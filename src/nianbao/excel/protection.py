"""Unprotect the template's sheets while a button writes to them, then protect them again.

xlwings has no protection API, so this goes through `.api`, per platform:
Windows COM (`Worksheet.Unprotect/Protect`), Mac AppleScript via appscript
(`unprotect`/`protect`). The remote engine (tests, server) records actions instead
and has nothing to unprotect — except for xlwings' VBA client (the buttons through the
office service), where our VBA Subs do it through the runMacro action (server_macro). The template's sheets are protected without a password
(io/template_builder.py); they are protected again with the same permissions.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

from nianbao.errors import NianbaoError

PASSWORD = ""


def engine_name(book) -> str:
    try:
        return book.app.engine.name
    except Exception:
        return "excel"


@contextlib.contextmanager
def unprotected(book, sheets: list) -> Iterator[None]:
    handler: Any  # one of the handler classes below (static methods only)
    if server_macro(book, "nbUnprotect") is not None:
        handler = _ThroughServerMacro
    else:
        handler = _HANDLERS.get((engine_name(book), _platform()), _Nothing)
    undone = []
    try:
        for sheet in sheets:
            if handler.is_protected(sheet):
                handler.unprotect(sheet)
                undone.append(sheet)
        yield
    except _ProtectionError as err:
        raise NianbaoError(
            f"无法解除工作表“{err.sheet}”的保护：{err.reason}。如工作表设置了密码，请先手动撤销保护。"
        ) from None
    finally:
        for sheet in undone:
            # Leave it open rather than lose the work just written.
            with contextlib.suppress(Exception):
                handler.protect(sheet)


MACRO_MODULE = "ReportButtons"  # macros/ReportButtons.bas


def server_macro(book, name: str):
    """`book.app.macro("ReportButtons.<name>")` when the book came from xlwings' VBA client
    (RunServerPython), else None. Calling it records a runMacro action, applied in order."""
    if engine_name(book) != "remote":
        return None
    api = getattr(book, "api", None)
    if not isinstance(api, dict) or api.get("client") != "VBA":
        return None
    return book.app.macro(f"{MACRO_MODULE}.{name}")


def _platform() -> str:
    return "win" if sys.platform.startswith("win") else "mac" if sys.platform == "darwin" else "other"


class _ProtectionError(Exception):
    def __init__(self, sheet: str, reason: str):
        super().__init__(reason)
        self.sheet, self.reason = sheet, reason


class _Nothing:
    """Remote engine and anything unknown: no protection to handle."""

    @staticmethod
    def is_protected(sheet) -> bool:
        return False

    @staticmethod
    def unprotect(sheet) -> None:
        pass

    @staticmethod
    def protect(sheet) -> None:
        pass


class _ThroughServerMacro:
    """The VBA client sends no protection state: unprotect (harmless when not protected) and
    protect again, as the template has it, through our VBA Subs."""

    @staticmethod
    def is_protected(sheet) -> bool:
        return True

    @staticmethod
    def unprotect(sheet) -> None:
        server_macro(sheet.book, "nbUnprotect")(sheet.name)

    @staticmethod
    def protect(sheet) -> None:
        server_macro(sheet.book, "nbProtect")(sheet.name)


class _WindowsCom:
    @staticmethod
    def is_protected(sheet) -> bool:
        return bool(sheet.api.ProtectContents)

    @staticmethod
    def unprotect(sheet) -> None:
        try:
            sheet.api.Unprotect(PASSWORD)
        except Exception as exc:
            raise _ProtectionError(sheet.name, str(exc)) from None

    @staticmethod
    def protect(sheet) -> None:
        # Same as template_builder: objects and scenarios protected, rows/columns may be resized.
        sheet.api.Protect(
            Password=PASSWORD,
            DrawingObjects=True,
            Contents=True,
            Scenarios=True,
            AllowFormattingColumns=True,
            AllowFormattingRows=True,
        )


class _MacAppleScript:
    @staticmethod
    def is_protected(sheet) -> bool:
        return bool(sheet.api.protect_contents.get())

    @staticmethod
    def unprotect(sheet) -> None:
        try:
            sheet.api.unprotect(password=PASSWORD)
        except Exception as exc:
            raise _ProtectionError(sheet.name, str(exc)) from None

    @staticmethod
    def protect(sheet) -> None:
        sheet.api.protect(
            password=PASSWORD,
            drawing_objects=True,
            contents=True,
            scenarios=True,
            allow_formatting_columns=True,
            allow_formatting_rows=True,
        )


_HANDLERS = {("excel", "win"): _WindowsCom, ("excel", "mac"): _MacAppleScript}
