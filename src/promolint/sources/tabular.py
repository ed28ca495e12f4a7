"""CSV/TSV exports: each data row is one document; one column holds the copy.

Which column (``--column NAME`` overrides):
1. a header named, case-insensitively, one of ``TEXT_NAMES`` (first in that order);
2. else the column whose values are mostly Chinese and longest on average, when it
   is clearly the longest (at least 1.5× the runner-up); a single column is taken as is;
3. else an error asking for ``--column``.

Records are named like ``row 12, column 文案`` or, with ``--id-column``,
``row 12 (id A-17), column 文案``. Rows are numbered as a spreadsheet shows them:
the header is row 1, the first data row is row 2. Line and column of a finding
count inside the cell's text. The first row is always the header. The delimiter is
``\\t`` for ``.tsv``; for ``.csv`` a comma, unless the header has none and has
semicolons or tabs.

Ragged rows are tolerated: extra cells are ignored; a row too short to hold the
copy column is reported as an error for that row, and the other rows are linted.
"""

from __future__ import annotations

import csv
import io
import sys

from promolint.sources.base import Document, ReadResult
from promolint.sources.decode import SourceError, decode_text

TEXT_NAMES = ("text", "content", "copy", "body", "文案", "内容", "正文")

# Rows sampled to guess the copy column.
GUESS_SAMPLE = 500
# A guessed column must be mostly Chinese: share of its characters that are hanzi.
MIN_CJK_SHARE = 0.3
# ... and clearly longer on average than the next candidate.
MIN_LEAD = 1.5

# One cell may be as large as a whole file may be (sources.MAX_FILE_BYTES).
FIELD_SIZE_LIMIT = 64 * 1024 * 1024


def _raise_field_limit() -> None:
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(min(FIELD_SIZE_LIMIT, sys.maxsize))


def cjk_share(text: str) -> float:
    """Share of non-space characters that are CJK ideographs."""
    total = hits = 0
    for ch in text:
        if ch.isspace():
            continue
        total += 1
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            hits += 1
    return hits / total if total else 0.0


def guess_text_key(keys: list[str], samples: dict[str, list[str]], what: str, flag: str) -> str:
    """Pick the key holding the copy: a known name, else the clearly longest Chinese one.

    ``samples`` maps each key to some of its string values. Raises SourceError naming
    the candidates when it cannot decide.
    """
    by_lower = {}
    for k in keys:
        by_lower.setdefault(k.strip().lower(), k)
    for name in TEXT_NAMES:
        if name in by_lower:
            return by_lower[name]
    if len(keys) == 1:
        return keys[0]
    scored = []
    for k in keys:
        values = [v for v in samples.get(k, []) if v.strip()]
        if not values:
            continue
        joined = "".join(values)
        if cjk_share(joined) >= MIN_CJK_SHARE:
            scored.append((len(joined) / len(values), k))
    scored.sort(key=lambda t: -t[0])
    shown = "、".join(keys[:12]) + ("…" if len(keys) > 12 else "")
    if not scored:
        raise SourceError(f"无法确定要检查哪一{what}：没有以中文为主的{what}（共有：{shown}）；请用 {flag} 指定")
    if len(scored) > 1 and scored[0][0] < MIN_LEAD * scored[1][0]:
        cands = "、".join(k for _, k in scored[:4])
        raise SourceError(f"无法确定要检查哪一{what}（候选：{cands}）；请用 {flag} 指定")
    return scored[0][1]


def _find_key(keys: list[str], wanted: str, what: str, flag: str) -> int:
    for i, k in enumerate(keys):
        if k == wanted:
            return i
    for i, k in enumerate(keys):
        if k.strip().lower() == wanted.strip().lower():
            return i
    shown = "、".join(keys[:20]) + ("…" if len(keys) > 20 else "")
    raise SourceError(f"{flag} {wanted}：没有这一{what}（共有：{shown}）")


def _delimiter(path: str, header_line: str) -> str:
    if path.lower().endswith(".tsv"):
        return "\t"
    if "," in header_line or "，" in header_line:
        return ","
    for d in ("\t", ";", "|"):
        if d in header_line:
            return d
    return ","


def read(data: bytes, path: str, encoding: str | None = None, options=None) -> list[Document]:
    _raise_field_limit()
    enc = encoding or (options.encoding if options else None)
    text, used = decode_text(data, enc)
    result = ReadResult(encoding=used)
    delimiter = _delimiter(path, text.split("\n", 1)[0])
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(rows, None)
        if header is None:
            return result
        header = [h.strip() for h in header]
        all_rows = list(rows)
    except csv.Error as exc:
        raise SourceError(f"CSV 格式错误（第 {rows.line_num} 行）：{exc}") from None
    if not all_rows:
        return result

    column = options.column if options else None
    id_column = options.id_column if options else None
    if column:
        col = _find_key(header, column, "列", "--column")
    else:
        samples = {h: [] for h in header}
        for row in all_rows[:GUESS_SAMPLE]:
            for h, v in zip(header, row):
                samples[h].append(v)
        col = header.index(guess_text_key(header, samples, "列", "--column"))
    id_col = _find_key(header, id_column, "列", "--id-column") if id_column else None
    col_name = header[col] or f"#{col + 1}"

    for n, row in enumerate(all_rows, 2):
        if not row:  # a blank line
            continue
        ident = ""
        if id_col is not None and id_col < len(row) and row[id_col].strip():
            ident = f" (id {row[id_col].strip()})"
        if col >= len(row):
            result.errors.append(
                f"row {n}{ident}: 只有 {len(row)} 列（表头有 {len(header)} 列），缺少“{col_name}”列，未检查")
            continue
        value = row[col]
        result.append(Document(path=path, source=value, text=value,
                               record=f"row {n}{ident}, column {col_name}", encoding=used))
    return result
