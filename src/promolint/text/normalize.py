"""Full-width and Traditional-Chinese folding that keeps an exact map to original offsets.

Rules match on normalised text (``１０００Ｍ`` reads as ``1000M``, ``最終解釋權`` as
``最终解释权``) but findings must point at the original characters, so every
normalised character remembers the original character it came from. Circled numbers
(①②…) and other enclosed forms are kept as they are because they serve as footnote
markers; NFKC would turn them into plain digits.

Traditional characters are folded one to one (``t2s.txt``, generated from OpenCC's
t2s by scripts/generate_t2s.py), so rules written in Simplified Chinese also read
Big5 archives and Hong Kong/Taiwan copy. None of the table's characters occurs in the
Simplified corpora (eval, rule cases, the 5 MB benchmark), so Simplified copy is
unchanged.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from promolint import regex_cache



def _load_t2s() -> dict[str, str]:
    path = Path(__file__).with_name("t2s.txt")
    table = {}
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            trad, simp = line.split("\t")
            table[trad] = simp
    return table


_T2S = _load_t2s()
# Characters folding may change: compatibility forms, full-width, CJK compatibility,
# Traditional characters. Other ASCII and CJK never change, so a text without any of
# these skips the per-character pass entirely. The stdlib ``re`` tests this class of
# ~2,700 characters as fast as a small one; ``regex`` is 18x slower on it.
_MAYBE_CHANGES = re.compile(
    r"[^\x00-\x7f\u4e00-\u9fff\u3001-\u3002\u300a-\u3011]|["
    + "".join(sorted(ch for ch in _T2S if "\u4e00" <= ch <= "\u9fff")) + "]")
_PROTECTED = regex_cache.compile(r"[\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf\u203b]")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if _PROTECTED.match(ch):
        return ch
    if ch == "\u3000":
        return " "
    folded = unicodedata.normalize("NFKC", ch)
    return "".join(_T2S.get(c, c) for c in folded)


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text plus a map back to the original, stored as segments: either a
    verbatim run (normalised offset n ↔ original offset n + shift) or the expansion of
    one folded original character. Memory follows the number of folded characters,
    not the length of the text (a 50 MB line with one full-width comma stays cheap)."""

    text: str
    _nstarts: array | None = None    # normalised start of each segment
    _ostarts: array | None = None    # original start of each segment
    _verbatim: bytes | None = None   # 1: verbatim run, 0: one folded character
    _original_length: int = 0

    def _orig(self, n: int) -> tuple[int, int]:
        """(start, end) in the original of normalised character ``n``."""
        i = bisect.bisect_right(self._nstarts, n) - 1
        if self._verbatim[i]:
            o = self._ostarts[i] + n - self._nstarts[i]
            return o, o + 1
        return self._ostarts[i], self._ostarts[i] + 1

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to the original text."""
        if self._nstarts is None:
            return start, end
        if start >= len(self.text):
            return self._original_length, self._original_length
        s = self._orig(start)[0]
        e = self._orig(end - 1)[1] if end > start else s
        return s, e


def normalize(text: str) -> NormalizedText:
    """Fold full-width and compatibility forms; identity (no map) when nothing changes.

    Only the characters NFKC may change are visited one by one; the runs between them
    are copied in bulk.
    """
    if not _MAYBE_CHANGES.search(text):
        return NormalizedText(text)
    pieces: list[str] = []
    nstarts = array("q")
    ostarts = array("q")
    verbatim = bytearray()
    prev = 0  # start of the original run not yet copied
    length = 0  # normalised length so far
    for m in _MAYBE_CHANGES.finditer(text):
        i = m.start()
        ch = m.group()
        folded = _fold_char(ch)
        if folded == ch or not folded:  # unchanged, or NFKC removes it: keep it, unmatched
            continue
        if i > prev:
            pieces.append(text[prev:i])
            nstarts.append(length)
            ostarts.append(prev)
            verbatim.append(1)
            length += i - prev
        pieces.append(folded)
        nstarts.append(length)
        ostarts.append(i)
        verbatim.append(0)
        length += len(folded)
        prev = i + 1
    if not pieces:
        return NormalizedText(text)
    if prev < len(text):
        pieces.append(text[prev:])
        nstarts.append(length)
        ostarts.append(prev)
        verbatim.append(1)
    return NormalizedText("".join(pieces), nstarts, ostarts, bytes(verbatim), len(text))
