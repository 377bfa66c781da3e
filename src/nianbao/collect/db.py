"""Opening the store's database and bringing its schema up to date (Alembic, on start).

SQLite (the default, a file in the data folder) runs in WAL mode with synchronous=FULL, so a
committed submission survives a crash, and every transaction starts with BEGIN IMMEDIATE, so
two writers queue on the busy timeout instead of failing when a read turns into a write.
PostgreSQL is reached through psycopg 3 (`postgresql://…` is read as `postgresql+psycopg://…`).
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).parent / "migrations"
DATABASE_NAME = "nianbao.db"


def database_url(data_dir: Path, db_url: str | None) -> str:
    if db_url:
        if db_url.startswith("postgresql://") or db_url.startswith("postgres://"):
            return "postgresql+psycopg://" + db_url.split("://", 1)[1]
        return db_url
    return f"sqlite:///{Path(data_dir).resolve() / DATABASE_NAME}"


def make_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 60})

        @sa.event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=60000")
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _on_begin(connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: sa.Engine) -> None:
    """Upgrade the schema to the newest migration shipped (no-op when already there)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def schema_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
