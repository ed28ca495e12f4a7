"""HTML: the visible text of a page, with every character mapped back to the source.

What is read: text content, decoded entities (``&amp;`` ``&nbsp;`` ``&#x4e00;`` …; the
decoded character maps to the whole entity in the source). What is not: tags and
their attributes, comments, the doctype, processing instructions, and the content of
``<script>``, ``<style>``, ``<noscript>``, ``<template>`` (and the other raw-text
elements ``<iframe>``, ``<xmp>``, ``<noembed>``, ``<noframes>``).

Layout, as a browser renders it and as promolint's segmenter expects it:

- elements with vertical margins by default (``p``, ``h1``–``h6``, ``ul``, ``ol``,
  ``dl``, ``table``, ``blockquote``, ``pre``, ``hr``, ``figure``, ``form``) separate
  *paragraphs* (a blank line in the text), like blank lines in Markdown or plain text;
- other block elements (``div``, ``section``, ``li``, ``tr``, ``td``/``th``, ``dt``/``dd``,
  ``title``, ``header``, ``footer``, …) and ``<br>`` start a new *line*; two ``<br>`` in
  a row (or an empty ``<div><br></div>``) make a blank line, as they look;
- inline elements (``span``, ``b``, ``a``, ``font``, ``sup``…) and unknown elements
  change nothing, so ``<b>千</b>兆`` reads as 千兆;
- white space collapses to one space, except inside ``<pre>``/``<textarea>``; a line
  break between two CJK characters is dropped (``千兆\\n宽带`` reads as 千兆宽带).

The scanner is hand-written and linear: it never backtracks over the input, and a
tag with an unterminated quoted attribute ends at the next ``>`` (browsers would hide
the rest of the file; a linter should not). Unclosed tags and stray ``<`` are text or
ignored, never an error.

The piece list and offset map defined here are shared with the Markdown reader.
"""

from __future__ import annotations

import html as _html
from array import array
from html.entities import html5 as _HTML5

import regex

from promolint import regex_cache

from promolint.sources.base import Document, OffsetMap
from promolint.sources.decode import decode_text

# --- text assembly shared with the Markdown reader ------------------------------------

VERBATIM, SYNTHETIC, REPLACED, OPTIONAL, REMOVED = range(5)


class SpanOffsetMap(OffsetMap):
    """An OffsetMap that also knows text characters standing for a longer source span.

    A decoded entity (``&amp;`` → ``&``) is one text character for several source
    characters: it maps to the entity's first character as a span start and to the
    character after the entity as a span end, so an excerpt never cuts an entity.
    """

    __slots__ = ("_wide",)

    def __init__(self) -> None:
        super().__init__()
        self._wide: dict[int, int] = {}

    def to_source_end(self, offset: int) -> int:
        if offset > 0 and self._wide:
            end = self._wide.get(offset - 1)
            if end is not None:
                return end
        return super().to_source_end(offset)


