"""Hostile PDFs (issue 12, item 6), generated here: each ends in a Chinese refusal in under
15 s and 1 GiB, measured in a fresh process — and a flate bomb is not called a scan."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib

import pytest

from test_import_hostile import pdf_bytes

LIMIT_SECONDS = 15
LIMIT_BYTES = 1024**3

_RUN = """
import json, resource, sys, time
start = time.monotonic()
from nianbao.errors import UnreadableFile
from nianbao.importers import import_report
try:
    import_report(sys.argv[1])
    outcome = "read"
except UnreadableFile as err:
    outcome = str(err)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"outcome": outcome, "seconds": time.monotonic() - start, "peak": peak}))
"""


def _import_measured(path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(path)], capture_output=True, text=True, timeout=LIMIT_SECONDS * 4
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _refused_in_bounds(path, *words: str) -> str:
    got = _import_measured(path)
    assert got["outcome"] != "read"
    assert all(w in got["outcome"] for w in words), got["outcome"]
    assert got["seconds"] < LIMIT_SECONDS, got
    assert got["peak"] < LIMIT_BYTES, got
    return got["outcome"]


def _page(contents: int) -> bytes:
    return (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>" % contents
    )


def _stream(data: bytes, flate: bool = False) -> bytes:
    if flate:
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _font() -> bytes:
    return b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _deflated_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9)
    block = b"0" * (4 * 1024 * 1024)
    out = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join(out) + packer.flush()


def test_flate_bomb_is_refused_as_a_bomb_not_as_a_scan(tmp_path):
    bomb = _deflated_zeros(320 * 1024 * 1024)  # 320 MB of content from about 0.3 MB
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        _font(),
        _stream(bomb, flate=True),
        _page(4),
    ]
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_bytes(objects))
    reason = _refused_in_bounds(path, "压缩炸弹")
    assert "扫描件" not in reason


@pytest.mark.parametrize("shared", [False, True])
def test_page_tree_declaring_one_page_and_holding_100000_is_refused(tmp_path, shared):
    """/Count 1 over 100,000 kids: distinct page objects, or one page object listed 100,000 times."""
    pages = 100_000
    text = b"BT /F1 12 Tf 72 700 Td (Annual report page) Tj ET"
    kids = b" ".join(b"5 0 R" if shared else b"%d 0 R" % (5 + n) for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count 1 >>",
        _font(),
        _stream(text),
    ]
    objects += [_page(4)] * (1 if shared else pages)
    path = tmp_path / "tree.pdf"
    path.write_bytes(pdf_bytes(objects))
    _refused_in_bounds(path, "100000 页")


def test_one_page_of_two_million_characters_is_refused(tmp_path):
    text = b"BT /F1 1 Tf 0 800 Td (" + b"A" * 1_900_000 + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        _font(),
        _stream(zlib.compress(text, 9), flate=True),
        _page(4),
    ]
    path = tmp_path / "dense.pdf"
    path.write_bytes(pdf_bytes(objects))
    _refused_in_bounds(path, "第 1 页", "个字符")


def test_three_hundred_dense_pages_are_refused(tmp_path):
    line = b"(" + b"Annual report text " * 12 + b") Tj 0 -12 Td "
    text = b"BT /F1 10 Tf 40 800 Td " + line * 60 + b"ET"
    pages = 300
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + n) for n in range(pages)) + b"] /Count %d >>" % pages,
        _font(),
        _stream(zlib.compress(text), flate=True),
    ]
    objects += [_page(4)] * pages
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf_bytes(objects))
    _refused_in_bounds(path, "300 页")


def test_an_ordinary_text_pdf_is_not_refused_by_the_bounds(tmp_path):
    """The bounds leave a normal file alone: a short English text page is read (and then found
    to be no report), not refused as a bomb or as too long."""
    text = b"BT /F1 12 Tf 72 700 Td (Annual report 2023, page text long enough) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R 6 0 R] /Count 2 >>",
        _font(),
        _stream(zlib.compress(text), flate=True),
        _page(4),
        _page(4),
    ]
    path = tmp_path / "plain.pdf"
    path.write_bytes(pdf_bytes(objects))
    outcome = _import_measured(path)["outcome"]
    assert "不像政府信息公开工作年度报告" in outcome


def test_a_large_flate_image_is_no_bomb(tmp_path):
    """A scanned page stored as a Flate image inflates to tens of MB; images are never decoded
    here, so it is a scan (no text layer), not a bomb."""
    image = _deflated_zeros(240 * 1024 * 1024)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        b"<< /Type /XObject /Subtype /Image /Width 8000 /Height 10000 /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 /Length %d /Filter /FlateDecode >>\nstream\n" % len(image) + image + b"\nendstream",
        _stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 3 0 R >> >> >>",
    ]
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_bytes(objects))
    reason = _refused_in_bounds(path, "扫描件")
    assert "压缩炸弹" not in reason
