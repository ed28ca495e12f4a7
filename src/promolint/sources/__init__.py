"""Readers, one per input format; each turns a file's bytes into Documents.

A reader is ``read(data: bytes, path: str, encoding: str | None) -> list[Document]``.
Readers that also take ``options`` (a ``ReadOptions``: CSV column, JSONL field, id
column/field) receive it as a keyword; plain readers are called without it. A reader
may return a ``ReadResult`` (a list of Documents with per-record ``errors``).
The suffix decides the reader; files named explicitly with an unknown suffix are
read as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from promolint.sources import docx, html, jsonl, markdown, plain, tabular
from promolint.sources.base import Document, ReadOptions, ReadResult
from promolint.sources.decode import SourceError

Reader = Callable[[bytes, str, "str | None"], list[Document]]

READERS: dict[str, Reader] = {
    ".txt": plain.read,
    ".text": plain.read,
    ".docx": docx.read,
    ".csv": tabular.read,
    ".tsv": tabular.read,
    ".jsonl": jsonl.read,
    ".ndjson": jsonl.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".html": html.read,
    ".htm": html.read,
}

# Suffixes picked up when walking a folder.
LINTABLE_SUFFIXES = set(READERS)

MAX_FILE_BYTES = 64 * 1024 * 1024


def reader_for(path: Path) -> Reader:
    return READERS.get(path.suffix.lower(), plain.read)


def _takes_options(reader: Reader) -> bool:
    import inspect

    try:
        return "options" in inspect.signature(reader).parameters
    except (TypeError, ValueError):
        return False


def read_bytes(data: bytes, path: str, encoding: str | None = None,
               options: ReadOptions | None = None) -> list[Document]:
    reader = reader_for(Path(path))
    if options is not None and _takes_options(reader):
        return reader(data, path, encoding, options=options)
    return reader(data, path, encoding)


def read_file(path: Path, display: str | None = None, encoding: str | None = None,
              options: ReadOptions | None = None) -> list[Document]:
    """Read and parse one file; raises SourceError with a one-line reason."""
    display = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError(f"文件过大（{size // (1024 * 1024)} MB，上限 {MAX_FILE_BYTES // (1024 * 1024)} MB）")
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("文件不存在") from None
    except IsADirectoryError:
        raise SourceError("是目录而不是文件") from None
    except PermissionError:
        raise SourceError("没有读取权限") from None
    except OSError as exc:
        raise SourceError(f"无法读取：{exc.strerror or exc}") from None
    return read_bytes(data, display, encoding, options)


__all__ = ["Document", "SourceError", "READERS", "LINTABLE_SUFFIXES", "read_file", "read_bytes",
           "ReadOptions", "ReadResult"]
