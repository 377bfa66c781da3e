"""A consistent copy of a collection store while the service runs, and putting it back.

The archive (.zip) holds `manifest.json`, the database and `files/` (the uploaded files).
SQLite is copied with its online backup API (a snapshot, however busy the service is);
PostgreSQL is read table by table in one REPEATABLE READ transaction into `tables.json`.
Files are copied after the database: they are written before the rows that name them and
never change, so every file the copied database names is there.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import sqlalchemy as sa

from nianbao.collect import models as m
from nianbao.collect.db import DATABASE_NAME, database_url, make_engine, migrate, schema_revision
from nianbao.collect.store import now
from nianbao.errors import NianbaoError, UnreadableFile
from nianbao.io.atomic import atomic_path

MANIFEST = "manifest.json"
TABLES_JSON = "tables.json"
ORDER = ("settings", "units", "submissions", "reviews", "sessions", "audit_log")


def backup(data_dir: Path, db_url: str | None, output: Path) -> dict:
    data_dir = Path(data_dir)
    url = database_url(data_dir, db_url)
    if url.startswith("sqlite") and not (data_dir / DATABASE_NAME).is_file():
        raise NianbaoError(f"{data_dir} 中没有收集服务的数据（{DATABASE_NAME}）")
    engine = make_engine(url)
    try:
        revision = schema_revision(engine)
        with atomic_path(Path(output)) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as archive:
            if url.startswith("sqlite"):
                counts = _sqlite_snapshot(data_dir / DATABASE_NAME, archive)
            else:
                counts = _dump_tables(engine, archive)
            blobs = _copy_files(data_dir / "files", archive)
            manifest = {"created_at": now(), "schema": revision, "tables": counts, "files": blobs}
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    finally:
        engine.dispose()
    return manifest


def _sqlite_snapshot(database: Path, archive: zipfile.ZipFile) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / DATABASE_NAME
        source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=60)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
            counts = {t: target.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in ORDER}
        finally:
            target.close()
            source.close()
        archive.write(copy, DATABASE_NAME)
    return counts


def _dump_tables(engine: sa.Engine, archive: zipfile.ZipFile) -> dict[str, int]:
    data: dict[str, list[dict]] = {}
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as db, db.begin():
        for name in ORDER:
            table = m.metadata.tables[name]
            data[name] = [dict(row._mapping) for row in db.execute(sa.select(table).order_by(*table.primary_key))]
    archive.writestr(TABLES_JSON, json.dumps(data, ensure_ascii=False))
    return {name: len(rows) for name, rows in data.items()}


def _copy_files(folder: Path, archive: zipfile.ZipFile) -> int:
    count = 0
    if folder.is_dir():
        for path in sorted(folder.glob("*/*")):
            if path.is_file() and not path.name.startswith("."):
                archive.write(path, f"files/{path.parent.name}/{path.name}")
                count += 1
    return count


def restore(archive_path: Path, data_dir: Path, db_url: str | None) -> dict:
    """Put a backup into an empty store (refuses one that already holds units)."""
    data_dir = Path(data_dir)
    try:
        archive = zipfile.ZipFile(archive_path)
    except (OSError, zipfile.BadZipFile) as err:
        raise UnreadableFile(f"{archive_path} 不是 nianbao backup 生成的备份文件（{err}）") from None
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names or not ({DATABASE_NAME, TABLES_JSON} & names):
            raise UnreadableFile(f"{archive_path} 不是 nianbao backup 生成的备份文件")
        manifest = json.loads(archive.read(MANIFEST))
        data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(database_url(data_dir, db_url))
        try:
            migrate(engine)
            with engine.connect() as db:
                if db.execute(sa.select(sa.func.count()).select_from(m.units)).scalar():
                    raise NianbaoError(
                        f"目标中已有收集数据（{data_dir}{'，' + db_url if db_url else ''}），只能恢复到空的数据目录"
                    )
            tables = _tables_of(archive, names)
            _load(engine, tables)
        finally:
            engine.dispose()
        for name in sorted(names):
            if name.startswith("files/") and not name.endswith("/"):
                parts = name.split("/")
                if len(parts) != 3 or ".." in parts:
                    continue
                target = data_dir / "files" / parts[1] / parts[2]
                target.parent.mkdir(parents=True, exist_ok=True)
                with atomic_path(target) as tmp:
                    tmp.write_bytes(archive.read(name))
    return manifest


def _tables_of(archive: zipfile.ZipFile, names: set[str]) -> dict[str, list[dict]]:
    if TABLES_JSON in names:
        return json.loads(archive.read(TABLES_JSON))
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / DATABASE_NAME
        copy.write_bytes(archive.read(DATABASE_NAME))
        source = make_engine(f"sqlite:///{copy}")
        try:
            with source.connect() as db:
                return {
                    name: [dict(row._mapping) for row in db.execute(sa.select(m.metadata.tables[name]))]
                    for name in ORDER
                }
        finally:
            source.dispose()


def _load(engine: sa.Engine, tables: dict[str, list[dict]]) -> None:
    with engine.begin() as db:
        for name in ORDER:
            table = m.metadata.tables[name]
            if name == "settings":
                db.execute(table.delete())  # a fresh store may have made its own secrets already
            rows = tables.get(name) or []
            if rows:
                db.execute(table.insert(), rows)
        if engine.dialect.name == "postgresql":
            for name in ORDER:
                if "id" in m.metadata.tables[name].c and name != "sessions":
                    db.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"COALESCE((SELECT max(id) FROM {name}), 0) + 1, false)"
                        )
                    )
