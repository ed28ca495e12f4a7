"""Existence: report every trigger occurrence that survives the context tests."""

from __future__ import annotations

from collections.abc import Callable

from promolint.engine.context import CheckContext, Hit
from promolint.engine.rule import Rule


def find_triggers(ctx: CheckContext, rule: Rule,
                  keep: Callable[[int, int], bool] | None = None) -> list[Hit]:
    """Trigger matches of ``rule`` that are whole tokens, not look-alikes, not negated,
    not asked (``skip_in``).

    Candidates are found with overlapping search so that a rejected long match does
    not hide a valid shorter one; accepted hits never overlap each other.

    ``keep(start, end)``, when given, is the caller's own test of a hit (is it
    disclosed?), run before the token-boundary test so that a hit the caller would drop
    anyway does not cost a jieba call. The result is exactly
    ``[h for h in find_triggers(ctx, rule) if keep(h.start, h.end)]``: a dropped hit
    still blocks the candidates overlapping it, so its boundaries are tested only when
    the next candidate overlaps it. ``keep`` must depend on the span alone.
    """
    trig = rule.trigger
    hits: list[Hit] = []
    last_end = -1
    found = ctx.matches(trig.phrases)
    for i, m in enumerate(found):
        s, e = m.span()
        if e <= s or s < last_end:
            continue
        if trig.skip_in and ctx.skipped(trig.skip_in, s, e):
            continue
        if trig.exceptions and ctx.excepted(rule, s, e):
            continue
        if trig.negation and ctx.negated(rule, s):
            continue
        if trig.context and not ctx.scope_has(trig.context, trig.context_scope, s):
            continue
        if keep is not None and not keep(s, e):
            if i + 1 < len(found) and found[i + 1].start() < e and (
                    trig.boundary != "token" or ctx.aligned(s, e)):
                last_end = e  # accepted, then dropped by the caller: still blocks overlaps
            continue
        if trig.boundary == "token" and not ctx.aligned(s, e):
            continue
        hits.append(Hit(s, e, values={k: v for k, v in m.groupdict().items() if v is not None}))
        last_end = e
    return hits


def run(ctx: CheckContext, rule: Rule) -> list[Hit]:
    return find_triggers(ctx, rule)
