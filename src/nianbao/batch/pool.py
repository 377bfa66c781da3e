"""Running the per-file job over many files: serial for a few, all cores for many.

Files go to the pool in chunks (one task per chunk keeps the inter-process traffic
small); results come back in input order. A progress bar is shown on stderr only when
stderr is a terminal.

No file is ever read in the main process: a parser that aborts (a Rust allocation failure
is a SIGABRT, not an exception) or the kernel's OOM killer would take the whole batch, and
its summary, with it. If a pool process dies, the unfinished files are redone each in a
process of its own, so that only the file that kills its process is marked as unreadable.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import wait
from pathlib import Path

from nianbao.batch.discover import Found, display_name, kind_of
from nianbao.batch.worker import SECONDS_PER_FILE, FileRecord, Job, preload, run_chunk, start_pool_process

SERIAL_BELOW = 16  # fewer files than this: one process (more cost more to start than they save)
CHUNKS_PER_WORKER = 8  # enough chunks for load balancing, few enough to stay cheap


def cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def run_job(
    files: list[Found], job: Job, *, jobs: int | None = None, progress: bool | None = None, label: str = "校验"
) -> list[FileRecord]:
    items = [(str(x.path), x.shown) for x in files]
    workers = min(jobs or cpu_count(), max(1, len(items)))
    bar = _progress_bar(len(items), label, progress)
    if not items:
        return []
    if len(items) < SERIAL_BELOW:
        workers = 1
    try:
        return _parallel(items, job, workers, bar)
    finally:
        if bar is not None:
            bar.close()


def _parallel(items, job: Job, workers: int, bar) -> list[FileRecord]:
    size = max(1, min(64, len(items) // (workers * CHUNKS_PER_WORKER)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    results: list[list[FileRecord] | None] = [None] * len(chunks)
    preload()
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=start_pool_process, initargs=(job,)) as pool:
            index = {pool.submit(run_chunk, chunk): i for i, chunk in enumerate(chunks)}
            pending = set(index)
            # Each file is bounded by its process's timer; a chunk that outlasts all of them is stuck.
            stuck_after = SECONDS_PER_FILE * (size + 1)
            while pending:
                done, pending = wait_futures(pending, timeout=stuck_after, return_when=FIRST_COMPLETED)
                if not done:  # a process is stuck where its own timer cannot reach (inside a C call)
                    _kill(pool)
                    break
                for future in done:
                    i = index[future]
                    results[i] = future.result()  # BrokenProcessPool when some process died
                    if bar is not None:
                        bar.update(len(chunks[i]))
    except BrokenProcessPool:
        pass
    unfinished = [item for i, chunk in enumerate(chunks) if results[i] is None for item in chunk]
    redone = iter(_isolated(unfinished, job, workers, bar))
    out: list[FileRecord] = []
    for chunk, result in zip(chunks, results):
        out += result if result is not None else [next(redone) for _ in chunk]
    return out


def _kill(pool: ProcessPoolExecutor) -> None:
    """End the pool's processes (the executor offers no way to, hence its private table): the
    chunks they had are redone file by file, where a stuck file is killed alone."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()


def _isolated(items, job: Job, workers: int, bar) -> list[FileRecord]:
    """Each file in a forked process of its own, `workers` at a time, results in input order."""
    forking = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forking else None)
    done: dict[int, FileRecord] = {}
    waiting = list(enumerate(items))
    running: dict = {}  # receiving end -> (index, process, item, the receiving end)
    while waiting or running:
        while waiting and len(running) < workers:
            index, item = waiting.pop(0)
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_run_one, args=(item, job, send), daemon=True)
            process.start()
            send.close()
            running[receive] = (index, process, item, receive, time.monotonic())
        for _, process, _, _, started in running.values():
            if time.monotonic() - started > 2 * SECONDS_PER_FILE:  # stuck where its own timer cannot reach
                process.kill()
        for ready in wait(list(running), timeout=SECONDS_PER_FILE):
            index, process, item, receive, _ = running.pop(ready)
            try:
                record = receive.recv()
            except (EOFError, OSError):  # the process died before it could answer
                record = None
            receive.close()
            process.join()
            done[index] = record if record is not None else _crashed(item, process.exitcode)
            if bar is not None:
                bar.update(1)
    return [done[i] for i in range(len(items))]


def _run_one(item: tuple[str, str], job: Job, send) -> None:
    start_pool_process(job)
    send.send(run_chunk([item])[0])
    send.close()


def _crashed(item: tuple[str, str], exitcode: int | None) -> FileRecord:
    path, shown = item
    how = f"信号 {-exitcode}" if exitcode is not None and exitcode < 0 else f"退出码 {exitcode}"
    return FileRecord(
        path=display_name(path),
        shown=shown,
        kind=kind_of(Path(path)),
        readable=False,
        reason=f"读取此文件时处理进程意外终止（{how}，文件异常或内存不足），已跳过；请把文件发给维护人员",
    )


def _progress_bar(total: int, label: str, wanted: bool | None):
    if wanted is None:
        wanted = sys.stderr.isatty()
    if not wanted or total < 2:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency of the batch commands
        return None
    return tqdm(total=total, desc=label, unit="份", file=sys.stderr, delay=0.5, leave=False)
