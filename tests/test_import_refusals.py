"""Files that are not readable reports are refused with a Chinese reason; the CLI never tracebacks."""

from __future__ import annotations

import json
import random

import pytest

from nianbao.cli import main
from nianbao.errors import UnreadableFile
from nianbao.importers import import_report, import_text
from test_import_hostile import pdf_bytes
from test_import_synthetic import random_values, render_row_per_line


def minimal_pdf_without_text() -> bytes:
    """One blank page, no text layer: what a scanned report looks like to a text extractor."""
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length 0 >>\nstream\n\nendstream",
        ]
    )


def test_scanned_pdf_is_refused(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(minimal_pdf_without_text())
    with pytest.raises(UnreadableFile, match="扫描件，没有文字层"):
        import_report(path)


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("empty.txt", b"", "空文件"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj garbage", "损坏"),
        ("broken.docx", b"PK\x03\x04not really a zip", "损坏"),
        ("fake.docx", b"hello", "不是 Word"),
        ("binary.txt", b"\x00\x01\x02\x03" * 10, "不是文本"),
    ],
)
def test_unreadable_files_are_refused(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=reason):
        import_report(path)


def test_random_text_is_not_a_report():
    rng = random.Random(0)
    words = ["天气", "晴朗", "今天", "我们", "去", "公园", "散步", "，", "。", "2024", "年", "看到", "很多", "花"]
    text = "\n".join("".join(rng.choice(words) for _ in range(30)) for _ in range(40))
    with pytest.raises(UnreadableFile, match="不像政府信息公开工作年度报告"):
        import_text(text)


def test_gb18030_text_is_read(tmp_path):
    values = random_values(random.Random(2))
    path = tmp_path / "report.txt"
    path.write_bytes(render_row_per_line(values, 2022).encode("gb18030"))
    assert import_report(path).report.values == values


def test_cli_writes_json_atomically_and_reports_errors(tmp_path, capsys):
    values = random_values(random.Random(3))
    source = tmp_path / "report.txt"
    source.write_text(render_row_per_line(values, 2022), encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["import", str(source), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["values"] == values and data["meta"]["format"] == "2021" and data["unplaced"] == []
    assert main(["import", str(source), "-o", str(source.with_suffix(".txt"))]) == 2  # never overwrite input
    assert source.read_text(encoding="utf-8").startswith("某某市")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["import", str(empty)]) == 2
    assert "错误：" in capsys.readouterr().err


def test_cli_prints_json_to_stdout(tmp_path, capsys):
    values = random_values(random.Random(4))
    source = tmp_path / "report.md"
    source.write_text(render_row_per_line(values, 2021), encoding="utf-8")
    assert main(["import", str(source)]) == 0
    assert json.loads(capsys.readouterr().out)["values"] == values
