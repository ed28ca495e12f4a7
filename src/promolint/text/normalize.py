"""Full-width folding (NFKC per character) that keeps an exact map to original offsets.

Rules match on normalised text (``１０００Ｍ`` reads as ``1000M``) but findings must
point at the original characters, so every normalised character remembers the
original character it came from. Circled numbers (①②…) and other enclosed forms
are kept as they are because they serve as footnote markers; NFKC would turn them
into plain digits.
"""

from __future__ import annotations

import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache

import regex

# Characters NFKC may change: compatibility forms, full-width, CJK compatibility...
# ASCII and the common CJK blocks never change, so a text without any other
# character skips the per-character pass entirely.
_MAYBE_CHANGES = regex.compile(r"[^\x00-\x7f\u4e00-\u9fff\u3001-\u3002\u300a-\u3011]")
_PROTECTED = regex.compile(r"[\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf\u203b]")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if _PROTECTED.match(ch):
        return ch
    folded = unicodedata.normalize("NFKC", ch)
    if ch == "\u3000":
        return " "
    return folded


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text plus, per normalised character, its original start/end offsets."""

    text: str
    _starts: array | None = None
    _ends: array | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to the original text."""
        if self._starts is None:
            return start, end
        if start >= len(self.text):
            o = self._ends[-1] if len(self._ends) else 0
            return o, o
        s = self._starts[start]
        e = self._ends[end - 1] if end > start else s
        return s, e


def normalize(text: str) -> NormalizedText:
    """Fold full-width and compatibility forms; identity (no map) when nothing changes."""
    if not _MAYBE_CHANGES.search(text):
        return NormalizedText(text)
    pieces: list[str] = []
    starts = array("q")
    ends = array("q")
    changed = False
    for i, ch in enumerate(text):
        folded = _fold_char(ch) if ord(ch) > 0x7F else ch
        if folded != ch:
            changed = True
        if not folded:  # a character NFKC removes entirely: keep it, unmatched
            folded = ch
        pieces.append(folded)
        for _ in folded:
            starts.append(i)
            ends.append(i + 1)
    if not changed:
        return NormalizedText(text)
    return NormalizedText("".join(pieces), starts, ends)
