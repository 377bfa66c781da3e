"""Load on the office service: 1, 5 and 20 clerks pressing 校验 at once.

Starts `nianbao serve` (uvicorn, as the office runs it) on a free loopback port, then for
each concurrency posts a filled workbook to /api/check and the VBA client's JSON of a
filled macro workbook to /xlwings/validate, and prints p50/p95 latency and requests per
second; and, for comparison, the time of `nianbao check` on the same file (fresh process).

    .venv/bin/python bench/bench_service.py [--requests 60]

Goals (issue 13): p95 under 1 s at 20 concurrent on a 2-core server; one 校验 round trip
within 1.5x the time of `nianbao check`.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_files(folder: Path) -> tuple[Path, dict]:
    from factories import consistent_report
    from nianbao.build import macro_workbook as mw
    from nianbao.build.template import build_template
    from support.xlwings_payload import payload_from_file

    report = consistent_report(random.Random(11))
    report.values["t3.new.natural_person"] += 10
    xlsx = folder / "年报.xlsx"
    build_template(xlsx, report)
    vba = folder / "vbaProject.bin"
    vba.write_bytes(mw.vba_project_bin(len(mw.SHEET_ORDER)))
    xlsm = folder / "年报.xlsm"
    build_template(xlsm, report, customize=mw.customizer(vba))
    return xlsx, payload_from_file(xlsm, client="VBA", com_floats=True)


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def load(send, clients: int, requests: int) -> tuple[float, float, float]:
    latencies: list[float] = []

    def one(_):
        start = time.perf_counter()
        send()
        latencies.append(time.perf_counter() - start)

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, range(requests)))
    wall = time.perf_counter() - start
    return percentile(latencies, 50), percentile(latencies, 95), requests / wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=60, help="requests per measurement")
    args = parser.parse_args()
    env = dict(os.environ, XLWINGS_LICENSE_KEY=os.environ.get("XLWINGS_LICENSE_KEY", "noncommercial"))
    nianbao = str(Path(sys.executable).with_name("nianbao"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        xlsx, payload = make_files(folder)
        port = free_port()
        server = subprocess.Popen(
            [nianbao, "serve", "--data", str(folder / "data"), "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.time() + 30
            while True:
                try:
                    httpx.get(base + "/healthz", timeout=1)
                    break
                except httpx.HTTPError:
                    if time.time() > deadline:
                        raise
                    time.sleep(0.1)
            content = xlsx.read_bytes()
            client = httpx.Client(timeout=60, limits=httpx.Limits(max_connections=40))

            def api_check():
                r = client.post(base + "/api/check", files={"file": (xlsx.name, content)})
                assert r.status_code == 200, r.text

            def validate():
                r = client.post(base + "/xlwings/validate", json=payload)
                assert r.status_code == 200, r.text

            api_check(), validate()  # warm up
            print(f"CPU cores: {os.cpu_count()}; {args.requests} requests per line")
            print(f"{'endpoint':<20}{'clients':>8}{'p50 ms':>10}{'p95 ms':>10}{'req/s':>9}")
            for name, send in (("/api/check", api_check), ("/xlwings/validate", validate)):
                for clients in (1, 5, 20):
                    p50, p95, rps = load(send, clients, args.requests)
                    print(f"{name:<20}{clients:>8}{p50 * 1000:>10.0f}{p95 * 1000:>10.0f}{rps:>9.1f}")
            runs = []
            for _ in range(5):
                start = time.perf_counter()
                subprocess.run([nianbao, "check", str(xlsx)], stdout=subprocess.DEVNULL, env=env)
                runs.append(time.perf_counter() - start)
            single = [0.0] * 5
            for i in range(5):
                start = time.perf_counter()
                api_check()
                single[i] = time.perf_counter() - start
            cli, one = statistics.median(runs), statistics.median(single)
            print(
                f"`nianbao check` (fresh process): {cli * 1000:.0f} ms; one /api/check round trip: {one * 1000:.0f} ms "
                f"({one / cli:.2f}x)"
            )
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
