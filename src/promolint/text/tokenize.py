"""jieba tokenisation, loaded lazily and silently, with the rule packs' vocabulary.

jieba is the reference tokenizer. Loading its dictionary is the largest fixed cost of
a run, so nothing here runs until a rule has a candidate match that needs token
boundaries: a clean file never loads it. Every literal trigger, exception and
disclosure phrase of the loaded rules is added to the dictionary, so that a rule
author's phrase (最低消费, 第一时间, 0元) is a token and a trigger cannot match inside a
longer word.

No faster backend (rjieba) is offered: tokens are computed only around candidates, so
jieba is ~10% of the lint time on the benchmark, and rjieba tokenises digits and Latin
letters differently (856.2Mbps, Wi-Fi, 8:30-20:00) in 56 of 1,336 corpus texts; see
docs/performance.md.
"""

from __future__ import annotations

import logging
import marshal
import os
import tempfile
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


def _initialize(tk, jieba) -> None:
    """``tk.initialize()``, reading jieba's own prefix-dictionary cache in one piece.

    jieba reads its cache with ``marshal.load(file)``, which pulls the 9 MB file in
    small reads (~0.57 s); ``marshal.loads`` of the same bytes takes ~0.16 s. Same file,
    same contents; when it is missing or unreadable jieba builds (and writes) it itself.
    """
    if tk.dictionary == jieba.DEFAULT_DICT and not tk.cache_file:
        cache = os.path.join(tk.tmp_dir or tempfile.gettempdir(), "jieba.cache")
        try:
            with open(cache, "rb") as fh:
                freq, total = marshal.loads(fh.read())
        except Exception:  # missing, unreadable or corrupt: jieba rebuilds it
            pass
        else:
            if isinstance(freq, dict) and isinstance(total, int) and freq:
                tk.FREQ, tk.total, tk.initialized = freq, total, True
                return
    tk.initialize()


class Tokenizer:
    """A private jieba tokenizer plus the words and dictionary files of the rule packs."""

    def __init__(self, words: Iterable[str] = (), dictionaries: Iterable[Path] = ()) -> None:
        self._words = sorted({w for w in words if len(w) >= 2 and " " not in w and "\n" not in w})
        self._dictionaries = list(dictionaries)
        self._impl = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._impl is None:
                jieba = _import_jieba()
                jieba.setLogLevel(logging.WARNING)
                logging.getLogger("jieba").setLevel(logging.WARNING)
                tk = jieba.Tokenizer()
                _initialize(tk, jieba)
                for path in self._dictionaries:
                    tk.load_userdict(str(path))
                for word in self._words:
                    tk.add_word(word)
                self._impl = tk.tokenize
            return self._impl

    @property
    def loaded(self) -> bool:
        return self._impl is not None

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        """(token, start, end) for ``text``, HMM on (jieba's default)."""
        return list(self._load()(text))

    def boundaries(self, text: str) -> set[int]:
        """Offsets in ``text`` where a token starts or ends."""
        cuts = {0, len(text)}
        for _, s, e in self._load()(text):
            cuts.add(s)
            cuts.add(e)
        return cuts
