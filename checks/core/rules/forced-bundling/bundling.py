"""Forced-bundling checks (PL401-PL403): requirements cured by a stated choice, refusals never,
and a claim quoted in order to refute it is not made by the copy.

Trigger patterns with the named group ``refusal`` (宽带不单独办理, 单宽带不受理,
不办手机卡不能装宽带, 不可单独取消) deny access to a service unless another is bought:
the statement itself is the violation, so no disclosure elsewhere can excuse it.
Every other trigger (须同时办理手机号, 必须捆绑, 须使用指定光猫) is a requirement,
acceptable when the copy also offers the choice (可单独办理，单宽带资费X元/月; 可自带
符合入网许可的终端). Rules without a ``[disclosure]`` table (PL403) are never excused.

Warnings against a tie-in repeat its words: 请勿相信“新生必须办移动的卡”,
网传“不办手机卡不能装宽带”系谣言, 谨防推销人员谎称只能用指定路由器. A trigger inside
quotation marks whose sentence refutes it, or right after a warning cue in its clause,
is not reported; nor is a requirement denied in its own clause (不与其他业务捆绑办理).
"""

from __future__ import annotations

from promolint import regex_cache
from promolint.engine.context import CheckContext, Hit
from promolint.engine.points.existence import find_triggers
from promolint.text.speakers import CUSTOMER_LINE

_OPEN = "“「『‘\""
_CLOSE = "”」』’\""
# The sentence says the quoted claim is false, or warns against it.
_REFUTES = regex_cache.compile(
    r"(?:请勿|不要|切勿|千万别|别|勿|莫)(?:相信|轻信|听信|信)|谨防|警惕|提防|当心|小心|谣言|谣传|网传|不实|"
    r"虚假|不属实|失实|错误|纯属|并非|不是真的|没有这回事|不存在|从未|从来没有|绝不会|不会要求|"
    r"谎称|声称|宣称|所谓|冒充|误导|诱导|忽悠|欺骗|骗局|举报|投诉|违规|违法|"
    # a prohibition or a complaint channel around the quoted excuse:
    # 不得以“宽带不单独办理”为由拒绝受理, 如有人以“报到必办”名义推销请反映
    r"不得|严禁|禁止|不准|不允许|杜绝|为由|名义|借口|拒绝受理|反映|申诉"
)
# Unquoted: the cue opens the trigger's clause (谨防推销人员谎称只能用指定路由器).
_LEADS = regex_cache.compile(
    r"(?:(?:请勿|不要|切勿|千万别|别|勿)(?:相信|轻信|听信)|谨防|警惕|提防|谎称|声称|宣称|所谓|冒充)"
)


# Unquoted: the clause denies or forbids the tie-in right before it (不与其他业务捆绑办理,
# 不得强制用户捆绑办理其他业务, 从不搭售). Refusals are exempt: they are negative already.
_DENIED = regex_cache.compile(
    r"(?:不得|严禁|禁止|不准|不允许|杜绝|绝不|从不|从未|不会|不与|不和|不跟|无需|不需要|不需|不用|"
    r"不必|不要求|不强制|并不|并非|不存在|没有)[^，,。；;！!？?\n]{0,10}$"
)


def denied(ctx: CheckContext, start: int) -> bool:
    """The requirement at ``start`` is denied or forbidden in its own clause."""
    clause = ctx.segments.enclosing("clause", start)[0]
    return clause < start and _DENIED.search(ctx.text, max(clause, start - 24), start) is not None


def asked(ctx: CheckContext, start: int, end: int) -> bool:
    """The trigger is in a customer's turn of a transcript, or in a clause that ends
    with a question mark: it asks about a tie-in, it does not impose one."""
    line = ctx.segments.enclosing("line", start)[0]
    if CUSTOMER_LINE.match(ctx.text, line) is not None:
        return True
    lo, hi = ctx.segments.enclosing("clause", start)
    tail = ctx.text[max(lo, end):max(hi, end) + 1].rstrip()
    return tail.endswith(("？", "?"))


