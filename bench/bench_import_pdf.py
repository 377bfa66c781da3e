"""PDF import against the cost of its bare text (target: within 3x of pypdfium2's text).

    .venv/bin/python bench/bench_import_pdf.py [RUNS]

Builds real-shaped PDFs with LibreOffice (ruled web-page tables with blank cells, an unruled
Word table, exported reports), then prints per file, side by side (fastest of RUNS, taking
turns): pypdfium2's text of every page, nianbao's `pdf_items` (text, character boxes, ruled
tables, all through pdfium) and the whole `import_report`, each as a ratio to pdfium's text
against the target (≤ 3×), the worst ratios, and pdfplumber's words alone for comparison.
Report the machine's load (printed) with the figures: other processes slow every column.
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


TARGET = 3.0  # a PDF within 3x of the time pypdfium2 takes for its bare text (issue 15)


def _best_interleaved(functions: list, path: Path, runs: int) -> list[tuple[float, float]]:
    """(wall, cpu) of the fastest of RUNS for each function, in ms; the functions take turns
    within each run, so a spell of load from other processes falls on all of them alike. The
    process's CPU time is printed too: on a shared machine it moves far less than the wall clock."""
    times: list[list[tuple[float, float]]] = [[] for _ in functions]
    for _ in range(runs):
        for fn, spent in zip(functions, times):
            start, start_cpu = time.perf_counter(), time.process_time()
            fn(path)
            spent.append((time.perf_counter() - start, time.process_time() - start_cpu))
    return [(min(w for w, _ in spent) * 1000, min(c for _, c in spent) * 1000) for spent in times]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    if SOFFICE is None:
        sys.exit("LibreOffice (soffice) is needed to build the PDFs")
    print(f"负载 (os.getloadavg, 1/5/15 min): {' '.join(f'{v:.2f}' for v in os.getloadavg())}; fastest of {runs} runs")
    worst = {"items": 0.0, "import": 0.0, "items cpu": 0.0, "import cpu": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        _sources(Path(tmp))
        pdfs = _convert(Path(tmp))
        print(
            f"{'file':14} {'pages':>5} {'pdfium text':>11} {'pdf_items':>10} {'ratio':>6} "
            f"{'import':>8} {'ratio':>6}  {'ratios by CPU time':>18} {'plumber words':>13}   目标 ≤ {TARGET:.0f}×"
        )
        for path in pdfs:
            pages = len(pdfium.PdfDocument(str(path)))
            (bare, bare_cpu), (items, items_cpu), (whole, whole_cpu) = _best_interleaved(
                [_pdfium_text, pdf_items, import_report], path, runs
            )
            ((words, _),) = _best_interleaved([_plumber_words], path, max(1, runs // 3))
            ratios = {
                "items": items / bare,
                "import": whole / bare,
                "items cpu": items_cpu / bare_cpu,
                "import cpu": whole_cpu / bare_cpu,
            }
            worst = {k: max(v, ratios[k]) for k, v in worst.items()}
            verdict = "ok" if max(ratios["items"], ratios["import"]) <= TARGET else "超出目标"
            print(
                f"{path.stem:14} {pages:5d} {bare:9.1f}ms {items:8.1f}ms {ratios['items']:5.1f}× "
                f"{whole:6.1f}ms {ratios['import']:5.1f}×  {ratios['items cpu']:8.1f}× {ratios['import cpu']:7.1f}× "
                f"{words:11.1f}ms   {verdict}"
            )
    print(
        f"worst ratio: pdf_items {worst['items']:.2f}×, import_report {worst['import']:.2f}× "
        f"(by CPU time {worst['items cpu']:.2f}×, {worst['import cpu']:.2f}×; 目标 ≤ {TARGET:.0f}×)"
    )
    print(f"负载 after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
