"""The Linter: runs the enabled rules over one Document and returns located Findings.

Order of work per document: normalise → run each rule's extension point on the
shared CheckContext → drop hits overridden by a more specific rule → map spans to
the original source → apply inline suppressions → sort → for containers read as one
document (``Document.records``, e.g. docx), name each finding's record and make its
position relative to that record.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field

from promolint.engine.budget import RuleAlarm
from promolint.engine.context import CheckContext, Hit, RegexTimeout
from promolint.engine.crossdoc import Fact, FactHit, locate
from promolint.engine.packs import RuleSet
from promolint.engine.points import POINTS
from promolint.engine.prefilter import Prefilter
from promolint.engine.rule import Rule, RuleError
from promolint.models import FileError, Finding, Severity
from promolint.sources.base import Document, LineIndex
from promolint.suppression import parse as parse_suppressions
from promolint.text.normalize import normalize
from promolint.text.tokenize import Tokenizer

UNUSED_SUPPRESSION = ("PL001", "unused-suppression", "suppression")


@dataclass
class DocumentResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)  # for cross-document rules (crossdoc.py)


class Linter:
    """Holds the loaded rules and the (lazy) tokenizer; lints documents one at a time."""

    def __init__(self, ruleset: RuleSet, enabled: set[str] | None = None,
                 severity: dict[str, Severity] | None = None,
                 report_unused_suppressions: bool = False,
                 regex_timeout: float = 2.0, settings: dict | None = None) -> None:
        self.ruleset = ruleset
        self.rules = [r for r in ruleset.rules if enabled is None or r.code in enabled]
        self.severity = severity or {}
        self.report_unused = report_unused_suppressions
        self.regex_timeout = regex_timeout
        self.settings = dict(settings or {})
        self.tokenizer = Tokenizer(ruleset.vocabulary(), ruleset.dictionaries)
        self.prefilter = Prefilter(self.rules)

    def lint(self, doc: Document, ignored: set[str] = frozenset()) -> DocumentResult:
        result = DocumentResult()
        if not doc.text.strip():
            return result
        norm = normalize(doc.text)
        rules = [r for r in self.prefilter.candidates(norm.text) if r.code not in ignored]
        if not rules and not self.report_unused:
            return result
        ctx = CheckContext(norm.text, self.tokenizer, self.regex_timeout, self.settings, doc)
        hits: list[tuple[Rule, Hit]] = []
        fact_hits: list[tuple[Rule, FactHit]] = []
        with RuleAlarm.installed() as alarm:
            for rule in rules:
                try:
                    ctx.start_rule(alarm)  # each rule gets its own time budget
                    with alarm.rule(ctx.budget) if alarm else nullcontext():
                        if rule.check == "corpus":  # facts now, comparison after the run
                            fact_hits += [(rule, h) for h in _extract(ctx, rule)]
                            continue
                        rule_hits = list(POINTS[rule.check](ctx, rule))
                    hits += [(rule, hit) for hit in rule_hits]
                except (RegexTimeout, TimeoutError):  # TimeoutError: a python check's own regex call
                    result.errors.append(FileError(
                        _where(doc), f"规则 {rule.code} 运行超时（超出 regex-timeout 时间预算），已跳过该规则"))
                except RuleError as exc:
                    result.errors.append(FileError(_where(doc), f"规则 {rule.code} 无法运行：{_one_line(exc)}"))
                except (Exception, SystemExit) as exc:  # a broken python check must not stop the batch
                    result.errors.append(FileError(
                        _where(doc), f"规则 {rule.code} 运行出错：{type(exc).__name__}: {_one_line(exc)}"))
        hits = _one_per_problem(ctx, hits)
        if not hits and not fact_hits and not self.report_unused:
            return result
        lines = LineIndex(doc.source)
        suppress = parse_suppressions(doc.source)
        seen: set[tuple] = set()
        for rule, hit in hits:
            finding = self._finding(doc, norm, lines, rule, hit)
            key = (finding.rule, finding.line, finding.column, finding.end_line, finding.end_column)
            if key in seen:
                continue
            seen.add(key)
            if suppress.match(finding.line, finding.rule, finding.category):
                continue
            result.findings.append(finding)
        if fact_hits:
            result.facts = self._facts(doc, norm, lines, suppress, fact_hits)
        if self.report_unused:
            for d in suppress.directives:
                if not d.used:
                    code, name, category = UNUSED_SUPPRESSION
                    result.findings.append(Finding(
                        path=doc.path, line=d.line, column=d.column, end_line=d.line,
                        end_column=d.end_column, rule=code, name=name, category=category,
                        severity=Severity.WARNING,
                        message=f"抑制注释“{d.text}”没有抑制任何问题",
                        excerpt=d.text, suggestion="删除这条抑制注释", record=doc.record,
                        line_text=lines.line_text(doc.source, d.line)))
        result.findings.sort(key=Finding.sort_key)
        if doc.records is not None:
            # A container linted as one document (docx): name each finding's record and
            # make its line/column relative to that record, in document order.
            result.findings = doc.records.relocate(result.findings, doc.source, lines)
        return result

    def _facts(self, doc, norm, lines, suppress, fact_hits) -> list[Fact]:
        """Locate extracted facts like findings (record-relative in containers)."""
        provisional = [self._finding(doc, norm, lines, rule, Hit(fh.start, fh.end))
                       for rule, fh in fact_hits]
        suppressed = [suppress.match(f.line, f.rule, f.category) for f in provisional]
        if doc.records is not None:
            provisional = [doc.records.relocate([f], doc.source, lines)[0] for f in provisional]
        return [locate(f, fh, s) for f, (_, fh), s in zip(provisional, fact_hits, suppressed)]

    def _finding(self, doc, norm, lines, rule: Rule, hit: Hit) -> Finding:
        ts, te = norm.original_span(hit.start, hit.end)
        ss, se = doc.source_span(ts, te)
        line, col = lines.position(ss)
        end_line, end_col = lines.position(se) if se > ss else (line, col)
        excerpt = doc.source[ss:se]
        values = {"match": excerpt, **hit.values}
        severity = self.severity.get(rule.code) or (
            Severity.parse(hit.severity) if hit.severity else rule.severity)
        return Finding(
            path=doc.path, line=line, column=col, end_line=end_line, end_column=end_col,
            rule=rule.code, name=rule.name, category=rule.category, severity=severity,
            message=_fill(hit.message or rule.message, values),
            excerpt=excerpt, suggestion=_fill(hit.suggestion or rule.suggestion, values),
            record=doc.record, line_text=lines.line_text(doc.source, line),
        )


def _fill(template: str, values: dict) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", str(value))
    return template


def _extract(ctx: CheckContext, rule: Rule) -> list[FactHit]:
    from promolint.engine.points.python import resolve

    return list(resolve(rule.entry, str(rule.source.parent))(ctx, rule))


def _one_line(exc: BaseException, limit: int = 300) -> str:
    """An exception's message as one line (a check's error text may span several)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[:limit] + "…"


