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
    # Containers read as one document (docx): names the record each part of
    # ``source`` came from; findings then report record-relative positions.
    records: "RecordMap | None" = None

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

    def offset(self, line: int, column: int) -> int:
        """Inverse of ``position``: the offset of 1-based (line, column)."""
        return self._starts[line - 1] + column - 1

    def line_text(self, text: str, line: int) -> str:
        """The text of 1-based ``line`` of ``text`` without its line break."""
        start = self._starts[line - 1]
        end = self._starts[line] if line < len(self._starts) else len(text)
        return text[start:end].rstrip("\r\n")

    @property
    def line_count(self) -> int:
        return len(self._starts)


class RecordMap:
    """The records (paragraphs, table cells…) of a container read as ONE Document.

    A Word file is linted as one document so that a disclosure in another paragraph
    (an 活动规则 section, a footnote) can satisfy a claim; its ``source`` joins the
    records' texts, each starting at a line start. After linting, ``relocate`` turns
    source positions into positions inside the record (``record`` names it, line and
    column count from the record's first character), as SPEC asks for containers.
    """

    __slots__ = ("_starts", "_ends", "_names")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._names: list[str] = []

    def add(self, start: int, end: int, name: str) -> None:
        """Declare ``source[start:end]`` as the record ``name`` (added in source order)."""
        self._starts.append(start)
        self._ends.append(end)
        self._names.append(name)

    def __len__(self) -> int:
        return len(self._names)

    def find(self, offset: int) -> int:
        """Index of the record holding source ``offset`` (the previous one in a gap)."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def relocate(self, findings: list, source: str, lines: LineIndex) -> list:
        """Findings with record names and record-relative positions, in document order.

        A span that runs past its record's end is clipped to it (excerpt included).
        """
        from dataclasses import replace

        if not self._names:
            return findings
        located = []
        for f in findings:
            start = lines.offset(f.line, f.column)
            end = lines.offset(f.end_line, f.end_column)
            i = self.find(start)
            rec_start, rec_end = self._starts[i], self._ends[i]
            start = min(max(start, rec_start), rec_end)
            end = min(max(end, start), rec_end)
            first_line = lines.position(rec_start)[0]
            line, col = lines.position(start)
            end_line, end_col = lines.position(end) if end > start else (line, col)
            located.append((i, start, replace(
                f, record=self._names[i], line=line - first_line + 1, column=col,
                end_line=end_line - first_line + 1, end_column=end_col,
                excerpt=source[start:end] if end > start else f.excerpt)))
        located.sort(key=lambda t: (t[0], t[1], t[2].rule))
        return [f for _, _, f in located]


@dataclass
class ReadOptions:
    """Reader choices from the command line: forced encoding and, for tables and JSON
    lines, which column/field holds the copy and which one names the record."""

    encoding: str | None = None
    column: str | None = None      # CSV/TSV text column (--column)
    field: str | None = None       # JSONL dotted field path (--field)
    id_column: str | None = None   # CSV/TSV column naming each row (--id-column)
    id_field: str | None = None    # JSONL field path naming each record (--id-field)


class ReadResult(list):
    """The Documents read from one file, plus one-line errors for records that could
    not be read (e.g. invalid JSONL lines): the good records are still linted."""

    def __init__(self, documents=(), errors: list[str] | None = None,
                 encoding: str | None = None) -> None:
        super().__init__(documents)
        self.errors: list[str] = list(errors or [])
        self.encoding = encoding
