"""``github``: GitHub Actions workflow commands (``::error file=…,line=…::message``),
which the Actions runner turns into annotations on the pull request.

error/warning/info map to ``::error``/``::warning``/``::notice``. Escaping follows the
runner: in the message ``%``, CR and LF are percent-encoded; in property values ``:``
and ``,`` are too. A finding inside a record (CSV row, docx paragraph…) has no line in
the file, so it names the file only and puts the record and its position in the message.
"""

from __future__ import annotations

from typing import TextIO

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def finding_line(f) -> str:
    message = f.message
    if f.suggestion:
        message += f"\n建议：{f.suggestion}"
    title = f"{f.rule} {f.name}"
    if f.record:
        message = f"[{f.record}] 第 {f.line} 行第 {f.column} 列：{message}"
        return command(COMMANDS[f.severity.value], message, file=f.path, title=title)
    return command(COMMANDS[f.severity.value], message, file=f.path, line=f.line, col=f.column,
                   endLine=f.end_line, endColumn=f.end_column, title=title)


def write_findings(findings, out: TextIO) -> None:
    for f in findings:
        out.write(finding_line(f) + "\n")


def render(report, out: TextIO, *, color: bool = False, statistics: bool = False) -> None:
    write_findings(report.findings, out)
    for e in report.errors:
        out.write(command("error", f"无法检查：{e.message}", file=e.path, title="promolint") + "\n")
    if statistics:
        from promolint.report.text import write_statistics

        write_statistics(report, out, color=False)
