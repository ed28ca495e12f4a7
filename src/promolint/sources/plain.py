"""Plain text: the whole decoded file is one document."""

from __future__ import annotations

from promolint.sources.base import Document
from promolint.sources.decode import decode_text


def read(data: bytes, path: str, encoding: str | None = None) -> list[Document]:
    text, used = decode_text(data, encoding)
    return [Document(path=path, source=text, text=text, encoding=used)]
