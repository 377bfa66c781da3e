"""Where results are written: a missing folder, a read-only folder, a folder named like the
output, the input itself under another spelling or through a symlink, an output that already
exists (replaced in one step; the old file intact when the write fails midway).
For every command that writes: check -o, fill, narrate, export (xlsx/docx/html), aggregate, audit -o, import -o."""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from factories import consistent_report
from nianbao.build.template import build_template
from test_fuzz_workbook import assert_handled, digest, run
from test_import_synthetic import render_row_per_line

# command -> (argv before "-o", output suffix, what writes the file: (module, attribute))
COMMANDS = {
    "check -o": (lambda d: ["check", d / "in.xlsx"], ".xlsx", ("openpyxl.workbook.workbook", "Workbook.save")),
    "fill": (lambda d: ["fill", d / "in.json"], ".xlsx", ("xlsxwriter.workbook", "Workbook.close")),
    "narrate": (lambda d: ["narrate", d / "in.xlsx"], ".xlsx", ("openpyxl.workbook.workbook", "Workbook.save")),
    "export xlsx": (lambda d: ["export", "--force", d / "in.xlsx"], ".xlsx", ("xlsxwriter.workbook", "Workbook.close")),
    "export docx": (lambda d: ["export", "--force", d / "in.xlsx"], ".docx", ("docx.document", "Document.save")),
    "export html": (lambda d: ["export", "--force", d / "in.xlsx"], ".html", ("nianbao.export.html", "write_html")),
    "aggregate": (lambda d: ["aggregate", d / "in.xlsx"], ".xlsx", ("xlsxwriter.workbook", "Workbook.close")),
    "audit -o": (lambda d: ["audit", d / "in.xlsx"], ".xlsx", ("xlsxwriter.workbook", "Workbook.close")),
    "import xlsx": (lambda d: ["import", d / "in.txt"], ".xlsx", ("xlsxwriter.workbook", "Workbook.close")),
}
NAMES = list(COMMANDS)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    made = tmp_path_factory.mktemp("inputs")
    report = consistent_report(random.Random(9), agency="乙县人民政府办公室")
    build_template(made / "in.xlsx", report)
    (made / "in.json").write_text(json.dumps(report.to_json(), ensure_ascii=False), encoding="utf-8")
    (made / "in.txt").write_text(render_row_per_line(report.values, 2024), encoding="utf-8")  # a published report
    return made


@pytest.fixture
def folder(tmp_path, made) -> Path:
    for name in ("in.xlsx", "in.json", "in.txt"):
        shutil.copy(made / name, tmp_path / name)
    return tmp_path


def inputs_of(folder: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in folder.iterdir() if p.is_file() and not p.is_symlink()}


def write(name: str, folder: Path, output: Path) -> tuple[int, str, str]:
    argv, _, _ = COMMANDS[name]
    return run(*argv(folder), "-o", output)


def leftovers(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("name", NAMES)
def test_output_folder_that_does_not_exist(folder, name):
    suffix = COMMANDS[name][1]
    before = inputs_of(folder)
    code, out, err = write(name, folder, folder / "没有这个文件夹" / f"out{suffix}")
    assert_handled(code, out, err, name)
    assert code == 2 and "输出目录不存在" in err and "没有这个文件夹" in err
    assert not (folder / "没有这个文件夹").exists()
    assert inputs_of(folder) == before


@pytest.mark.parametrize("name", NAMES)
def test_output_folder_without_write_permission(folder, name, monkeypatch):
    """Simulated (tests may run as root, who may write anywhere): the folder is reported unwritable."""
    suffix = COMMANDS[name][1]
    locked = folder / "只读"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == locked else real_access(p, mode, **kw))
    code, out, err = write(name, folder, locked / f"out{suffix}")
    assert_handled(code, out, err, name)
    assert code == 2 and "没有写入权限" in err
    assert list(locked.iterdir()) == []


NOBODY = 65534  # Debian's nobody/nogroup


