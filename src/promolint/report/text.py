"""``text``: the human view with rich — location, rule, message, the source line with the
span underlined, and the suggestion; then a one-line summary."""

from __future__ import annotations

import unicodedata
from typing import TextIO

from rich.console import Console
from rich.text import Text

_SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
_SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _width(s: str) -> int:
    """Terminal cell width: CJK and full-width characters take two cells."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _console(out: TextIO, color: bool) -> Console:
    return Console(file=out, force_terminal=color, no_color=not color, highlight=False,
                   soft_wrap=True, width=200, emoji=False, markup=False)


def render(report, out: TextIO, *, color: bool = False, statistics: bool = False) -> None:
    console = _console(out, color)
    for f in report.findings:
        head = Text()
        record = f" [{f.record}]" if f.record else ""
        head.append(f"{f.path}{record}:{f.line}:{f.column}", style="bold")
        head.append(": ")
        head.append(f"{f.rule}", style=_SEVERITY_STYLE[f.severity.value])
        head.append(f" [{_SEVERITY_ZH[f.severity.value]}] ")
        head.append(f.message)
        console.print(head)
        if f.line_text:
            gutter = f"{f.line:>5} │ "
            console.print(Text(gutter, style="dim") + Text(f.line_text.expandtabs(4)))
            before = f.line_text[: f.column - 1].expandtabs(4)
            span_end = f.end_column - 1 if f.end_line == f.line else len(f.line_text)
            span = f.line_text[f.column - 1: span_end]
            marker = " " * _width(before) + "^" * max(1, _width(span))
            console.print(Text(" " * (len(gutter) - 2) + "│ ", style="dim")
                          + Text(marker, style=_SEVERITY_STYLE[f.severity.value]))
        if f.suggestion:
            console.print(Text("      = 建议：", style="green") + Text(f.suggestion))
        for r in f.related:
            console.print(Text(f"      = 另见 {r.path}:{r.line}:{r.column} {r.message}", style="dim"))
        console.print()
    # Files that could not be checked are named on stderr by the CLI; the summary counts them.
    if statistics:
        write_statistics(report, out, color=color)
    write_summary(report, console)


def write_summary(report, console: Console) -> None:
    """Totals, counts per category, and (for batches) the files with most findings."""
    docs = f"（{report.documents} 篇文档）" if report.documents != report.files else ""
    summary = f"共检查 {report.files} 个文件{docs}，发现 {len(report.findings)} 个问题"
    if report.errors:
        summary += f"，{len(report.errors)} 个文件或记录无法检查"
    console.print(Text(summary + "。", style="bold"))
    if not report.findings:
        return
    by_cat: dict[str, int] = {}
    by_file: dict[str, int] = {}
    for f in report.findings:
        by_cat[f.category] = by_cat.get(f.category, 0) + 1
        by_file[f.path] = by_file.get(f.path, 0) + 1
    cats = "，".join(f"{c} {n}" for c, n in sorted(by_cat.items(), key=lambda kv: (-kv[1], kv[0])))
    console.print(Text(f"按类别：{cats}"))
    if len(by_file) > 1:
        top = sorted(by_file.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        console.print(Text("问题最多的文件：" + "，".join(f"{p}（{n}）" for p, n in top)))


def write_statistics(report, out: TextIO, *, color: bool) -> None:
    """Counts per rule, most frequent first (``--statistics``)."""
    rules = report.ruleset.by_code() if report.ruleset else {}
    counts = sorted(report.by_rule().items(), key=lambda kv: (-kv[1], kv[0]))
    for code, n in counts:
        name = rules[code].name if code in rules else ""
        out.write(f"{n:>6}  {code:<7} {name}\n")
