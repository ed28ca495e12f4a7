"""Python check: a trigger needs EVERY group of disclosures, not just any one of them.

``check = "conditional"`` is satisfied by any one disclosure phrase. An auto-renewal
or a free trial that turns paid needs several things at once — the price after
renewal, the user's consent (or a pre-renewal reminder) and how to cancel — so this
check looks for each group in the rule's disclosure scope (plus linked footnotes and
the rules section, like ``conditional``) and names the missing ones in the message.

Options (``[options]`` of the rule file)::

    scope = "paragraph"              # where disclosures are looked for
    footnotes = true                 # a footnote linked from the trigger's line counts
    rules_section = true             # text under 活动规则 / 温馨提示 / 注： counts
    sufficient = ['期满自动取消']     # any of these alone satisfies the trigger
    sufficient_in_sentence = ["续费价格", "取消方式", '取消后不再扣费']
                                     # all of these in the trigger's own sentence satisfy
                                     # it: a group label, or else a regular expression
    defer = ['自动续费']              # if one of these is in the trigger's sentence, another
                                     # rule reports the problem there: stay silent
    requires = ['次月起']             # report only if one of these is in the disclosure
                                     # regions: without it another rule reports the offer
    requires_near = ['\\d+元/月']      # weaker cues that count for ``requires`` only on the
                                     # trigger's own line, its linked footnotes and the
                                     # ``sections``: a bare monthly price elsewhere in the
                                     # paragraph is the plan's tariff, not the trial's
    sections = '续费|取消'            # a section whose heading names one of these topics
                                     # (<h3>四、续费与取消</h3>, ## 如何订购), or an FAQ
                                     # answer whose question does (❓ 怎么取消？), is part
                                     # of the offer: its text counts wherever the trigger is
    own_plan = ['入网', '开卡']       # the trigger's line prices the plan being ordered
    add_on = ['会员', '彩铃']         # … unless it names an add-on: then the line is no
                                     # plan discount and the trigger is checked
    [options.groups]                 # group label (Chinese, shown to the user) = regexes
    "续费价格" = ['\\d+元/月']
"""

from __future__ import annotations

import regex

from promolint import regex_cache
from promolint.engine.context import CheckContext, Hit
from promolint.engine.points.existence import find_triggers
from promolint.text.speakers import AGENT_LINE


_TITLE_MAX = 30
_SENTENCE_PUNCT = regex_cache.compile(r"[。！？!?；;]")


def _is_title(text: str) -> bool:
    """A one-line paragraph without sentence punctuation: a heading over what follows."""
    text = text.strip()
    return 0 < len(text) <= _TITLE_MAX and "\n" not in text and not _SENTENCE_PUNCT.search(text)




def _regions(ctx: CheckContext, options: dict, start: int) -> list[tuple[int, int]]:
    """Spans where a disclosure for the trigger at ``start`` may sit.

    With ``scope = "paragraph"``, a trigger in a title paragraph (## 视频会员连续包月)
    also looks in the paragraph right under it: the two are one ad unit. A trigger in
    an agent's turn of a transcript looks in the whole conversation.
    """
    scope = options.get("scope", "paragraph")
    span = ctx.segments.enclosing(scope, start)
    regions = [span]
    if options.get("sections"):
        regions += _sections(ctx, options["sections"])
    if scope == "paragraph" and _is_title(ctx.text[span[0]:span[1]]):
        paragraphs = ctx.segments.spans("paragraph")
        i = paragraphs.index(span)
        if i + 1 < len(paragraphs):
            regions.append(paragraphs[i + 1])
    if AGENT_LINE.match(ctx.text, ctx.segments.enclosing("line", start)[0]) is not None:
        regions.append((0, len(ctx.text)))
    if options.get("footnotes", True):
        line_end = ctx.segments.enclosing("line", start)[1]
        regions += ctx.segments.linked_footnotes(start, line_end)
    if options.get("rules_section", True):
        regions += ctx.segments.rules_sections
    return regions