class Pieces:
    """The extracted text as a list of pieces, assembled into (text, offset map) at the end.

    Piece ``i`` has a kind, a source span ``starts[i]:ends[i]`` and, for inserted text,
    ``texts[i]``. VERBATIM copies the source span; SYNTHETIC inserts text mapped to the
    next run; REPLACED inserts text standing for the source span (a decoded entity);
    OPTIONAL is a verbatim piece kept only by ``assemble(keep_optional=True)``; REMOVED
    is dropped. Pieces live in flat arrays: a megabyte of markup makes a million pieces.
    """

    __slots__ = ("source", "kinds", "starts", "ends", "texts", "_merge")

    def __init__(self, source: str) -> None:
        self.source = source
        self.kinds = array("b")
        self.starts = array("q")
        self.ends = array("q")
        self.texts: dict[int, str] = {}
        self._merge = False

    def __len__(self) -> int:
        return len(self.kinds)

    def _add(self, kind: int, start: int, end: int) -> int:
        self.kinds.append(kind)
        self.starts.append(start)
        self.ends.append(end)
        self._merge = False
        return len(self.kinds) - 1

    def text(self, start: int, end: int) -> None:
        """Plain source text; extends the previous plain piece when contiguous."""
        if self._merge and self.ends[-1] == start:
            self.ends[-1] = end
            return
        self._add(VERBATIM, start, end)
        self._merge = True

    def verbatim(self, start: int, end: int) -> int:
        """Source text that may be edited later (a delimiter, a bracket): its index."""
        return self._add(VERBATIM, start, end)

    def synthetic(self, text: str) -> None:
        self.texts[self._add(SYNTHETIC, -1, -1)] = text

    def replaced(self, text: str, start: int, end: int) -> None:
        self.texts[self._add(REPLACED, start, end)] = text

    def optional(self, start: int, end: int) -> None:
        self._add(OPTIONAL, start, end)

    def remove(self, index: int) -> None:
        self.kinds[index] = REMOVED

    def truncate(self, index: int) -> None:
        """Drop piece ``index`` and everything after it."""
        del self.kinds[index:]
        del self.starts[index:]
        del self.ends[index:]
        texts = self.texts
        while texts and next(reversed(texts)) >= index:
            texts.popitem()
        self._merge = False

    def assemble(self, keep_optional: bool = False) -> tuple[str, SpanOffsetMap]:
        src = self.source
        texts = self.texts
        parts: list[str] = []
        append = parts.append
        omap = SpanOffsetMap()
        # Runs are written straight into the map's arrays (the same merging as
        # OffsetMap.add, without a method call per piece).
        t_starts, s_starts, lengths = omap._text_starts, omap._source_starts, omap._lengths
        wide = omap._wide
        pos = 0
        last_t = last_s = -1  # end (text, source) of the last run, to merge contiguous runs
        keep = OPTIONAL if keep_optional else VERBATIM
        for i, kind in enumerate(self.kinds):
            if kind == VERBATIM or kind == keep:
                s = self.starts[i]
                e = self.ends[i]
                n = e - s
                if n <= 0:
                    continue
                append(src[s:e])
                if pos == last_t and s == last_s:
                    lengths[-1] += n
                else:
                    t_starts.append(pos)
                    s_starts.append(s)
                    lengths.append(n)
                pos += n
                last_t, last_s = pos, e
            elif kind == SYNTHETIC:
                t = texts[i]
                append(t)
                pos += len(t)
            elif kind == REPLACED:
                t = texts[i]
                append(t)
                s, e = self.starts[i], self.ends[i]
                for _ in t:
                    t_starts.append(pos)
                    s_starts.append(s)
                    lengths.append(1)
                    wide[pos] = e
                    pos += 1
                last_t = last_s = -1
        return "".join(parts), omap


# --- character classes -----------------------------------------------------------------

_CJK = regex_cache.compile(
    r"[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]"
)


def is_cjk(ch: str) -> bool:
    """True for CJK ideographs, kana, hangul and CJK/full-width punctuation."""
    return bool(ch) and _CJK.match(ch) is not None


# --- entities --------------------------------------------------------------------------

_ENTITY = regex_cache.compile(r"&(?:#[xX]([0-9A-Fa-f]{1,8})(;?)|#([0-9]{1,10})(;?)|([A-Za-z][A-Za-z0-9]{0,40})(;?))")
_LEGACY_MAX = max(len(k) for k in _HTML5 if not k.endswith(";"))


def match_entity(src: str, pos: int, end: int, strict: bool = False) -> tuple[str, int] | None:
    """Decode the character reference at ``src[pos]`` (an ``&``): (text, end offset) or None.

    ``strict`` (Markdown) accepts only references closed by ``;``; otherwise the HTML
    rules apply: numeric references may omit ``;`` and a legacy name (``&amp``,
    ``&nbsp``) is recognised as the longest known prefix.
    """
    m = _ENTITY.match(src, pos, min(end, pos + 48))
    if not m:
        return None
    if m.group(1) is not None or m.group(3) is not None:
        semi = m.group(2) if m.group(1) is not None else m.group(4)
        if strict and not semi:
            return None
        if m.group(1) is not None:
            value = int(m.group(1), 16)
        else:
            value = int(m.group(3))
        if value > 0x10FFFF:
            return "\ufffd", m.end()
        # html.unescape applies the HTML rules for NUL, surrogates and the C1 range.
        return _html.unescape(f"&#{value};"), m.end()
    name, semi = m.group(5), m.group(6)
    if semi and name + ";" in _HTML5:
        return _HTML5[name + ";"], m.end()
    if strict:
        return None
    for n in range(min(len(name), _LEGACY_MAX), 1, -1):
        value = _HTML5.get(name[:n])
        if value is not None:
            return value, pos + 1 + n
    return None


