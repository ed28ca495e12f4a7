"""PL502 check: ranking and uniqueness claims, except a designation whose basis follows it.

A store board often states the designation on one line and its documented basis on the
next (唯一指定装维服务点 / 指定依据：…公告（第17号），可拨打10000核验). The engine tests
exception patterns within a sentence, so a basis on the following line cannot be seen
by ``exception_patterns``; this check looks at the claim's line and the next one.
"""

from __future__ import annotations

from promolint import regex_cache
from promolint.engine.context import CheckContext, Hit
from promolint.engine.points.existence import find_triggers

_DESIGNATION = regex_cache.compile(r"唯一(?:的)?(?:指定|授权|特约|定点)")
_BASIS = regex_cache.compile(
    r"指定依据|授权依据|授权编号|授权书|授权文件|授权证书|文件号|文号|公告|批复|可核验|可查询核实|可查验")
_REACH = 160  # characters after the claim: its line and the next one, at most


def run(ctx: CheckContext, rule) -> list[Hit]:
    text = ctx.text

    def keep(start: int, end: int) -> bool:
        if not text.startswith("唯一", start) or _DESIGNATION.match(text, start) is None:
            return True
        hi = min(len(text), end + _REACH)
        first = text.find("\n", end, hi)
        if first >= 0:
            second = text.find("\n", first + 1, hi)
            hi = second if second >= 0 else hi
        return _BASIS.search(text, end, hi) is None

    return find_triggers(ctx, rule, keep=keep)
