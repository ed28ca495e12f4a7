"""Running per-file work on every core, results streamed back in input order.

Workers are forked so they inherit the loaded rules (no re-parsing of packs); each
worker loads jieba lazily, only if its files have candidates. Small runs stay in
the calling process: forking and a second jieba load cost more than they save.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many tasks a pool is not worth its start-up.
MIN_PARALLEL_TASKS = 8
# Tasks sent to a worker at a time, at most (fewer when there are few tasks per worker).
MAX_CHUNK = 32

_WORK: Callable[[Any], Any] | None = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _call(task):
    return _WORK(task)


def ordered_map(work: Callable[[T], R], tasks: Iterable[T], jobs: int) -> Iterator[R]:
    """``map(work, tasks)`` on up to ``jobs`` processes, yielding results in task order.

    ``tasks`` may be a generator (a folder walk): only a bounded head is read ahead to
    size the pool and its chunks, the rest is fed to the workers as it comes, so work
    starts before the last task is known.
    """
    global _WORK
    it = iter(tasks)
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for task in it:
            yield work(task)
        return
    head = list(itertools.islice(it, jobs * 8 * MAX_CHUNK))
    if len(head) < MIN_PARALLEL_TASKS:  # then ``it`` is exhausted: a small run
        for task in head:
            yield work(task)
        return
    _WORK = work
    ctx = multiprocessing.get_context("fork")
    chunksize = max(1, min(MAX_CHUNK, len(head) // (jobs * 8)))
    with ctx.Pool(processes=min(jobs, len(head))) as pool:
        yield from pool.imap(_call, itertools.chain(head, it), chunksize=chunksize)
