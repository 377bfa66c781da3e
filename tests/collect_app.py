"""A FastAPI app with only the collection routes (the service's `create_app` installs the same
routes beside the others); and helpers the collection tests share (rosters, workbooks, clients)."""

from __future__ import annotations

import copy
import io
import random
from pathlib import Path

from fastapi import FastAPI

from factories import consistent_report
from nianbao.build.template import build_template
from nianbao.service.collect_routes import install
from nianbao.service.settings import Settings


def make_app(settings) -> FastAPI:
    app = FastAPI()
    install(app, settings)
    return app


ROSTER_CSV = """单位代码,单位名称,上级单位代码,汇总
100,示例县人民政府办公室,,是
101,示例县教育局,100,否
102,示例县卫生健康委员会,100,否
103,示例镇人民政府,100,否
"""


def roster_file(text: str = ROSTER_CSV) -> tuple[str, bytes, str]:
    return ("名单.csv", text.encode("utf-8"), "text/csv")


def workbook_bytes(tmp: Path, report) -> bytes:
    path = tmp / f"wb-{random.random():.12f}.xlsx"
    build_template(path, report)
    return path.read_bytes()


def unit_report(seed: int, agency: str, year: int = 2024):
    return consistent_report(random.Random(seed), busy=0.5, agency=agency, year=year)


def with_warning(report):
    """The same report with table 二 現行有效 below 本年制发 (T2-现行有效, a 提示)."""
    out = copy.deepcopy(report)
    key_issued, key_in_force = "t2.regulations.issued", "t2.regulations.in_force"
    out.values[key_issued] = out.values[key_in_force] + 3
    return out


def with_error(report):
    out = copy.deepcopy(report)
    out.values["t3.new.natural_person"] += 5
    return out


def upload(name: str, data: bytes) -> dict:
    return {"file": (name, io.BytesIO(data), "application/octet-stream")}


# ---------------------------------------------------------------- fixtures (imported by the tests)

PG_ENV = "NIANBAO_TEST_PG_URL"


def _pg_database(server_url: str):
    """A fresh database on the test server: (its URL, a function dropping it)."""
    import secrets as _secrets

    import sqlalchemy as sa

    from nianbao.collect.db import database_url

    name = "nianbao_test_" + _secrets.token_hex(6)
    admin = sa.create_engine(database_url(Path("."), server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        db.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = server_url.rsplit("/", 1)[0] + "/" + name

    def drop() -> None:
        with admin.connect() as db:
            db.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def pg_url_or_skip() -> str:
    """The test server's URL; skips without one. A test calling this carries the `postgres`
    marker (a parameter `postgres_param()`, or @pytest.mark.postgres): under CI=true
    conftest.py turns its skip into a failure."""
    import os

    import pytest

    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set (start a server with .ci/start-postgres)")
    return url


def postgres_param():
    """The "postgresql" parameter of a store fixture, with the `postgres` marker."""
    import pytest

    return pytest.param("postgresql", marks=pytest.mark.postgres)


def make_settings(kind: str, tmp_path: Path):
    """(Settings, cleanup) for a store on SQLite in tmp_path, or on a fresh PostgreSQL database."""
    from nianbao.collect.store import forget_stores

    if kind == "sqlite":
        return Settings(tmp_path / "data"), forget_stores
    url, drop = _pg_database(pg_url_or_skip())

    def cleanup() -> None:
        forget_stores()
        drop()

    return Settings(tmp_path / "data", db_url=url), cleanup
