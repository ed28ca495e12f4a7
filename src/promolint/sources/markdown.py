"""Markdown: the prose of a CommonMark/GFM file, with every character mapped back to the source.

A hand-written, line-oriented scanner (block structure first, then inline syntax per
block) in linear time. Markdown libraries report line numbers only, and promolint
needs exact columns.

Linted: paragraphs, headings, list items, block quotes, table cells, link text,
footnote definitions, visible text of raw HTML blocks (read as HTML: entities
decoded, tags dropped). Not linted: front matter (a ``---`` YAML or ``+++`` TOML block
opening the file), fenced code (``` and ~~~, any length) and indented code, inline
code spans, link and image targets, image alt text, link reference definitions
(``[x]: url``; a "destination" of Chinese prose that does not look like a URL,
as in ``[1]: 共100个名额``, is read as a footnote line instead), autolinks (``<https://…>``), HTML tags and comments.

Dropped syntax: heading ``#``s and setext underlines, block-quote ``>``, list markers
(``-``, ``+``, ``1.``, ``1)``), emphasis delimiters (``*``, ``_``, ``**``, ``~~``) that pair
up, link brackets, table pipes and delimiter rows. A table cell boundary becomes a
line break, so each cell is its own sentence. A dropped inline element (code span,
image, autolink) leaves a space, so the words around it never fuse into a new word.
Escapes keep the character: ``\\*`` reads as a literal ``*``. Entities are decoded
(``&amp;`` → ``&``) and map to the whole entity.

Block layout follows the source: each line is a line of the text, blank lines and
skipped blocks (code, front matter, rules) are paragraph breaks, so the segmenter
sees the same paragraphs a reader of the rendered page does.

Footnotes. promolint links a marker after a claim (``名额有限*``) to a footnote line that
opens with the same marker (see text/segment.py). In Markdown:

- GFM footnotes work as written: ``名额有限[^1]`` … ``[^1]: 共100个名额``.
- A footnote line written so that it renders as an asterisk works: ``\\* 共100个名额``
  (escaped), ``*注：…`` (no space, so not a list bullet), ``※ …``, ``① …``.
- ``* `` at the start of a line is a list bullet; its ``*`` is dropped like ``-`` and
  ``+`` and the item is ordinary prose, *unless* the document's prose uses a literal
  ``*`` as a marker (a ``*`` after some text on its line, e.g. ``名额有限*``). Copy
  writers very often write the footnote for such a marker as ``* 共100个名额``, which
  Markdown renders as a bullet; then every ``* `` item keeps its ``*`` and counts as a
  footnote line for that marker. Without a literal marker there is nothing for a
  bullet to be a footnote of, so treating bullets as list items loses nothing.

Emphasis pairs by the CommonMark flanking rules, relaxed for runs of two or more
(``**``, ``~~``) next to CJK text, where strict CommonMark fails on ``**“限量”**抢购``;
single ``*`` keeps the strict rules so a marker like ``名额有限*`` stays literal, and a
single ``*`` between two digits (``7*24小时``) is a multiplication sign, never emphasis.
A single ``~`` is always literal (``1~3个月`` is a range, not strikethrough).
"""

from __future__ import annotations

import bisect
import unicodedata

import regex

from promolint import regex_cache

from promolint.sources.base import Document
from promolint.sources.decode import decode_text
from promolint.sources.html import (
    REPLACED, SYNTHETIC, VERBATIM, HtmlExtractor, Pieces, is_cjk, match_entity,
)

_LINE_BREAK = regex_cache.compile(r"\r\n|\r|\n")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

# --- block-level patterns (all anchored at a known position; none can backtrack badly) ---
_LIST_MARKER = regex_cache.compile(r"(?:([-+*])|([0-9]{1,9})[.)])(?=[ \t]|$)")
_THEMATIC = regex_cache.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_ATX = regex_cache.compile(r"#{1,6}(?=[ \t]|$)")
_SETEXT = regex_cache.compile(r"(?:=+|-+)[ \t]*$")
_FENCE = regex_cache.compile(r"`{3,}|~{3,}")
_FN_DEF = regex_cache.compile(r"\[\^[^\]\s\[]{1,64}\]:")
_REF_DEF = regex_cache.compile(
    r"\[((?:[^\[\]\\]|\\.){1,999})\]:[ \t]*(<[^<>\n]*>|\S+)"
    r"(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t]*$"
)
_CJK_IN_DEST = regex_cache.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_URL_LIKE = regex_cache.compile(r"<|[A-Za-z][A-Za-z0-9.+-]*:|[/#.?]")


