"""The worker pool: chunks of letters over `--jobs` processes, forked where the system can fork, each process
set up once with the run's `Settings` (`worker.init`); one process runs the chunks itself."""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from drafter.batch.worker import Settings, init, release

CHUNK = 64  # most letters per message to a worker (and per ledger transaction)

T = TypeVar("T")
R = TypeVar("R")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Pieces of 4, 8, 16 … up to `size` items: small batches still spread over every worker, and big ones
    pay the per-piece costs (a message each way, a ledger transaction) rarely."""
    chunk: list[T] = []
    limit = min(4, size)
    for item in items:
        chunk.append(item)
        if len(chunk) == limit:
            yield chunk
            chunk = []
            limit = min(limit * 2, size)
    if chunk:
        yield chunk


class Pool:
    """Work spread over processes with a bounded queue, so a huge batch is never all in memory at once."""

    def __init__(self, jobs: int, settings: Settings):
        self.jobs = jobs
        self.pool = None
        if jobs > 1:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            # forked workers share the parent's memory until they write to it; a garbage collection in a
            # worker would touch every object and copy every page, so the parent's objects are frozen first
            gc.disable()
            gc.freeze()  # for good: unfreezing would write to every object's header and copy the pages anyway
            try:
                self.pool = context.Pool(jobs, initializer=init, initargs=(settings,))
            finally:
                gc.enable()
        else:
            init(settings)

    def map(self, fn: Callable[[list[T]], list[R]], items: Iterable[T]) -> Iterator[R]:
        if self.pool is None:
            for chunk in chunks(items, CHUNK):
                yield from fn(chunk)
            return
        pending: deque[Any] = deque()
        for chunk in chunks(items, CHUNK):
            pending.append(self.pool.apply_async(fn, (chunk,)))
            if len(pending) >= self.jobs * 4:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
        else:
            release()
