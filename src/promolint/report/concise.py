"""``concise``: one ``path:line:col: CODE message`` line per finding (grep/editor friendly)."""

from __future__ import annotations

from typing import TextIO


def location(f) -> str:
    record = f" [{f.record}]" if f.record else ""
    return f"{f.path}{record}:{f.line}:{f.column}"


def write_findings(findings, out: TextIO) -> None:
    for f in findings:
        out.write(f"{location(f)}: {f.rule} {f.message}\n")


def render(report, out: TextIO, *, color: bool = False, statistics: bool = False) -> None:
    write_findings(report.findings, out)
    if statistics:
        from promolint.report.text import write_statistics

        write_statistics(report, out, color=False)
