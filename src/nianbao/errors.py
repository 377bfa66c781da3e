"""User-facing failures: a Chinese one-line reason and an exit code, never a traceback."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1  # the report has errors (or the command refused because of them)
EXIT_UNREADABLE = 2  # the input cannot be read as a report, or bad usage
EXIT_INTERNAL = 3  # a bug of ours, reported without a traceback
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


class NianbaoError(Exception):
    """An expected failure; `str(err)` is shown to the user as it is."""

    exit_code = EXIT_UNREADABLE

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UnreadableFile(NianbaoError):
    """The file is not a report this program can read (corrupt, foreign, encrypted, too big…)."""


class WrongTemplate(UnreadableFile):
    """A workbook that is not this template, or of another template version."""
