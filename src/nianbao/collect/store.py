"""The store of one data folder: database engine, files, the office's secrets and the audit log.

`open_store(settings)` returns one Store per (data folder, database URL) for the process;
`settings` is any object with `.data_dir` and `.db_url` (the service's Settings).
"""

from __future__ import annotations

import contextlib
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from nianbao.collect import models as m
from nianbao.collect import tokens
from nianbao.collect.blobs import BlobStore
from nianbao.collect.db import database_url, make_engine, migrate

SESSION_HOURS = 12
LEFTOVER_SECONDS = 3600
FAILED_LOGIN = "登录失败"
LOGIN_WINDOW_MINUTES = 10
MAX_FAILED_LOGINS = 10  # within the window: then logins wait (a guessed password needs many tries)
_OPEN: dict[tuple[str, str], Store] = {}
_LOCK = threading.Lock()


def now() -> str:
    """UTC, ISO 8601 with microseconds: sorts as text on every database."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Store:
    def __init__(self, data_dir: Path, db_url: str | None = None):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.blobs = BlobStore(self.data_dir / "files")
        self.url = database_url(self.data_dir, db_url)
        self.engine = make_engine(self.url)
        migrate(self.engine)
        self._remove_leftovers()

    def _remove_leftovers(self) -> None:
        """Half-copied files a killed process left (uploads and downloads in flight are the
        service's: service/uploads.py). Only old ones: another process (`serve
        --print-office-token`) may open the store while the service is storing a file."""
        cutoff = time.time() - LEFTOVER_SECONDS
        for path in self.blobs.root.glob("*/.incoming.*"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------ settings

    def setting(self, key: str) -> str | None:
        with self.engine.connect() as db:
            return db.execute(sa.select(m.settings.c.value).where(m.settings.c.key == key)).scalar()

    def setting_or_create(self, key: str, make) -> str:
        value = self.setting(key)
        if value is not None:
            return value
        with self.engine.begin() as db:
            value = db.execute(sa.select(m.settings.c.value).where(m.settings.c.key == key)).scalar()
            if value is None:
                value = make()
                db.execute(m.settings.insert().values(key=key, value=value))
        return value

    def put_setting(self, db: sa.Connection, key: str, value: str) -> None:
        if db.execute(sa.select(m.settings.c.key).where(m.settings.c.key == key)).first():
            db.execute(m.settings.update().where(m.settings.c.key == key).values(value=value))
        else:
            db.execute(m.settings.insert().values(key=key, value=value))

    @property
    def office_token(self) -> str:
        return self.setting_or_create("office_token", tokens.new_token)

    @property
    def secret(self) -> str:
        return self.setting_or_create("secret", tokens.new_token)

    # ------------------------------------------------------------ office login

    def set_password(self, password: str, actor: str = "office") -> None:
        with self.engine.begin() as db:
            self.put_setting(db, "office_password", tokens.hash_password(password))
            db.execute(m.sessions.delete())  # a new password ends every session
            self.log(db, actor, "设置密码")

    def has_password(self) -> bool:
        return self.setting("office_password") is not None

    def check_password(self, password: str) -> bool:
        stored = self.setting("office_password")
        return stored is not None and tokens.verify_password(password, stored)

    def recent_failed_logins(self, minutes: int = LOGIN_WINDOW_MINUTES) -> int:
        since = (datetime.now(UTC) - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        with self.engine.connect() as db:
            return db.execute(
                sa.select(sa.func.count())
                .select_from(m.audit_log)
                .where(m.audit_log.c.action == FAILED_LOGIN, m.audit_log.c.at >= since)
            ).scalar_one()

    def new_session(self) -> tuple[str, str]:
        """(cookie, csrf token) of a new office session."""
        cookie, csrf = tokens.new_token(), tokens.new_token()
        expires = (datetime.now(UTC) + timedelta(hours=SESSION_HOURS)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        with self.engine.begin() as db:
            db.execute(m.sessions.delete().where(m.sessions.c.expires_at < now()))
            db.execute(m.sessions.insert().values(id=tokens.digest(cookie), csrf=csrf, expires_at=expires))
        return cookie, csrf

    def session_csrf(self, cookie: str | None) -> str | None:
        """The CSRF token of a live session, or None."""
        if not cookie:
            return None
        with self.engine.connect() as db:
            row = db.execute(
                sa.select(m.sessions.c.csrf, m.sessions.c.expires_at).where(m.sessions.c.id == tokens.digest(cookie))
            ).first()
        if row is None or row.expires_at < now():
            return None
        return row.csrf

    def end_session(self, cookie: str | None) -> None:
        if cookie:
            with self.engine.begin() as db:
                db.execute(m.sessions.delete().where(m.sessions.c.id == tokens.digest(cookie)))

    # ------------------------------------------------------------ audit log

    def log(
        self, db: sa.Connection, actor: str, action: str, year: int | None = None, code: str | None = None, detail=""
    ) -> None:
        db.execute(
            m.audit_log.insert().values(at=now(), actor=actor, action=action, year=year, unit_code=code, detail=detail)
        )

    def audit_entries(self, limit: int = 200) -> list:
        with self.engine.connect() as db:
            return list(db.execute(sa.select(m.audit_log).order_by(m.audit_log.c.id.desc()).limit(limit)))


def open_store(settings) -> Store:
    key = (str(Path(settings.data_dir).resolve()), getattr(settings, "db_url", None) or "")
    with _LOCK:
        store = _OPEN.get(key)
        if store is None:
            store = _OPEN[key] = Store(Path(settings.data_dir), getattr(settings, "db_url", None))
        return store


def forget_stores() -> None:
    """Close every open store (tests, restore)."""
    with _LOCK:
        for store in _OPEN.values():
            store.close()
        _OPEN.clear()


def office_token(settings) -> str:
    """The office's token (creating the store if needed): `nianbao serve --print-office-token` prints it."""
    return open_store(settings).office_token
