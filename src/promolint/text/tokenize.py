"""jieba tokenisation, loaded lazily and silently, with the rule packs' vocabulary.

jieba is the reference tokenizer. Loading its dictionary costs ~0.6 s, so nothing
here runs until a rule has a candidate match that needs token boundaries: a clean
file never loads it. Every literal trigger, exception and disclosure phrase of the
loaded rules is added to the dictionary, so that a rule author's phrase (最低消费,
第一时间, 0元) is a token and a trigger cannot match inside a longer word.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from pathlib import Path


def _import_jieba():
    """Import jieba without letting it import ``pkg_resources`` (~0.25 s and a warning).

    jieba only uses pkg_resources to open its bundled dictionary and falls back to a
    plain ``open`` next to its own ``__file__`` when the import fails; blocking the
    import for the duration of ``import jieba`` selects that fallback.
    """
    import sys

    block = "pkg_resources" not in sys.modules
    if block:
        sys.modules["pkg_resources"] = None  # makes "import pkg_resources" raise ImportError
    try:
        import jieba
    finally:
        if block and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


class Tokenizer:
    """A private jieba tokenizer plus the words and dictionary files of the rule packs."""

    def __init__(self, words: Iterable[str] = (), dictionaries: Iterable[Path] = ()) -> None:
        self._words = sorted({w for w in words if len(w) >= 2})
        self._dictionaries = list(dictionaries)
        self._jieba = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._jieba is not None:
                return self._jieba
            jieba = _import_jieba()
            jieba.setLogLevel(logging.WARNING)
            logging.getLogger("jieba").setLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            tk.initialize()
            for path in self._dictionaries:
                tk.load_userdict(str(path))
            for word in self._words:
                if " " not in word and "\n" not in word:
                    tk.add_word(word)
            self._jieba = tk
            return tk

    @property
    def loaded(self) -> bool:
        return self._jieba is not None

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        """(token, start, end) for ``text``, HMM on (jieba's default)."""
        tk = self._load()
        return list(tk.tokenize(text))

    def boundaries(self, text: str) -> set[int]:
        """Offsets in ``text`` where a token starts or ends."""
        cuts = {0, len(text)}
        for _, s, e in self.tokenize(text):
            cuts.add(s)
            cuts.add(e)
        return cuts
