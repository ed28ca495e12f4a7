"""Reporters, one module per output format; each renders a RunReport to a text stream.

A reporter is ``render(report: RunReport, out: TextIO, *, color: bool) -> None`` and
never filters or decides anything: selection, severity and exit codes are settled
before it runs. Line formats also have ``write_findings(findings, out)`` (STREAMERS):
the CLI writes each file's findings as soon as it is linted and ``render`` then adds
only what comes at the end (errors, statistics), since ``report.findings`` is empty.
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


# Formats whose findings can be written file by file, as the run goes.
STREAMERS: dict[str, Callable[..., None]] = {
    "concise": concise.write_findings,
    "jsonl": jsonl.write_findings,
    "github": github.write_findings,
}


def render(fmt: str, report, out: TextIO, *, color: bool = False, statistics: bool = False) -> None:
    REPORTERS[fmt](report, out, color=color, statistics=statistics)
