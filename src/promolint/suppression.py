"""Inline suppression comments, read from the original source of a document.

Forms (in plain text, Markdown and HTML alike; codes may be rule codes, code
prefixes or category ids, separated by spaces or commas; none means all rules):

    promolint: ignore PL301            the next line
    <!-- promolint: ignore PL301 -->   the same, as an HTML/Markdown comment
    promolint-disable PL301 … promolint-enable [PL301]   a block (to the end if not closed)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from promolint import regex_cache

_DIRECTIVE = regex_cache.compile(
    r"promolint(?::\s*(?P<ignore>ignore)|-(?P<block>disable|enable))(?P<codes>(?:[ \t,，]+[A-Za-z][\w-]*)*)"
)


@dataclass
class Directive:
    line: int          # 1-based line of the comment
    column: int        # 1-based column of the comment
    end_column: int
    kind: str          # "ignore" | "disable" | "enable"
    selectors: tuple[str, ...]
    used: bool = False
    text: str = ""


@dataclass
class Suppressions:
    directives: list[Directive] = field(default_factory=list)
    # (first_line, last_line or None, selectors, directive)
    ranges: list[tuple[int, int | None, tuple[str, ...], Directive]] = field(default_factory=list)

    def match(self, line: int, rule: str, category: str) -> bool:
        """True (and marks the directive used) when the finding is suppressed."""
        hit = False
        for first, last, selectors, directive in self.ranges:
            if first <= line and (last is None or line <= last) and _selects(selectors, rule, category):
                directive.used = True
                hit = True
        return hit


def _selects(selectors: tuple[str, ...], rule: str, category: str) -> bool:
    if not selectors:
        return True
    return any(rule.startswith(s) or s == category for s in selectors)


# The line breaks of LineIndex (sources/base.py), so that a directive's line is the line
# findings report: str.splitlines would also break at \x0b, \x0c, \x1c-\x1e, \x85,
# \u2028 and \u2029, which editors and LineIndex do not.
_LINE_BREAK = regex_cache.compile(r"\r\n|\r|\n")


def parse(source: str) -> Suppressions:
    """Find every directive in ``source`` and the line ranges it covers."""
    result = Suppressions()
    if "promolint" not in source:
        return result
    open_blocks: list[Directive] = []
    for lineno, line in enumerate(_LINE_BREAK.split(source), start=1):
        for m in _DIRECTIVE.finditer(line):
            codes = tuple(c for c in regex.split(r"[ \t,，]+", m.group("codes")) if c)
            kind = "ignore" if m.group("ignore") else m.group("block")
            d = Directive(lineno, m.start() + 1, m.end() + 1, kind, codes, text=m.group(0))
            result.directives.append(d)
            if kind == "ignore":
                result.ranges.append((lineno + 1, lineno + 1, codes, d))
            elif kind == "disable":
                open_blocks.append(d)
            else:  # enable: close matching (or all, when no codes) open blocks
                d.used = True  # an enable is never "unused" on its own
                still_open = []
                for b in open_blocks:
                    if not codes or set(b.selectors) <= set(codes):
                        result.ranges.append((b.line + 1, lineno, b.selectors, b))
                    else:
                        still_open.append(b)
                open_blocks = still_open
    for b in open_blocks:
        result.ranges.append((b.line + 1, None, b.selectors, b))
    return result
