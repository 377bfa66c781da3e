"""PDF import against the cost of its bare text (target: within 3x of pypdfium2's text).

    .venv/bin/python bench/bench_import_pdf.py [RUNS]

Builds real-shaped PDFs with LibreOffice (ruled web-page tables with blank cells, an unruled
Word table, exported reports), then prints per file, side by side (fastest of RUNS):
pypdfium2's text of every page, nianbao's `pdf_items` (text, boxes, rulings; pdfplumber for
ruled pages), the whole `import_report`, and pdfplumber's words alone for comparison.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import pdfplumber
import pypdfium2 as pdfium

from factories import consistent_report
from libreoffice import FONTS_CONF, SOFFICE
from nianbao.export import export_report
from nianbao.importers import import_report
from nianbao.importers.pdf_source import pdf_items
from test_import_pdf import _long_html
from test_import_synthetic import random_values, write_docx


def _sources(tmp: Path) -> None:
    rng = random.Random(3)
    (tmp / "web_ruled.html").write_text(_long_html(random_values(rng, 0.6), 2023, 30), encoding="utf-8")
    write_docx(tmp / "word_unruled.docx", random_values(rng, 0.5), 2023)
    report = consistent_report(random.Random(5), busy=0.5, agency="某县人民政府办公室", year=2024)
    export_report(report, tmp / "exported.docx", "docx")


def _convert(tmp: Path) -> list[Path]:
    out = tmp / "out"
    out.mkdir()
    env = dict(os.environ)
    if FONTS_CONF.exists():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    sources = sorted(p for p in tmp.iterdir() if p.suffix in (".html", ".docx"))
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(out), *map(str, sources)],
        check=True,
        capture_output=True,
        timeout=300,
        env=env,
    )
    return sorted(out.glob("*.pdf"))


def _pdfium_text(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    size = sum(len(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    pdf.close()
    return size


def _plumber_words(path: Path) -> int:
    with pdfplumber.open(str(path)) as pdf:
        return sum(len(p.extract_words()) for p in pdf.pages)


def _timed(fn, path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return min(times) * 1000  # the least disturbed run: the machine may be shared


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    if SOFFICE is None:
        sys.exit("LibreOffice (soffice) is needed to build the PDFs")
    with tempfile.TemporaryDirectory() as tmp:
        _sources(Path(tmp))
        pdfs = _convert(Path(tmp))
        print(
            f"{'file':18} {'pages':>5} {'pdfium text':>12} {'pdf_items':>10} {'ratio':>6} {'import':>8} {'plumber words':>14}"
        )
        for path in pdfs:
            pages = len(pdfium.PdfDocument(str(path)))
            bare = _timed(_pdfium_text, path, runs)
            items = _timed(pdf_items, path, runs)
            whole = _timed(import_report, path, runs)
            words = _timed(_plumber_words, path, max(1, runs // 2))
            print(
                f"{path.stem:18} {pages:5d} {bare:10.1f}ms {items:8.1f}ms {items / bare:5.1f}x "
                f"{whole:6.1f}ms {words:12.1f}ms"
            )


if __name__ == "__main__":
    main()