# --- the scanner -----------------------------------------------------------------------

PARAGRAPH_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 ul ol dl table blockquote pre hr figure form fieldset listing".split()
)
LINE_TAGS = frozenset(
    """div li tr td th thead tbody tfoot caption dt dd figcaption section article header footer
    nav aside main title address details summary legend option optgroup center dialog hgroup
    menu search body html head colgroup frameset noframes""".split()
)
RAW_TEXT_TAGS = frozenset("script style noscript template iframe xmp noembed noframes".split())
RCDATA_TAGS = frozenset(("title", "textarea"))
VOID_TAGS = frozenset("br hr img input meta link area base col embed param source track wbr".split())

# The next thing that is not plain text: white space worth collapsing, a simple tag
# (possessive quantifiers: a failed match never backtracks), or a "<" / "&" that may
# start markup, for the careful path. A stray "<" or "&" stays in the text run.
_TOKEN = regex_cache.compile(
    r"[ \t\n\r\f]{2,}+|[\t\n\r\f]"
    r"|<(/?)([A-Za-z][^\t\n\r\f />]*+)(?:[^<>\"']++|\"[^\"<>]*+\"|'[^'<>]*+')*+>"
    r"|<(?=[A-Za-z/!?])|&(?=[#A-Za-z])"
)
_WS = regex_cache.compile(r"[ \t\n\r\f]+")
_TAG_NAME = regex_cache.compile(r"[A-Za-z][^\t\n\r\f />]*")
_ATTR_STEP = regex_cache.compile(r"""=[ \t\n\r\f]*(["'])|>""")
_NEWLINE = regex_cache.compile(r"\r\n|\r|\n")
_CLOSERS: dict[str, regex.Pattern] = {}


def _closer(name: str) -> regex.Pattern:
    pattern = _CLOSERS.get(name)
    if pattern is None:
        pattern = _CLOSERS[name] = regex_cache.compile(rf"</{name}(?=[\t\n\r\f />]|$)", regex.IGNORECASE)
    return pattern


class _Finder:
    """``str.find`` with memory, so repeated searches for a missing needle stay linear."""

    __slots__ = ("src", "end", "_last")

    def __init__(self, src: str, end: int) -> None:
        self.src = src
        self.end = end
        self._last: dict[object, tuple[int, int, int]] = {}

    def find(self, needle: str, pos: int) -> int:
        return self.search(needle, pos)[0]

    def search(self, needle: str | regex.Pattern, pos: int) -> tuple[int, int]:
        """(start, end) of the first occurrence at or after ``pos``, or (-1, -1)."""
        last = self._last.get(needle)
        if last is not None:
            q, r, e = last
            if q <= pos and (r < 0 or r >= pos):
                return r, e
        if isinstance(needle, str):
            r = self.src.find(needle, pos, self.end)
            e = r + len(needle) if r >= 0 else -1
        else:
            m = needle.search(self.src, pos, self.end)
            r, e = (m.start(), m.end()) if m else (-1, -1)
        self._last[needle] = (pos, r, e)
        return r, e