def _near(ctx: CheckContext, options: dict, start: int) -> list[tuple[int, int]]:
    """Where a weak ``requires_near`` cue must sit to speak of the trigger at ``start``:
    its line, the footnotes linked from that line and the document's ``sections``."""
    line = ctx.segments.enclosing("line", start)
    regions = [line]
    if options.get("sections"):
        regions += _sections(ctx, options["sections"])
    if options.get("footnotes", True):
        regions += ctx.segments.linked_footnotes(start, line[1])
    return regions


def _heading(topics: str) -> regex.Pattern:
    """A heading line naming one of ``topics``: HTML/Markdown heading, 【…】 or a numbered
    title (三、如何订购), short and without sentence punctuation. One comma may follow the
    topic (🔔 关于续费，我们说清楚) if no figure or price stands in the title: a short line
    with a comma and a price (续费15元/月，随时可取消) is an offer, not a heading."""
    no_stop = "\n。！？!?；;，,：:<>"
    no_figure = no_stop + r"\d¥￥"
    # a box drawn with box-drawing characters (┌ 资费说明（订购前请确认）──────) is titled on
    # its top border: the rule after the title is no text of the heading
    rule = r"[\u2500-\u257F═━─—_=\-]"
    return regex_cache.compile(
        r"^[ \t]*(?:<h[1-6][^<>\n]{0,40}>|#{1,6}|[\u2500-\u257F]{1,3})?[ \t]*[【\[]?[ \t]*"
        r"(?:[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．])?[ \t]*"
        rf"(?:[^{no_stop}]{{0,10}}?(?:{topics})[^{no_stop}]{{0,10}}"
        rf"|[^{no_figure}]{{0,10}}?(?:{topics})[^{no_figure}]{{0,10}}[，,][^{no_figure}]{{1,10}})"
        rf"[】\]]?[ \t]*(?:</h[1-6]>)?[ \t]*(?:{rule}{{2,}}[ \t]*)?$",
        regex.MULTILINE,
    )


def _label(topics: str) -> regex.Pattern:
    """A labelled line naming one of ``topics``: a bracketed label with its text on the
    same line (【续订规则】本产品每月1日自动续订…, [资费] 15元/月) or a short lead-in that
    ends the line with a colon and introduces a list (开通前请确认：, 退订方式:). Product
    pages and order forms label their rules this way instead of with headings."""
    no_stop = "\n。！？!?；;，,：:<>【】\\[\\]"
    return regex_cache.compile(
        r"^[ \t]*(?:[•·\-*▶►■□◆◇●○★☆✅✔️🔹🔸📌]{1,2}[ \t]*)?"
        rf"(?:[【\[][ \t]*[^{no_stop}]{{0,8}}?(?:{topics})[^{no_stop}]{{0,8}}[ \t]*[】\]]"
        rf"|[^{no_stop}\d¥￥]{{0,8}}?(?:{topics})[^{no_stop}\d¥￥]{{0,8}}[：:][ \t]*$)",
        regex.MULTILINE,
    )


def _question(topics: str) -> regex.Pattern:
    """An FAQ's question opening its paragraph and naming one of ``topics``, its answer
    below it (❓ 是连续包月吗？怎么取消？⏎是的，…; Q3：会自动扣费吗？; 问：怎么退订？): a
    help article about one product answers price, ordering and cancelling under separate
    questions, and each answer is a section of the same offer. A marker (❓, Q, 问, a
    number) opens the line, which is short and ends with a question mark."""
    no_stop = "\n。！!；;"
    return regex_cache.compile(
        r"^[ \t]*(?:[❓❔]\ufe0f?|[Qq]\d{0,2}[ \t]*[:：.、]?|问(?:题)?\d{0,2}[ \t]*[:：、]|"
        r"\d{1,2}[、.．]|[一二三四五六七八九十]{1,3}[、.．])[ \t]*"
        rf"[^{no_stop}]{{0,24}}?(?:{topics})[^{no_stop}]{{0,24}}?[？?][ \t]*$",
        regex.MULTILINE,
    )


