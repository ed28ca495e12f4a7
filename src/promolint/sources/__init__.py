"""Readers, one per input format; each turns a file's bytes into Documents.

A reader is ``read(data: bytes, path: str, encoding: str | None) -> list[Document]``.
Readers that also take ``options`` (a ``ReadOptions``: CSV column, JSONL field, id
column/field) receive it as a keyword; plain readers are called without it. A reader
may return a ``ReadResult`` (a list of Documents with per-record ``errors``).
The suffix decides the reader; files named explicitly with an unknown suffix are
read as plain text.
"""

from __future__ import annotations

import errno
import os
import stat
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
    """Read and parse one file; raises SourceError with a one-line reason.

    Only regular files are read: the file is opened without blocking and checked with
    ``fstat`` on the open descriptor, so a FIFO, socket or device named like ``*.txt``
    can neither hang the run nor be read forever, and a file swapped after discovery is
    judged by what was actually opened. At most MAX_FILE_BYTES + 1 bytes are read.
    """
    display = display or str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        if os.path.islink(path):
            raise SourceError("符号链接指向的文件不存在（悬空链接）") from None
        raise SourceError("文件不存在（可能在检查过程中被删除或移走）") from None
    except OSError as exc:
        raise SourceError(os_reason(exc)) from None
    try:
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise SourceError("是目录而不是文件")
            if not stat.S_ISREG(st.st_mode):
                raise SourceError("不是普通文件（命名管道、套接字或设备文件），未检查")
            if st.st_size > MAX_FILE_BYTES:
                raise SourceError(_too_big(st.st_size))
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SourceError(os_reason(exc)) from None
    if len(data) > MAX_FILE_BYTES:  # grew while being read
        raise SourceError(_too_big(len(data)))
    return read_bytes(data, display, encoding, options)


def _too_big(size: int) -> str:
    return f"文件过大（{size // (1024 * 1024)} MB，上限 {MAX_FILE_BYTES // (1024 * 1024)} MB）"


_ERRNO_REASONS = {
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.ELOOP: "符号链接循环，无法解析",
    errno.EISDIR: "是目录而不是文件",
    errno.ENXIO: "不是普通文件（套接字或设备文件），未检查",
    errno.ENAMETOOLONG: "路径过长",
    errno.EIO: "读取时发生输入/输出错误",
    errno.ENOENT: "文件不存在（可能在检查过程中被删除或移走）",
}


def os_reason(exc: OSError) -> str:
    """A one-line Chinese reason for an OS error (the system's text in parentheses)."""
    known = _ERRNO_REASONS.get(exc.errno)
    if known:
        return known
    return f"无法读取（{exc.strerror or type(exc).__name__}）"


__all__ = ["Document", "SourceError", "READERS", "LINTABLE_SUFFIXES", "read_file", "read_bytes",
           "ReadOptions", "ReadResult"]
