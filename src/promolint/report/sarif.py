"""``sarif``: SARIF 2.1.0 (one run) for code-scanning tools such as GitHub code scanning.

Every rule of the run's rule set is described in ``tool.driver.rules`` (with the same
documentation ``promolint rule CODE`` prints); results point at rules by id and index.
Columns count Unicode code points (``run.columnKind``), end columns are exclusive as
SARIF defines them. Relative paths become relative URIs against ``%SRCROOT%`` (the
working folder); absolute paths become ``file://`` URIs.

A finding inside a record (a CSV row, a JSONL field, a docx paragraph) has a line and
column in the record's own text, not in the file, so its physical location names the
file only; the record goes into ``logicalLocations`` and the record-relative span into
the result's ``properties``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TextIO
from urllib.parse import quote

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "promolint/v1"

LEVELS = {"error": "error", "warning": "warning", "info": "note"}

# Findings the engine produces itself, without a rule file (see engine/runner.py).
_BUILTIN_RULES = {
    "PL001": ("unused-suppression", "suppression", "warning",
              "抑制注释没有抑制任何问题",
              "这条 promolint 抑制注释没有抑制任何问题，可以删除。"),
}


def artifact_location(path: str) -> dict:
    """A SARIF artifactLocation for a display path (relative → %SRCROOT%, absolute → file URI)."""
    if PureWindowsPath(path).drive and PureWindowsPath(path).is_absolute():
        return {"uri": PureWindowsPath(path).as_uri()}
    posix = path.replace("\\", "/") if os.sep == "\\" else path
    if PurePosixPath(posix).is_absolute():
        return {"uri": PurePosixPath(posix).as_uri()}
    while posix.startswith("./"):
        posix = posix[2:]
    return {"uri": quote(posix, safe="/"), "uriBaseId": SRCROOT}


def _rule_descriptor(rule) -> dict:
    from promolint.docs import rule_markdown

    what = rule.docs.what.strip()
    why = rule.docs.why.strip()
    short = what.splitlines()[0] if what else rule.message
    full = "\n\n".join(p for p in (what, why) if p) or short
    markdown = rule_markdown(rule)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": markdown, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity.value]},
        "properties": {"category": rule.category, "tags": [rule.category]},
    }


def _builtin_descriptor(code: str, name: str, category: str, severity: str,
                        short: str, full: str) -> dict:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": full, "markdown": full},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {"category": category, "tags": [category]},
    }


def _fallback_descriptor(finding) -> dict:
    """A rule seen in a finding but absent from the rule set (should not happen)."""
    return _builtin_descriptor(finding.rule, finding.name, finding.category,
                               finding.severity.value, finding.name, finding.name)


def _rules(report) -> tuple[list[dict], dict[str, int]]:
    descriptors: list[dict] = []
    index: dict[str, int] = {}
    rules = report.ruleset.rules if report.ruleset is not None else []
    for rule in rules:
        if rule.code not in index:
            index[rule.code] = len(descriptors)
            descriptors.append(_rule_descriptor(rule))
    for f in report.findings:
        if f.rule in index:
            continue
        index[f.rule] = len(descriptors)
        if f.rule in _BUILTIN_RULES:
            descriptors.append(_builtin_descriptor(f.rule, *_BUILTIN_RULES[f.rule]))
        else:
            descriptors.append(_fallback_descriptor(f))
    return descriptors, index


def _region(line: int, column: int, end_line: int, end_column: int, snippet: str | None) -> dict:
    region = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _location(path: str, record: str | None, line: int, column: int, end_line: int,
              end_column: int, snippet: str | None) -> dict:
    physical: dict = {"artifactLocation": artifact_location(path)}
    location: dict = {"physicalLocation": physical}
    if record:
        location["logicalLocations"] = [{"name": record, "fullyQualifiedName": f"{path} ({record})"}]
    else:
        physical["region"] = _region(line, column, end_line, end_column, snippet)
    return location


def _fingerprint(finding, occurrence: int) -> str:
    """Stable across runs and unrelated edits: no line numbers, only what was flagged where."""
    parts = [finding.rule, finding.path.replace("\\", "/"), finding.record or "",
             finding.excerpt, " ".join(finding.line_text.split()), str(occurrence)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def _result(finding, rule_index: int, occurrence: int) -> dict:
    text = finding.message
    if finding.suggestion:
        text += f"\n建议：{finding.suggestion}"
    result: dict = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity.value],
        "message": {"text": text},
        "locations": [_location(finding.path, finding.record, finding.line, finding.column,
                                finding.end_line, finding.end_column, finding.excerpt)],
        "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(finding, occurrence)},
        "properties": {"category": finding.category, "name": finding.name},
    }
    if finding.suggestion:
        result["properties"]["suggestion"] = finding.suggestion
    if finding.record:
        result["properties"]["record"] = finding.record
        result["properties"]["recordRegion"] = _region(
            finding.line, finding.column, finding.end_line, finding.end_column, finding.excerpt)
    if finding.related:
        result["relatedLocations"] = [
            {"id": i, **_location(r.path, r.record, r.line, r.column, r.end_line, r.end_column, None),
             **({"message": {"text": r.message}} if r.message else {})}
            for i, r in enumerate(finding.related, start=1)
        ]
    return result


def as_dict(report) -> dict:
    """The SARIF log as plain data (also used by tests)."""
    descriptors, index = _rules(report)
    seen: dict[tuple, int] = {}
    results = []
    for f in report.findings:
        key = (f.rule, f.path, f.record, f.excerpt, " ".join(f.line_text.split()))
        seen[key] = seen.get(key, 0) + 1
        results.append(_result(f, index[f.rule], seen[key]))
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{e.path}: {e.message}"},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(e.path)}}],
        }
        for e in report.errors
    ]
    root_uri = Path.cwd().resolve().as_uri().rstrip("/") + "/"
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "promolint",
                        "version": report.version,
                        "semanticVersion": report.version,
                        "rules": descriptors,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not report.errors,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "originalUriBaseIds": {SRCROOT: {"uri": root_uri}},
                "language": "zh-CN",
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {"files": report.files, "documents": report.documents},
            }
        ],
    }


def render(report, out: TextIO, *, color: bool = False, statistics: bool = False) -> None:
    json.dump(as_dict(report), out, ensure_ascii=False, indent=2)
    out.write("\n")
