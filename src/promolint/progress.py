"""A progress bar on stderr for long runs: shown only on a terminal, not with --quiet,
and only once a run has taken more than a second (short runs stay silent)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

DELAY_SECONDS = 1.0


def track(items: Iterable[T], total: int | None, enabled: bool) -> Iterator[T]:
    """Yield ``items``; after DELAY_SECONDS, show a rich progress bar on stderr."""
    if not enabled or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    start = time.monotonic()
    progress = None
    task = None
    done = 0
    try:
        for item in items:
            done += 1
            if progress is None and time.monotonic() - start > DELAY_SECONDS:
                progress = Progress(
                    TextColumn("检查中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=Console(file=sys.stderr), transient=True,
                )
                progress.start()
                task = progress.add_task("files", total=total)
            if progress is not None:
                progress.update(task, completed=done)
            yield item
    finally:
        if progress is not None:
            progress.stop()
