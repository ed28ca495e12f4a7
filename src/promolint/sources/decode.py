"""Bytes to text: UTF-8 (BOM or not), UTF-16/32 with BOM, and legacy Chinese encodings
(GB18030/GBK, Big5) detected when the bytes are not UTF-8; anything else is an error
naming the reason. Line endings are kept as they are so columns stay exact.

Detection order (see ``decode_text``):

1. ``--encoding`` given: decode strictly with it, nothing else.
2. A byte-order mark: UTF-8, UTF-32 or UTF-16 (checked in that order).
3. NUL bytes: an error (binary data, or UTF-16 without a BOM, which is ambiguous).
4. Valid UTF-8: always UTF-8. Pure ASCII is UTF-8 too, so valid UTF-8 is never
   misdetected as a legacy encoding.
5. GB18030 and Big5 are tried strictly and scored by the share of their non-ASCII
   characters that are *common* in that encoding's script (GB2312 level-1 hanzi and
   punctuation; Big5 frequently-used characters and punctuation). The same bytes
   read with the wrong one of the two yield mostly rare or unassigned characters,
   so this works on ads of a dozen characters, where statistical detectors guess
   wrongly. GB18030 wins ties.
6. Bytes that are UTF-8 up to a broken or truncated sequence are reported as invalid
   UTF-8 rather than guessed.
7. charset-normalizer's best guess for anything else (e.g. Shift_JIS), accepted only
   when the decoded text is printable.
"""

from __future__ import annotations

import codecs
from functools import lru_cache


class SourceError(Exception):
    """A file that cannot be read as copy; the message is one line, in Chinese."""


# Names reported for files that are UTF-8 (with or without BOM): not worth a mention.
UTF8_NAMES = frozenset({"utf-8", "utf-8-sig"})

# Detection reads at most this much of a file to score candidates; the chosen codec
# then decodes the whole file strictly.
SAMPLE_BYTES = 256 * 1024

# A legacy decode is accepted when at least this share of its non-ASCII characters
# are common ones, and it beats the other candidate by MARGIN.
MIN_COMMON_SHARE = 0.7
MARGIN = 0.1

# Control characters that real text does not contain (tab, LF, VT, FF, CR, ESC… are
# allowed: ESC for the odd ANSI-coloured export, VT/FF for page breaks).
_BAD_CONTROLS = frozenset(chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B)) | {"\x7f"}


def canonical_name(encoding: str) -> str:
    """The codec's canonical name (``GBK`` → ``gbk``, ``utf8`` → ``utf-8``)."""
    return codecs.lookup(encoding).name


