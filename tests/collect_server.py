"""The collection app for a real uvicorn process (`uvicorn collect_server:app --app-dir tests`),
configured by NIANBAO_COLLECT_DATA and NIANBAO_COLLECT_DB; and the helpers that start one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

HERE = Path(__file__).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, db_url: str | None = None, port: int | None = None) -> tuple[subprocess.Popen, str]:
    port = port or free_port()
    env = dict(os.environ, NIANBAO_COLLECT_DATA=str(data_dir), NIANBAO_COLLECT_DB=db_url or "")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "collect_server:app",
            "--app-dir",
            str(HERE),
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server died: " + process.stderr.read().decode(errors="replace"))
        try:
            if httpx.get(base + "/collect/office/login", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start in 30 s")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if "NIANBAO_COLLECT_DATA" in os.environ:
    sys.path.insert(0, str(HERE))
    from collect_app import Settings, make_app

    app = make_app(Settings(Path(os.environ["NIANBAO_COLLECT_DATA"]), os.environ.get("NIANBAO_COLLECT_DB") or None))
