"""Quota check (PL201): a quota claim needs its number; a flash sale may instead state its period.

Most triggers (名额有限, 先到先得, 仅剩少量名额, 首批用户) promise scarce places, so
only a number of places or items discloses them. 秒杀 / 抢购 / 疯抢 name a flash sale,
which is limited either by stock or by time: a number, or the sale's dates
(``options.period_patterns``, anywhere in the document, as for PL202), tells the reader
what the limit is. So do the pressure phrases that may mean either (拼手速, 晚了就没了).

A trigger word quoted in a notice about wording (不再使用“限量”“名额有限”等表述) is
talked about, not claimed: the rule skips it (``skip_in = ["quoted-mentions"]``).
"""

from __future__ import annotations

from promolint import regex_cache
from promolint.engine.context import CheckContext, Hit
from promolint.engine.points.existence import find_triggers

_FLASH_WORDS = ("秒杀", "抢购", "疯抢", "手速", "晚")
_PERIODS: dict[tuple[str, ...], object] = {}


def _period(rule):
    """The rule's period patterns as one compiled alternation (None if it has none)."""
    patterns = tuple(rule.options.get("period_patterns", ()))
    if patterns not in _PERIODS:
        _PERIODS[patterns] = regex_cache.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
    return _PERIODS[patterns]


def run(ctx: CheckContext, rule) -> list[Hit]:
    """PL201: a quota claim needs its number; a flash sale may instead state its period."""
    hits = []
    for hit in find_triggers(ctx, rule):
        if ctx.disclosed(rule, hit.start, hit.end):
            continue
        word = ctx.text[hit.start:hit.end]
        if any(w in word for w in _FLASH_WORDS):
            period = _period(rule)
            if period is not None and ctx.find(period) is not None:
                continue
        hits.append(hit)
    return hits
