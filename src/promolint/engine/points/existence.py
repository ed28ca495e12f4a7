"""Existence: report every trigger occurrence that survives the context tests."""

from __future__ import annotations

from promolint.engine.context import CheckContext, Hit
from promolint.engine.rule import Rule


def find_triggers(ctx: CheckContext, rule: Rule) -> list[Hit]:
    """Trigger matches of ``rule`` that are whole tokens, not look-alikes, not negated.

    Candidates are found with overlapping search so that a rejected long match does
    not hide a valid shorter one; accepted hits never overlap each other.
    """
    trig = rule.trigger
    hits: list[Hit] = []
    last_end = -1
    for m in ctx.matches(trig.phrases):
        s, e = m.span()
        if e <= s or s < last_end:
            continue
        if trig.exceptions and ctx.excepted(rule, s, e):
            continue
        if trig.negation and ctx.negated(rule, s):
            continue
        if trig.context and not ctx.scope_has(trig.context, trig.context_scope, s):
            continue
        if trig.boundary == "token" and not ctx.aligned(s, e):
            continue
        hits.append(Hit(s, e, values={k: v for k, v in m.groupdict().items() if v is not None}))
        last_end = e
    return hits


def run(ctx: CheckContext, rule: Rule) -> list[Hit]:
    return find_triggers(ctx, rule)
