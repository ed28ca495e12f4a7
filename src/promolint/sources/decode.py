"""Bytes to text: UTF-8 (with or without BOM) and UTF-16 with BOM; anything else is an
error naming the reason. Line endings are kept as they are so columns stay exact."""

from __future__ import annotations

import codecs


class SourceError(Exception):
    """A file that cannot be read as copy; the message is one line, in Chinese."""


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). Raises SourceError for binary or undecodable input."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise SourceError(f"未知的编码 {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise SourceError(f"无法按 {encoding} 解码（第 {exc.start} 字节）") from None
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise SourceError(f"不是有效的 UTF-8 文本（第 {exc.start + 3} 字节）") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise SourceError(f"不是有效的 UTF-16 文本（第 {exc.start} 字节）") from None
    if b"\x00" in data:
        raise SourceError("不是文本文件（包含 NUL 字节）")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        raise SourceError(f"不是有效的 UTF-8 文本（第 {exc.start} 字节）；可用 --encoding 指定编码") from None