def _looks_like_target(dest: str) -> bool:
    """A reference definition's destination: a URL or path, not Chinese prose.

    ``[1]: 共100个名额`` is a valid CommonMark definition (and would vanish when
    rendered), but in copy it is a footnote; a destination with CJK characters counts
    only when it looks like a URL (scheme, path, anchor or ``<…>``).
    """
    return not _CJK_IN_DEST.search(dest) or _URL_LIKE.match(dest) is not None

_ATTR = (
    r"(?:[ \t]+[A-Za-z_:][A-Za-z0-9_.:-]*"
    r"(?:[ \t]*=[ \t]*(?:[^ \t\"'=<>`]+|'[^'\n]*'|\"[^\"\n]*\"))?)"
)
_OPEN_TAG = rf"<([A-Za-z][A-Za-z0-9-]*){_ATTR}*[ \t]*/?>"
_CLOSE_TAG = r"</([A-Za-z][A-Za-z0-9-]*)[ \t]*>"
_HTML_TAG = regex_cache.compile(rf"{_OPEN_TAG}|{_CLOSE_TAG}")
_HTML_ALONE = regex_cache.compile(rf"(?:{_OPEN_TAG}|{_CLOSE_TAG})[ \t]*$")
_HTML_RAW_START = regex_cache.compile(r"<(?:script|pre|style|textarea)(?=[ \t>]|$)", regex.IGNORECASE)
_HTML_RAW_END = regex_cache.compile(r"</(?:script|pre|style|textarea)>", regex.IGNORECASE)
_HTML_BLOCK_NAMES = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|"
    "optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|"
    "track|ul"
)
_HTML_BLOCK_START = regex_cache.compile(rf"</?(?:{_HTML_BLOCK_NAMES})(?=[ \t>]|/>|$)", regex.IGNORECASE)

# --- inline patterns ---------------------------------------------------------------------
_SPECIAL = regex_cache.compile(r"[\\`*_~\[\]<&]|!\[")
_TICKS = regex_cache.compile(r"`+")
_RUN = {c: regex_cache.compile(regex.escape(c) + "+") for c in "*_~"}
_FN_REF = regex_cache.compile(r"\[\^[^\]\s\[]{1,64}\]")
_LINK_TAIL = regex_cache.compile(
    r"\([ \t]*(?:<[^<>\n]*>|[^\s()<]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t]*\)"
)
_REF_TAIL = regex_cache.compile(r"\[((?:[^\[\]\\]|\\.){0,999})\]")
_AUTOLINK = regex_cache.compile(
    r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*>"
    r"|<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>"
)


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


class _Block:
    """A unit of the document: 'inline' (paragraph, heading, item), 'table', 'html' or 'skip'."""

    __slots__ = ("kind", "lines", "prefix", "optional", "rows", "start", "end")

    def __init__(self, kind: str, lines: list | None = None) -> None:
        self.kind = kind
        self.lines: list[tuple[int, int]] = lines or []
        self.prefix: tuple[int, int] | None = None    # verbatim before the first line ([^1]:)
        self.optional: tuple[int, int] | None = None  # a "* " bullet, kept only as a footnote
        self.rows: list[list[tuple[int, int]]] = []
        self.start = self.end = 0


_BLANK = _Block("blank")  # shared: blank and skipped lines carry no data
_SKIP = _Block("skip")


def _split_lines(src: str, start: int) -> list[tuple[int, int]]:
    lines = []
    pos = start
    for m in _LINE_BREAK.finditer(src, start):
        lines.append((pos, m.start()))
        pos = m.end()
    lines.append((pos, len(src)))
    return lines


def _indent(src: str, p: int, e: int) -> tuple[int, int]:
    """(first non-blank offset, its column counting tabs to multiples of 4) from ``p``."""
    col = 0
    while p < e:
        c = src[p]
        if c == " ":
            col += 1
        elif c == "\t":
            col += 4 - col % 4
        else:
            break
        p += 1
    return p, col


