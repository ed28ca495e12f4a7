"""Which rules can match a text at all, decided by plain substring tests.

Every rule gets a set of *anchors*: literal strings at least one of which occurs in
any text its trigger can match (its literal terms, plus literals derived from each
regular expression by walking the pattern as the stdlib parser reads it, after
rewriting the ``regex``-only syntax the rules use: ``\\p{Han}``, repeated group
names). A rule whose anchors are all absent is skipped without running its regular
expressions, and a text with no candidate rule never reaches jieba. A pattern whose anchors cannot be derived
(case-insensitive, ``regex``-only syntax, nothing literal) makes its rule always a
candidate — the prefilter only ever skips work, it never changes results.
"""

from __future__ import annotations

try:  # Python 3.11+
    import re._constants as C
    import re._parser as sre_parse
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as C
    import sre_parse

import re as _re

import ahocorasick

from promolint import regex_cache
from promolint.engine.rule import Rule

_MAX_CLASS = 12  # a character class of up to this many literals becomes anchors
ANCHORS_VERSION = 2  # part of the on-disk cache key: bump when the derivation below changes


def _score(alts: frozenset[str]) -> tuple[int, int]:
    return (min(len(a) for a in alts), -len(alts))


def _best(options: list[frozenset[str]]) -> frozenset[str] | None:
    return max(options, key=_score) if options else None


def _seq(items) -> frozenset[str] | None:
    """Anchors of a sequence: the most selective requirement among its items."""
    options: list[frozenset[str]] = []
    run: list[str] = []

    def flush():
        if run:
            options.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero-width: neither a requirement nor a break in the run
        flush()
        req = _item(op, av)
        if req is not None:
            options.append(req)
    flush()
    return _best(options)


def _item(op, av) -> frozenset[str] | None:
    if op is C.SUBPATTERN:
        _group, add_flags, _del_flags, p = av
        if add_flags & (sre_parse.SRE_FLAG_IGNORECASE if hasattr(sre_parse, "SRE_FLAG_IGNORECASE") else 2):
            return None
        return _seq(p)
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _seq(av)
    if op is C.BRANCH:
        alts: set[str] = set()
        for branch in av[1]:
            req = _seq(branch)
            if req is None:
                return None
            alts |= req
        return frozenset(alts)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)):
        lo, _hi, p = av
        return _seq(p) if lo >= 1 else None
    if op is C.IN:
        chars = []
        for sub_op, sub_av in av:
            if sub_op is not C.LITERAL:
                return None
            chars.append(chr(sub_av))
        return frozenset(chars) if 0 < len(chars) <= _MAX_CLASS else None
    return None


def pattern_anchors(pattern: str) -> frozenset[str] | None:
    """Literals one of which every match of ``pattern`` contains; None if unknown.
    Parsing is slow next to a start-up budget, so results are cached with compiled patterns."""
    found = regex_cache.derived(f"anchors-{ANCHORS_VERSION}", pattern, lambda: _anchors_tuple(pattern))
    return None if found is None else frozenset(found)


def _anchors_tuple(pattern: str) -> tuple[str, ...] | None:
    found = _pattern_anchors(pattern)
    return None if found is None else tuple(sorted(found))


# regex-module syntax the stdlib parser rejects, rewritten into stdlib syntax that matches
# the same literals: a Unicode property (\p{Han}, \P{L}) becomes \w — not a literal, inside
# a class too — and a named group, whose name the rules may repeat across branches, a plain
# group. Escapes are matched first so that an escaped backslash or parenthesis stays as is.
_REGEX_ONLY = _re.compile(r"\\[pP](?:\{[^}]*\}|[A-Za-z])|\\.|\(\?P?<(?![=!])[A-Za-z_]\w*>")


def _stdlib_syntax(pattern: str) -> str:
    def swap(m: _re.Match) -> str:
        tok = m.group()
        if tok.startswith("("):
            return "(?:"
        return r"\w" if tok[1] in "pP" else tok
    return _REGEX_ONLY.sub(swap, pattern)


# regex-module syntax the stdlib parser would misread as literals instead of rejecting:
# a fuzzy constraint ((?:送){e<=1} may match text without 送) and a POSIX class ([[:alpha:]]).
_MISREAD = _re.compile(r"(?<!\\)\{[^}\d,\s]|\[\[:")


def _pattern_anchors(pattern: str) -> frozenset[str] | None:
    pattern = _stdlib_syntax(pattern)
    if _MISREAD.search(pattern):
        return None
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:  # regex-module-only syntax, or anything the stdlib parser rejects
        return None
    if parsed.state.flags & 2:  # re.IGNORECASE
        return None
    return _seq(list(parsed))


def rule_anchors(rule: Rule) -> frozenset[str] | None:
    """Anchors of a rule's trigger; None means 'always a candidate'."""
    trig = rule.trigger
    if trig is None or not trig.phrases:
        return None
    anchors = set(trig.phrases.terms)
    for p in trig.phrases.patterns:
        req = pattern_anchors(p)
        if req is None:
            return None
        anchors |= req
    return frozenset(anchors) if anchors else None


class Prefilter:
    """Cheap per-text candidate test for a fixed list of rules: one Aho-Corasick pass
    over the text finds every anchor of every rule at once (overlapping ones too), so
    its cost does not grow with the number of rules or anchors."""

    def __init__(self, rules: list[Rule]) -> None:
        self._always: list[Rule] = []
        self._anchored: list[Rule] = []
        owners: dict[str, list[int]] = {}
        for rule in rules:
            anchors = rule_anchors(rule) if rule.check != "python" or rule.trigger else None
            if anchors is None:
                self._always.append(rule)
                continue
            for anchor in anchors:
                owners.setdefault(anchor, []).append(len(self._anchored))
            self._anchored.append(rule)
        self._automaton = ahocorasick.Automaton()
        for anchor, idx in owners.items():
            self._automaton.add_word(anchor, frozenset(idx))
        if owners:
            self._automaton.make_automaton()
        self._order = {id(r): i for i, r in enumerate(rules)}

    def candidates(self, text: str) -> list[Rule]:
        """Rules that might match ``text``, in their original order."""
        found: set[int] = set()
        if self._anchored:
            wanted = len(self._anchored)
            for _end, idx in self._automaton.iter(text):
                found |= idx
                if len(found) == wanted:
                    break
        rules = [self._anchored[i] for i in found] + self._always
        rules.sort(key=lambda r: self._order[id(r)])
        return rules