def _quoted(text: str, lo: int, start: int, end: int, hi: int) -> bool:
    """``text[start:end]`` lies between an opening and a closing quotation mark of its sentence."""
    depth = 0
    for ch in text[lo:start]:
        if ch in _OPEN and (ch not in _CLOSE or depth == 0):
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
    return depth > 0 and any(ch in _CLOSE for ch in text[end:hi])


def refuted(ctx: CheckContext, start: int, end: int) -> bool:
    """The copy reports or warns against the claim at ``start:end`` instead of making it."""
    lo, hi = ctx.segments.enclosing("sentence", start)
    hi = max(hi, end)
    if _quoted(ctx.text, lo, start, end, hi):
        return ctx.find(_REFUTES, lo, hi) is not None
    clause = ctx.segments.enclosing("clause", start)[0]
    return ctx.find(_LEADS, clause, start) is not None


# One-character obligation words that jieba glues to the character before them
# (合约机须同时开通 → 合约/机须/同时/开通, 本机须额外订购): a trigger may start inside such a token.
_GLUED = frozenset("须需")


def aligned(ctx: CheckContext, start: int, end: int) -> bool:
    """``text[start:end]`` is whole tokens, or starts with an obligation word that jieba
    glued to the characters before it (机须, 本机须: a token ending right after it)."""
    if ctx.aligned(start, end):
        return True
    return (start > 0 and end > start + 1 and ctx.text[start] in _GLUED
            and ctx.aligned(start + 1, end))


def _families(words: list[list[str]], text: str) -> set[int]:
    return {i for i, family in enumerate(words) if any(w in text for w in family)}


def remedy_fits(ctx: CheckContext, rule, start: int, end: int) -> bool:
    """With ``options.device_families``: some disclosure in the document names the
    device (or service) family of the requirement at ``start:end`` — of its words, or
    of its ``options.family_scope`` (clause, sentence…) — a generic one
    (``options.generic_devices``) or none at all. 可自带路由器 does not excuse
    须购买指定手机; 流量包可单独订购 does not excuse 宽带须同时办理手机号.
    Without the option every disclosure fits."""
    families = rule.options.get("device_families")
    if not families:
        return True
    if rule.options.get("family_scope", "match") == "match":
        wanted = _families(families, ctx.text[start:end])
    else:
        lo, hi = ctx.segments.enclosing(rule.options["family_scope"], start)
        wanted = _families(families, ctx.text[min(lo, start):max(hi, end)])
    if not wanted:
        return True
    generic = rule.options.get("generic_devices", ())
    for m in ctx.memo(("bundling.remedies", rule.code),
                      lambda: ctx.finditer(rule.disclosure.phrases.compiled)):
        lo, hi = ctx.segments.enclosing("sentence", m.start())
        sentence = ctx.text[lo:hi]
        named = _families(families, sentence)
        if not named or named & wanted or any(g in sentence for g in generic):
            return True
    return False


def run(ctx: CheckContext, rule) -> list[Hit]:
    """Hits of a forced-bundling rule: refusals always, requirements unless the choice is stated.

    A rule with ``boundary = "none"`` gets the token test of ``aligned`` instead of the
    engine's strict one."""
    hits = []
    soft = rule.trigger.boundary == "none"
    keep = (lambda s, e: aligned(ctx, s, e)) if soft else None
    for hit in find_triggers(ctx, rule, keep=keep):
        refusal = "refusal" in hit.values
        hit.values = {}
        if not refusal and ctx.disclosed(rule, hit.start, hit.end) and remedy_fits(
                ctx, rule, hit.start, hit.end):
            continue
        if not refusal and denied(ctx, hit.start):
            continue
        if refuted(ctx, hit.start, hit.end) or asked(ctx, hit.start, hit.end):
            continue
        hits.append(hit)
    return hits
