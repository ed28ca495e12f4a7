"""Rule definitions: strict decoding of a rule file into a compiled, immutable Rule.

A rule file is TOML (see docs/rule-packs.md). Decoding is strict in the manner of
Vale: an unknown key, a value of the wrong type or a pattern that does not compile
is a RuleError naming the file and the key, raised before anything is linted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from promolint import regex_cache
from promolint.models import Severity
from promolint.text.segment import SCOPES
from promolint.text.speakers import ASKING

# Places where a trigger makes no claim (trigger.skip_in): a customer's or an FAQ's
# question line, a question (text.speakers), a word quoted to talk about it (text.mentions).
SKIP_IN = (*ASKING, "quoted-mentions")

CHECK_TYPES = ("existence", "conditional", "python", "corpus")
CODE_RE = re.compile(r"^[A-Z]{1,6}[0-9]{3,4}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

DEFAULT_NEGATION_CUES = (
    r"不(?![仅但只止论管断少错同限超停过光])",
    r"无需", r"无须", r"毋须", r"毋需", r"不需要", r"不用", r"不必",
    r"非", r"并非", r"绝不", r"决不", r"不会", r"没有", r"未",
    r"无(?![论限线])", r"拒绝", r"禁止", r"严禁", r"杜绝", r"不得", r"反对",
)


class RuleError(Exception):
    """A rule or pack definition is invalid; the message names the file and key."""


CHUNK_FROM = 16  # phrase sets with this many parts are scanned in CHUNKS pieces
CHUNKS = 4


class PhraseSet:
    """Literal phrases plus regular expressions, matched as one alternation.

    The alternation is compiled on first use: compiling with the ``regex`` module is
    slow (~4 ms a pattern), and most runs need only the few rules whose anchors occur
    in the text. User packs are validated eagerly (``build(validate=True)``), so a
    broken pattern is still an error before anything is linted; the built-in packs
    are compiled in full by the test suite instead.
    """

    __slots__ = ("terms", "patterns", "_source", "_compiled", "_parts", "_chunks", "shared")

    def __init__(self, terms: tuple[str, ...] = (), patterns: tuple[str, ...] = ()) -> None:
        self.terms = tuple(terms)
        self.patterns = tuple(patterns)
        self._source = "|".join(self._part_sources()) or None
        self._compiled = None
        self._parts = None
        self._chunks = None
        self.shared = False  # set by load_rules: another rule's trigger has one of the patterns

    @classmethod
    def build(cls, terms: list[str], patterns: list[str], where: str,
              validate: bool = True) -> "PhraseSet":
        if validate:
            for i, p in enumerate(patterns):
                try:
                    regex_cache.compile(p)
                except regex.error as exc:
                    raise RuleError(f"{where}.patterns[{i}]: 正则表达式无法编译：{exc}") from None
        phrases = cls(tuple(terms), tuple(patterns))
        if validate and phrases:
            try:
                phrases.compiled
            except regex.error as exc:
                raise RuleError(f"{where}.patterns: 组合后的正则表达式无法编译：{exc}") from None
        return phrases

    @property
    def compiled(self) -> regex.Pattern | None:
        if self._compiled is None and self._source is not None:
            self._compiled = regex_cache.compile(self._source)
        return self._compiled

    @property
    def parts(self) -> tuple[regex.Pattern, ...]:
        """The alternation's parts compiled one by one, in its order: all terms as one
        pattern (longest first, as in the alternation), then each pattern. Scanning the
        parts separately finds what the alternation finds (see CheckContext.matches)
        and lets rules that share a pattern share its scan."""
        if self._parts is None:
            self._parts = tuple(regex_cache.compile(src) for src in self._part_sources())
        return self._parts

    @property
    def chunks(self) -> tuple[regex.Pattern, ...]:
        """The alternation in CHUNKS runs of consecutive parts, each compiled as one
        alternation, when it has at least CHUNK_FROM parts; else the whole alternation.

        ``regex`` tries every branch at every position, and a big alternation costs more
        than its pieces: on the benchmark ads PL101's 24 parts scan in 51 ms whole, 36 ms
        in 4 chunks, 44 ms part by part (the per-call cost of 24 scans); PL401's 36 parts
        51 / 34 / 71 ms; sets under ~16 parts are fastest whole. Matches are the same
        (see CheckContext.matches)."""
        if self._chunks is None:
            parts = self._part_sources()
            if len(parts) < CHUNK_FROM:
                self._chunks = (self.compiled,) if self else ()
            else:
                head, rest = (parts[:1], parts[1:]) if self.terms else ([], parts)
                size = -(-len(rest) // CHUNKS)
                self._chunks = tuple(regex_cache.compile(src) for src in head + [
                    "|".join(rest[i:i + size]) for i in range(0, len(rest), size)])
        return self._chunks

    def _part_sources(self) -> list[str]:
        # Longest first, as the alternation needs; ties by text, so that the source (the
        # on-disk cache's key) is the same in every process whatever the hash seed.
        parts = ["|".join(regex.escape(t) for t in sorted(set(self.terms), key=lambda t: (-len(t), t)))] \
            if self.terms else []
        return parts + [f"(?:{p})" for p in self.patterns]

    def __bool__(self) -> bool:
        return self._source is not None


@dataclass(frozen=True)
class Trigger:
    phrases: PhraseSet
    exceptions: PhraseSet
    boundary: str = "token"
    negation: bool = True
    negation_cues: regex.Pattern | None = None
    negation_window: int = 3
    context: PhraseSet = field(default_factory=PhraseSet)
    context_scope: str = "sentence"
    exception_scope: str = "sentence"  # the text an exception pattern may look at (lookarounds)
    skip_in: tuple[str, ...] = ()  # where the trigger makes no claim (SKIP_IN)


@dataclass(frozen=True)
class Disclosure:
    phrases: PhraseSet
    scope: str = "paragraph"
    footnotes: bool = True
    rules_section: bool = True


@dataclass(frozen=True)
class RuleDocs:
    what: str
    why: str
    basis: tuple[str, ...]
    flagged: tuple[str, ...]
    compliant: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: str
    severity: Severity
    check: str
    message: str
    suggestion: str
    docs: RuleDocs
    trigger: Trigger | None
    disclosure: Disclosure | None
    source: Path
    pack: str
    overrides: tuple[str, ...] = ()
    entry: str | None = None
    options: dict = field(default_factory=dict)
    once_per: str | None = None
    compare: str | None = None  # check = "corpus": how facts are compared (default: majority)

    def vocabulary(self) -> set[str]:
        """Literal phrases that should be single jieba tokens."""
        words: set[str] = set()
        if self.trigger:
            words.update(self.trigger.phrases.terms)
            words.update(self.trigger.exceptions.terms)
        if self.disclosure:
            words.update(self.disclosure.phrases.terms)
        return words


# ---- strict decoding ---------------------------------------------------------------

_TOP_KEYS = {
    "code", "name", "category", "severity", "check", "message", "suggestion",
    "overrides", "entry", "options", "trigger", "disclosure", "docs", "once_per", "compare",
}
_TRIGGER_KEYS = {
    "terms", "patterns", "exceptions", "exception_patterns", "boundary", "negation",
    "negation_cues", "negation_window", "context", "context_patterns", "context_scope",
    "exception_scope", "skip_in",
}
_DISCLOSURE_KEYS = {"terms", "patterns", "scope", "footnotes", "rules_section"}
_DOCS_KEYS = {"what", "why", "basis", "flagged", "compliant"}


class _Reader:
    """Typed access to one TOML table that records which keys were used."""

    def __init__(self, data: dict, where: str, allowed: set[str]) -> None:
        if not isinstance(data, dict):
            raise RuleError(f"{where}: 应为表（table）")
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise RuleError(f"{where}.{unknown[0]}: 未知的键（可用：{', '.join(sorted(allowed))}）")
        self.data = data
        self.where = where

    def get(self, key: str, kind: type | tuple, default: Any = ..., required: bool = False):
        if key not in self.data:
            if required:
                raise RuleError(f"{self.where}.{key}: 缺少必填项")
            return default
        value = self.data[key]
        if kind is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise RuleError(f"{self.where}.{key}: 应为字符串数组")
            return list(value)
        if kind is bool and not isinstance(value, bool):
            raise RuleError(f"{self.where}.{key}: 应为 true 或 false")
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise RuleError(f"{self.where}.{key}: 应为整数")
        if kind is str and not isinstance(value, str):
            raise RuleError(f"{self.where}.{key}: 应为字符串")
        if kind is dict and not isinstance(value, dict):
            raise RuleError(f"{self.where}.{key}: 应为表（table）")
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.get(key, str, default)
        if value not in choices:
            raise RuleError(f"{self.where}.{key}: 取值 {value!r} 无效（可用：{', '.join(choices)}）")
        return value

    def choices(self, key: str, choices: tuple[str, ...]) -> tuple[str, ...]:
        values = self.get(key, list, [])
        for value in values:
            if value not in choices:
                raise RuleError(f"{self.where}.{key}: 取值 {value!r} 无效（可用：{', '.join(choices)}）")
        return tuple(dict.fromkeys(values))


def _phrases(r: _Reader, terms_key: str, patterns_key: str, validate: bool = True) -> PhraseSet:
    terms = r.get(terms_key, list, [])
    if any(not t for t in terms):
        raise RuleError(f"{r.where}.{terms_key}: 不能包含空字符串")
    return PhraseSet.build(terms, r.get(patterns_key, list, []), f"{r.where}", validate)


def decode_rule(data: dict, source: Path, pack: str, categories: set[str],
                validate_patterns: bool = True) -> Rule:
    """Validate one parsed rule file and compile it (patterns lazily when not validating)."""
    where = str(source)
    top = _Reader(data, where, _TOP_KEYS)
    code = top.get("code", str, required=True)
    if not CODE_RE.match(code):
        raise RuleError(f"{where}.code: {code!r} 不是有效的规则代码（如 PL301）")
    name = top.get("name", str, required=True)
    if not NAME_RE.match(name):
        raise RuleError(f"{where}.name: {name!r} 应为小写连字符形式（如 bandwidth-without-conditions）")
    category = top.get("category", str, required=True)
    if category not in categories:
        raise RuleError(f"{where}.category: 未知类别 {category!r}")
    try:
        severity = Severity.parse(top.get("severity", str, "error"))
    except ValueError:
        raise RuleError(f"{where}.severity: 应为 error、warning 或 info") from None
    check = top.choice("check", CHECK_TYPES, "existence")
    message = top.get("message", str, required=True)
    suggestion = top.get("suggestion", str, "")
    overrides = tuple(top.get("overrides", list, []))
    entry = top.get("entry", str, None)
    compare = top.get("compare", str, None)
    options = top.get("options", dict, {})
    once_per = top.choice("once_per", SCOPES + ("",), "") or None

    trigger = None
    if "trigger" in data:
        t = _Reader(data["trigger"], f"{where}.trigger", _TRIGGER_KEYS)
        phrases = _phrases(t, "terms", "patterns", validate_patterns)
        if not phrases:
            raise RuleError(f"{where}.trigger: terms 与 patterns 至少需要一项")
        cues = t.get("negation_cues", list, None)
        cue_list = cues if cues is not None else list(DEFAULT_NEGATION_CUES)
        window = t.get("negation_window", int, 3)
        if not 0 <= window <= 20:
            raise RuleError(f"{where}.trigger.negation_window: 应在 0 到 20 之间")
        try:
            cue_re = regex_cache.compile(
                "(?:" + "|".join(f"(?:{c})" for c in cue_list) + f")[^，,。；;！!？?：:\\n]{{0,{window}}}$"
            ) if cue_list else None
        except regex.error as exc:
            raise RuleError(f"{where}.trigger.negation_cues: 正则表达式无法编译：{exc}") from None
        trigger = Trigger(
            phrases=phrases,
            exceptions=_phrases(t, "exceptions", "exception_patterns", validate_patterns),
            boundary=t.choice("boundary", ("token", "none"), "token"),
            negation=t.get("negation", bool, True),
            negation_cues=cue_re,
            negation_window=window,
            context=_phrases(t, "context", "context_patterns", validate_patterns),
            context_scope=t.choice("context_scope", SCOPES, "sentence"),
            exception_scope=t.choice("exception_scope", SCOPES, "sentence"),
            skip_in=t.choices("skip_in", SKIP_IN),
        )

    disclosure = None
    if "disclosure" in data:
        d = _Reader(data["disclosure"], f"{where}.disclosure", _DISCLOSURE_KEYS)
        phrases = _phrases(d, "terms", "patterns", validate_patterns)
        if not phrases:
            raise RuleError(f"{where}.disclosure: terms 与 patterns 至少需要一项")
        disclosure = Disclosure(
            phrases=phrases,
            scope=d.choice("scope", SCOPES, "paragraph"),
            footnotes=d.get("footnotes", bool, True),
            rules_section=d.get("rules_section", bool, True),
        )

    if check in ("existence", "conditional") and trigger is None:
        raise RuleError(f"{where}.trigger: check = \"{check}\" 需要 [trigger] 表")
    if check == "conditional" and disclosure is None:
        raise RuleError(f"{where}.disclosure: check = \"conditional\" 需要 [disclosure] 表")
    if check == "existence" and disclosure is not None:
        raise RuleError(f"{where}.disclosure: 仅 check = \"conditional\" 可使用 [disclosure]")
    if check in ("python", "corpus") and not entry:
        raise RuleError(f"{where}.entry: check = \"{check}\" 需要 entry（如 \"checks.py:run\"）")
    if compare is not None and check != "corpus":
        raise RuleError(f"{where}.compare: 仅 check = \"corpus\" 可使用 compare")

    dr = _Reader(data.get("docs", {}), f"{where}.docs", _DOCS_KEYS)
    docs = RuleDocs(
        what=dr.get("what", str, required=True),
        why=dr.get("why", str, required=True),
        basis=tuple(dr.get("basis", list, [])),
        flagged=tuple(dr.get("flagged", list, [])),
        compliant=tuple(dr.get("compliant", list, [])),
    )
    return Rule(
        code=code, name=name, category=category, severity=severity, check=check,
        message=message, suggestion=suggestion, docs=docs, trigger=trigger,
        disclosure=disclosure, source=source, pack=pack, overrides=overrides,
        entry=entry, options=options, once_per=once_per, compare=compare,
    )