def _where(doc: Document) -> str:
    return f"{doc.path} ({doc.record})" if doc.record else doc.path


def _one_per_problem(ctx: CheckContext, hits: list[tuple[Rule, Hit]]) -> list[tuple[Rule, Hit]]:
    """One problem, one finding: drop the hits a more specific rule owns (``overrides``:
    "全网最低价" is reported by the price-claim rule, not also by the generic
    superlative one), and keep each ``once_per`` rule's first hit per scope span.

    An owned hit ends its rule's ``once_per`` span only when the owner reports the same
    category (PL104's 充100送100 is the offer problem PL101's 话费翻倍 would repeat); an
    owner of another category (PL503's 信号满格 over PL302) leaves the rule's next hit in
    the span (秒开) to be reported. The order of the hits is kept.
    """
    overriders = [(r, h) for r, h in hits if r.overrides]

    def owner(rule: Rule, hit: Hit) -> Rule | None:
        for o_rule, o_hit in overriders:
            if rule.code in o_rule.overrides and o_hit.start < hit.end and hit.start < o_hit.end:
                return o_rule
        return None

    seen: set[tuple[str, int, int]] = set()
    kept: set[int] = set()
    for rule, hit in sorted(hits, key=lambda rh: rh[1].start):
        o_rule = owner(rule, hit) if overriders else None
        if not rule.once_per:
            if o_rule is None:
                kept.add(id(hit))
            continue
        key = (rule.code, *ctx.segments.enclosing(rule.once_per, hit.start))
        if key in seen:
            continue
        if o_rule is None:
            kept.add(id(hit))
            seen.add(key)
        elif o_rule.category == rule.category:
            seen.add(key)
    return [(r, h) for r, h in hits if id(h) in kept]


