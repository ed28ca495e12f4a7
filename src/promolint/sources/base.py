"""The Document every reader produces: lintable text plus an exact map back to the source."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


class OffsetMap:
    """Maps character offsets of an extracted text to offsets of the source it came from.

    Built from runs: ``add(text_start, source_start, length)`` declares that
    ``length`` characters of the text starting at ``text_start`` are a verbatim copy of
    the source starting at ``source_start``. Characters outside any run (e.g. a newline
    inserted for a ``<p>`` tag) map to the source position of the next run.
    """

    __slots__ = ("_text_starts", "_source_starts", "_lengths")

    def __init__(self) -> None:
        self._text_starts: list[int] = []
        self._source_starts: list[int] = []
        self._lengths: list[int] = []

    def add(self, text_start: int, source_start: int, length: int) -> None:
        if length <= 0:
            return
        if self._text_starts:
            last = len(self._text_starts) - 1
            if (
                self._text_starts[last] + self._lengths[last] == text_start
                and self._source_starts[last] + self._lengths[last] == source_start
            ):
                self._lengths[last] += length
                return
        self._text_starts.append(text_start)
        self._source_starts.append(source_start)
        self._lengths.append(length)

    def to_source(self, offset: int) -> int:
        """Source offset of the text character at ``offset`` (a span start)."""
        i = bisect.bisect_right(self._text_starts, offset) - 1
        if i < 0:
            return self._source_starts[0] if self._source_starts else 0
        delta = offset - self._text_starts[i]
        if delta < self._lengths[i]:
            return self._source_starts[i] + delta
        if i + 1 < len(self._text_starts):
            return self._source_starts[i + 1]
        return self._source_starts[i] + self._lengths[i]

    def to_source_end(self, offset: int) -> int:
        """Source offset just after the text character at ``offset - 1`` (a span end)."""
        if offset <= 0:
            return self.to_source(0)
        return self.to_source(offset - 1) + 1


@dataclass
class Document:
    """One unit of copy to lint.

    ``source`` is the decoded original (a whole file, or one CSV cell / JSONL field /
    docx paragraph); line and column numbers are computed in it. ``text`` is what the
    checks read: equal to ``source`` for plain text, or the visible prose of Markdown
    and HTML with ``offsets`` mapping it back (``None`` means identity).
    """

    path: str
    source: str
    text: str
    offsets: OffsetMap | None = None
    record: str | None = None
    encoding: str | None = None
    meta: dict = field(default_factory=dict)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``text`` to the matching span of ``source``."""
        if self.offsets is None:
            return start, end
        s = self.offsets.to_source(start)
        e = self.offsets.to_source_end(end) if end > start else s
        return s, max(s, e)


class LineIndex:
    """1-based line/column lookup in a string; columns count code points.

    Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r`` so that CRLF and classic-Mac
    files report the same lines an editor shows.
    """

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        i = 0
        n = len(text)
        find_n = text.find
        while True:
            j = find_n("\n", i)
            k = find_n("\r", i)
            if j < 0 and k < 0:
                break
            if k >= 0 and (j < 0 or k < j):
                # \r\n counts as one break
                if k + 1 < n and text[k + 1] == "\n":
                    i = k + 2
                else:
                    i = k + 1
            else:
                i = j + 1
            starts.append(i)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of the character at ``offset``."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_text(self, text: str, line: int) -> str:
        """The text of 1-based ``line`` of ``text`` without its line break."""
        start = self._starts[line - 1]
        end = self._starts[line] if line < len(self._starts) else len(text)
        return text[start:end].rstrip("\r\n")

    @property
    def line_count(self) -> int:
        return len(self._starts)
