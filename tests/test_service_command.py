"""`nianbao serve` from the command line, and clerks' requests kept apart."""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from collect_server import free_port
from factories import consistent_report
from nianbao.cli import main as cli
from service_support import faulty_report, leftovers, service, workbook  # noqa: F401  (fixture)

NIANBAO = str(Path(sys.executable).with_name("nianbao"))


def test_serve_starts_answers_and_says_how_to_enable_the_buttons(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "XLWINGS_LICENSE_KEY"}
    env["HOME"] = str(tmp_path)  # no xlwings licence in a user config file either
    server = subprocess.Popen(
        [NIANBAO, "serve", "--data", str(tmp_path / "数据"), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.time() + 30
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.HTTPError:
                assert server.poll() is None, server.stderr.read()
                assert time.time() < deadline
                time.sleep(0.1)
        assert page.status_code == 200 and "在线校验" in page.text
        template = httpx.get(f"http://127.0.0.1:{port}/template.xlsx", timeout=30)
        assert template.status_code == 200 and template.content[:2] == b"PK"
        buttons = httpx.post(f"http://127.0.0.1:{port}/xlwings/validate", json={}, timeout=5)
        assert buttons.status_code == 503
    finally:
        server.terminate()
        out, err = server.communicate(timeout=10)
    assert "年报服务已启动" in out and "XLWINGS_LICENSE_KEY=noncommercial" in out
    assert "Traceback" not in err


def test_serve_refuses_a_bad_port(tmp_path, capsys):
    assert cli(["serve", "--data", str(tmp_path), "--port", "70000"]) == 2
    assert "--port" in capsys.readouterr().err


def test_serve_says_when_the_port_is_taken(tmp_path, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli(["serve", "--data", str(tmp_path), "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"无法在 127.0.0.1:{port} 上启动服务" in err and "Traceback" not in err


def test_parallel_clerks_each_get_their_own_findings(tmp_path, service):
    files = []
    for i in range(6):
        report = faulty_report(seed=i) if i % 2 else consistent_report(random.Random(i))
        report.meta["agency"] = f"第{i}号单位"
        files.append(workbook(tmp_path, report, f"单位{i}.xlsx"))

    def check(path):
        with open(path, "rb") as fh:
            answer = service.post("/page/check", files={"file": (path.name, fh)})
        return path, answer

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(check, files * 2))
    for path, answer in answers:
        i = int(path.stem.removeprefix("单位"))
        assert answer.status_code == 200
        assert f"第{i}号单位" in answer.text
        others = [f"第{j}号单位" for j in range(6) if j != i]
        assert not any(o in answer.text for o in others)
        assert ('class="finding error"' in answer.text) == bool(i % 2)
    assert leftovers(service.settings) == []


def test_api_check_json_is_parseable_for_a_json_data_file(tmp_path, service):
    data = Path(__file__).resolve().parents[1] / "examples" / "busy-2024.json"
    with open(data, "rb") as fh:
        answer = service.post("/api/check", files={"file": (data.name, fh, "application/json")})
    assert answer.status_code == 200 and isinstance(json.loads(answer.text), list)