def _sections(ctx: CheckContext, topics: str) -> list[tuple[int, int]]:
    """Paragraphs opened by a heading naming one of ``topics`` (with the paragraph after
    a heading that stands alone), and paragraphs holding a line labelled with one of
    them (【续订规则】…, 开通前请确认：), once per document."""
    def compute():
        found = []
        paragraphs = ctx.segments.spans("paragraph")
        for m in _label(topics).finditer(ctx.text):
            span = ctx.segments.enclosing("paragraph", m.start())
            if span not in found:
                found.append(span)
            # a lead-in closing its paragraph (开通前请确认：⏎⏎• …) introduces the next one
            if m.group().rstrip()[-1] in "：:" and not ctx.text[m.end():span[1]].strip():
                i = paragraphs.index(span)
                if i + 1 < len(paragraphs):
                    found.append(paragraphs[i + 1])
        for m in _question(topics).finditer(ctx.text):
            span = ctx.segments.enclosing("paragraph", m.start())
            # the question must open its paragraph and have its answer under it; only the
            # answer counts (❓ 能随时取消吗？ asks, 暂不支持取消 answers)
            answer = (m.end(), span[1])
            if m.start() == span[0] and ctx.text[answer[0]:answer[1]].strip() and answer not in found:
                found.append(answer)
        for m in _heading(topics).finditer(ctx.text):
            span = ctx.segments.enclosing("paragraph", m.start())
            found.append(span)
            if _is_title(ctx.text[span[0]:span[1]]):
                i = paragraphs.index(span)
                if i + 1 < len(paragraphs):
                    found.append(paragraphs[i + 1])
        return found
    return ctx.memo(("terms.sections", topics), compute)


def _found(ctx: CheckContext, pattern: regex.Pattern | None, regions) -> bool:
    if pattern is None:
        return False
    return any(pattern.search(ctx.text, s, e, timeout=ctx.regex_timeout) for s, e in regions)


def run(ctx: CheckContext, rule) -> list[Hit]:
    options = rule.options
    groups = options.get("groups", {})
    if not groups or not all(isinstance(v, list) and v for v in groups.values()):
        raise ValueError(f"{rule.code}: options.groups 应为 名称 = [正则表达式, …]")
    compiled = [(label, regex_cache.alternation(pats)) for label, pats in groups.items()]
    sufficient = regex_cache.alternation(options.get("sufficient", []))
    by_label = dict(compiled)
    sentence_groups = [by_label[item] if item in by_label else regex_cache.alternation([item])
                       for item in options.get("sufficient_in_sentence", [])]
    defer = regex_cache.alternation(options.get("defer", []))
    requires = regex_cache.alternation(options.get("requires", []))
    requires_near = regex_cache.alternation(options.get("requires_near", []))
    own_plan = regex_cache.alternation(options.get("own_plan", []))
    add_on = regex_cache.alternation(options.get("add_on", []))
    hits = []
    for hit in find_triggers(ctx, rule):
        if own_plan is not None:
            line = [ctx.segments.enclosing("line", hit.start)]
            if _found(ctx, own_plan, line) and not _found(ctx, add_on, line):
                continue
        if defer is not None:
            s, e = ctx.segments.enclosing("sentence", hit.start)
            if any(m.end() <= hit.start or m.start() >= hit.end for m in ctx.finditer(defer, s, e)):
                continue
        if sentence_groups:
            sentence = [ctx.segments.enclosing("sentence", hit.start)]
            if all(_found(ctx, pattern, sentence) for pattern in sentence_groups):
                continue
        regions = _regions(ctx, options, hit.start)
        if (requires is not None or requires_near is not None) and not (
                _found(ctx, requires, regions)
                or _found(ctx, requires_near, _near(ctx, options, hit.start))):
            continue
        if _found(ctx, sufficient, regions):
            continue
        missing = [label for label, pattern in compiled if not _found(ctx, pattern, regions)]
        if missing:
            hit.values["missing"] = "、".join(missing)
            hits.append(hit)
    return hits
