"""``jsonl``: one finding per line, each the same object as in ``--format json``
(errors go to stderr, as for every machine format)."""

from __future__ import annotations

import json
from typing import TextIO


# Characters json.dumps leaves raw but str.splitlines() treats as line breaks.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def dumps(obj: dict) -> str:
    """One JSON object on one physical line, whatever line-break characters the copy holds."""
    line = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _LINE_BREAKS.items():
        line = line.replace(raw, escaped)
    return line


def write_findings(findings, out: TextIO) -> None:
    for f in findings:
        out.write(dumps(f.to_dict()) + "\n")


def render(report, out: TextIO, *, color: bool = False, statistics: bool = False) -> None:
    write_findings(report.findings, out)
