"""Segmentation of normalised text into clauses, sentences, lines and paragraphs, and
recognition of footnotes and rules sections (where a disclosure may legitimately sit).

All spans are (start, end) offsets into the normalised text. Scopes nest:
clause ⊂ sentence ⊂ line ⊂ paragraph ⊂ document. A newline always ends a sentence:
in posters, SMS and WeChat posts a line is the unit a reader takes in at once. A clause
ends at a comma, semicolon or colon, and at | (a table cell, a banner's ｜ divider).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

import regex

from promolint import regex_cache

SCOPES = ("clause", "sentence", "line", "paragraph", "document")

_SENTENCE_END = regex_cache.compile(r"[。！？!?…]+[”’」』)）\]】]*|\r\n|\n|\r")
_CLAUSE_END = regex_cache.compile(r"[，,；;：:|]|[。！？!?…]+[”’」』)）\]】]*|\r\n|\n|\r")
_LINE_END = regex_cache.compile(r"\r\n|\n|\r")
_PARAGRAPH_BREAK = regex_cache.compile(r"(?:\r\n|\n|\r)[ \t\u3000]*(?:\r\n|\n|\r)\s*")

# A footnote body: a line opening with a marker (a Markdown footnote definition
# `[^1]: …` included), possibly after HTML tags left in plain text (<li>① …,
# <p><sup>*</sup> …) or a 注/备注/注释 label (注①：…). Group 1 is the marker.
# (Superscript digits are no marker: normalisation turns ¹ into 1.)
FOOTNOTE_MARKERS = r"\*{1,3}|※|[\u2460-\u2473]|[\u2776-\u277f]|\[\d{1,2}\]|\[\^[^\]\s\[]{1,64}\]"
_FOOTNOTE_LINE = regex_cache.compile(
    rf"^[ \t]*(?:<[^<>\n]{{1,80}}>[ \t]*)*(?:[-+>][ \t]+)?(?:(?:备注|注释|注)[ \t]*)?({FOOTNOTE_MARKERS})",
    regex.MULTILINE,
)
_MARKER_IN_TEXT = regex_cache.compile(FOOTNOTE_MARKERS)
# Markdown emphasis in plain text (copy pasted from an editor: **活动规则**, **免费**宽带): a
# run of * that opens before a non-space and closes the same run on the line is no marker.
# (7*24小时 is a multiplication sign, as the Markdown reader knows)
_EMPHASIS = regex_cache.compile(r"(?<![*\d])(\*{1,3})(?=[^\s*])[^*\n]{1,60}?(?<=[^\s*])\1(?!\*)")

# A line that opens a rules / fine-print section: everything after it counts.
RULES_HEADINGS = (
    "活动规则|活动细则|活动说明|活动须知|参与规则|规则说明|温馨提示|特别提示|重要提示|"
    "资费说明|资费标准|资费详情|套餐说明|业务说明|办理须知|办理规则|购买须知|使用须知|"
    "注意事项|特别说明|备注|注|说明|免责声明|细则"
)
_RULES_HEADING = regex_cache.compile(
    rf"^[ \t]*(?:#+[ \t]*)?[【\[(（〔]?[ \t]*(?:{RULES_HEADINGS})[ \t]*\d?[ \t]*[】\])）〕]?[ \t]*(?:[:：]|$)",
    regex.MULTILINE,
)


def _split(text: str, pattern: regex.Pattern) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in pattern.finditer(text):
        end = m.end()
        if end > start:
            spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


@dataclass
class Segments:
    """Lazily computed segment spans of one normalised text."""

    text: str
    _cache: dict = field(default_factory=dict, repr=False)

    def spans(self, scope: str) -> list[tuple[int, int]]:
        if scope not in self._cache:
            if scope == "clause":
                spans = _split(self.text, _CLAUSE_END)
            elif scope == "sentence":
                spans = _split(self.text, _SENTENCE_END)
            elif scope == "line":
                spans = _split(self.text, _LINE_END)
            elif scope == "paragraph":
                spans = _split(self.text, _PARAGRAPH_BREAK)
            elif scope == "document":
                spans = [(0, len(self.text))]
            else:
                raise ValueError(f"unknown scope {scope!r}")
            self._cache[scope] = (spans, [s for s, _ in spans])
        return self._cache[scope][0]

    def enclosing(self, scope: str, offset: int) -> tuple[int, int]:
        """The span of ``scope`` that contains ``offset``."""
        spans = self.spans(scope)
        starts = self._cache[scope][1]
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        return spans[i]

    @cached_property
    def emphasis(self) -> frozenset[int]:
        """Offsets of the * runs that delimit Markdown emphasis (see ``_EMPHASIS``)."""
        if "*" not in self.text:
            return frozenset()
        return frozenset(o for m in _EMPHASIS.finditer(self.text) for o in (m.start(), m.end(1), m.end() - len(m.group(1))))

    @cached_property
    def footnotes(self) -> dict[str, list[tuple[int, int]]]:
        """Footnote bodies by marker: each is the line that opens with the marker (not with
        Markdown emphasis: **活动规则** is a bold heading)."""
        notes: dict[str, list[tuple[int, int]]] = {}
        for m in _FOOTNOTE_LINE.finditer(self.text):
            if m.start(1) in self.emphasis:
                continue
            line = self.enclosing("line", m.start(1))
            notes.setdefault(m.group(1), []).append(line)
        return notes

    def linked_footnotes(self, start: int, end: int) -> list[tuple[int, int]]:
        """Footnote bodies whose marker appears in ``text[start:end]`` (outside the note itself)."""
        if not self.footnotes:
            return []
        found = []
        for m in _MARKER_IN_TEXT.finditer(self.text, start, end):
            if m.start() in self.emphasis:
                continue  # a delimiter of **免费**, not a marker
            for body in self.footnotes.get(m.group(0), ()):
                if not (body[0] <= m.start() < body[1]):
                    found.append(body)
        return found

    @cached_property
    def rules_sections(self) -> list[tuple[int, int]]:
        """Fine-print regions: from a rules heading (活动规则, 温馨提示, 注：…) to the end."""
        m = _RULES_HEADING.search(self.text)
        if not m:
            return []
        return [(m.start(), len(self.text))]

    def in_rules_section(self, offset: int) -> bool:
        return any(s <= offset < e for s, e in self.rules_sections)
