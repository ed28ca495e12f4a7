"""What a check sees of one document: normalised text, segments and lazy token boundaries.

Tokens are computed per sentence, only for sentences in which some rule has a
candidate match, so text without candidates never reaches jieba.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import regex

from promolint.engine.rule import PhraseSet, Rule
from promolint.text.segment import Segments
from promolint.text.tokenize import Tokenizer


class RegexTimeout(Exception):
    """A rule's pattern exceeded its time budget on this document."""


@dataclass
class Hit:
    """A rule's match, in normalised-text offsets, before it becomes a Finding."""

    start: int
    end: int
    message: str | None = None
    suggestion: str | None = None
    severity: str | None = None
    values: dict = field(default_factory=dict)


class CheckContext:
    """Shared, lazily computed views of one normalised document for all rules."""

    def __init__(self, text: str, tokenizer: Tokenizer, regex_timeout: float = 2.0,
                 settings: Mapping | None = None, document=None) -> None:
        self.text = text
        # Run-wide settings from the configuration/command line (e.g. "catalogue",
        # "as_of") and the Document itself (path, source with front matter), read-only.
        self.settings = MappingProxyType(dict(settings or {}))
        self.document = document
        self.segments = Segments(text)
        self.tokenizer = tokenizer
        self.regex_timeout = regex_timeout
        self._boundaries: dict[tuple[int, int], set[int]] = {}

    # --- scanning -------------------------------------------------------------------
    def finditer(self, pattern: regex.Pattern, start: int = 0, end: int | None = None,
                 overlapped: bool = False):
        """All matches of a compiled pattern, bounded in time (raises RegexTimeout)."""
        end = len(self.text) if end is None else end
        try:
            return list(pattern.finditer(self.text, start, end, overlapped=overlapped,
                                         timeout=self.regex_timeout))
        except TimeoutError:
            raise RegexTimeout(pattern.pattern[:80]) from None

    def search(self, phrases: PhraseSet, start: int, end: int) -> regex.Match | None:
        if not phrases:
            return None
        try:
            return phrases.compiled.search(self.text, start, end, timeout=self.regex_timeout)
        except TimeoutError:
            raise RegexTimeout(phrases.compiled.pattern[:80]) from None

    # --- tokens ---------------------------------------------------------------------
    def token_boundaries(self, offset: int) -> tuple[int, set[int]]:
        """(sentence start, boundary offsets relative to it) for the sentence at ``offset``."""
        span = self.segments.enclosing("sentence", offset)
        cached = self._boundaries.get(span)
        if cached is None:
            cached = self.tokenizer.boundaries(self.text[span[0]:span[1]])
            self._boundaries[span] = cached
        return span[0], cached

    def aligned(self, start: int, end: int) -> bool:
        """True when ``text[start:end]`` starts and ends on jieba token boundaries."""
        base, cuts = self.token_boundaries(start)
        s_end = self.segments.enclosing("sentence", start)[1]
        if end > s_end:  # crosses a sentence: check the end in its own sentence
            base2, cuts2 = self.token_boundaries(end - 1)
            return (start - base) in cuts and (end - base2) in cuts2
        return (start - base) in cuts and (end - base) in cuts

    def tokens(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """jieba tokens of ``text[start:end]`` with absolute offsets."""
        return [(w, s + start, e + start) for w, s, e in self.tokenizer.tokenize(self.text[start:end])]

    # --- context tests --------------------------------------------------------------
    def negated(self, rule: Rule, start: int) -> bool:
        """A negation cue (不/无需/非…) closes the clause text just before ``start``."""
        cues = rule.trigger.negation_cues if rule.trigger else None
        if cues is None:
            return False
        clause_start = self.segments.enclosing("clause", start)[0]
        lo = max(clause_start, start - 12)
        return cues.search(self.text, lo, start, timeout=self.regex_timeout) is not None

    def excepted(self, rule: Rule, start: int, end: int) -> bool:
        """An exception phrase (a known look-alike) overlaps the span."""
        exc = rule.trigger.exceptions
        if not exc:
            return False
        s0, s1 = self.segments.enclosing("sentence", start)
        for m in self.finditer(exc.compiled, s0, max(s1, end), overlapped=True):
            if m.start() < end and m.end() > start:
                return True
        return False

    def scope_has(self, phrases: PhraseSet, scope: str, offset: int) -> regex.Match | None:
        s, e = self.segments.enclosing(scope, offset)
        return self.search(phrases, s, e)

    def disclosed(self, rule: Rule, start: int, end: int) -> bool:
        """A disclosure phrase appears in the rule's scope, a linked footnote or fine print."""
        d = rule.disclosure
        if d is None:
            return False
        if self.scope_has(d.phrases, d.scope, start):
            return True
        if d.footnotes:
            line = self.segments.enclosing("line", start)
            for s, e in self.segments.linked_footnotes(start, line[1]):
                if self.search(d.phrases, s, e):
                    return True
        if d.rules_section:
            for s, e in self.segments.rules_sections:
                if self.search(d.phrases, s, e):
                    return True
        return False
