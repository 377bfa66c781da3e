"""Nothing lost: the server (uvicorn, a real process) killed with SIGKILL in the middle of 50
concurrent submissions; after a restart every answered 201 is there, byte-identical, and no
half-written version is visible."""

from __future__ import annotations

import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import sqlalchemy as sa

from collect_app import ROSTER_CSV, unit_report, workbook_bytes
from collect_server import start_server, stop_server
from nianbao.collect import models as m
from nianbao.collect.store import Store

SUBMISSIONS = 50
UNITS = ("101", "102", "103")


def test_sigkill_during_50_concurrent_submissions_loses_no_answered_version(tmp_path):
    data_dir = tmp_path / "data"
    process, base = start_server(data_dir)
    try:
        store = Store(data_dir)
        office = {"Authorization": f"Bearer {store.office_token}"}
        store.close()
        roster = httpx.post(f"{base}/api/2024/roster", files={"file": ("r.csv", ROSTER_CSV.encode())}, headers=office)
        tokens = {u["code"]: u["token"] for u in roster.json()["units"]}
        files = [
            workbook_bytes(tmp_path, unit_report(i, "单位")) for i in range(SUBMISSIONS)
        ]  # each different: a version is recognised by its bytes
        answered: list[tuple[str, int, bytes]] = []
        lock = threading.Lock()
        started = threading.Event()

        def send(i: int) -> None:
            code = UNITS[i % len(UNITS)]
            started.set()
            try:
                answer = httpx.post(
                    f"{base}/api/2024/units/{code}/submissions",
                    files={"file": ("年报.xlsx", files[i])},
                    headers={"Authorization": f"Bearer {tokens[code]}"},
                    timeout=60,
                )
            except httpx.HTTPError:
                return  # the server died under this request: no answer, no promise
            if answer.status_code == 201:
                with lock:
                    answered.append((code, answer.json()["version"], files[i]))

        with ThreadPoolExecutor(SUBMISSIONS) as pool:
            for i in range(SUBMISSIONS):
                pool.submit(send, i)
            started.wait()
            deadline = time.monotonic() + 60
            while len(answered) < SUBMISSIONS // 3 and time.monotonic() < deadline:
                time.sleep(0.01)
            process.kill()  # SIGKILL, mid-flight
            process.wait()
        assert SUBMISSIONS // 3 <= len(answered) < SUBMISSIONS, "the kill should fall in the middle"
    finally:
        stop_server(process)

    process, base = start_server(data_dir)
    try:
        for code, version, data in answered:
            got = httpx.get(f"{base}/api/2024/units/{code}/submissions/{version}/file", headers=office)
            assert got.status_code == 200 and got.content == data
        board = {u["code"]: u for u in httpx.get(f"{base}/api/2024/status", headers=office).json()}
        for code in UNITS:
            assert board[code]["status"] == "submitted"
    finally:
        stop_server(process)

    store = Store(data_dir)
    with store.engine.connect() as db:
        rows = list(db.execute(sa.select(m.submissions.c.unit_id, m.submissions.c.version, m.submissions.c.blob)))
        last = {r.id: r.last_version for r in db.execute(sa.select(m.units.c.id, m.units.c.last_version))}
    store.close()
    by_unit: dict[int, list[int]] = {}
    for unit_id, version, blob in rows:
        by_unit.setdefault(unit_id, []).append(version)
        path = store.blobs.path(blob)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == blob.split(".")[0]  # whole, never half
    for unit_id, kept in by_unit.items():
        assert sorted(kept) == list(range(1, last[unit_id] + 1))  # no gap, no version without its row
