"""Tokenisation (jieba, or optionally rjieba), loaded lazily and silently, with the rule packs' vocabulary.

jieba is the reference tokenizer. Loading its dictionary is the largest fixed cost of
a run, so nothing here runs until a rule has a candidate match that needs token
boundaries: a clean file never loads it. Every literal trigger, exception and
disclosure phrase of the loaded rules is added to the dictionary, so that a rule
author's phrase (最低消费, 第一时间, 0元) is a token and a trigger cannot match inside a
longer word.

``rjieba`` (the jieba-rs binding: same dictionary, same DAG + HMM algorithm) is an
optional backend (``pip install promolint[fast]``, ``--tokenizer rjieba``); the parity
test (tests/test_tokenizer_parity.py) requires identical findings on every corpus.
"""

from __future__ import annotations

import logging
import marshal
import os
import re
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

BACKENDS = ("jieba", "rjieba")


class TokenizerError(Exception):
    """The requested tokenizer backend cannot be used (e.g. not installed)."""


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
        except (OSError, ValueError, EOFError, TypeError):
            pass
        else:
            if isinstance(freq, dict) and isinstance(total, int) and freq:
                tk.FREQ, tk.total, tk.initialized = freq, total, True
                return
    tk.initialize()


_USERDICT_LINE = re.compile(r"^(.+?)( [0-9]+)?( [a-z]+)?$")  # jieba's own re_userdict


def _user_words(path: Path) -> Iterable[tuple[str, int | None, str | None]]:
    """(word, frequency, tag) per line of a jieba user dictionary, parsed as jieba does."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip().lstrip("\ufeff")
            if not line:
                continue
            word, freq, tag = _USERDICT_LINE.match(line).groups()
            yield word, int(freq) if freq else None, tag.strip() if tag else None


class Tokenizer:
    """A private tokenizer (jieba or rjieba) plus the words and dictionary files of the rule packs."""

    def __init__(self, words: Iterable[str] = (), dictionaries: Iterable[Path] = (),
                 backend: str = "jieba") -> None:
        if backend not in BACKENDS:
            raise TokenizerError(f"未知的分词器 {backend!r}（可用：{'、'.join(BACKENDS)}）")
        self.backend = backend
        self._words = sorted({w for w in words if len(w) >= 2 and " " not in w and "\n" not in w})
        self._dictionaries = list(dictionaries)
        self._impl = None
        self._lock = threading.Lock()
        if backend == "rjieba":
            self._check_rjieba()

    @staticmethod
    def _check_rjieba() -> None:
        from importlib.util import find_spec

        if find_spec("rjieba") is None:
            raise TokenizerError("分词器 rjieba 未安装：请运行 pip install 'promolint[fast]'，或改用 --tokenizer jieba")

    def _load(self):
        with self._lock:
            if self._impl is None:
                self._impl = self._load_rjieba() if self.backend == "rjieba" else self._load_jieba()
            return self._impl

    def _load_jieba(self):
        jieba = _import_jieba()
        jieba.setLogLevel(logging.WARNING)
        logging.getLogger("jieba").setLevel(logging.WARNING)
        tk = jieba.Tokenizer()
        _initialize(tk, jieba)
        for path in self._dictionaries:
            tk.load_userdict(str(path))
        for word in self._words:
            tk.add_word(word)
        return tk.tokenize

    def _load_rjieba(self):
        import rjieba

        tk = rjieba.Jieba()
        for path in self._dictionaries:
            for word, freq, tag in _user_words(path):
                tk.add_word(word, freq, tag)
        for word in self._words:
            tk.add_word(word, None, None)
        return tk.tokenize

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
