"""Reporters, one module per output format; each renders a RunReport to a text stream.

A reporter is ``render(report: RunReport, out: TextIO, *, color: bool) -> None`` and
never filters or decides anything: selection, severity and exit codes are settled
before it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from promolint.report import concise, github, html, json_report, jsonl, junit, sarif, text

Renderer = Callable[..., None]

REPORTERS: dict[str, Renderer] = {
    "text": text.render,
    "concise": concise.render,
    "json": json_report.render,
    "jsonl": jsonl.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
    "html": html.render,
}


def render(fmt: str, report, out: TextIO, *, color: bool = False, statistics: bool = False) -> None:
    REPORTERS[fmt](report, out, color=color, statistics=statistics)