def _as_nobody(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The command in a process of its own, run as nobody: root may write anywhere, so a real
    permission refusal can only be seen by an unprivileged user."""
    return subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable, "-m", "nianbao", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(cwd), "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=120,
    )


@pytest.fixture
def world_folder(made) -> Iterator[Path]:
    """Like `folder`, but somewhere nobody may enter (pytest's tmp_path is root's alone)."""
    top = Path(tempfile.mkdtemp(prefix="nianbao-ro-"))
    top.chmod(0o777)
    for name in ("in.xlsx", "in.json", "in.txt"):
        shutil.copy(made / name, top / name)
        (top / name).chmod(0o644)
    yield top
    shutil.rmtree(top, ignore_errors=True)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("name", ["check -o", "fill", "export docx", "audit -o"])
def test_output_folder_really_read_only(world_folder, name):
    folder = world_folder
    suffix = COMMANDS[name][1]
    locked = folder / "只读"
    locked.mkdir()
    locked.chmod(0o555)
    args = [str(a) for a in COMMANDS[name][0](folder)] + ["-o", str(locked / f"out{suffix}")]
    before = inputs_of(folder)
    if os.geteuid() != 0:
        code, out, err = run(*args)
    else:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: no unprivileged user to try the folder")
        probe = _as_nobody(["--version"], folder)
        if probe.returncode != 0:  # e.g. the checkout lies under root's own 0700 home
            pytest.skip(f"nobody cannot run this checkout's Python: {probe.stderr[-300:]}")
        done = _as_nobody(args, folder)
        code, out, err = done.returncode, done.stdout, done.stderr
    assert_handled(code, out, err, name)
    assert code == 2 and "没有写入权限" in err and list(locked.iterdir()) == []
    assert inputs_of(folder) == before


@pytest.mark.parametrize("name", NAMES)
def test_output_path_is_a_folder(folder, name):
    suffix = COMMANDS[name][1]
    target = folder / f"结果{suffix}"
    target.mkdir()
    (target / "keep.txt").write_text("x")
    code, out, err = write(name, folder, target)
    assert_handled(code, out, err, name)
    assert code == 2 and "是文件夹" in err
    assert target.is_dir() and (target / "keep.txt").read_text() == "x"
    assert leftovers(folder) == []


def _input_of(name: str, folder: Path) -> Path:
    return COMMANDS[name][0](folder)[-1]


@pytest.mark.parametrize("name", NAMES)
def test_output_is_the_input_through_a_symlink(folder, name):
    source = _input_of(name, folder)
    link = folder / f"link{COMMANDS[name][1]}"
    link.symlink_to(source)
    before = inputs_of(folder)
    code, out, err = write(name, folder, link)
    assert_handled(code, out, err, name)
    assert code == 2 and "不能与输入文件相同" in err
    assert link.is_symlink() and inputs_of(folder) == before


@pytest.mark.parametrize("spelling", ["./{name}", "{dir}/../{base}/{name}", "{dir}/./{name}"])
@pytest.mark.parametrize("name", [n for n in NAMES if COMMANDS[n][1] == ".xlsx" and n != "fill"])
def test_output_is_the_input_spelt_differently(folder, name, spelling, monkeypatch):
    monkeypatch.chdir(folder)
    output = spelling.format(name=_input_of(name, folder).name, dir=folder, base=folder.name)
    before = inputs_of(folder)
    code, out, err = (
        write(name, Path("."), Path(output)) if spelling.startswith("./") else write(name, folder, Path(output))
    )
    assert_handled(code, out, err, name)
    assert code == 2 and "不能与输入文件相同" in err
    assert inputs_of(folder) == before


@pytest.mark.parametrize("name", NAMES)
def test_existing_output_is_replaced(folder, name):
    suffix = COMMANDS[name][1]
    output = folder / f"out{suffix}"
    output.write_bytes(b"old result")
    code, out, err = write(name, folder, output)
    assert_handled(code, out, err, name)
    assert code == 0, err
    assert output.read_bytes() != b"old result" and output.stat().st_size > 100
    assert leftovers(folder) == []
    mode = output.stat().st_mode & 0o777
    assert mode & 0o044  # readable by others, like any file the user makes (not mkstemp's 0600)


def _failing_writer(exc: Exception):
    def fail(self_or_doc, *args, **kwargs):
        target = next((a for a in args if isinstance(a, (str, Path))), None)
        if target is None:  # xlsxwriter's close(): the file name is on the workbook
            target = getattr(self_or_doc, "filename", None)
        if isinstance(target, (str, Path)):
            Path(target).write_bytes(b"PK\x03\x04 half a file")  # the write got this far
        raise exc

    return fail


def _patch_writer(monkeypatch, name: str, exc: Exception) -> None:
    import importlib

    module_name, attribute = COMMANDS[name][2]
    module = importlib.import_module(module_name)
    owner, _, method = attribute.rpartition(".")
    if owner:
        monkeypatch.setattr(getattr(module, owner), method, _failing_writer(exc))
    else:  # a module-level function: (doc, path)
        monkeypatch.setattr(module, method, lambda doc, path, *a, **k: _failing_writer(exc)(doc, path))
        if name == "export html":
            import nianbao.export.html  # noqa: F401  (export_report imports write_html at call time)


@pytest.mark.parametrize("name", NAMES)
def test_a_write_that_fails_midway_leaves_the_old_output(folder, name, monkeypatch):
    """The file is locked (Excel/WPS has it open): a Chinese reason, exit 2, the old result intact."""
    suffix = COMMANDS[name][1]
    output = folder / f"out{suffix}"
    output.write_bytes(b"old result")
    before = inputs_of(folder)
    _patch_writer(monkeypatch, name, PermissionError(errno.EACCES, "Permission denied"))
    code, out, err = write(name, folder, output)
    assert_handled(code, out, err, name)
    assert code == 2 and "无法写入" in err
    assert output.read_bytes() == b"old result"
    assert leftovers(folder) == []
    assert inputs_of(folder) == before


@pytest.mark.parametrize("name", NAMES)
def test_disk_full_midway_leaves_the_old_output(folder, name, monkeypatch):
    suffix = COMMANDS[name][1]
    output = folder / f"out{suffix}"
    output.write_bytes(b"old result")
    _patch_writer(monkeypatch, name, OSError(errno.ENOSPC, "No space left on device"))
    code, _, err = write(name, folder, output)
    assert code != 0
    assert output.read_bytes() == b"old result"  # replaced in one step, or not at all
    assert leftovers(folder) == []


def test_disk_full_is_reported_in_chinese(folder, monkeypatch):
    _patch_writer(monkeypatch, "fill", OSError(errno.ENOSPC, "No space left on device"))
    code, out, err = write("fill", folder, folder / "out.xlsx")
    assert_handled(code, out, err, "fill")
