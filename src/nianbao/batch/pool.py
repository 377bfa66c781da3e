"""Running the per-file job over many files: serial for a few, all cores for many.

Files go to the pool in chunks (one task per chunk keeps the inter-process traffic
small); results come back in input order. A progress bar is shown on stderr only when
stderr is a terminal. If a pool process dies, its unfinished files are done serially.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from nianbao.batch.discover import Found
from nianbao.batch.worker import FileRecord, Job, preload, run_chunk, set_job

SERIAL_BELOW = 16  # fewer files than this: no pool (starting one costs more than it saves)
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
    try:
        if workers <= 1 or len(items) < SERIAL_BELOW:
            return _serial(items, job, bar)
        return _parallel(items, job, workers, bar)
    finally:
        if bar is not None:
            bar.close()


def _serial(items, job: Job, bar) -> list[FileRecord]:
    set_job(job)
    out = []
    try:
        for item in items:
            out += run_chunk([item])
            if bar is not None:
                bar.update(1)
    finally:
        set_job(Job())
    return out


def _parallel(items, job: Job, workers: int, bar) -> list[FileRecord]:
    size = max(1, min(64, len(items) // (workers * CHUNKS_PER_WORKER)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    results: list[list[FileRecord] | None] = [None] * len(chunks)
    preload()
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=set_job, initargs=(job,)) as pool:
            futures = [pool.submit(run_chunk, chunk) for chunk in chunks]
            for i, future in enumerate(futures):
                try:
                    results[i] = future.result()
                except BrokenProcessPool:
                    break
                if bar is not None:
                    bar.update(len(chunks[i]))
    except BrokenProcessPool:
        pass
    out: list[FileRecord] = []
    for i, chunk in enumerate(chunks):
        if results[i] is None:  # its process died: do it here, file by file
            results[i] = _serial(chunk, job, bar)
        out += results[i]
    return out


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
