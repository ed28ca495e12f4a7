"""Conditional disclosure: a trigger needs one of the disclosure phrases within its scope,
in a footnote linked by a marker, or in the document's rules section."""

from __future__ import annotations

from promolint.engine.context import CheckContext, Hit
from promolint.engine.points.existence import find_triggers
from promolint.engine.rule import Rule


def run(ctx: CheckContext, rule: Rule) -> list[Hit]:
    return find_triggers(ctx, rule, keep=lambda s, e: not ctx.disclosed(rule, s, e))
