"""What a check sees of one document: normalised text, segments and lazy token boundaries.

Tokens are computed per jieba block (a run of the characters jieba tokenises
together; it cuts its input at every other character, so a block's tokens are the
whole text's), only for blocks in which some rule needs token boundaries, so text
without candidates never reaches jieba.

Hostile input stays linear: a block longer than ``MAX_TOKEN_SPAN`` (a 50 MB line
without punctuation) is tokenised in windows around each candidate, and a phrase search over the
same scope span is done once per document, not once per trigger. Every pattern of a
rule runs under one time budget per rule and document (``regex_timeout``), so a
catastrophic user pattern fails that rule for that document instead of hanging.
"""

from __future__ import annotations

import bisect
import time
from contextlib import contextmanager, nullcontext
from functools import lru_cache
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import regex

from promolint import regex_cache
from promolint.engine.prefilter import pattern_anchors
from promolint.engine.rule import PhraseSet, Rule
from promolint.text.segment import Segments
from promolint.text.mentions import is_warning, quoted_in_warning, quoted_mention
from promolint.text.speakers import ASKING
from promolint.text.tokenize import Tokenizer


# Runs of word characters longer than this are tokenised in overlapping windows of this length;
# a candidate is looked up in the window that has at least TOKEN_MARGIN characters
# of context on both sides of it.
MAX_TOKEN_SPAN = 2000
TOKEN_MARGIN = 250
# Characters jieba tokenises in blocks (re_han_default); it cuts its input at every
# other character, so a run of these tokenises exactly as inside the whole text.
_JIEBA_WORD = regex_cache.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]")
_JIEBA_LONG_RUN = regex_cache.compile(_JIEBA_WORD.pattern + "{" + str(MAX_TOKEN_SPAN + 1) + ",}")
_JIEBA_CUT = regex_cache.compile(r"[^\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]")
_JIEBA_CUT_BEFORE = regex_cache.compile(r"(?r)[^\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]")
# The per-rule time budget grows by ``regex_timeout`` for every this many characters.
BUDGET_CHARS = 1_000_000


_MAX_PART_ANCHORS = 8  # parts with more literal anchors than this are simply scanned