class HtmlExtractor:
    """Emit the visible text of ``src[start:end]`` into a Pieces list (see module doc)."""

    def __init__(self, src: str, pieces: Pieces) -> None:
        self.src = src
        self.out = pieces

    def feed(self, start: int, end: int) -> None:
        self.end = end
        self.find = _Finder(self.src, end)
        self.pending_break = 0   # 0 none, 1 line, 2 paragraph
        self.pending_space = 0   # 0 none, 1 space, 2 white space holding a line break
        self.trailing_breaks = 0  # newlines at the end of what this feed emitted
        self.emitted = False
        self.last = ""
        self.pre = 0
        src = self.src
        search = _TOKEN.search
        pos = start
        while pos < end:
            m = search(src, pos, end)
            j = m.start() if m else end
            if j > pos:
                if j - pos == 1 and src[pos] == " ":
                    self._space(pos, j)
                else:
                    self._emit(pos, j)
            if not m:
                break
            name = m.group(2)
            if name is not None:  # a start or end tag without surprises
                if m.group(1):
                    self._end_tag(name.lower())
                    pos = m.end()
                else:
                    pos = self._start_tag(name.lower(), m.end())
                continue
            c = src[j]
            if c == "<":
                pos = self._tag(j)
            elif c == "&":
                pos = self._entity(j)
            else:
                pos = m.end()
                self._space(j, pos)

    # -- output helpers ------------------------------------------------------------------
    def _flush(self, next_char: str) -> None:
        if not self.emitted:
            self.pending_break = self.pending_space = 0
            return
        if self.pending_break:
            need = self.pending_break - self.trailing_breaks
            if need > 0:
                self.out.synthetic("\n" * need)
                self.trailing_breaks += need
        elif self.pending_space and self.trailing_breaks == 0 and next_char not in " \t":
            if not (self.pending_space == 2 and is_cjk(self.last) and is_cjk(next_char)):
                self.out.synthetic(" ")
        self.pending_break = self.pending_space = 0

    def _emit(self, start: int, end: int) -> None:
        if self.pending_break or self.pending_space or not self.emitted:
            self._flush(self.src[start])
        self.out.text(start, end)
        self.emitted = True
        self.trailing_breaks = 0
        self.last = self.src[end - 1]

    def _newline(self) -> None:
        """A forced line break (``<br>``, a newline inside ``<pre>``)."""
        if not self.emitted:
            return
        self._flush("")
        self.out.synthetic("\n")
        self.trailing_breaks += 1
        self.last = "\n"

    def _block(self, level: int) -> None:
        if level > self.pending_break:
            self.pending_break = level

    # -- text and entities ---------------------------------------------------------------
    def _space(self, start: int, end: int) -> None:
        if self.pre:
            self._pre_space(start, end)
        elif self.emitted and not self.pending_break:
            src = self.src
            newline = src.find("\n", start, end) >= 0 or src.find("\r", start, end) >= 0
            if newline:
                self.pending_space = 2
            elif not self.pending_space:
                self.pending_space = 1

    def _text(self, start: int, end: int) -> None:
        """Text that may hold any white space (the content of ``<title>``/``<textarea>``)."""
        pos = start
        for m in _WS.finditer(self.src, start, end):
            if m.start() > pos:
                self._emit(pos, m.start())
            pos = m.end()
            self._space(m.start(), pos)
        if pos < end:
            self._emit(pos, end)

    def _pre_space(self, start: int, end: int) -> None:
        """White space inside ``<pre>``: kept as it is, line breaks as ``\\n``."""
        pos = start
        for m in _NEWLINE.finditer(self.src, start, end):
            if m.start() > pos:
                self._emit(pos, m.start())
            self._newline()
            pos = m.end()
        if end > pos:
            self._emit(pos, end)

    def _entity(self, j: int) -> int:
        found = match_entity(self.src, j, self.end)
        if found is None:
            self._emit(j, j + 1)
            return j + 1
        value, stop = found
        self._flush(value[:1])
        self.out.replaced(value, j, stop)
        self.emitted = True
        self.trailing_breaks = 0
        self.last = value[-1:]
        return stop

    def _rcdata(self, start: int, end: int) -> None:
        """Text of ``<title>``/``<textarea>``: entities are decoded, tags are not parsed."""
        pos = start
        src = self.src
        while pos < end:
            j = src.find("&", pos, end)
            if j < 0:
                self._text(pos, end)
                return
            if j > pos:
                self._text(pos, j)
            found = match_entity(src, j, end)
            if found is None:
                self._emit(j, j + 1)
                pos = j + 1
            else:
                self._flush(found[0][:1])
                self.out.replaced(found[0], j, found[1])
                self.emitted = True
                self.trailing_breaks = 0
                self.last = found[0][-1:]
                pos = found[1]

    # -- markup --------------------------------------------------------------------------
    def _skip_to(self, needle: str, pos: int) -> int:
        k = self.find.find(needle, pos)
        return self.end if k < 0 else k + len(needle)

    def _tag(self, j: int) -> int:
        src, end = self.src, self.end
        nxt = src[j + 1] if j + 1 < end else ""
        if nxt == "!":
            if src.startswith("<!--", j):
                if src.startswith(">", j + 4):
                    return j + 5
                if src.startswith("->", j + 4):
                    return j + 6
                return self._skip_to("-->", j + 4)
            return self._skip_to(">", j + 2)   # doctype, CDATA, bogus comment
        if nxt == "?":
            return self._skip_to(">", j + 2)
        if nxt == "/":
            m = _TAG_NAME.match(src, j + 2, end)
            if not m:
                if src.startswith(">", j + 2):
                    return j + 3
                return self._skip_to(">", j + 2)
            stop = self._skip_to(">", m.end())
            self._end_tag(m.group().lower())
            return stop
        m = _TAG_NAME.match(src, j + 1, end)
        if not m:  # a stray "<" is text
            self._emit(j, j + 1)
            return j + 1
        name = m.group().lower()
        stop = self._tag_end(m.end())
        return self._start_tag(name, stop)

    def _tag_end(self, pos: int) -> int:
        """Offset just after the ``>`` closing a start tag whose attributes begin at ``pos``."""
        src, end = self.src, self.end
        while True:
            m = _ATTR_STEP.search(src, pos, end)
            if not m:
                return end
            if m.group(1) is None:
                return m.end()
            close = self.find.find(m.group(1), m.end())
            if close < 0:  # unterminated quote: end the tag at the next ">"
                return self._skip_to(">", m.end())
            pos = close + 1

    def _start_tag(self, name: str, stop: int) -> int:
        if name == "br":
            self._newline()
            return stop
        if name in RAW_TEXT_TAGS:
            k, e = self.find.search(_closer(name), stop)
            if k < 0:
                return self.end
            return self._skip_to(">", e)
        if name in PARAGRAPH_TAGS:
            self._block(2)
            if name in ("pre", "listing"):
                self.pre += 1
                # a newline right after <pre> is not rendered
                if self.src.startswith("\r\n", stop):
                    stop += 2
                elif self.src.startswith(("\n", "\r"), stop):
                    stop += 1
        elif name in LINE_TAGS:
            self._block(1)
        if name in RCDATA_TAGS:
            k, e = self.find.search(_closer(name), stop)
            content_end = self.end if k < 0 else k
            if name == "textarea":
                self.pre += 1
            self._rcdata(stop, content_end)
            if name == "textarea":
                self.pre -= 1
            self._block(1)
            return self.end if k < 0 else self._skip_to(">", e)
        return stop

    def _end_tag(self, name: str) -> None:
        if name == "br":  # browsers read </br> as <br>
            self._newline()
        elif name in PARAGRAPH_TAGS:
            self._block(2)
            if name in ("pre", "listing") and self.pre:
                self.pre -= 1
        elif name in LINE_TAGS:
            self._block(1)


def extract(source: str) -> tuple[str, SpanOffsetMap]:
    """Visible text of a whole HTML document and its map back to ``source``."""
    pieces = Pieces(source)
    start = 1 if source.startswith("\ufeff") else 0
    HtmlExtractor(source, pieces).feed(start, len(source))
    return pieces.assemble()


def read(data: bytes, path: str, encoding: str | None = None) -> list[Document]:
    source, used = decode_text(data, encoding)
    text, offsets = extract(source)
    return [Document(path=path, source=source, text=text, offsets=offsets, encoding=used)]
