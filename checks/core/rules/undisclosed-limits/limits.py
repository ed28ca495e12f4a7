"""Python checks for the undisclosed-limits rules: offers, unlimited-data claims and deferrals.

The TOML files next to this module hold the vocabulary (triggers, exceptions,
disclosures); this module adds what the declarative checks cannot express:

* offers (PL101): some triggers carry their own character guards and skip the jieba
  boundary test (``0元装`` is tokenised 0元/装 only with luck); a ``0元`` entry in a
  fee list is a tariff line, not an offer; a condition counts on the offer's line or
  the ``near_lines`` lines around it in the same paragraph (posters and WeChat posts
  break one sentence over several lines); labelled condition lines anywhere in the
  document (``办理条件：…``, ``活动时间：…``) count as disclosure; when the document
  pushes its conditions into a deferral (``详见营业厅``) the deferral rule (PL103)
  reports it and the offers stay silent, so one problem gives one finding.
* unlimited data (PL102): the throttling threshold must be *near* the claim — its
  line, an adjacent line of the same paragraph (``near_lines``), or a linked footnote. A threshold
  found only elsewhere (fine print, rules section) gives a warning instead of an error.
* deferrals (PL103): a deferral phrase in a document that offers something, with
  no concrete condition in reach.
"""

from __future__ import annotations

import regex

from promolint.engine.context import CheckContext, Hit
from promolint.engine.points.existence import find_triggers

# A line that opens with a condition label: its content is a disclosure wherever it sits.
_LABELLED_LINE = regex.compile(
    r"^[^\S\n]*(?:[-*•·>#]+[^\S\n]*)?(?:\d{1,2}[.、)][^\S\n]*|[\u2460-\u2473][^\S\n]*)?"
    r"[^\w\n]{0,3}[【\[(]?[^\S\n]*"
    r"(?:办理条件|参与条件|参与方式|办理方式|适用对象|活动对象|适用范围|适用地区|适用用户|"
    r"活动时间|活动期间|活动日期|有效期|合约期|合约要求|资费说明|套餐资费|资费|套餐说明|"
    r"赠送说明|赠送规则|赠品说明|返还规则|返还说明|优惠说明|优惠规则|优惠详情|办理要求)"
    r"[^\S\n]*[】\])]?[^\S\n]*:",
    regex.MULTILINE,
)

_DATA_CONTEXT = regex.compile(r"流量|上网|数据|网速|\d+(?:\.\d+)?\s*(?:GB|G|TB|MB)(?![a-zA-Z])|5G|4G")


def _cached(ctx: CheckContext, key: str, build):
    store = ctx.__dict__.setdefault("_undisclosed_limits_cache", {})
    if key not in store:
        store[key] = build()
    return store[key]


def _compiled(rule, name: str) -> regex.Pattern | None:
    """A regular expression from the rule's [options] (a string or a list of alternatives)."""
    value = rule.options.get(name)
    if not value:
        return None
    if isinstance(value, str):
        value = [value]
    return _compile_cached("|".join(f"(?:{v})" for v in value))


_PATTERN_CACHE: dict[str, regex.Pattern] = {}


def _compile_cached(pattern: str) -> regex.Pattern:
    compiled = _PATTERN_CACHE.get(pattern)
    if compiled is None:
        compiled = _PATTERN_CACHE[pattern] = regex.compile(pattern)
    return compiled


def labelled_lines(ctx: CheckContext) -> list[tuple[int, int]]:
    """Spans of lines that open with a condition label (办理条件：, 活动时间：…)."""
    def build():
        return [ctx.segments.enclosing("line", m.start()) for m in _LABELLED_LINE.finditer(ctx.text)]
    return _cached(ctx, "labelled", build)


def _has_outside(ctx: CheckContext, phrases, span: tuple[int, int], start: int, end: int) -> bool:
    """A disclosure phrase in ``span`` that is not wholly inside the trigger ``text[start:end]``."""
    for m in ctx.finditer(phrases.compiled, span[0], span[1]):
        if not (start <= m.start() and m.end() <= end):
            return True
    return False


def conditions_disclosed(ctx: CheckContext, rule, start: int, end: int) -> bool:
    """The rule's disclosure in its scope, a linked footnote, the rules section or a labelled line.

    A match inside the trigger does not count: 前3个月半价 names a duration but no condition.
    """
    d = rule.disclosure
    near = rule.options.get("near_lines")
    spans = near_spans(ctx, start, near) if near else [ctx.segments.enclosing(d.scope, start)]
    if d.footnotes:
        line = ctx.segments.enclosing("line", start)
        spans += ctx.segments.linked_footnotes(line[0], line[1])  # a marker anywhere on the line
    if d.rules_section:
        spans += ctx.segments.rules_sections
    spans += labelled_lines(ctx)
    return any(_has_outside(ctx, d.phrases, span, start, end) for span in spans)


