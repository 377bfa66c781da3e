"""Workbooks and a client for the office-service tests."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from factories import consistent_report
from nianbao.build.template import build_template
from nianbao.spec import format2021 as f


def faulty_report(seed: int = 11):
    """表三 新收 自然人 raised by 10: T3-勾稽 and T3-行合计 fail at column 自然人."""
    report = consistent_report(random.Random(seed))
    report.values["t3.new.natural_person"] += 10
    return report


def finished_report(seed: int = 5):
    """A consistent report whose every part of the text is written: ready to export (export
    refuses text with 【请填写…】 left in it)."""
    report = consistent_report(random.Random(seed))
    report.text = {field.key: f"本年度{field.label}工作有序开展。" for field in f.TEXT_FIELDS}
    report.text["other_matters"] = "本年度未收取信息处理费。"
    return report


def workbook(tmp_path: Path, report, name: str = "年报.xlsx") -> Path:
    path = tmp_path / name
    build_template(path, report)
    return path


@pytest.fixture
def service(tmp_path):
    from fastapi.testclient import TestClient

    from nianbao.service.app import create_app
    from nianbao.service.settings import Settings

    settings = Settings(data_dir=tmp_path / "data", max_upload_bytes=2 * 1024 * 1024)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        client.settings = settings
        yield client


def leftovers(settings) -> list[Path]:
    """Files the service left in its temporary folder (there should be none)."""
    return sorted(p for p in settings.upload_dir.rglob("*")) if settings.upload_dir.exists() else []
