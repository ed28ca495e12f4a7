"""Python check for claims that carry their evidence: every context group in one sentence.

A ranking or superlative claim (全省第一, 用户数最多) is exempt from the absolute-terms
ban only when the same sentence limits it by source, time and region (《广告绝对化用语执法指南》
第六条第六项) — a conjunction the data-only ``context`` key cannot express. This check
reports such claims at the rule's (lower) severity as "needs evidence"; the generic
absolute-term rules it ``overrides`` stay silent on the same span.

Options (``[options]`` of the rule file)::

    scope = "sentence"                   # where every group must appear
    [options.groups]                     # name = list of regular expressions
    source = ['据', '报告']
    time = ['\\d{4}\\s*年']
    [options.first]                      # optional: a claim of temporal order (首家, 首个)
    match = '首家|首个'                   # … is a fact of temporal order: 指南 第六条第六项
    message = "…"                        # names time and place, not a ranking's source
    [options.first.groups]               # alternative groups that suffice for such a claim
    date = ['\\d{4}\\s*年\\s*\\d{1,2}\\s*月']
    place = ['\\p{Han}{1,6}市']
"""

from __future__ import annotations

import regex

from promolint import regex_cache
from promolint.engine.context import CheckContext, Hit
from promolint.engine.points.existence import find_triggers


def _groups(rule, options: dict, key: str) -> list[tuple[str, regex.Pattern]]:
    groups = options.get("groups", {})
    if not groups or not all(isinstance(v, list) and v for v in groups.values()):
        raise ValueError(f"{rule.code}: {key}.groups 应为 名称 = [正则表达式, …]")
    return [(name, regex_cache.alternation(pats)) for name, pats in groups.items()]


def _all_in(ctx: CheckContext, groups, text: str) -> bool:
    return all(p.search(text, timeout=ctx.regex_timeout) for _, p in groups)


def run(ctx: CheckContext, rule) -> list[Hit]:
    scope = rule.options.get("scope", "sentence")
    groups = _groups(rule, rule.options, "options")
    first = rule.options.get("first")
    if first:
        first_match = regex_cache.compile(f"(?:{first['match']})")
        first_groups = _groups(rule, first, "options.first")
    hits = []
    for hit in find_triggers(ctx, rule):
        s, e = ctx.segments.enclosing(scope, hit.start)
        text = ctx.text[s:e]
        if _all_in(ctx, groups, text):
            hits.append(hit)
        elif (first and first_match.fullmatch(ctx.text, hit.start, hit.end) is not None
              and _all_in(ctx, first_groups, text)):
            hit.message = first.get("message")
            hits.append(hit)
    return hits
