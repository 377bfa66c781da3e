"""Small parts of nianbao.excel: rectangles, protection switch, the light import, messages."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.errors import NianbaoError
from nianbao.excel import book_io, protection, session

spans_strategy = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 12), st.integers(0, 3)).map(lambda t: (t[0], t[1], t[1] + t[2])),
    max_size=60,
)


def covered(rects) -> list[tuple[int, int]]:
    return [(r, c) for r1, c1, r2, c2 in rects for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


@settings(max_examples=300, deadline=None)
@given(spans_strategy)
def test_rectangles_cover_exactly_the_cells_once(spans):
    cells = {(row, c) for row, first, last in spans for c in range(first, last + 1)}
    got = covered(book_io.rectangles(spans))
    assert sorted(got) == sorted(cells)  # no cell missed, none extra, none twice


def test_rectangles_join_a_full_block_into_one():
    spans = [(row, 3, 3) for row in range(4, 29)] + [(row, c, c) for row in range(4, 29) for c in range(4, 10)]
    assert book_io.rectangles(spans) == [(4, 3, 28, 9)]


class FakeComSheet:
    def __init__(self, name, protected):
        self.name = name
        self.api = self
        self.ProtectContents = protected
        self.calls = []

    def Unprotect(self, password):
        self.calls.append(("Unprotect", password))
        self.ProtectContents = False

    def Protect(self, **options):
        self.calls.append(("Protect", options))
        self.ProtectContents = True


class FakeBook:
    class app:
        class engine:
            name = "excel"


def test_windows_unprotects_only_protected_sheets_and_protects_them_again(monkeypatch):
    monkeypatch.setattr(protection, "_platform", lambda: "win")
    locked, open_ = FakeComSheet("表三", True), FakeComSheet("校验结果", False)
    with protection.unprotected(FakeBook, [locked, open_]):
        assert not locked.ProtectContents
    assert locked.ProtectContents and locked.calls[0] == ("Unprotect", "")
    options = locked.calls[1][1]
    assert options["DrawingObjects"] and options["Contents"] and options["AllowFormattingRows"]
    assert open_.calls == []


def test_sheets_are_protected_again_when_writing_fails(monkeypatch):
    monkeypatch.setattr(protection, "_platform", lambda: "win")
    sheet = FakeComSheet("表三", True)
    try:
        with protection.unprotected(FakeBook, [sheet]):
            raise RuntimeError("COM error while writing")
    except RuntimeError:
        pass
    assert sheet.ProtectContents


def test_a_password_protected_sheet_gives_a_chinese_message(monkeypatch):
    monkeypatch.setattr(protection, "_platform", lambda: "win")
    sheet = FakeComSheet("表三", True)
    sheet.Unprotect = lambda password: (_ for _ in ()).throw(Exception("The password you supplied is not correct."))
    try:
        with protection.unprotected(FakeBook, [sheet]):
            raise AssertionError("must not get here")
    except NianbaoError as err:
        assert "无法解除工作表“表三”的保护" in str(err)


def test_the_remote_engine_has_nothing_to_unprotect():
    class RemoteBook:
        class app:
            class engine:
                name = "remote"

    class Untouchable:
        name = "表三"

        @property
        def api(self):
            raise AssertionError("the remote engine has no protection API")

    with protection.unprotected(RemoteBook, [Untouchable()]):
        pass


def test_entry_module_and_xlwings_load_without_pandas_numpy_openpyxl():
    code = (
        "import sys, nianbao.excel;"
        "assert not {'xlwings','pandas','numpy','openpyxl','docx','jinja2'} & set(sys.modules), sys.modules.keys();"
        "from nianbao.excel.session import import_xlwings; xw = import_xlwings();"
        "assert not {'pandas','numpy'} & set(sys.modules);"
        # xlwings itself may load jinja2 (xlwings.pro does when a licence key is set): judge
        # only what our modules add on top of it.
        "with_xlwings = set(sys.modules);"
        "import nianbao.excel.checking, nianbao.excel.narrate, nianbao.excel.exporting;"
        "added = [m for m in set(sys.modules) - with_xlwings if m.split('.')[0] in ('pandas','numpy','openpyxl','docx','jinja2')];"
        "assert not added, added;"
        "import pandas; print(xw.__version__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()  # pandas importable again afterwards, xlwings usable


def test_run_turns_an_expected_failure_into_a_message_box(monkeypatch):
    shown = []

    class Book:
        class app:
            @staticmethod
            def alert(prompt, title, mode):
                shown.append((prompt, title, mode))

    monkeypatch.setattr(session, "caller_book", lambda: Book)
    monkeypatch.delenv("NIANBAO_DEBUG", raising=False)

    def fails(book):
        raise NianbaoError("工作簿缺少工作表“表三 依申请公开”")

    def crashes(book):
        raise KeyError("x")

    session.run(fails)
    session.run(crashes)
    session.run(lambda book: "完成")
    assert shown[0] == ("工作簿缺少工作表“表三 依申请公开”", session.TITLE, "critical")
    assert shown[1][0].startswith("内部错误：KeyError") and shown[1][2] == "critical"
    assert shown[2] == ("完成", session.TITLE, "info")


def test_entry_points_are_not_shadowed_by_submodules():
    # `import nianbao.excel.X` sets attribute X on the package: no submodule may share
    # an entry point's name, or the second click in one process would call a module.
    import importlib
    import pkgutil

    import nianbao.excel as entry

    for info in pkgutil.iter_modules(entry.__path__):
        importlib.import_module(f"nianbao.excel.{info.name}")
    for name in entry.__all__:
        assert callable(getattr(entry, name)), name