def _zero_fee_listing(ctx: CheckContext, rule, hit: Hit) -> bool:
    """``安装费0元`` inside a fee list (another non-zero amount on the line) is a tariff line."""
    zero = _compiled(rule, "zero_price")
    fee = _compiled(rule, "fee_before_zero")
    if not zero or not fee or not zero.fullmatch(ctx.text, hit.start, hit.end):
        return False
    line_start, line_end = ctx.segments.enclosing("line", hit.start)
    if not fee.search(ctx.text, max(line_start, hit.start - 8), hit.start):
        return False
    amounts = regex.finditer(r"(?<![\d.])(\d+(?:\.\d+)?)\s*元", ctx.text[line_start:line_end])
    return any(float(m.group(1)) > 0 for m in amounts)


def _open_deferrals(ctx: CheckContext, rule) -> bool:
    """The document pushes its conditions into a deferral (详见营业厅…) with nothing concrete near it."""
    deferral = _compiled(rule, "deferral_patterns")
    if deferral is None:
        return False

    def build():
        for m in deferral.finditer(ctx.text):
            if not conditions_disclosed(ctx, rule, m.start(), m.end()):
                return True
        return False
    return _cached(ctx, f"deferral:{rule.code}", build)


def offers(ctx: CheckContext, rule) -> list[Hit]:
    """PL101: a benefit (0元, 免费, 送, 返, 半价, N折…) with no stated condition in reach."""
    unaligned = _compiled(rule, "unaligned")
    hits = []
    for hit in find_triggers(ctx, rule):
        if not (unaligned and unaligned.fullmatch(ctx.text, hit.start, hit.end)):
            if not ctx.aligned(hit.start, hit.end):
                continue
        if _zero_fee_listing(ctx, rule, hit):
            continue
        if conditions_disclosed(ctx, rule, hit.start, hit.end):
            continue
        if _open_deferrals(ctx, rule):
            continue  # reported once, at the deferral, by the deferral rule
        hits.append(hit)
    return hits


def deferrals(ctx: CheckContext, rule) -> list[Hit]:
    """PL103: 详见营业厅 / 以实际办理为准 standing in for conditions the offer never states."""
    return [h for h in find_triggers(ctx, rule)
            if not conditions_disclosed(ctx, rule, h.start, h.end)]


def near_spans(ctx: CheckContext, offset: int, lines: int) -> list[tuple[int, int]]:
    """The line holding ``offset`` and up to ``lines`` non-empty lines either side, in its paragraph."""
    para = ctx.segments.enclosing("paragraph", offset)
    line = ctx.segments.enclosing("line", offset)
    spans = [line]
    cur = line
    for _ in range(lines):  # upwards
        if cur[0] <= para[0]:
            break
        cur = ctx.segments.enclosing("line", cur[0] - 1)
        spans.append(cur)
    cur = line
    for _ in range(lines):  # downwards
        if cur[1] >= para[1]:
            break
        cur = ctx.segments.enclosing("line", cur[1])
        spans.append(cur)
    return spans


def unlimited(ctx: CheckContext, rule) -> list[Hit]:
    """PL102: an unlimited-data claim whose throttling threshold is not next to it."""
    weak = _compiled(rule, "needs_data_context")
    near = int(rule.options.get("near_lines", 1))
    phrases = rule.disclosure.phrases
    hits = []
    for hit in find_triggers(ctx, rule):
        if weak and weak.fullmatch(ctx.text, hit.start, hit.end):
            ls, le = ctx.segments.enclosing("line", hit.start)
            if not _DATA_CONTEXT.search(ctx.text, ls, le):
                continue
        if any(ctx.search(phrases, s, e) for s, e in near_spans(ctx, hit.start, near)):
            continue
        line = ctx.segments.enclosing("line", hit.start)
        if any(ctx.search(phrases, s, e) for s, e in ctx.segments.linked_footnotes(line[0], line[1])):
            continue
        if ctx.search(phrases, 0, len(ctx.text)):
            hits.append(Hit(hit.start, hit.end, message=rule.options.get("downplayed_message"),
                            suggestion=rule.options.get("downplayed_suggestion"),
                            severity="warning"))
        else:
            hits.append(hit)
    return hits
