"""``junit``: JUnit XML for CI systems that display test reports (GitLab, Jenkins, Azure…).

One ``testsuite`` per file with findings, one ``testcase`` per finding carrying a
``failure``; a file that could not be checked is a testcase with an ``error``. A run
with no findings and no errors still has one passing testcase, so a CI that refuses
empty reports shows the run as passed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

# Characters XML 1.0 cannot carry at all (even escaped); copy may contain them.
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(value: object) -> str:
    return _INVALID_XML.sub("\ufffd", str(value))


def _el(parent: ET.Element, tag: str, **attrs) -> ET.Element:
    return ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items() if v is not None})


def _where(f) -> str:
    record = f" [{f.record}]" if f.record else ""
    return f"{f.path}{record}:{f.line}:{f.column}"


def _failure_text(f) -> str:
    lines = [f"{_where(f)}: {f.rule} {f.name}（{f.category}，{f.severity.value}）", f.message,
             f"原文：{f.excerpt}"]
    if f.suggestion:
        lines.append(f"建议：{f.suggestion}")
    for r in f.related:
        record = f" [{r.record}]" if r.record else ""
        lines.append(f"另见 {r.path}{record}:{r.line}:{r.column} {r.message}".rstrip())
    return "\n".join(lines)


def as_element(report) -> ET.Element:
    suites: dict[str, list] = {}
    for f in report.findings:
        suites.setdefault(f.path, []).append(f)
    errors: dict[str, list] = {}
    for e in report.errors:
        errors.setdefault(e.path, []).append(e)

    total_tests = len(report.findings) + len(report.errors)
    root = ET.Element("testsuites", {
        "name": "promolint",
        "tests": str(max(total_tests, 1)),
        "failures": str(len(report.findings)),
        "errors": str(len(report.errors)),
    })
    for path in sorted(set(suites) | set(errors)):
        found = suites.get(path, [])
        bad = errors.get(path, [])
        suite = _el(root, "testsuite", name=path, tests=len(found) + len(bad),
                    failures=len(found), errors=len(bad), skipped=0)
        for f in found:
            case = _el(suite, "testcase", name=f"{f.rule} {f.name} @ {_where(f)}",
                       classname=path, file=path, line=f.line)
            failure = _el(case, "failure", message=f.message, type=f.rule)
            failure.text = _clean(_failure_text(f))
        for e in bad:
            case = _el(suite, "testcase", name=f"无法检查 {path}", classname=path, file=path)
            error = _el(case, "error", message=e.message, type="file-error")
            error.text = _clean(f"{path}: {e.message}")
    if total_tests == 0:
        suite = _el(root, "testsuite", name="promolint", tests=1, failures=0, errors=0, skipped=0)
        _el(suite, "testcase", name=f"共检查 {report.files} 个文件，未发现问题", classname="promolint")
    return root


def render(report, out: TextIO, *, color: bool = False, statistics: bool = False) -> None:
    root = as_element(report)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