@lru_cache(maxsize=None)
def _part_anchors(pattern: str) -> tuple[str, ...] | None:
    """A few literals one of which every match of ``pattern`` holds, or None."""
    found = pattern_anchors(pattern)
    return tuple(found) if found and len(found) <= _MAX_PART_ANCHORS else None


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
        self._budget = regex_timeout * (1 + len(text) / BUDGET_CHARS)
        self._deadline: float | None = None
        self._alarm = None
        self._boundaries: dict[tuple[int, int], set[int]] = {}
        self._memo: dict[tuple, object] = {}

    # --- time budget ----------------------------------------------------------------
    @property
    def budget(self) -> float:
        """Seconds each rule may spend on this document."""
        return self._budget

    def start_rule(self, alarm=None) -> None:
        """Open a fresh time budget for the next rule (the runner calls this). With an
        ``alarm`` (engine/budget.RuleAlarm) a timer enforces it, so regex calls need no
        timeout; loading jieba pauses it."""
        self._alarm = alarm
        self._deadline = time.monotonic() + self._budget

    @contextmanager
    def _jieba(self):
        """The tokenizer, for work outside the rule's budget: loading jieba's dictionary
        (~0.2-0.6 s the first time) and cutting a block are not the rule's patterns. The
        timer, if any, is paused (so jieba is never interrupted half-way); the deadline
        moves on by the time spent."""
        began = time.monotonic()
        with self._alarm.paused() if self._alarm is not None else nullcontext():
            yield self.tokenizer
        if self._deadline is not None:
            self._deadline += time.monotonic() - began

    @property
    def regex_timeout(self) -> float | None:
        """Seconds left in the current rule's budget: pass it as ``timeout=`` to every
        ``regex`` call (raises RegexTimeout when the budget is spent). None when a
        timer enforces the budget."""
        if self._alarm is not None:
            return None
        if self._deadline is None:
            return self._budget
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise RegexTimeout("时间预算已用完")
        return left

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

    def matches(self, phrases: PhraseSet) -> list[regex.Match]:
        """Overlapping matches of a phrase set over the whole text, exactly as its
        alternation finds them. A set that shares a pattern with another rule
        (``phrases.shared``) is scanned part by part, each part once per document for
        every rule that has it and skipped when none of its literal anchors occurs in
        the text; a big set is scanned in a few chunks (``PhraseSet.chunks``). Either
        way, at each start the first piece that matches there wins, as in the
        alternation."""
        if phrases.shared:
            pieces, shared = phrases.parts, True
        else:
            pieces, shared = phrases.chunks, False
            if len(pieces) == 1:
                return self.finditer(pieces[0], overlapped=True)
        first: dict[int, regex.Match] = {}
        for piece in pieces:
            anchors = _part_anchors(piece.pattern)
            if anchors is not None and not any(a in self.text for a in anchors):
                continue
            if shared:
                key = ("scan", piece)
                found = self._memo.get(key)
                if found is None:
                    found = self._memo[key] = self.finditer(piece, overlapped=True)
            else:
                found = self.finditer(piece, overlapped=True)
            for m in found:
                first.setdefault(m.start(), m)
        return [first[s] for s in sorted(first)]

    def find(self, pattern: regex.Pattern, start: int = 0, end: int | None = None) -> regex.Match | None:
        """The first match of a compiled pattern in ``text[start:end]``, bounded in time and
        remembered for the document: rules and checks asking the same question about the
        same span (is this paragraph qualified? is this sentence disclosed?) scan it once."""
        end = len(self.text) if end is None else end
        key = (pattern, start, end)
        if key not in self._memo:
            try:
                self._memo[key] = pattern.search(self.text, start, end, timeout=self.regex_timeout)
            except TimeoutError:
                raise RegexTimeout(pattern.pattern[:80]) from None
        return self._memo[key]

    def search(self, phrases: PhraseSet, start: int, end: int) -> regex.Match | None:
        """The first match of a rule's phrase set in ``text[start:end]`` (see ``find``),
        exactly as its alternation finds it. A big set is searched chunk by chunk
        (``PhraseSet.chunks``): the leftmost match wins, and at the same start the
        earlier chunk, as the alternation's earlier branch would."""
        if not phrases:
            return None
        chunks = phrases.chunks
        if len(chunks) == 1:
            return self.find(chunks[0], start, end)
        best = None
        for chunk in chunks:
            m = self.find(chunk, start, end)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best

    def memo(self, key: tuple, compute):
        """``compute()``, once per document and ``key``: work several checks share (the
        plan names of the document, the speed figures of a trigger) is done once.
        Start the key with something unique to the check (its module name)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    # --- tokens ---------------------------------------------------------------------
    def token_span(self, offset: int) -> tuple[int, int]:
        """The text tokenised for ``offset``: the run of characters jieba tokenises as one
        block (it cuts its input at every other character, so the run's tokens are the
        whole text's), or the character itself when jieba makes it a token of its own.
        In a run longer than MAX_TOKEN_SPAN, one of its overlapping windows (that length,
        each starting MAX_TOKEN_SPAN - 2 * TOKEN_MARGIN after the previous one): the one
        holding ``offset`` at least TOKEN_MARGIN characters away from either edge."""
        text = self.text
        if offset >= len(text):
            return len(text), len(text)
        if not _JIEBA_WORD.match(text, offset):
            if offset and text.startswith("\r\n", offset - 1):  # jieba keeps CRLF whole
                return offset - 1, offset + 1
            return (offset, offset + 2) if text.startswith("\r\n", offset) else (offset, offset + 1)
        left = _JIEBA_CUT_BEFORE.search(text, max(0, offset - MAX_TOKEN_SPAN), offset)
        right = _JIEBA_CUT.search(text, offset, offset + MAX_TOKEN_SPAN + 1)
        s = left.end() if left else (0 if offset <= MAX_TOKEN_SPAN else None)
        e = right.start() if right else (len(text) if offset + MAX_TOKEN_SPAN + 1 >= len(text) else None)
        if s is not None and e is not None and e - s <= MAX_TOKEN_SPAN:
            return s, e
        s, e = self._long_run(offset)
        stride = MAX_TOKEN_SPAN - 2 * TOKEN_MARGIN
        lo = s + max(0, (offset - s - TOKEN_MARGIN) // stride) * stride
        return lo, min(e, lo + MAX_TOKEN_SPAN)

    def _long_run(self, offset: int) -> tuple[int, int]:
        """The run (longer than MAX_TOKEN_SPAN) of jieba word characters holding ``offset``;
        all such runs are found in one pass, so hostile input stays linear."""
        runs = self._memo.get("long_runs")
        if runs is None:
            runs = self._memo["long_runs"] = [
                (m.start(), m.end()) for m in _JIEBA_LONG_RUN.finditer(self.text)]
        i = bisect.bisect_right(runs, (offset, len(self.text))) - 1
        return runs[i]

    def token_boundaries(self, offset: int) -> tuple[int, set[int]]:
        """(span start, boundary offsets relative to it) for the token span at ``offset``."""
        span = self.token_span(offset)
        cached = self._boundaries.get(span)
        if cached is None:
            with self._jieba() as tokenizer:
                cached = self._boundaries[span] = tokenizer.boundaries(self.text[span[0]:span[1]])
        return span[0], cached

    def aligned(self, start: int, end: int) -> bool:
        """True when ``text[start:end]`` starts and ends on jieba token boundaries."""
        base, cuts = self.token_boundaries(start)
        if (start - base) not in cuts:
            return False
        if end > self.token_span(start)[1]:  # crosses the span: check the end in its own
            base, cuts = self.token_boundaries(end - 1)
        return (end - base) in cuts

    def tokens(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """jieba tokens of ``text[start:end]`` with absolute offsets."""
        with self._jieba() as tokenizer:
            found = tokenizer.tokenize(self.text[start:end])
        return [(w, s + start, e + start) for w, s, e in found]

    # --- context tests --------------------------------------------------------------
    def negated(self, rule: Rule, start: int) -> bool:
        """A negation cue (不/无需/非…) closes the clause text just before ``start``."""
        cues = rule.trigger.negation_cues if rule.trigger else None
        if cues is None:
            return False
        clause_start = self.segments.enclosing("clause", start)[0]
        lo = max(clause_start, start - 12)
        try:
            return cues.search(self.text, lo, start, timeout=self.regex_timeout) is not None
        except TimeoutError:
            raise RegexTimeout(cues.pattern[:80]) from None

    def excepted(self, rule: Rule, start: int, end: int) -> bool:
        """An exception phrase (a known look-alike) overlaps the span. Exceptions are
        matched in the trigger's ``exception_scope`` (default: its sentence), which is
        all a lookaround in an exception pattern can see."""
        exc = rule.trigger.exceptions
        if not exc:
            return False
        s0, s1 = self.segments.enclosing(rule.trigger.exception_scope, start)
        key = ("exceptions", exc.compiled, s0, max(s1, end))
        spans = self._memo.get(key)
        if spans is None:  # once per sentence: (match starts, running max of match ends)
            starts, ends, reach = [], [], -1
            for m in self.finditer(exc.compiled, s0, max(s1, end), overlapped=True):
                reach = max(reach, m.end())
                starts.append(m.start())
                ends.append(reach)
            spans = self._memo[key] = (starts, ends)
        starts, ends = spans
        i = bisect.bisect_left(starts, end)  # matches starting before ``end``
        return i > 0 and ends[i - 1] > start

    def skipped(self, kinds: tuple[str, ...], start: int, end: int) -> bool:
        """The span lies where a rule's trigger makes no claim (``trigger.skip_in``): it
        overlaps text that asks rather than states (``text.speakers.ASKING``: a customer's
        or an FAQ's question line, a question), or is a quoted mention (``text.mentions``:
        also a scammer's line quoted in a fraud warning)."""
        for kind in kinds:
            if kind == "quoted-mentions":
                if quoted_mention(self.text, self.segments.enclosing("sentence", start), start, end):
                    return True
                warning = self._memo.get("warning")
                if warning is None:
                    warning = self._memo["warning"] = is_warning(self.text)
                if warning and quoted_in_warning(self.text, self.segments.enclosing("line", start), start, end):
                    return True
                continue
            key = ("asking", kind)
            spans = self._memo.get(key)
            if spans is None:  # (span starts, running max of span ends), once per document
                starts, ends, reach = [], [], -1
                for s, e in sorted(ASKING[kind](self.text)):
                    reach = max(reach, e)
                    starts.append(s)
                    ends.append(reach)
                spans = self._memo[key] = (starts, ends)
            starts, ends = spans
            i = bisect.bisect_left(starts, end)
            if i > 0 and ends[i - 1] > start:
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
