"""``json``: the single JSON object of SPEC.md (version, findings, errors, summary)."""

from __future__ import annotations

import json
from typing import TextIO


def as_dict(report) -> dict:
    return {
        "version": report.version,
        "findings": [f.to_dict() for f in report.findings],
        "errors": [e.to_dict() for e in report.errors],
        "summary": {
            "files": report.files,
            "documents": report.documents,
            "findings": len(report.findings),
            "errors": len(report.errors),
            "by_rule": report.by_rule(),
            # files not decoded as UTF-8: path → encoding used (e.g. "gb18030", "big5")
            "encodings": dict(getattr(report, "encodings", {}) or {}),
        },
    }


def render(report, out: TextIO, *, color: bool = False, statistics: bool = False) -> None:
    json.dump(as_dict(report), out, ensure_ascii=False, indent=2)
    out.write("\n")