def is_utf8(encoding: str | None) -> bool:
    return encoding is None or encoding in UTF8_NAMES


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). Raises SourceError for binary or undecodable input."""
    if encoding:
        return _decode_forced(data, encoding)
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", offset=3, label="UTF-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _strict(data, "utf-32", label="UTF-32"), "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", label="UTF-16"), "utf-16"
    if b"\x00" in data:
        if _looks_like_bomless_utf16(data):
            raise SourceError("疑似没有 BOM 的 UTF-16 文本；请用 --encoding utf-16-le（或 utf-16-be）指定编码")
        raise SourceError("不是文本文件（包含 NUL 字节）")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _detect_legacy(data, exc)
    return text, "utf-8"


def _strict(data: bytes, codec: str, *, offset: int = 0, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise SourceError(f"不是有效的 {label} 文本（第 {exc.start + offset} 字节）") from None


def _decode_forced(data: bytes, encoding: str) -> tuple[str, str]:
    try:
        name = canonical_name(encoding)
    except LookupError:
        raise SourceError(f"未知的编码 {encoding!r}") from None
    # A BOM that matches the forced encoding is not part of the text.
    if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        raise SourceError(f"无法按 {encoding} 解码（第 {exc.start} 字节）") from None
    except UnicodeError as exc:  # e.g. utf-16 with an odd byte count
        raise SourceError(f"无法按 {encoding} 解码：{exc}") from None
    return text, name


def _looks_like_bomless_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: the bytes decode as UTF-16 (either byte order) into mostly
    hanzi, punctuation and ASCII; binary data decodes into scattered code points."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return False
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        if _BAD_CONTROLS.intersection(text):
            continue
        if _hanzi_share(text, ascii_ok=True) >= 0.9:
            return True
    return False


def _hanzi_share(text: str, ascii_ok: bool = False) -> float:
    """Share of non-space characters that are CJK ideographs or CJK/full-width punctuation
    (or printable ASCII, with ``ascii_ok``)."""
    total = hits = 0
    for ch in text:
        if ch.isspace():
            continue
        total += 1
        if (ascii_ok and " " < ch < "\x7f") or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff5e":
            hits += 1
    return hits / total if total else 0.0


def _check_printable(text: str) -> None:
    sample = text[:SAMPLE_BYTES]
    bad = sum(1 for ch in sample if ch in _BAD_CONTROLS) if _BAD_CONTROLS.intersection(sample) else 0
    if bad and bad > max(2, len(sample) // 1000):
        raise SourceError(f"不是文本文件（包含 {bad} 个控制字符）")


@lru_cache(maxsize=1)
def _common_chars() -> dict[str, frozenset[str]]:
    """Common characters per legacy codec, built from the codecs themselves.

    gb18030: GB2312 symbols/punctuation (rows A1–A3) and level-1 hanzi (rows B0–D7,
    the 3,755 most frequent simplified characters). big5: symbols (A1–A3) and the
    5,401 frequently used characters (A440–C67E).
    """

    def collect(codec: str, leads, trails, stop: bytes | None = None) -> frozenset[str]:
        out = set()
        for lead in leads:
            for trail in trails:
                b = bytes((lead, trail))
                if stop is not None and b > stop:
                    continue
                try:
                    ch = b.decode(codec)
                except UnicodeDecodeError:
                    continue
                if len(ch) == 1:
                    out.add(ch)
        return frozenset(out)

    gb = collect("gb18030", [*range(0xA1, 0xA4), *range(0xB0, 0xD8)], range(0xA1, 0xFF))
    big5_rows = ([*range(0xA1, 0xA4), *range(0xA4, 0xC7)], [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    big5 = collect("big5", *big5_rows, stop=b"\xc6\x7e")
    cp950 = collect("cp950", *big5_rows, stop=b"\xc6\x7e")
    return {"gb18030": gb, "big5": big5, "cp950": cp950}


def _common_share(text: str, codec: str) -> float:
    common = _common_chars()[codec]
    total = hits = 0
    for ch in text:
        if ch < "\x80":
            continue
        total += 1
        if ch in common:
            hits += 1
    return hits / total if total else 0.0


def _prefix_decode(sample: bytes, codec: str, final: bool) -> str | None:
    try:
        return codecs.getincrementaldecoder(codec)("strict").decode(sample, final=final)
    except UnicodeDecodeError:
        return None


def _detect_legacy(data: bytes, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    sample = data[:SAMPLE_BYTES]
    final = len(sample) == len(data)
    scores: dict[str, float] = {}
    for codec in ("gb18030", "big5", "cp950"):
        if codec == "cp950" and "big5" in scores:
            continue  # cp950 only matters where plain Big5 fails (Microsoft extensions)
        text = _prefix_decode(sample, codec, final)
        if text is not None:
            scores[codec] = _common_share(text, codec)
    gb = scores.pop("gb18030", -1.0)
    big5_codec, big5 = max(scores.items(), key=lambda kv: kv[1], default=("big5", -1.0))
    # Simplified Chinese is the common case: GB18030 wins unless Big5 is clearly better.
    codec = None
    if gb >= MIN_COMMON_SHARE and gb >= big5 - MARGIN:
        codec = "gb18030"
    elif big5 >= MIN_COMMON_SHARE:
        codec = big5_codec
    if codec is not None:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise SourceError(f"看起来是 {codec} 编码，但第 {exc.start} 字节无法解码；可用 --encoding 指定编码") from None
        _check_printable(text)
        return text, codec

    good_prefix = data[:utf8_error.start].decode("utf-8", errors="ignore")
    if utf8_error.reason == "unexpected end of data" or sum(1 for ch in good_prefix if ch >= "\x80") >= 2:
        where = "末尾被截断" if utf8_error.reason == "unexpected end of data" else f"第 {utf8_error.start} 字节"
        raise SourceError(f"不是有效的 UTF-8 文本（{where}）；可用 --encoding 指定编码")

    if _looks_like_bomless_utf16(data):
        raise SourceError("疑似没有 BOM 的 UTF-16 文本；请用 --encoding utf-16-le（或 utf-16-be）指定编码")
    guess = _charset_normalizer_guess(data)
    if guess is not None:
        return guess
    raise SourceError(f"无法识别文本编码（不是 UTF-8，第 {utf8_error.start} 字节无效）；可用 --encoding 指定编码")


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional at run time: detection of other encodings only
        return None
    best = from_bytes(data[:SAMPLE_BYTES]).best()
    if best is None or best.encoding is None:
        return None
    codec = canonical_name(best.encoding)
    if codec.startswith(("utf-16", "utf-32")):
        raise SourceError("疑似没有 BOM 的 UTF-16 文本；请用 --encoding utf-16-le（或 utf-16-be）指定编码")
    if best.chaos > 0.2:
        return None
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    try:
        _check_printable(text)
    except SourceError:
        return None
    return text, codec
