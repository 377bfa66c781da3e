"""Build the macro workbook 年度报告.xlsm: the template plus the 校验/生成文字/导出报告 buttons.

1. pyOpenVBA turns the VBA text — xlwings.bas and Dictionary.cls from the installed
   (pinned) xlwings wheel, and our macros/*.bas — into a vbaProject.bin, on a carrier
   workbook with as many sheets as the real one (one document module per sheet).
2. io/template_builder.build_template writes the template with XlsxWriter; its
   `customize` hook adds the VBA project, the buttons and the extra sheets.

The build is deterministic (fixed dates; pyOpenVBA writes the same bytes for the same
sources), so tests/test_macro_workbook.py compares a fresh build with the committed file.
Build-time only: needs XlsxWriter and pyOpenVBA, not xlwings at run time.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from nianbao.errors import NianbaoError
from nianbao.spec.layout import LIVE_SHEET, MARKER_SHEET, RESULTS_SHEET, SHEETS, SheetLayout
from nianbao.spec.sheets import CONFIG_SHEET, DRAFT_COLUMN, STATE_SHEET, TEXT_SHEET

# The VBA sources: the repository's macros/ folder, shipped inside the package as build/vba (a
# link in the repository, real files in a wheel), so `nianbao workbook` and the service's
# server-mode workbook work wherever nianbao is installed.
MACROS_DIR = Path(__file__).resolve().parent / "vba"
DEFAULT_OUTPUT = Path("workbook") / "年度报告.xlsm"
MODULE = "ReportButtons"


@dataclass(frozen=True)
class Button:
    caption: str
    macro: str  # Sub name in ReportButtons


BUTTONS = (
    Button("校验", "ValidateReport"),
    Button("生成文字", "GenerateText"),
    Button("导出报告", "ExportReport"),
)
BUTTON_WIDTH, BUTTON_HEIGHT, BUTTON_GAP = 72, 26, 6  # pixels
MAX_BUTTON_RIGHT = 1000  # keep the buttons within the first screen width

# Keys for RunPython, read from the hidden xlwings.conf sheet (column A key, B value,
# contiguous from A1). INTERPRETER_WIN/MAC are deliberately absent: a value here would
# override the clerk's own %USERPROFILE%\.xlwings\xlwings.conf, the place to point
# RunPython at a python.exe that is not on PATH. Without them RunPython runs "python".
CONFIG = (
    # Do not put the workbook's folder (often Downloads) on sys.path: a stray
    # xlwings.py or nianbao folder there would run instead of the installed package.
    ("ADD_WORKBOOK_TO_PYTHONPATH", "false"),
    ("SHOW CONSOLE", "false"),
)
SERVER_KEY = "NIANBAO_SERVER"  # the office service's URL: the buttons go through it (server mode)
# xlwings' VBA client for xlwings Server, as `xlwings quickstart --server` imports it
# (cli.import_remote_modules): RunServerPython and the VBA-Web modules it needs.
REMOTE_MODULES = (
    "Remote.bas",
    "IWebAuthenticator.cls",
    "WebClient.cls",
    "WebRequest.cls",
    "WebResponse.cls",
    "WebHelpers.bas",
)
EXTRA_SHEETS = (RESULTS_SHEET, CONFIG_SHEET, STATE_SHEET)
SHEET_ORDER = tuple(s.name for s in SHEETS) + (MARKER_SHEET, LIVE_SHEET) + EXTRA_SHEETS


def vba_sources(macros_dir: Path = MACROS_DIR) -> list[tuple[str, str, bool]]:
    """(module name, source, is class) for every module, xlwings' first."""
    import xlwings  # only to find its files: the VBA must match the installed version

    base = Path(xlwings.__file__).parent
    files = [base / "xlwings.bas", base / "addin" / "Dictionary.cls"]
    files += [base / "addin" / name for name in REMOTE_MODULES]
    if not macros_dir.is_dir():
        raise NianbaoError(f"找不到 VBA 源文件目录 {macros_dir}：nianbao 程序包不完整，请重新安装")
    files += sorted(macros_dir.glob("*.bas")) + sorted(macros_dir.glob("*.cls"))
    out = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            text.encode("ascii")
        except UnicodeEncodeError:
            raise NianbaoError(f"{path.name} 含有非 ASCII 字符：VBA 源文件只能用 ASCII（中文请用 ChrW 编码）") from None
        out.append((_module_name(path, text), _crlf(text), path.suffix.lower() == ".cls"))
    return out


def _module_name(path: Path, text: str) -> str:
    for line in text.splitlines():
        if line.startswith("Attribute VB_Name"):
            return line.split("=", 1)[1].strip().strip('"')
    return path.stem


