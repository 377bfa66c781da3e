"""The store: schema by migrations (next year's version opens this year's data), files
content-addressed and durable, backup while running and restore."""

from __future__ import annotations

import threading
import zipfile

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from collect_app import make_settings, unit_report, workbook_bytes
from collect_fixtures import office, settings, sqlite_office, sqlite_settings  # noqa: F401
from nianbao.cli import main
from nianbao.collect import models as m
from nianbao.collect.blobs import BlobStore
from nianbao.collect.db import head_revision, schema_revision
from nianbao.collect.store import Store, forget_stores, open_store


def test_migrations_build_exactly_the_declared_schema_and_reopening_is_a_no_op(settings):
    store = open_store(settings)
    assert schema_revision(store.engine) == head_revision() == "0001"
    with store.engine.connect() as db:
        diffs = compare_metadata(MigrationContext.configure(db), m.metadata)
    assert diffs == []
    with store.engine.begin() as db:
        db.execute(m.settings.insert().values(key="marker", value="今年的数据"))
    forget_stores()
    again = Store(settings.data_dir, settings.db_url)  # next start: migrations run again, data stays
    assert again.setting("marker") == "今年的数据"
    again.close()


def test_blob_names_are_the_sha256_and_a_file_is_stored_once(tmp_path):
    import hashlib

    source = tmp_path / "a.xlsx"
    source.write_bytes(b"hello")
    blobs = BlobStore(tmp_path / "files")
    name = blobs.put(source, ".xlsx")
    assert name == hashlib.sha256(b"hello").hexdigest() + ".xlsx"
    assert blobs.put(source, ".xlsx") == name
    assert blobs.path(name).read_bytes() == b"hello"
    assert [p.name for p in (tmp_path / "files").rglob("*") if p.is_file()] == [name]
    with pytest.raises(ValueError):
        blobs.path("../../etc/passwd")


def test_office_password_is_scrypt_hashed_and_checked(sqlite_settings):
    store = open_store(sqlite_settings)
    assert not store.has_password()
    store.set_password("正确的密码123")
    stored = store.setting("office_password")
    assert stored.startswith("scrypt$") and "正确的密码123" not in stored
    assert store.check_password("正确的密码123") and not store.check_password("错误的密码")


def test_backup_while_submissions_run_then_restore_gives_the_same_data(sqlite_office, tmp_path):
    office = sqlite_office
    office.roster()
    datas = [workbook_bytes(tmp_path, unit_report(70 + i, "示例县教育局")) for i in range(6)]
    done = threading.Event()

    def keep_submitting() -> None:
        for data in datas:
            office.submit("101", data)
        done.set()

    writer = threading.Thread(target=keep_submitting)
    writer.start()
    archive = tmp_path / "备份.zip"
    assert main(["backup", "--data", str(office.settings.data_dir), "-o", str(archive)]) == 0
    writer.join()
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
    assert "nianbao.db" in names and "manifest.json" in names

    restored = tmp_path / "恢复"
    assert main(["restore", str(archive), "--data", str(restored)]) == 0
    copy = Store(restored)
    with copy.engine.connect() as db:
        kept = list(db.execute(sa.select(m.submissions.c.version, m.submissions.c.blob).order_by("version")))
    assert [v for v, _ in kept] == list(range(1, len(kept) + 1))  # a consistent prefix of the versions
    for _, blob in kept:
        assert copy.blobs.path(blob).read_bytes() in datas  # every version named has its file
    copy.close()
    assert main(["restore", str(archive), "--data", str(restored)]) == 2  # not into a store with data


@pytest.mark.postgres
def test_backup_of_postgresql_restores_into_sqlite(tmp_path):
    pg_settings, cleanup = make_settings("postgresql", tmp_path / "pg")
    try:
        from collect_fixtures import Office

        office = Office(pg_settings)
        office.roster()
        data = workbook_bytes(tmp_path, unit_report(80, "示例县教育局"))
        assert office.submit("101", data).status_code == 201
        archive = tmp_path / "pg.zip"
        assert (
            main(["backup", "--data", str(pg_settings.data_dir), "--db", pg_settings.db_url, "-o", str(archive)]) == 0
        )
        target = tmp_path / "sqlite"
        assert main(["restore", str(archive), "--data", str(target)]) == 0
        copy = Store(target)
        with copy.engine.connect() as db:
            blob = db.execute(sa.select(m.submissions.c.blob)).scalar_one()
        assert copy.blobs.path(blob).read_bytes() == data
        assert copy.office_token == office.token  # the office's token travels with the data
        copy.close()
    finally:
        cleanup()


def test_backup_and_restore_refuse_bad_arguments_in_chinese(tmp_path, capsys):
    assert main(["backup", "--data", str(tmp_path / "无"), "-o", str(tmp_path / "b.zip")]) == 2
    assert "找不到数据目录" in capsys.readouterr().err
    (tmp_path / "空").mkdir()
    assert main(["backup", "--data", str(tmp_path / "空"), "-o", str(tmp_path / "b.zip")]) == 2
    assert "没有收集服务的数据" in capsys.readouterr().err
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"no zip")
    assert main(["restore", str(junk), "--data", str(tmp_path / "r")]) == 2
    assert "不是 nianbao backup" in capsys.readouterr().err


def test_office_token_creates_the_store_and_stays_the_same(tmp_path):
    from collect_app import Settings
    from nianbao.service.collect_routes import office_token

    settings = Settings(tmp_path / "新目录")
    first = office_token(settings)
    assert (tmp_path / "新目录" / "nianbao.db").is_file()
    forget_stores()
    assert office_token(settings) == first and len(first) >= 32
    forget_stores()


def test_old_leftovers_of_a_killed_process_are_removed_on_start_recent_ones_kept(tmp_path):
    import os
    import time

    store = Store(tmp_path / "data")
    old, recent = store.blobs.root / "ab" / ".incoming.x", store.blobs.root / "cd" / ".incoming.y"
    for path in (old, recent):
        path.parent.mkdir()
        path.write_bytes(b"partial")
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    store.close()
    Store(tmp_path / "data").close()
    assert not old.exists() and recent.exists()
