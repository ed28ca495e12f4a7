"""Word (.docx): body paragraphs, tables and headers/footers as ONE document whose
records are the paragraphs and table cells.

Why one document: a claim in paragraph 3 may be disclosed in an 活动规则 section or a
``*`` footnote paragraph further down, and disclosure scopes work on one document's
text. The synthetic ``source`` joins every record's text with a blank line (so each
Word paragraph is its own paragraph segment and starts a line); a ``RecordMap`` names
the records, and the engine reports each finding as ``record`` + a line/column inside
that record's text.

Records, in this order:
- the body in document order: ``paragraph N`` (N counts every body paragraph, empty
  ones included, i.e. python-docx ``document.paragraphs[N-1]``) and
  ``table T row R cell C`` (T counts top-level body tables; merged cells are reported
  once, at their first position; a nested table is ``table T row R cell C table 1 row …``);
- then headers and footers: ``header H paragraph N`` / ``footer H table 1 row R cell C``
  (H counts distinct header/footer parts: first-page and even-page variants, and headers
  linked to a previous section are not repeated).

Not read: text boxes, footnotes/endnotes, comments, tracked deletions.

Before python-docx opens the file, the zip's declared sizes are checked, so a zip bomb
is refused without being inflated (CPython's zipfile never inflates past a member's
declared size).
"""

from __future__ import annotations

import io

from promolint.sources.base import Document, RecordMap, ReadResult
from promolint.sources.decode import SourceError

# Bounds on the zip, from its central directory, before anything is inflated.
MAX_MEMBERS = 10_000
MAX_TOTAL_UNCOMPRESSED = 256 * 1024 * 1024   # all parts together (images included)
MAX_XML_UNCOMPRESSED = 64 * 1024 * 1024      # one XML part
MAX_RATIO = 200                               # inflated / deflated, for parts above 1 MB

SEPARATOR = "\n\n"


def check_zip(data: bytes) -> None:
    """Refuse non-zip data, zip bombs and zips that are not Word documents."""
    import zipfile  # lazily: a clean .txt run never pays for it

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SourceError("不是有效的 Word 文档（.docx 应为 zip 压缩包）")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise SourceError(f"不是有效的 Word 文档（zip 损坏：{exc}）") from None
    if len(infos) > MAX_MEMBERS:
        raise SourceError(f"疑似压缩炸弹：zip 内有 {len(infos)} 个文件（上限 {MAX_MEMBERS}）")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise SourceError(f"疑似压缩炸弹：{info.filename} 压缩比 {ratio:.0f}:1")
        if info.filename.endswith((".xml", ".rels")) and info.file_size > MAX_XML_UNCOMPRESSED:
            raise SourceError(f"疑似压缩炸弹：{info.filename} 解压后 {info.file_size // (1024 * 1024)} MB")
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise SourceError(f"疑似压缩炸弹：解压后共 {total // (1024 * 1024)} MB"
                          f"（上限 {MAX_TOTAL_UNCOMPRESSED // (1024 * 1024)} MB）")
    if "word/document.xml" not in {i.filename for i in infos}:
        raise SourceError("不是 Word 文档（zip 中没有 word/document.xml）")


class _Builder:
    """Accumulates records into one synthetic source with a RecordMap."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.records = RecordMap()

    def add(self, text: str, name: str) -> None:
        if not text.strip():
            return
        if self.parts:
            self.parts.append(SEPARATOR)
            self.length += len(SEPARATOR)
        self.records.add(self.length, self.length + len(text), name)
        self.parts.append(text)
        self.length += len(text)

    def source(self) -> str:
        return "".join(self.parts)


def _paragraph_text(paragraph) -> str:
    # Line breaks inside a paragraph become lines of the record; vertical tab and
    # form feed (page breaks) too, so lines match what Word shows.
    return paragraph.text.replace("\r\n", "\n").replace("\r", "\n")


def _add_table(out: _Builder, table, prefix: str, depth: int = 0) -> None:
    # id → XML element of each cell seen; holding the element keeps its id unique
    # (lxml proxies are recreated on access and a freed one's id is reused).
    seen: dict[int, object] = {}
    for r, row in enumerate(table.rows, 1):
        try:
            cells = row.cells
        except (IndexError, ValueError):  # malformed grid
            continue
        for c, cell in enumerate(cells, 1):
            if id(cell._tc) in seen:  # the continuation of a merged cell
                continue
            seen[id(cell._tc)] = cell._tc
            name = f"{prefix} row {r} cell {c}"
            out.add("\n".join(_paragraph_text(p) for p in cell.paragraphs), name)
            if depth < 3:
                for t, nested in enumerate(cell.tables, 1):
                    _add_table(out, nested, f"{name} table {t}", depth + 1)


def _add_story(out: _Builder, story, prefix: str) -> None:
    """Paragraphs and tables of a header/footer (or the body) in document order."""
    from docx.table import Table

    p = t = 0
    for block in story.iter_inner_content():
        if isinstance(block, Table):
            t += 1
            _add_table(out, block, f"{prefix}table {t}")
        else:
            p += 1
            out.add(_paragraph_text(block), f"{prefix}paragraph {p}")


def _headers_footers(document):
    """Distinct header and footer parts, in section order: (kind, part)."""
    seen: dict[int, object] = {}  # id → element, held so ids stay unique (see _add_table)
    for section in document.sections:
        for kind, attrs in (("header", ("first_page_header", "header", "even_page_header")),
                            ("footer", ("first_page_footer", "footer", "even_page_footer"))):
            for attr in attrs:
                hf = getattr(section, attr)
                if hf.is_linked_to_previous:
                    continue
                element = hf._element
                if id(element) in seen:
                    continue
                seen[id(element)] = element
                yield kind, hf


def read(data: bytes, path: str, encoding: str | None = None, options=None) -> list[Document]:
    check_zip(data)
    try:
        import docx
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise SourceError("读取 .docx 需要 python-docx（pip install python-docx）") from None
    try:
        document = docx.Document(io.BytesIO(data))
        out = _Builder()
        _add_story(out, document, "")
        counts = {"header": 0, "footer": 0}
        for kind, hf in _headers_footers(document):
            counts[kind] += 1
            _add_story(out, hf, f"{kind} {counts[kind]} ")
    except SourceError:
        raise
    except Exception as exc:  # python-docx / lxml on a damaged file: one line, no traceback
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SourceError(f"无法解析 Word 文档：{reason[:200]}") from None
    source = out.source()
    if not source:
        return ReadResult([])
    return ReadResult([Document(path=path, source=source, text=source, records=out.records)])
