"""How fast the collection service is: the status board, a parent's 汇总, a submission.

    python bench/bench_collect.py [-n 10000] [--workbooks M] [--folder DIR] [--submissions 20] [--db URL]

Prints, each with its target:
- the status board of N units (API `GET /api/{year}/status` and the board page), target < 1 s;
- the 汇总 of N accepted reports under one parent (values stored at submission: no workbook is
  read again; API `aggregate` and the 汇总 workbook) against `nianbao aggregate` on the same
  N files (in-process and command line), target within 3×;
- a submission's round trip (HTTP POST to a real uvicorn, check and store) against
  `nianbao check` on the same file (command line, with start-up), target within 1.5×.
The workbooks come from bench/make_workbooks.py (all consistent, so every one counts). With
`--workbooks M` below N (making 10,000 workbooks takes long on a busy machine), the N units'
stored reports cycle through the M reports read, the aggregate command runs on the M files,
and the comparison is per report (both are linear in the number of reports).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

from make_workbooks import make_workbooks  # noqa: E402
from timing import best_of  # noqa: E402


def fill_store(store, year: int, n: int, paths: list[Path]) -> None:
    """N children of one parent, each with an accepted version holding what a submission stores
    (the reports read from `paths`, in turn)."""
    import sqlalchemy as sa

    from nianbao.batch.discover import Found
    from nianbao.batch.pool import run_job
    from nianbao.batch.worker import Job
    from nianbao.collect import models as m
    from nianbao.collect.roster import Entry, store_roster
    from nianbao.collect.store import now

    entries = [Entry("P", "汇总单位", None, True)] + [Entry(f"U{i:05d}", f"单位{i}", "P", False) for i in range(n)]
    store_roster(store, year, entries, "bench")
    records = run_job([Found(p, p.name) for p in paths], Job(run_check=True, keep_values=True), progress=False)
    with store.engine.begin() as db:
        ids = {r.code: r.id for r in db.execute(sa.select(m.units.c.code, m.units.c.id).where(m.units.c.year == year))}
        at = now()
        rows = [
            dict(
                unit_id=ids[f"U{i:05d}"],
                version=1,
                blob="0" * 64 + ".xlsx",
                filename=p.name,
                size=p.stat().st_size,
                submitted_at=at,
                status=m.ACCEPTED,
                errors=r.errors,
                warnings=r.warnings,
                explained=r.warnings,
                findings=r.findings,
                report_meta=r.meta,
                report_values=r.values,
                report_text={},
            )
            for i, (p, r) in ((i, (paths[i % len(paths)], records[i % len(records)])) for i in range(n))
        ]
        db.execute(m.submissions.insert(), rows)
        db.execute(
            m.units.update()
            .where(m.units.c.year == year, m.units.c.code != "P")
            .values(status=m.ACCEPTED, last_version=1, submitted_at=at, warnings=0)
        )


def bench_board_and_total(n: int, folder: Path, paths: list[Path], db_url: str | None) -> None:
    from fastapi.testclient import TestClient

    from collect_app import Settings, make_app
    from nianbao.batch.aggregate import aggregate
    from nianbao.batch.total_xlsx import write_total
    from nianbao.collect.downloads import write_parent_total
    from nianbao.collect.status import board
    from nianbao.collect.store import open_store

    with tempfile.TemporaryDirectory() as data:
        settings = Settings(Path(data), db_url=db_url)
        store = open_store(settings)
        started = time.perf_counter()
        fill_store(store, 2024, n, paths)
        print(f"准备：{n} 个单位、{n} 份已通过的报告入库 {time.perf_counter() - started:.1f} 秒")
        client = TestClient(make_app(settings))
        office = {"Authorization": f"Bearer {store.office_token}"}

        t, rows = best_of(3, board, store, 2024)
        print(f"状态表（查询）{len(rows)} 个单位：{t:.3f} 秒")
        t, answer = best_of(3, lambda: client.get("/api/2024/status", headers=office))
        assert answer.status_code == 200 and len(answer.json()) == n + 1
        print(f"状态表 API GET /api/2024/status：{t:.3f} 秒（目标 < 1 秒）")
        client.cookies.set("nb_office", store.new_session()[0])
        t, page = best_of(3, lambda: client.get("/collect/office/2024"))
        assert page.status_code == 200
        print(f"状态表页面 /collect/office/2024（{len(page.content) // 1024} KB）：{t:.3f} 秒（目标 < 1 秒）")

        t_api, answer = best_of(3, lambda: client.get("/api/2024/aggregate", params={"parent": "P"}, headers=office))
        assert answer.status_code == 200 and not answer.json()["missing"]
        out = Path(data) / "service-total.xlsx"
        t_book, _ = best_of(3, write_parent_total, store, 2024, "P", out)
        print(f"服务内汇总 {n} 份：API {t_api:.2f} 秒；汇总表工作簿 {t_book:.2f} 秒")

    def in_process():
        target = folder.parent / "cli-total.xlsx"
        result = aggregate([folder], progress=False, exclude=[target])
        write_total(target, result)
        return result

    m = len(paths)
    t_agg, result = best_of(1, in_process)
    assert len(result.included) == m
    command = [sys.executable, "-m", "nianbao", "aggregate", str(folder), "-o", str(folder.parent / "cli-total.xlsx")]
    t_cli, _ = best_of(1, lambda: subprocess.run(command, check=False, capture_output=True))
    print(f"nianbao aggregate {m} 份工作簿：进程内 {t_agg:.2f} 秒；命令行 {t_cli:.2f} 秒")
    ratio = (t_book / n) / (t_agg / m)
    print(f"服务内汇总表 / nianbao aggregate（进程内，按每份报告）= {ratio:.2f} 倍（目标 ≤ 3 倍）")


def bench_submission(path: Path, count: int) -> None:
    import httpx

    from collect_app import ROSTER_CSV
    from collect_server import start_server, stop_server
    from nianbao.collect.store import Store

    check = [sys.executable, "-m", "nianbao", "check", str(path)]
    check_times = []
    for _ in range(count):
        started = time.perf_counter()
        subprocess.run(check, check=False, capture_output=True)
        check_times.append(time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as data:
        store = Store(Path(data))
        office = {"Authorization": f"Bearer {store.office_token}"}
        store.close()
        process, base = start_server(Path(data))
        try:
            with httpx.Client(base_url=base, timeout=60) as client:
                roster = client.post("/api/2024/roster", files={"file": ("r.csv", ROSTER_CSV.encode())}, headers=office)
                token = {u["code"]: u["token"] for u in roster.json()["units"]}["101"]
                content = path.read_bytes()
                times = []
                for _ in range(count):
                    started = time.perf_counter()
                    answer = client.post(
                        "/api/2024/units/101/submissions",
                        files={"file": (path.name, content)},
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    times.append(time.perf_counter() - started)
                    assert answer.status_code == 201, answer.text
        finally:
            stop_server(process)
    service, cli = statistics.median(times), statistics.median(check_times)
    print(f"提交往返（HTTP，校验并落盘，中位数 {count} 次）：{service * 1000:.0f} 毫秒")
    print(f"nianbao check 同一文件（命令行，含启动，中位数）：{cli * 1000:.0f} 毫秒")
    print(f"提交往返 / nianbao check = {service / cli:.2f} 倍（目标 ≤ 1.5 倍）")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--workbooks", type=int, help="workbooks to make and aggregate (default: N)")
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--submissions", type=int, default=20)
    parser.add_argument("--db", help="PostgreSQL URL instead of SQLite (a fresh, empty database)")
    args = parser.parse_args(argv)
    m = min(args.workbooks or args.n, args.n)
    folder = args.folder or Path(tempfile.gettempdir()) / f"nianbao-bench-collect-{m}"
    paths = make_workbooks(folder, m, seed=3, faulty=0.0)
    bench_board_and_total(args.n, folder, paths, args.db)
    bench_submission(paths[0], args.submissions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