def _crlf(text: str) -> str:
    return "\r\n".join(text.splitlines()) + "\r\n"


def vba_project_bin(sheet_count: int, macros_dir: Path = MACROS_DIR) -> bytes:
    """vbaProject.bin with ThisWorkbook, Sheet1..SheetN and our modules."""
    import zipfile

    import xlsxwriter
    from pyopenvba import ExcelFile, VBAModuleKind

    with tempfile.TemporaryDirectory() as tmp:
        carrier = Path(tmp, "carrier.xlsm")
        workbook = xlsxwriter.Workbook(str(carrier))
        for i in range(sheet_count):
            workbook.add_worksheet(f"Sheet{i + 1}")
        workbook.close()
        with ExcelFile(carrier) as excel:
            project = excel.add_vba_project()
            for name, source, is_class in vba_sources(macros_dir):
                kind = VBAModuleKind.other if is_class else VBAModuleKind.standard
                project.add_module(name, source, kind=kind)
            excel.save(Path(tmp, "out.xlsm"))
        with zipfile.ZipFile(Path(tmp, "out.xlsm")) as archive:
            return archive.read("xl/vbaProject.bin")


def _column_pixels(width: float) -> int:
    """XlsxWriter's conversion of a column width (characters) to pixels."""
    if width < 1:
        return int(width * 12 + 0.5)
    return int(width * 7 + 0.5) + 5


def button_x(sheet: SheetLayout) -> int:
    """Left edge of the first button, in pixels from A1: right of the title, or inside its right end."""
    title = sheet.labels[0]
    widths = sheet.column_widths
    title_px = sum(_column_pixels(widths[c] if c < len(widths) else 8.43) for c in range(title.col, title.right + 1))
    total = len(BUTTONS) * BUTTON_WIDTH + (len(BUTTONS) - 1) * BUTTON_GAP
    if title_px + 8 + total <= MAX_BUTTON_RIGHT:
        return title_px + 8
    return title_px - total - 8


def customizer(vba_bin: Path, server: str | None = None):
    """`server`: the service URL written into the xlwings.conf sheet (server mode)."""
    config_rows = CONFIG + (((SERVER_KEY, server),) if server else ())

    def customize(workbook, worksheets: dict) -> None:
        workbook.set_vba_name("ThisWorkbook")
        workbook.add_vba_project(str(vba_bin))
        results = workbook.add_worksheet(RESULTS_SHEET)
        results.write_string(0, 0, "尚未校验。填好各表后，点击任一表顶部的“校验”按钮，校验结果会列在这里。")
        for col, width in enumerate((6, 6, 16, 22, 40, 80, 8, 8)):
            results.set_column(col, col, width)
        results.freeze_panes(1, 0)
        config = workbook.add_worksheet(CONFIG_SHEET)
        for row, (key, value) in enumerate(config_rows):
            config.write_string(row, 0, key)
            config.write_string(row, 1, value)
        config.hide()
        state = workbook.add_worksheet(STATE_SHEET)
        state.very_hidden()
        worksheets[TEXT_SHEET].set_column(DRAFT_COLUMN, DRAFT_COLUMN, 50)
        for sheet in SHEETS:
            ws = worksheets[sheet.name]
            x = button_x(sheet)
            for i, button in enumerate(BUTTONS):
                ws.insert_button(
                    0,
                    0,
                    {
                        "macro": f"{MODULE}.{button.macro}",
                        "caption": button.caption,
                        "width": BUTTON_WIDTH,
                        "height": BUTTON_HEIGHT,
                        "x_offset": x + i * (BUTTON_WIDTH + BUTTON_GAP),
                        "y_offset": 5,
                    },
                )
        names = [ws.get_name() for ws in workbook.worksheets()]
        if tuple(names) != SHEET_ORDER:
            raise NianbaoError(f"宏工作簿的工作表顺序与预期不符：{names}")
        for i, ws in enumerate(workbook.worksheets()):
            ws.set_vba_name(f"Sheet{i + 1}")

    return customize


def check_server_url(url: str) -> str:
    """The URL as the buttons will use it, or a Chinese refusal."""
    from urllib.parse import urlsplit

    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise NianbaoError(f"服务地址“{url}”不对：应为 http://服务器地址:端口，例如 http://10.1.2.3:8000")
    return url


def build_macro_workbook(path: Path, macros_dir: Path = MACROS_DIR, server: str | None = None) -> None:
    from nianbao.build.template import build_template

    if server is not None:
        server = check_server_url(server)
    with tempfile.TemporaryDirectory() as tmp:
        vba_bin = Path(tmp, "vbaProject.bin")
        vba_bin.write_bytes(vba_project_bin(len(SHEET_ORDER), macros_dir))
        build_template(Path(path), customize=customizer(vba_bin, server))
