"""Which files a list of paths means: files as given, folders searched recursively.

In folders only files of a supported type are taken; hidden files and folders (".x")
and Office lock files ("~$x.xlsx") are skipped. A file named explicitly is always
taken (an unsupported one is then reported as unreadable, with the reason).
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from pathlib import Path

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})
DATA_SUFFIXES = frozenset({".json"})
PUBLISHED_SUFFIXES = frozenset({".txt", ".html", ".htm", ".md", ".docx", ".pdf"})
SUPPORTED_SUFFIXES = WORKBOOK_SUFFIXES | DATA_SUFFIXES | PUBLISHED_SUFFIXES


@dataclass
class Found:
    path: Path
    shown: str  # the name shown to the user: relative to the folder given, else as given


@dataclass
class Discovery:
    files: list[Found] = field(default_factory=list)
    missing: list[Found] = field(default_factory=list)  # paths given that do not exist


def kind_of(path: Path) -> str:
    """'workbook' | 'data' | 'published' | 'other'."""
    suffix = Path(path).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return "workbook"
    if suffix in DATA_SUFFIXES:
        return "data"
    if suffix in PUBLISHED_SUFFIXES:
        return "published"
    return "other"


def display_name(text: str) -> str:
    """A file name or message as a clerk can read it (and as UTF-8 can carry it).

    A name that is not UTF-8 reaches Python with surrogates in place of its bytes; on Chinese
    machines it is GBK (a Windows zip unpacked on Linux), so it is shown as GBK.
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    data = text.encode("utf-8", "surrogateescape")
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace")


_NAME_ENDS = frozenset("/：，。；（）“”")


def _names_as_text(err: UnicodeError) -> tuple[bytes, int]:
    """Codec error handler: the surrogates of a non-UTF-8 file name, printed as `display_name` shows them
    (as bytes: the UTF-8 encoder takes a non-ASCII replacement only so)."""
    if not isinstance(err, UnicodeEncodeError) or err.encoding.lower().replace("-", "") != "utf8":
        raise err
    end = err.end
    while end < len(err.object) and not err.object[end].isspace() and err.object[end] not in _NAME_ENDS:
        end += 1  # GBK bytes after the first surrogates may happen to be valid UTF-8: the rest of the name
    return display_name(err.object[err.start : end]).encode("utf-8"), end


codecs.register_error("nianbao-names", _names_as_text)


def skipped_name(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")


def discover(paths, *, exclude=()) -> Discovery:
    """The files meant by `paths`, each once, in a stable order (folders sorted by path)."""
    out = Discovery()
    seen: set[str] = set()
    excluded = {_identity(Path(p)) for p in exclude if Path(p).exists()}

    def take(path: Path, shown: str, ident: str | None = None) -> None:
        ident = ident or _identity(path)
        if ident in seen or ident in excluded:
            return
        seen.add(ident)
        out.files.append(Found(path, display_name(shown)))

    for given in paths:
        given = Path(given)
        if given.is_dir():
            for path, shown, ident in _walk(given):
                take(path, shown, ident)
        elif given.exists():  # a FIFO or a device too: the reader says what it is
            take(given, given.name if given.parent == Path(".") else str(given))
        else:
            out.missing.append(Found(given, display_name(str(given))))
    return out


def _walk(folder: Path) -> list[tuple[Path, str, str]]:
    """(path, shown, identity) of each supported file under `folder`, sorted by relative path.
    A file's identity is its resolved path: the folder is resolved once and os.walk does not
    enter linked folders, so only a linked file needs a resolve of its own (a resolve per file
    costs a system call per path component: a tenth of a large audit's serial time)."""
    found = []
    real = _identity(folder)
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not skipped_name(d))
        relative = os.path.relpath(root, folder)
        for name in files:
            if skipped_name(name) or os.path.splitext(name)[1].lower() not in SUPPORTED_SUFFIXES:
                continue
            path = Path(root, name)
            shown = name if relative == "." else f"{Path(relative).as_posix()}/{name}"
            ident = _identity(path) if os.path.islink(path) else os.path.join(real, shown)
            found.append((path, shown, ident))
    return sorted(found, key=lambda item: item[1])


def _identity(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path.absolute())
