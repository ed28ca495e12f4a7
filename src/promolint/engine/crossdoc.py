"""Cross-document checks (``check = "corpus"``): facts per document, conflicts per run.

Per-document work runs in worker processes, so a rule that compares documents works
in two phases:

1. **extract** (in the worker, inside ``Linter.lint``): the rule's ``entry`` function
   gets the document's ``CheckContext`` and returns ``FactHit``s — a subject key
   (e.g. a plan name), a fact kind, a comparable value, in normalised-text offsets.
   The runner locates each one exactly like a finding (line, column, record, excerpt)
   and notes whether a suppression comment covers it; the result is a small picklable
   ``Fact`` that travels back inside the ``FileResult``.
2. **compare** (in the parent, after every file): ``Corpus`` groups the facts by rule,
   group (the whole run, or one folder with ``group_by = "folder"``), subject and kind,
   and hands each group to the rule's ``compare`` function (default ``majority``),
   which returns ``Conflict``s. Each conflict becomes one ``Finding`` at the fact,
   with the reference fact as a ``RelatedLocation``.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from promolint.models import Finding, RelatedLocation, Severity

GROUP_BY = ("run", "folder")


@dataclass(frozen=True)
class FactHit:
    """What an extractor returns: a fact about a subject at a span of normalised text."""

    start: int
    end: int
    key: str              # the subject, e.g. a plan key "畅享|129|plan"
    kind: str             # what is stated about it, e.g. "price"
    value: Hashable       # comparable, normalised value (24 for 两年 and 24个月)
    subject: str = ""     # the subject as written, for messages
    label: str = ""       # the kind in words, for messages (月费)
    shown: str = ""       # the normalised value in words (24个月)


@dataclass(frozen=True)
class Fact:
    """A located fact of one document (picklable: sent back from worker processes)."""

    rule: str
    path: str
    record: str | None
    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str
    line_text: str
    key: str
    kind: str
    value: Hashable
    subject: str
    label: str
    shown: str
    suppressed: bool = False

    @property
    def document(self) -> tuple[str, str | None]:
        return (self.path, self.record)

    def where(self) -> str:
        record = f" [{self.record}]" if self.record else ""
        return f"{self.path}{record}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Conflict:
    """A fact that disagrees with a reference fact about the same subject."""

    fact: Fact
    reference: Fact


def locate(finding: Finding, hit: FactHit, suppressed: bool) -> Fact:
    """A Fact at the location the runner computed for ``hit`` (as a provisional Finding)."""
    return Fact(
        rule=finding.rule, path=finding.path, record=finding.record, line=finding.line,
        column=finding.column, end_line=finding.end_line, end_column=finding.end_column,
        excerpt=finding.excerpt, line_text=finding.line_text, key=hit.key, kind=hit.kind,
        value=hit.value, subject=hit.subject, label=hit.label, shown=hit.shown or finding.excerpt,
        suppressed=suppressed,
    )


def majority(facts: list[Fact], rule) -> list[Conflict]:
    """Report minority values against the majority, one conflict per document and value.

    ``facts`` share rule, group, subject and kind, in run order (documents in input
    order, facts in document order). The reference value is the one stated by the most
    documents; a tie goes to the value seen first. Every other value a document states
    is one conflict, at its first occurrence in that document, against the reference
    value in the same document if it states it too (a headline that contradicts the
    body), else against the first document stating it. Two documents that disagree
    therefore give one finding, not two; five posters against one hotline script give
    one finding, at the hotline script.
    """
    per_doc: dict[tuple, dict[Hashable, Fact]] = {}
    docs_per_value: dict[Hashable, int] = {}
    first_seen: dict[Hashable, int] = {}
    first_fact: dict[Hashable, Fact] = {}
    for i, fact in enumerate(facts):
        values = per_doc.setdefault(fact.document, {})
        if fact.value not in values:
            values[fact.value] = fact
            docs_per_value[fact.value] = docs_per_value.get(fact.value, 0) + 1
        if fact.value not in first_seen:
            first_seen[fact.value] = i
            first_fact[fact.value] = fact
    if len(first_seen) < 2:
        return []
    reference = max(first_seen, key=lambda v: (docs_per_value[v], -first_seen[v]))
    conflicts = []
    for values in per_doc.values():
        for value, fact in values.items():
            if value != reference:
                conflicts.append(Conflict(fact, values.get(reference, first_fact[reference])))
    return conflicts


def group_of(path: str, group_by: str) -> str:
    """The comparison group of a document: one for the whole run, or its folder."""
    if group_by == "folder":
        return os.path.dirname(os.path.normpath(path)) if path not in ("-", "") else ""
    return ""


def _fill(template: str, values: dict) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", str(value))
    return template


class Corpus:
    """The facts of one run; ``findings()`` compares them once every file is in."""

    def __init__(self, rules: Iterable, severity: dict[str, Severity] | None = None,
                 group_by: str = "run") -> None:
        self.rules = {r.code: r for r in rules if r.check == "corpus"}
        self.severity = severity or {}
        self.group_by = group_by
        self.facts: list[Fact] = []

    def __bool__(self) -> bool:
        return bool(self.rules)

    def add(self, facts: Iterable[Fact]) -> None:
        self.facts.extend(f for f in facts if f.rule in self.rules)

    def findings(self) -> list[Finding]:
        from promolint.engine.points.python import resolve

        groups: dict[tuple, list[Fact]] = {}
        for fact in self.facts:
            key = (fact.rule, group_of(fact.path, self.group_by), fact.key, fact.kind)
            groups.setdefault(key, []).append(fact)
        out: list[Finding] = []
        for (code, _group, _key, _kind), facts in groups.items():
            rule = self.rules[code]
            compare = resolve(rule.compare, str(rule.source.parent)) if rule.compare else majority
            for conflict in compare(facts, rule):
                if conflict.fact.suppressed:
                    continue
                out.append(self._finding(rule, conflict))
        out.sort(key=Finding.sort_key)
        return out

    def _finding(self, rule, conflict: Conflict) -> Finding:
        fact, ref = conflict.fact, conflict.reference
        same_doc = fact.document == ref.document
        other = f"本文档第 {ref.line} 行" if same_doc else ref.where()
        values = {
            "match": fact.excerpt, "subject": fact.subject, "label": fact.label,
            "value": fact.shown, "other_value": ref.shown, "other_excerpt": ref.excerpt,
            "other": other,
        }
        related = RelatedLocation(
            path=ref.path, line=ref.line, column=ref.column, end_line=ref.end_line,
            end_column=ref.end_column, record=ref.record,
            message=f"该处{ref.subject}的{ref.label}为“{ref.excerpt}”",
        )
        return Finding(
            path=fact.path, line=fact.line, column=fact.column, end_line=fact.end_line,
            end_column=fact.end_column, rule=rule.code, name=rule.name, category=rule.category,
            severity=self.severity.get(rule.code) or rule.severity,
            message=_fill(rule.message, values), excerpt=fact.excerpt,
            suggestion=_fill(rule.suggestion, values), record=fact.record,
            related=(related,), line_text=fact.line_text,
        )
