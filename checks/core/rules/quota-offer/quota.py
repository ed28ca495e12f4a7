"""Quota checks (PL201, PL202): a quota claim needs its number; a flash sale may instead state its period.

Most triggers (名额有限, 先到先得, 仅剩少量名额, 首批用户) promise scarce places, so
only a number of places or items discloses them. 秒杀 / 抢购 / 疯抢 name a flash sale,
which is limited either by stock or by time: a number, or the sale's dates
(``options.period_patterns``, anywhere in the document, as for PL202), tells the reader
what the limit is. So do the pressure phrases that may mean either (拼手速, 晚了就没了).

A trigger word quoted in a notice about wording (不再使用“限量”“名额有限”等表述) is
talked about, not claimed: neither rule reports it (``mentioned``).
"""

from __future__ import annotations

from promolint import regex_cache
from promolint.engine.context import CheckContext, Hit
from promolint.engine.points.existence import find_triggers

# --- words quoted in order to talk about them -------------------------------------------
# A notice on wording (不再使用“限量”“名额有限”等表述; 涉及“限量”的活动须标明数量) names the
# trigger words; it makes no quota claim. Quotation marks alone are not enough (ads quote
# their own claims for emphasis): the quoted word must be followed by 等 and what it is
# (“限量”等表述), sit in a sentence about wording (字样, 不再使用), or in a list of quoted
# words (“限量”“名额有限”, “限量”、“秒杀”) in a sentence that regulates (涉及, 须标明, 不得).
_OPEN = "“「『‘\""
_CLOSE = "”」』’\""
_QUOTE_MAX = 24  # a quoted word or phrase, not a quoted paragraph
_LIST_AFTER = regex_cache.compile(r"\s*(?:[、,，/]|和|或|及|与)?\s*[“「『‘\"]")
# 等 naming what the quoted words are (“A”等表述); 等 alone may be a verb (“限量”等你来抢)
_SUCH_AS = regex_cache.compile(r"\s*等(?:字样|表述|用语|词|说法|提法|宣传|内容|条款|措辞|类似|相关|不规范)")
# a list of quoted words is a notice's only where the sentence regulates: “限量”“秒杀”双重福利
# is an ad's
_REGULATES = regex_cache.compile(r"涉及|凡是?|含有|带有|出现|标明|注明|写明|应当|不得|禁止|严禁|规范|整改|删除|停止")
_LIST_BEFORE = regex_cache.compile(r"[”」』’\"]\s*(?:[、,，/]|和|或|及|与)?\s*$")
_WORDING = regex_cache.compile(
    r"表述|用语|字样|词语|措辞|说法|提法|词汇|宣传语|广告语|用词|(?:不再|不得|禁止|严禁|停止|避免|杜绝|不|请勿|勿)"
    r"(?:使用|出现|含有|标注|宣传)")


def mentioned(ctx: CheckContext, start: int, end: int) -> bool:
    """``text[start:end]`` is a word quoted in order to talk about it (see above)."""
    text = ctx.text
    lo, hi = ctx.segments.enclosing("sentence", start)
    opened = -1
    for i in range(start - 1, max(lo, start - _QUOTE_MAX) - 1, -1):
        if text[i] in _CLOSE and text[i] not in _OPEN:
            return False
        if text[i] in _OPEN:
            opened = i
            break
    if opened < 0:
        return False
    close = next((i for i in range(end, min(max(hi, end), opened + _QUOTE_MAX + 2)) if text[i] in _CLOSE), -1)
    if close < 0:
        return False
    if _SUCH_AS.match(text, close + 1) is not None or ctx.find(_WORDING, lo, max(hi, end)) is not None:
        return True
    listed = (_LIST_AFTER.match(text, close + 1) is not None
              or _LIST_BEFORE.search(text, max(lo, opened - 3), opened) is not None)
    return listed and ctx.find(_REGULATES, lo, max(hi, end)) is not None


_FLASH_WORDS = ("秒杀", "抢购", "疯抢", "手速", "晚")
_PERIODS: dict[tuple[str, ...], object] = {}


def _period(rule):
    """The rule's period patterns as one compiled alternation (None if it has none)."""
    patterns = tuple(rule.options.get("period_patterns", ()))
    if patterns not in _PERIODS:
        _PERIODS[patterns] = regex_cache.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
    return _PERIODS[patterns]


def period(ctx: CheckContext, rule) -> list[Hit]:
    """PL202: a time-limited offer needs its period (the rule's disclosure); a word quoted in a
    notice on wording is no offer."""
    return [hit for hit in find_triggers(ctx, rule)
            if not ctx.disclosed(rule, hit.start, hit.end) and not mentioned(ctx, hit.start, hit.end)]


def run(ctx: CheckContext, rule) -> list[Hit]:
    """PL201: a quota claim needs its number; a flash sale may instead state its period."""
    hits = []
    for hit in find_triggers(ctx, rule):
        if ctx.disclosed(rule, hit.start, hit.end) or mentioned(ctx, hit.start, hit.end):
            continue
        word = ctx.text[hit.start:hit.end]
        if any(w in word for w in _FLASH_WORDS):
            period = _period(rule)
            if period is not None and ctx.find(period) is not None:
                continue
        hits.append(hit)
    return hits