def _strip_quotes(src: str, p: int, e: int) -> int:
    """Offset after any block-quote markers (``>``, ``> >``) at the start of a line."""
    while True:
        q, col = _indent(src, p, e)
        if col > 3 or q >= e or src[q] != ">":
            return p
        p = q + 1
        if p < e and src[p] in " \t":
            p += 1


def _rstrip(src: str, s: int, e: int) -> int:
    while e > s and src[e - 1] in " \t":
        e -= 1
    return e


def _split_cells(src: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cells of a table row: split on unescaped ``|``, outer pipes and blanks dropped."""
    s, _ = _indent(src, s, e)
    e = _rstrip(src, s, e)
    if s < e and src[s] == "|":
        s += 1
    bounds = []
    pos = s
    i = s
    while True:
        j = src.find("|", i, e)
        if j < 0:
            break
        k = j
        while k > s and src[k - 1] == "\\":
            k -= 1
        if (j - k) % 2 == 0:  # not escaped
            bounds.append((pos, j))
            pos = j + 1
        i = j + 1
    if pos < e:
        bounds.append((pos, e))
    cells = []
    for cs, ce in bounds:
        cs, _ = _indent(src, cs, ce)
        cells.append((cs, _rstrip(src, cs, ce)))
    return cells


def _delimiter_row(src: str, s: int, e: int) -> int:
    """Number of cells when the line is a table delimiter row (``|---|:--:|``), else 0."""
    text = src[s:e].strip()
    if "-" not in text or not text.strip("|:- \t") == "":
        return 0
    inner = text[1:] if text.startswith("|") else text
    if inner.endswith("|"):
        inner = inner[:-1]
    cells = inner.split("|")
    for cell in cells:
        c = cell.strip()
        if not c or c.strip(":") == "" or set(c.strip(":")) != {"-"} or c.count(":") > 2:
            return 0
    if len(cells) == 1 and "|" not in text:
        return 0
    return len(cells)


def _front_matter_end(src: str, lines: list[tuple[int, int]]) -> int:
    """Index of the first line after a front-matter block, or 0 when there is none."""
    s, e = lines[0]
    first = src[s:e].rstrip()
    if first not in ("---", "+++"):
        return 0
    closers = ("---", "...") if first == "---" else ("+++",)
    for k in range(1, len(lines)):
        s, e = lines[k]
        if src[s:e].rstrip() in closers:
            return k + 1
    return 0


def _scan_blocks(src: str, lines: list[tuple[int, int]]) -> tuple[list[_Block], set[str]]:
    """Block structure: which lines are prose, code, tables, HTML; link labels defined."""
    blocks: list[_Block] = []
    labels: set[str] = set()
    para: _Block | None = None
    table: _Block | None = None
    fence: tuple[str, int] | None = None
    html: _Block | None = None
    html_end: object = None
    list_indent: int | None = None
    after_blank = False

    first = _front_matter_end(src, lines)
    if first:
        blocks.append(_SKIP)

    for s, e in lines[first:]:
        if fence is not None:
            p = _strip_quotes(src, s, e)
            q, col = _indent(src, p, e)
            m = _FENCE.match(src, q, e) if col < 4 else None
            if (m and m.group()[0] == fence[0] and len(m.group()) >= fence[1]
                    and not src[m.end():e].strip()):
                fence = None
            continue
        if html is not None:
            if html_end == "blank":
                if src[s:e].strip():
                    html.end = e
                    continue
                html = None  # the blank line is handled below
            else:
                html.end = e
                if html_end.search(src, s, e) if isinstance(html_end, regex.Pattern) \
                        else src.find(html_end, s, e) >= 0:
                    html = None
                continue

        p = _strip_quotes(src, s, e)
        q, indent = _indent(src, p, e)
        end = _rstrip(src, q, e)
        if q >= end:  # blank
            para = table = None
            blocks.append(_BLANK)
            after_blank = True
            continue

        rel = indent
        if list_indent is not None:
            if indent >= list_indent:
                rel = indent - list_indent
            elif after_blank and not _LIST_MARKER.match(src, q, end):
                list_indent = None
        if rel >= 4:
            if para is not None:  # lazy continuation of a paragraph
                para.lines.append((q, end))
            elif table is not None:
                table.rows.append(_split_cells(src, q, end))
            else:  # indented code
                blocks.append(_SKIP)
            after_blank = False
            continue
        after_blank = False
        c = src[q]

        # setext underline (=== / ---) under a paragraph: the paragraph is a heading
        if para is not None and c in "=-" and _SETEXT.match(src, q, end):
            para = None
            continue
        if c in "-*_" and _THEMATIC.match(src, q, end):
            para = table = None
            blocks.append(_SKIP)
            continue

        optional = None
        m = _LIST_MARKER.match(src, q, end)
        if m:
            ordered = m.group(2) is not None
            r, spaces = _indent(src, m.end(), end)
            empty = r >= end
            interrupts = not empty and (not ordered or int(m.group(2)) == 1)
            if para is None or interrupts:
                list_indent = indent + (m.end() - q) + (spaces if 1 <= spaces <= 4 else 1)
                if m.group(1) == "*":
                    optional = (q, r)
                para = table = None
                q = r
                if empty:
                    blocks.append(_BLANK)
                    continue
                c = src[q]

        if c in "`~":
            m = _FENCE.match(src, q, end)
            if m and not (c == "`" and "`" in src[m.end():end]):
                fence = (c, len(m.group()))
                para = table = None
                blocks.append(_SKIP)
                continue
        if c == "#":
            m = _ATX.match(src, q, end)
            if m:
                cs, _ = _indent(src, m.end(), end)
                ce = end
                k = ce
                while k > cs and src[k - 1] == "#":
                    k -= 1
                if k < ce and (k == cs or src[k - 1] in " \t"):
                    ce = _rstrip(src, cs, k)
                block = _Block("inline", [(cs, ce)])
                block.optional = optional
                blocks.append(block)
                para = table = None
                continue
        if c == "<":
            kind = None
            if _HTML_RAW_START.match(src, q, end):
                kind = _HTML_RAW_END
            elif src.startswith("<!--", q):
                kind = "-->"
            elif src.startswith("<![CDATA[", q):
                kind = "]]>"
            elif src.startswith("<?", q):
                kind = "?>"
            elif src.startswith("<!", q) and q + 2 < end and src[q + 2].isascii() and src[q + 2].isalpha():
                kind = ">"
            elif _HTML_BLOCK_START.match(src, q, end):
                kind = "blank"
            elif para is None and _HTML_ALONE.match(src, q, end):
                kind = "blank"
            if kind is not None:
                html = _Block("html")
                html.start, html.end = q, e
                blocks.append(html)
                para = table = None
                html_end = kind
                if kind != "blank":
                    opener = 4 if kind == "-->" else 2
                    found = kind.search(src, q, e) if isinstance(kind, regex.Pattern) \
                        else src.find(kind, q + opener, e) >= 0
                    if found:
                        html = None
                continue
        if c == "[":
            m = _FN_DEF.match(src, q, end)
            if m:
                cs, _ = _indent(src, m.end(), end)
                block = _Block("inline", [(cs, end)])
                block.prefix = (q, m.end())
                blocks.append(block)
                para, table = block, None
                list_indent = indent + 4
                continue
            if para is None and table is None:
                m = _REF_DEF.match(src, q, end)
                if m and _looks_like_target(m.group(2)):
                    labels.add(_label(m.group(1)))
                    blocks.append(_SKIP)
                    continue
        if para is not None and optional is None:
            ncells = _delimiter_row(src, q, end) if c in "|:-" else 0
            if ncells:
                hs, he = para.lines[-1]
                header = _split_cells(src, hs, he)
                if len(header) == ncells:
                    para.lines.pop()
                    if not para.lines:
                        blocks.pop()
                    table = _Block("table")
                    table.rows.append(header)
                    blocks.append(table)
                    para = None
                    continue
        if table is not None and optional is None:
            table.rows.append(_split_cells(src, q, end))
            continue
        if para is not None and optional is None:
            para.lines.append((q, end))
            continue
        block = _Block("inline", [(q, end)])
        block.optional = optional
        blocks.append(block)
        para, table = block, None
    return blocks, labels


class _Inline:
    """Inline syntax of one block at a time: emphasis, code, links, HTML, escapes, entities."""

    def __init__(self, src: str, out: Pieces, labels: set[str]) -> None:
        self.src = src
        self.out = out
        self.labels = labels

    def block(self, ranges: list[tuple[int, int]]) -> None:
        self.stack: list[tuple[str, int]] = []  # emphasis openers: (char, piece index)
        self.bottom: dict[str, int] = {}
        self.brackets: list[tuple[int, bool, int, int]] = []  # (piece index, image, text start, line)
        for k, (s, e) in enumerate(ranges):
            if k:
                self.out.synthetic("\n")
            self.line(s, e, k)

    def line(self, s: int, e: int, line_no: int) -> None:
        src, out = self.src, self.out
        ticks: dict[int, list[int]] | None = None
        pos = s
        while pos < e:
            m = _SPECIAL.search(src, pos, e)
            if not m:
                out.text(pos, e)
                return
            j = m.start()
            if j > pos:
                out.text(pos, j)
            c = src[j]
            if c == "\\":
                if j + 1 >= e:  # hard line break
                    pos = e
                elif src[j + 1] in _ASCII_PUNCT:
                    out.text(j + 1, j + 2)
                    pos = j + 2
                else:
                    out.text(j, j + 1)
                    pos = j + 1
            elif c == "`":
                n = _TICKS.match(src, j, e).end() - j
                if ticks is None:
                    ticks = {}
                    for t in _TICKS.finditer(src, s, e):
                        ticks.setdefault(t.end() - t.start(), []).append(t.start())
                starts = ticks.get(n, [])
                i = bisect.bisect_right(starts, j)
                if i < len(starts):
                    out.synthetic(" ")
                    pos = starts[i] + n
                else:
                    out.text(j, j + n)
                    pos = j + n
            elif c in "*_~":
                n = _RUN[c].match(src, j, e).end() - j
                pos = j + n
                if c == "~" and n != 2:
                    out.text(j, pos)
                    continue
                piece = out.verbatim(j, pos)
                prev = src[j - 1] if j > s else " "
                nxt = src[j + n] if j + n < e else " "
                self._delimiter(c, piece, prev, nxt, n >= 2)
            elif c == "!" or c == "[":
                if c == "[":
                    fn = _FN_REF.match(src, j, e)
                    if fn:
                        out.text(j, fn.end())
                        pos = fn.end()
                        continue
                width = 2 if c == "!" else 1
                index = out.verbatim(j, j + width)
                self.brackets.append((index, c == "!", j + width, line_no))
                pos = j + width
            elif c == "]":
                pos = self._close_bracket(j, e, line_no)
            elif c == "<":
                pos = self._angle(j, e)
            else:  # "&"
                found = match_entity(src, j, e, strict=True)
                if found is None:
                    out.text(j, j + 1)
                    pos = j + 1
                else:
                    out.replaced(found[0], j, found[1])
                    pos = found[1]

    def _delimiter(self, ch: str, piece: int, prev: str, nxt: str, relaxed: bool) -> None:
        pw, nw = prev.isspace(), nxt.isspace()
        pp, np_ = _is_punct(prev), _is_punct(nxt)
        left = not nw and (not np_ or pw or pp or (relaxed and is_cjk(prev) and not pp))
        right = not pw and (not pp or nw or np_ or (relaxed and is_cjk(nxt) and not np_))
        if ch == "*" and not relaxed and prev.isdigit() and nxt.isdigit() and prev.isascii() and nxt.isascii():
            can_open = can_close = False  # 7*24小时: a multiplication sign, not emphasis
        elif ch == "_":
            can_open = left and (not right or pp)
            can_close = right and (not left or np_)
        else:
            can_open, can_close = left, right
        stack = self.stack
        starts, ends = self.out.starts, self.out.ends
        if can_close:
            while ends[piece] > starts[piece]:
                floor = self.bottom.get(ch, 0)
                i = len(stack) - 1
                while i >= floor:
                    o_ch, o = stack[i]
                    if o_ch == ch and (ch != "~" or ends[o] - starts[o] == ends[piece] - starts[piece]):
                        break
                    i -= 1
                else:
                    self.bottom[ch] = len(stack)
                    break
                opener = stack[i][1]
                k = 2 if (ends[opener] - starts[opener] >= 2 and ends[piece] - starts[piece] >= 2) else 1
                ends[opener] -= k
                starts[piece] += k
                del stack[i + 1:]
                if ends[opener] <= starts[opener]:
                    del stack[i]
                self._clamp()
        if can_open and ends[piece] > starts[piece]:
            stack.append((ch, piece))

    def _clamp(self) -> None:
        n = len(self.stack)
        for key, value in self.bottom.items():
            if value > n:
                self.bottom[key] = n

    def _close_bracket(self, j: int, e: int, line_no: int) -> int:
        src, out = self.src, self.out
        if not self.brackets:
            out.text(j, j + 1)
            return j + 1
        index, image, text_start, opened_on = self.brackets.pop()
        after = j + 1
        stop = -1
        m = _LINK_TAIL.match(src, after, min(e, after + 4096))
        if m:
            stop = m.end()
        else:
            same_line = opened_on == line_no
            m = _REF_TAIL.match(src, after, min(e, after + 1004))
            if m:
                label = m.group(1) or (src[text_start:j] if same_line else "")
                if label and _label(label) in self.labels:
                    stop = m.end()
            elif same_line and self.labels and _label(src[text_start:j]) in self.labels:
                stop = after
        if stop < 0:
            out.text(j, j + 1)
            return j + 1
        if image:  # alt text is not linted: drop everything since "!["
            out.truncate(index)
            while self.stack and self.stack[-1][1] >= index:
                self.stack.pop()
            self._clamp()
            out.synthetic(" ")
        else:
            out.remove(index)
        return stop

    def _angle(self, j: int, e: int) -> int:
        src, out = self.src, self.out
        m = _AUTOLINK.match(src, j, e)
        if m:
            out.synthetic(" ")
            return m.end()
        if src.startswith("<!--", j):
            k = src.find("-->", j + 4, e)
            if k >= 0:
                return k + 3
        else:
            m = _HTML_TAG.match(src, j, e)
            if m:
                if (m.group(1) or "").lower() == "br":
                    out.synthetic("\n")
                return m.end()
        out.text(j, j + 1)
        return j + 1


def _has_literal_marker(pieces: Pieces) -> bool:
    """True when the prose holds a ``*`` after other text on its line (a footnote marker)."""
    src = pieces.source
    starts, ends, texts = pieces.starts, pieces.ends, pieces.texts
    content = False
    for i, kind in enumerate(pieces.kinds):
        if kind == VERBATIM:
            chunk = src[starts[i]:ends[i]]
        elif kind == REPLACED:
            chunk = texts[i]
        elif kind == SYNTHETIC:
            t = texts[i]
            if "\n" in t:
                content = False
                t = t.rsplit("\n", 1)[1]
            chunk = t
        else:
            continue
        if content:
            if "*" in chunk:
                return True
        else:
            rest = chunk.lstrip(" \t\u3000*")
            if rest:
                content = True
                if "*" in rest:
                    return True
    return False


def extract(source: str) -> tuple[str, object]:
    """Prose of a whole Markdown document and its map back to ``source``."""
    start = 1 if source.startswith("\ufeff") else 0
    lines = _split_lines(source, start)
    blocks, labels = _scan_blocks(source, lines)
    pieces = Pieces(source)
    inline = _Inline(source, pieces, labels)
    html = None
    has_optional = False
    for n, block in enumerate(blocks):
        if n:
            pieces.synthetic("\n")
        if block.kind == "inline":
            if block.optional:
                pieces.optional(*block.optional)
                has_optional = True
            if block.prefix:
                pieces.text(block.prefix[0], block.prefix[1])
                pieces.synthetic(" ")
            inline.block(block.lines)
        elif block.kind == "table":
            for r, row in enumerate(block.rows):
                for k, cell in enumerate(row):
                    if r or k:
                        pieces.synthetic("\n")
                    inline.block([cell])
        elif block.kind == "html":
            html = html or HtmlExtractor(source, pieces)
            html.feed(block.start, block.end)
    keep = has_optional and _has_literal_marker(pieces)
    return pieces.assemble(keep_optional=keep)


def read(data: bytes, path: str, encoding: str | None = None) -> list[Document]:
    source, used = decode_text(data, encoding)
    text, offsets = extract(source)
    return [Document(path=path, source=source, text=text, offsets=offsets, encoding=used)]
