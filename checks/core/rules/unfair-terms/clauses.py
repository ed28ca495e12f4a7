"""Unfair-term checks (PL601-PL604): a clause is reported where the copy makes it, not
where a notice on wording quotes it.

A notice that lists the words it will stop using (不再使用“最终解释权归本公司所有”等表述)
or a rule about them (含有“恕不另行通知”字样的条款须删除) names the clause without
imposing it. Quotation marks alone are not enough — copy quotes its own terms for
emphasis — so the quoted clause must sit in a list of quoted words (“A”“B”, “A”、“B”,
“A”等) or in a sentence about wording (表述, 字样, 用语, 不再使用…).
"""

from __future__ import annotations

from promolint import regex_cache
from promolint.engine.context import CheckContext, Hit
from promolint.engine.points.existence import find_triggers

_OPEN = "“「『‘\""
_CLOSE = "”」』’\""
_QUOTE_MAX = 30  # a quoted clause, not a quoted paragraph
_LIST_AFTER = regex_cache.compile(
    r"\s*(?:[、,，/]|和|或|及|与)?\s*[“「『‘\"]|\s*等(?:字样|表述|用语|词|说法|提法|条款|内容|宣传)?")
_LIST_BEFORE = regex_cache.compile(r"[”」』’\"]\s*(?:[、,，/]|和|或|及|与)?\s*$")
_WORDING = regex_cache.compile(
    r"表述|用语|字样|词语|措辞|说法|提法|词汇|宣传语|广告语|用词|(?:不再|不得|禁止|严禁|停止|避免|杜绝|不|请勿|勿)"
    r"(?:使用|出现|含有|标注|宣传|写)")


def mentioned(ctx: CheckContext, start: int, end: int) -> bool:
    """``text[start:end]`` lies in quotation marks that quote it in order to talk about it."""
    text = ctx.text
    lo, hi = ctx.segments.enclosing("sentence", start)
    hi = max(hi, end)
    opened = -1
    for i in range(start - 1, max(lo, start - _QUOTE_MAX) - 1, -1):
        if text[i] in _CLOSE and text[i] not in _OPEN:
            return False
        if text[i] in _OPEN:
            opened = i
            break
    if opened < 0:
        return False
    close = next((i for i in range(end, min(hi, opened + _QUOTE_MAX + 2)) if text[i] in _CLOSE), -1)
    if close < 0:
        return False
    return (_LIST_AFTER.match(text, close + 1) is not None
            or _LIST_BEFORE.search(text, max(lo, opened - 3), opened) is not None
            or ctx.find(_WORDING, lo, hi) is not None)


def run(ctx: CheckContext, rule) -> list[Hit]:
    """Trigger hits, minus those a disclosure cures (rules with ``[disclosure]``) and those
    only quoted in a notice on wording."""
    cured = rule.disclosure is not None
    return find_triggers(ctx, rule, keep=lambda s, e: not (cured and ctx.disclosed(rule, s, e))
                         and not mentioned(ctx, s, e))
