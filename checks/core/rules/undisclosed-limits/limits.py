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
  The places are shaped by the copy's structure: an offer heading a list reads all its
  items (``list_below``); a heading line bounds the near lines and an offer in a heading
  reads the section it heads (``near_sections``); only the fine-print lines that speak
  of the offer count (``rules_topic_lines``: a handset page's delivery and warranty lines
  state no term). Not every trigger is an offer: a bare 免费 with nothing sellable or
  given in its clause or the clause beside it is a free service (``free_benefit``), and
  the items of an examples list (报价示例) illustrate.
* unlimited data (PL102): the throttling threshold must be *near* the claim — its
  line, an adjacent line of the same paragraph (``near_lines``), or a linked footnote. A threshold
  found only elsewhere (fine print, rules section) gives a warning instead of an error.
* deferrals (PL103): a deferral phrase in a document that offers something, with
  no concrete condition in reach.
"""

from __future__ import annotations

import bisect

import regex

from promolint import regex_cache
from promolint.engine.context import CheckContext, Hit
from promolint.engine.points.existence import find_triggers
from promolint.engine.rule import PhraseSet
from promolint.text.segment import RULES_HEADINGS
from promolint.text.speakers import AGENT_LINE, ASKING, CUSTOMER_LINE

# HTML tags a web page may open a line with (<li>, <p>, <h3 class="…">): not content.
_TAGS = r"(?:<[^<>\n]{1,80}>[^\S\n]*)*"

_LABELS = (
    r"办理条件|参与条件|参与方式|办理方式|适用对象|活动对象|参与对象|办理对象|适用人群|适用范围|"
    r"适用地区|适用用户|活动时间|活动期间|活动日期|有效期|合约期|合约要求|资费说明|套餐资费|资费|"
    r"套餐说明|赠送说明|赠送规则|赠送方式|赠品说明|返还规则|返还说明|返还方式|领取方式|领取条件|"
    r"使用条件|使用规则|优惠说明|优惠规则|优惠详情|办理要求|套餐要求|合约条件|承诺条件|违约责任|优惠期|"
    r"赠送期|预存要求|预存金额|预存|月?最低消费|保底消费|在网要求|适用套餐|赠品规格|到账方式|到账时间|"
    r"返还时间|发放方式|发放时间|领取时间|"
    # FAQ-style headings of a WeChat post or a landing page (谁能办？ 资费怎么算？)
    r"谁能办理?|谁可以办理?|哪些(?:人|用户|客户)(?:能|可以)(?:办理?|参加|参与)|(?:怎么|如何)(?:办理|参与|参加|领取|返还?|收费|计费)|"
    r"(?:有|需要)?什么条件|什么时候(?:能?办|截止|结束)?|资费怎么算|怎么收费|费用怎么算|"
    r"(?:金额|价格|报价|抵扣(?:金额|额)?|返还(?:金额)?)?(?:怎么|如何)(?:定|确定|算|计算|核算)|"
    # a label naming the benefit it explains (0元购机说明：…, 送话费规则：…, 免费宽带办理须知：…),
    # not any note (配送说明：24小时内送达 states no offer's terms)
    r"[\p{Han}A-Za-z0-9¥￥]{0,6}?(?:[0〇零]元|[¥￥]0|免费|(?<![配发运递寄输护推接])送(?![货达])|赠|返(?![回程])|"
    r"优惠|特惠|\d折|立减|直降|补贴|礼包|赠品|券|红包|权益|福利)[\p{Han}A-Za-z0-9]{0,4}?"
    r"(?:说明|规则|须知|细则|条件|要求|明细)"
)

# A line that opens with a condition label (办理条件：…, <li>活动时间：…, 一、活动对象): its
# content is a disclosure wherever it sits. Without a colon the label is a heading and
# its content is the next line.
_LABELLED_LINE = regex_cache.compile(
    r"^[^\S\n]*" + _TAGS + r"(?:[-*•·>#]+[^\S\n]*)?"
    r"(?:\d{1,2}[.、)][^\S\n]*|[一二三四五六七八九十]{1,3}[、.][^\S\n]*|[\u2460-\u2473][^\S\n]*)?"
    r"(?:[^\w\n<]|[\uFE0F\u200D]){0,4}[【\[(]?[^\S\n]*(?:" + _LABELS + r")[^\S\n]*[】\])]?[^\S\n]*\??[^\S\n]*"
    # the label ends with a colon, or is the first cell of a table row (| 适用对象 | …,
    # <td>合约期</td><td>…), or stands alone as a heading
    r"(?:(?P<colon>:|\||</t[dh]>[^\S\n]*<t[dh][^<>\n]{0,40}>|\t)|" + _TAGS + r"$)",
    regex.MULTILINE,
)

# A rules / fine-print heading the engine's segmenter misses: one wrapped in HTML tags
# (<h3>活动规则</h3>) or numbered (一、注意事项) ...
_RULES_HEADING = regex_cache.compile(
    r"^[^\S\n]*" + _TAGS + r"(?:#+[^\S\n]*)?(?:(?:[^\w\s<]|[\uFE0F\u200D]){1,4}[^\S\n]*)?(?:[一二三四五六七八九十]{1,3}[、.]|\d{1,2}[.、])?[^\S\n]*"
    r"[【\[(〔]?[^\S\n]*(?:" + RULES_HEADINGS + r")[^\S\n]*\d?[^\S\n]*[】\])〕]?[^\S\n]*"
    # an aside after the heading: 活动规则（请看完再充）, 温馨提示(必读)
    r"(?:[(（][^()（）\n]{1,12}[)）][^\S\n]*)?" + _TAGS + r"(?::|$)",
    regex.MULTILINE,
)
# ... or a title naming the page as rules (“充值返话费”活动规则), but not a pointer to
# rules elsewhere (点击查看活动规则).
_RULES_TITLE = regex_cache.compile(
    r"(?:活动规则|活动细则|参与规则|规则说明)[^\S\n]*" + _TAGS + r"$", regex.MULTILINE)
_RULES_POINTER = regex_cache.compile(r"查看|点击|详见|参见|参阅|阅读|请见")
# Literal parts one of which a heading must contain (a cheap test before the scan).
_HEADING_WORDS = tuple(w for w in RULES_HEADINGS.split("|") if w not in ("注", "说明")) + ("注", "说明")

# The answer of an FAQ (A：…, 答：…, <br>A1：…): the page states its terms there.
_ANSWER = regex_cache.compile(
    r"(?:^|<br\s*/?>)[^\S\n]*" + _TAGS + r"(?:\*\*|__)?[^\S\n]*(?:A|答|回答|解答)\d{0,2}[^\S\n]*(?:\*\*|__)?[^\S\n]*:",
    regex.MULTILINE)

_DATA_CONTEXT = regex_cache.compile(r"流量|上网|数据|网速|\d+(?:\.\d+)?\s*(?:GB|G|TB|MB)(?![a-zA-Z])|5G|4G")

_MODULE = "undisclosed-limits"


def _compiled(rule, name: str) -> regex.Pattern | None:
    """A regular expression from the rule's [options] (a string or a list of alternatives)."""
    key = (id(rule), name)
    if key not in _OPTION_CACHE:
        _OPTION_CACHE[key] = regex_cache.alternation(rule.options.get(name))
    return _OPTION_CACHE[key]


# (id(rule), option) -> compiled option; rules live for the whole run (the ids stay valid).
_OPTION_CACHE: dict[tuple[int, str], regex.Pattern | None] = {}


def labelled_lines(ctx: CheckContext) -> list[tuple[int, int]]:
    """Spans of lines that open with a condition label (办理条件：, 活动时间：…); a label
    standing alone as a heading brings the line after it."""
    def build():
        spans = []
        lines = ctx.segments.spans("line")
        for m in ctx.finditer(_LABELLED_LINE):
            line = ctx.segments.enclosing("line", m.start())
            if m.group("colon") is None:
                i = bisect.bisect_left(lines, line)
                while i + 1 < len(lines) and not ctx.text[lines[i + 1][0]:lines[i + 1][1]].strip():
                    i += 1
                if i + 1 < len(lines):
                    line = (line[0], lines[i + 1][1])
            spans.append(line)
        if "A" in ctx.text or "答" in ctx.text:
            spans.extend(ctx.segments.enclosing("line", m.end()) for m in ctx.finditer(_ANSWER))
        return sorted(set(spans))
    return ctx.memo((_MODULE, "labelled"), build)


def rules_sections(ctx: CheckContext) -> list[tuple[int, int]]:
    """Fine print: the engine's rules sections, or from a heading it misses to the end."""
    def build():
        text = ctx.text
        starts = [s for s, _ in ctx.segments.rules_sections]
        if any(w in text for w in _HEADING_WORDS):
            m = ctx.find(_RULES_HEADING)
            if m:
                starts.append(m.start())
            if "规则" in text or "细则" in text:
                for m in ctx.finditer(_RULES_TITLE):
                    line = ctx.segments.enclosing("line", m.start())
                    if m.start() - line[0] <= 40 and not _RULES_POINTER.search(text, line[0], m.start()):
                        starts.append(line[0])
                        break
        return [(min(starts), len(text))] if starts else []
    return ctx.memo((_MODULE, "rules"), build)


# What a line of fine print must speak of for its terms to be the offer's: the offer, the
# campaign, the plan or a condition's own topic. A handset page's 购买须知 also holds
# delivery, warranty and invoice lines (顺延2-3天, 享受1年整机保修): their periods are no
# terms of the offer.
_OFFER_TOPIC = regex_cache.compile(
    r"优惠|活动|本次|参与|参加|办理|合约|协议|套餐|预存|存费|充值|赠|送|返|减|免|折|权益|礼|券|红包|"
    r"资费|月费|月租|收费|计费|费用|价|用户|客户|号码|在网|消费|到期|有效|期满|续|退订|取消|限")


def rules_topic_lines(ctx: CheckContext) -> list[tuple[int, int]]:
    """The lines of the fine print (``rules_sections``) that speak of the offer (see above)."""
    def build():
        spans = []
        for lo, hi in rules_sections(ctx):
            for line in ctx.segments.spans("line"):
                if line[1] <= lo or line[0] >= hi:
                    continue
                if _OFFER_TOPIC.search(ctx.text, line[0], line[1]):
                    spans.append(line)
        return spans
    return ctx.memo((_MODULE, "rules-topic"), build)


def _agent_turns(ctx: CheckContext) -> list[tuple[int, int]]:
    return ctx.memo((_MODULE, "agent"), lambda: [
        ctx.segments.enclosing("line", m.start()) for m in ctx.finditer(AGENT_LINE)])


def later_agent_turns(ctx: CheckContext, offset: int) -> list[tuple[int, int]]:
    """In a sales script, the agent's turns after the one at ``offset``: conditions the
    agent states later in the same call still reach the customer before they agree."""
    turns = _agent_turns(ctx)
    if not turns:
        return []
    line = ctx.segments.enclosing("line", offset)
    if line not in turns:
        return []
    return turns[bisect.bisect_right(turns, line):]


def customer_turns(ctx: CheckContext) -> list[tuple[int, int]]:
    """The customer's turns (lines) of a script that also has agent turns."""
    def build():
        if not _agent_turns(ctx):
            return []
        return [ctx.segments.enclosing("line", m.start()) for m in ctx.finditer(CUSTOMER_LINE)]
    return ctx.memo((_MODULE, "customer"), build)


def in_customer_turn(ctx: CheckContext, offset: int) -> bool:
    """``offset`` lies in a customer's turn of a script that also has agent turns."""
    turns = customer_turns(ctx)
    return bool(turns) and ctx.segments.enclosing("line", offset) in turns


def asking_spans(ctx: CheckContext) -> list[tuple[int, int]]:
    """What asks rather than states (an FAQ's 问/Q line, a question): a condition named
    there (包年到期后怎么收费？) is not disclosed."""
    def build():
        text = ctx.text
        asked = ASKING["questions"](text) if "?" in text else []
        askers = []
        for s, e in ASKING["asker-lines"](text):
            answer = _ANSWER.search(text, s + 1, e)  # <p>问：…<br>答：… answers on the same line
            askers.append((s, answer.start() if answer else e))
        return askers + [(s, e) for s, e in asked if not _TAG_QUESTION.search(text, s, e)]
    return ctx.memo((_MODULE, "asking"), build)


# A short piece that ends in a question mark echoes what was said (免费的？ 真送啊？ 0元？):
# a question even without a question word.
_ECHO_MAX = 8
_PIECE_MARKS = "。！!？?；;\n,，:："


def _echo_question(ctx: CheckContext, hit: Hit) -> bool:
    """The hit stands in a piece of at most ``_ECHO_MAX`` characters, between two marks,
    that ends in ``?``."""
    text = ctx.text
    start = hit.start
    while start > 0 and hit.end - start < _ECHO_MAX and text[start - 1] not in _PIECE_MARKS:
        start -= 1
    if start > 0 and text[start - 1] not in _PIECE_MARKS:
        return False
    end = hit.end
    while end < len(text) and end - start < _ECHO_MAX and text[end] not in _PIECE_MARKS:
        end += 1
    return end < len(text) and text[end] == "?" and end - start <= _ECHO_MAX


# A statement closed by a tag question (合约12个月，给您办上可以吗？) still states its terms.
_TAG_QUESTION = regex_cache.compile(
    r"(?:可以|好|行|对|是|成)(?:吗|吧|么|嘛|不)\s*[?]$|(?:好不好|行不行|可不可以|对不对|是不是|可以不|怎么样|咋样)\s*[?]$")


def hollow_spans(ctx: CheckContext, rule) -> list[tuple[int, int]]:
    """Spans that name conditions without stating them (预存金额、合约期限因地区而异)."""
    hollow = _compiled(rule, "hollow")
    if hollow is None:
        return []

    def build():
        text = ctx.text
        if not any(w in text for w in _HOLLOW_WORDS):
            return []
        return [m.span() for m in ctx.finditer(hollow)]
    return ctx.memo((_MODULE, "hollow", hollow.pattern), build)


# Every hollow phrase ends in one of these (a cheap test before the scan).
_HOLLOW_WORDS = ("而异", "而定", "不同", "为准", "另行", "详", "咨询", "见", "了解", "自动", "条件", "随机",
                 "要不要", "需不需要", "用不用", "有没有", "是否需要", "是不是要",
                 "不一样", "不太一样", "说不清", "看短信", "系统会", "小小的", "短短的", "一点点", "很短的", "不长的",
                 "随时", "单方", "预存", "资费", "价格", "收费标准", "到期", "过期", "失效",
                 "合约期内", "协议期内", "合约内", "锁定", "转不", "限时")


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _has_outside(ctx: CheckContext, pattern: PhraseSet | regex.Pattern, span: tuple[int, int], start: int,
                 end: int, hollow=(), apart: bool = False, skip=None) -> bool:
    """A match in ``span`` that is not wholly inside the trigger ``text[start:end]`` (with
    ``apart``: that does not touch it at all) nor inside a ``hollow`` span (a condition
    named without its value) nor one that ``skip(start, end)`` rejects. ``hollow`` may be a
    callable returning the spans: it is called only once a candidate match is found.

    Walks the matches as ``finditer`` would but stops at the first one that counts; each
    step is ``ctx.search`` for a phrase set (a big set is searched in chunks) and
    ``ctx.find`` for a pattern, both remembered per document, so PL101, PL103 and the
    engine's own disclosure test share the work on the same lines.
    """
    find = ctx.search if isinstance(pattern, PhraseSet) else ctx.find
    pos, stop = span
    while pos <= stop:
        m = find(pattern, pos, stop)
        if m is None:
            return False
        if apart:
            mine = m.start() < end and m.end() > start
        else:
            mine = start <= m.start() and m.end() <= end
        if not mine:
            if callable(hollow):
                hollow = hollow()
            if not (hollow and _inside(hollow, m.start(), m.end())) \
                    and not (skip is not None and skip(m.start(), m.end())):
                return True
        pos = m.end() if m.end() > m.start() else m.end() + 1
    return False


def conditions_disclosed(ctx: CheckContext, rule, start: int, end: int, gifts: bool = False) -> bool:
    """The rule's disclosure in its scope, a linked footnote, the rules section, a labelled
    line or (in a sales script) a later turn of the agent.

    A match inside the trigger does not count: 前3个月半价 names a duration but no condition.
    With ``gifts`` the length of a gift itself (送1年宽带, 免费领取12个月, 0元试用7天) does
    not count either: it is what is given, not a condition for getting it.
    """
    d = rule.disclosure
    return disclosed_by(ctx, rule, d.phrases, start, end, gifts=gifts)


def gift_length_at(ctx: CheckContext, rule, start: int, end: int, offer: tuple[int, int] | None = None) -> bool:
    """``text[start:end]`` (a duration found as a disclosure) is the size of a gift: right
    after a gift word with the gift named after it (送1年宽带, 再送3个月IPTV, 免费领取12个月),
    closing the clause of another gift than the ``offer`` span, named before it (装机0元 …
    再送视频会员12个月), closing a trial's clause (免费体验校园网7天), or right before a free
    price (7天内免费). Tested only for a candidate match, in a window."""
    text = ctx.text
    if text[end - 1] not in "月年天周季":
        return False  # not a duration: most disclosures are words (合约期, 需办理…)
    after = _compiled(rule, "gift_length_free")
    if after is not None and after.match(text, end, min(len(text), end + 6)):
        return True
    lo = max(0, start - 10)
    use = _compiled(rule, "gift_length_use")
    if use is not None and use.search(text, lo, start):
        return True
    before = _compiled(rule, "gift_length_verb")
    noun = _compiled(rule, "gift_length_noun")
    if (before is not None and noun is not None
            and before.search(text, max(0, start - 10), start) is not None
            and noun.match(text, end, min(len(text), end + 4)) is not None):
        return True
    trial = _compiled(rule, "gift_length_trial")
    if trial is not None and trial.search(text, max(0, start - 14), start) is not None:
        closes = _compiled(rule, "gift_length_named_end")
        if closes is None or closes.match(text, end, min(len(text), end + 4)) is not None:
            return True
    if offer is None:
        return False
    # the length of another gift (装机0元 … 再送视频会员12个月): not this offer's term; the
    # offer's own gift keeps its length as a term here (新生办卡加送校园网1个月)
    named = _compiled(rule, "gift_length_named")
    closes = _compiled(rule, "gift_length_named_end")
    if named is None or closes is None or closes.match(text, end, min(len(text), end + 4)) is None:
        return False
    m = named.search(text, max(0, start - 14), start)
    return m is not None and not offer[0] <= m.start() < offer[1]


def disclosed_by(ctx: CheckContext, rule, pattern: PhraseSet | regex.Pattern, start: int, end: int,
                 apart: bool = False, gifts: bool = False) -> bool:
    """``pattern`` in the places where the rule's disclosure may stand (see above).

    With ``apart`` a match that merely touches the trigger does not count either.
    """
    d = rule.disclosure

    def hollow():
        # what the customer asks (协议期多久？) discloses nothing either
        return ctx.memo((_MODULE, "hollow+customer", rule.code),
                        lambda: hollow_spans(ctx, rule) + customer_turns(ctx) + asking_spans(ctx))

    def gift(s, e):
        return gift_length_at(ctx, rule, s, e, (start, end))

    def spans():  # nearest and cheapest first: most offers are settled on their own line
        near = rule.options.get("near_lines")
        sections = bool(rule.options.get("near_sections"))
        yield from near_spans(ctx, start, near, sections) if near else [ctx.segments.enclosing(d.scope, start)]
        yield from list_below(ctx, start)
        if sections:
            yield from section_below(ctx, start)
        if d.footnotes:  # a marker anywhere on the offer's part of the line
            yield from ctx.segments.linked_footnotes(*line_part(ctx, start, end))
        yield from later_agent_turns(ctx, start)
        yield from earlier_terms(ctx, rule, start)
        yield from labelled_lines(ctx)
        if d.rules_section:
            yield from rules_topic_lines(ctx)
        yield from same_offer_spans(ctx, rule, start, end)
        yield from referring_lines(ctx)
    skip = gift if gifts else None
    return any(_has_outside(ctx, pattern, span, start, end, hollow, apart, skip) for span in spans())


def same_offer_spans(ctx: CheckContext, rule, start: int, end: int) -> list[tuple[int, int]]:
    """Elsewhere in the same ad (Tier B), the places that speak of the same offer: the
    lines, with their near lines, that name the product the benefit is (领10GB流量券 … later
    “流量券10月7日前有效”), and for a bare call to action (``[ 免费领取 ]``, 立即0元抢 >>),
    which repeats the page's offer, the whole document."""
    text = ctx.text
    line = ctx.segments.enclosing("line", start)
    if _CTA_LINE.fullmatch(text, line[0], line[1]):
        return [(0, len(text))]
    lo, hi = _clause(ctx, start, end)
    amount = _GIFT_AMOUNT.match(text, end, min(hi, end + 12))
    if amount and amount.group(2) is None and not _DEPOSIT_BEFORE.search(text, max(lo, start - 12), start):
        amount = None  # a bare number is a sum of money only after a deposit (充200得400)
    restated = _restated_amount(ctx, rule, amount.group(1), amount.group(2), line) if amount else []
    noun = _compiled(rule, "offer_noun")
    if noun is None:
        return restated
    m = noun.search(text, end, min(hi, end + 12)) or noun.search(text, max(lo, start - 8), start)
    if m is None:
        return restated
    word = m.groupdict().get("core") or m.group()

    def build():
        spans, near = [], int(rule.options.get("near_lines") or 0)
        sections = bool(rule.options.get("near_sections"))
        pos = text.find(word)
        while pos >= 0:
            own = ctx.segments.enclosing("line", pos)
            if own != line:
                spans.extend(near_spans(ctx, pos, near, sections) if near else [own])
            pos = text.find(word, own[1] + 1)
        return sorted(set(spans))
    return restated + ctx.memo((_MODULE, "same-offer", word, line), build)


# The sum a gift word gives (送300元话费, 返您50块, 赠送话费100元, 送20GB): a headline gift
# restated with its terms in the body names the same sum after a gift word.
# A deposit gift may leave both sums bare (充200得400, 存100送100): the unit is money.
_GIFT_AMOUNT = regex_cache.compile(
    r"[^\S\n]*(?:给?您|给?你)?[^\S\n]*(?:话费|流量)?[^\S\n]*(\d+(?:\.\d+)?)[^\S\n]*(元|块|GB|G(?![a-zA-Z]))?(?![\d.])")
_DEPOSIT_BEFORE = regex_cache.compile(r"(?:存|充值?|预存|交|缴)(?:话费)?[^\S\n]*\d+(?:\.\d+)?[^\S\n]*(?:元|块)?[^\S\n]*(?:就|即|可|再)?$")


def _restated_amount(ctx: CheckContext, rule, number: str, unit: str, line: tuple[int, int]) -> list[tuple[int, int]]:
    """Other lines that give the same sum after a gift word or as a total (夏日存款季｜存5万
    送300元话费 … body: 赠送话费300元，分12个月返还; 送60GB流量 … 国内通用流量共60GB，分3个月
    发放), with their near lines: the headline's terms are there."""
    text = ctx.text
    if text.count(number) < 2:
        return []
    units = "元|块" if unit in ("元", "块", None) else "GB|G(?![a-zA-Z])"

    def build():
        again = regex.compile(  # one per sum: not worth the on-disk cache
            r"(?:送|赠|返|得|共|合计|总计|总共|累计)[^,，。;；!！?？\n]{0,6}?(?<![\d.])" + regex.escape(number) + r"[^\S\n]*(?:" + units + ")")
        near = int(rule.options.get("near_lines") or 0)
        sections = bool(rule.options.get("near_sections"))
        spans = []
        for m in again.finditer(text):
            own = ctx.segments.enclosing("line", m.start())
            if own != line:
                spans.extend(near_spans(ctx, m.start(), near, sections) if near else [own])
        return sorted(set(spans))
    return ctx.memo((_MODULE, "restated", number, unit, line), build)


def earlier_terms(ctx: CheckContext, rule, start: int) -> list[tuple[int, int]]:
    """The text before the offer, when the offer's sentence hangs it on a step already
    described (续了以后还给您换新光猫, 办理上述套餐另赠路由器, 按刚才说的办): the terms
    stated for that step are the terms of this benefit. Customer turns and questions stay
    hollow (see ``disclosed_by``)."""
    anaphora = _compiled(rule, "anaphora")
    if anaphora is None:
        return []
    line = ctx.segments.enclosing("line", start)
    if line[0] == 0:
        return []
    sentence = ctx.segments.enclosing("sentence", start)[0]
    if ctx.find(anaphora, max(sentence, start - 40), start) is None:
        return []
    return [(0, line[0])]


# A clause that refers back to the ad's offer (参加第四条优惠的客户需在网12个月, 参与本活动的
# 用户须…, 享受上述优惠期间): its conditions are those of every offer the ad makes.
_REFERS = regex_cache.compile(
    r"(?:参加|参与|办理|享受|享有|选择|获得|领取)(?:了)?(?:第\s*[\d一二三四五六七八九十.]+\s*(?:条|款|项)(?:款)?"
    r"(?:所述|约定|所列|规定)?的?|本次?|上述|以上|前述|该)(?:优惠|活动|赠送|方案|促销|权益|政策|礼包)")


def referring_lines(ctx: CheckContext) -> list[tuple[int, int]]:
    """Lines that state terms for the ad's offer by referring back to it (see above)."""
    def build():
        text = ctx.text
        if not any(w in text for w in ("参加", "参与", "办理", "享受", "享有", "选择", "获得", "领取")):
            return []
        return sorted({ctx.segments.enclosing("line", m.start()) for m in ctx.finditer(_REFERS)})
    return ctx.memo((_MODULE, "refers"), build)


# A line that only calls to act ([ 免费领取 ], 立即免费领 >>, 马上0元抢): no amount, no product.
_CTA_LINE = regex_cache.compile(
    r"[^\S\n]*" + _TAGS + r"[\[【(（<「『\s]*(?:立即|马上|现在|点击|去|一键)?(?:免费|[0〇]元|零元)?"
    r"(?:领取?|抢购?|办理?|申请|兑换|参与|开通|预约|体验|试用|购买)(?:[^\S\n]*(?:>>|》|→|>))?"
    r"[\]】)）>」』\s]*" + _TAGS + r"[^\S\n]*")


def _zero_fee_listing(ctx: CheckContext, rule, hit: Hit) -> bool:
    """``安装费0元`` inside a fee list (another non-zero amount on the line) is a tariff line."""
    zero = _compiled(rule, "zero_price")
    fee = _compiled(rule, "fee_before_zero")
    if not zero or not fee or not zero.fullmatch(ctx.text, hit.start, hit.end):
        return False
    line_start, line_end = ctx.segments.enclosing("line", hit.start)
    if not fee.search(ctx.text, max(line_start, hit.start - 8), hit.start):
        # a fee heading the line (功能费：基础功能0元/月), or a unit price in a tariff list
        # (套餐内容：…，来电显示0元/月，超出部分按0.1元/分钟计费)
        label = _compiled(rule, "fee_label")
        tariff = _compiled(rule, "tariff_line")
        unit = _compiled(rule, "unit_price")
        if not ((label is not None and label.search(ctx.text, line_start, hit.start))
                or (tariff is not None and unit is not None and tariff.match(ctx.text, line_start, hit.start)
                    and unit.match(ctx.text, hit.end, line_end))):
            return False
    line = ctx.text[line_start:line_end]
    amounts = regex.finditer(r"(?<![\d.])(\d+(?:\.\d+)?)\s*元", line)
    if any(float(m.group(1)) > 0 for m in amounts):
        return True
    billing = _compiled(rule, "billing")  # or how the rest is billed: 按通话时长计费
    return billing is not None and billing.search(line) is not None


def _open_deferrals(ctx: CheckContext, rule) -> bool:
    """The document pushes its conditions into a deferral (详见营业厅…) with nothing concrete near it."""
    deferral = _compiled(rule, "deferral_patterns")
    if deferral is None:
        return False

    exceptions = _compiled(rule, "deferral_exceptions")

    def excepted(m) -> bool:  # what PL103 excepts (届时以最新公告为准) defers nothing
        if exceptions is None:
            return False
        s, e = ctx.segments.enclosing("sentence", m.start())
        return any(x.start() < m.end() and x.end() > m.start() for x in exceptions.finditer(ctx.text, s, e))

    def build():
        # only a deferral PL103 itself reports silences the offers (it tests token
        # boundaries): a pointer PL103 drops must leave the offer to PL101
        return any(not excepted(m) and not deferral_settled(ctx, rule, m.start(), m.end())
                   and ctx.aligned(m.start(), m.end())
                   for m in ctx.finditer(deferral))
    return ctx.memo((_MODULE, "open-deferral", rule.code), build)


def _in_same_ad(ctx: CheckContext, rule, hit: Hit) -> bool:
    """A Tier B trigger (a framed price: 只要39元/月) whose conditions stand elsewhere in the ad."""
    same_ad = _compiled(rule, "same_ad")
    if same_ad is None or not same_ad.fullmatch(ctx.text, hit.start, hit.end):
        return False
    return _has_outside(ctx, rule.disclosure.phrases, (0, len(ctx.text)), hit.start, hit.end,
                        lambda: hollow_spans(ctx, rule))


def _open_ended(ctx: CheckContext, rule, hit: Hit) -> bool:
    """A monthly benefit (每月返50元, 每月加送20GB) with no duration in reach: other
    conditions do not tell the user how long it lasts (Ad Law 8(2): 期限)."""
    if "月" not in ctx.text[max(0, hit.start - 10):hit.start]:
        return False  # every recurring marker (每月, 按月…) has 月
    recurring = _compiled(rule, "recurring")
    duration = _compiled(rule, "duration")
    if recurring is None or duration is None:
        return False
    gift = _compiled(rule, "recurring_gift")
    if gift is not None and not gift.fullmatch(ctx.text, hit.start, hit.end):
        return False
    line_start = ctx.segments.enclosing("line", hit.start)[0]
    if not recurring.search(ctx.text, max(line_start, hit.start - 10), hit.start):
        return False
    defer = _compiled(rule, "recurring_defer")
    if defer is not None and defer.search(ctx.text, *ctx.segments.enclosing("sentence", hit.start)):
        return False
    return not disclosed_by(ctx, rule, duration, hit.start, hit.end, apart=True)


_CLAUSE_STOP = regex_cache.compile(r"[,，。;；!！?？\n]")


def _clause(ctx: CheckContext, start: int, end: int) -> tuple[int, int]:
    """The clause (between punctuation marks) holding ``text[start:end]``."""
    text = ctx.text
    lo = max(0, start - 30)
    before = [m.end() for m in _CLAUSE_STOP.finditer(text, lo, start)]
    m = _CLAUSE_STOP.search(text, end, min(len(text), end + 30))
    return (before[-1] if before else lo, m.start() if m else min(len(text), end + 30))


_GIFT_CHARS = frozenset("送赠返得免白拿0〇零")


def _needs(ctx: CheckContext, rule, hit: Hit) -> regex.Pattern | None:
    """A disclosure this kind of gift needs besides a general condition: a deposit gift its
    return schedule, a terminal its contract, a free ongoing service its duration."""
    if not any(c in _GIFT_CHARS for c in ctx.text[hit.start:hit.end]):
        return None  # a cheap test first: every such trigger holds one of these characters
    word = _compiled(rule, "deposit_gift_trigger")
    if word is not None and word.fullmatch(ctx.text, hit.start, hit.end):
        # the deposit may stand in the clause before (您存三百，我们给您返六百)
        deposit = _compiled(rule, "deposit_gift")
        sentence = ctx.segments.enclosing("sentence", hit.start)[0]
        if deposit.search(ctx.text, max(sentence, hit.start - 24), hit.start):
            return _compiled(rule, "schedule")
    word = _compiled(rule, "credit_trigger")
    if word is not None and word.fullmatch(ctx.text, hit.start, hit.end):
        # a sum of call credit given (送200元话费, 返您300元话费): how it is paid out
        credit = _compiled(rule, "credit")
        if credit is not None and credit.match(ctx.text, hit.end, min(len(ctx.text), hit.end + 14)):
            return _compiled(rule, "schedule")
        # a quantity of data (再送100G流量): how long it stays valid, or no strings at all
        data = _compiled(rule, "data_gift")
        if data is not None and data.match(ctx.text, hit.end, min(len(ctx.text), hit.end + 12)):
            return _data_terms(rule)
    word = _compiled(rule, "terminal_trigger")
    if word is not None and word.fullmatch(ctx.text, hit.start, hit.end):
        # the terminal is the gift: right after the gift word (送华为手机, 0元购iPhone)
        lo, hi = _clause(ctx, hit.start, hit.end)
        # searched to the clause end so that 手机壳 at the window's edge is not read as 手机
        m = _compiled(rule, "terminal").search(ctx.text, hit.start, hi)
        if m is not None and m.start() < hit.end + 10:
            return _compiled(rule, "contract")
    word = _compiled(rule, "service_trigger")
    if word is not None and word.fullmatch(ctx.text, hit.start, hit.end):
        # the service is the gift: right after the gift word (送视频会员), or right before
        # a 免费 that it is the subject of (宽带免费用)
        service = _compiled(rule, "service")
        lo, hi = _clause(ctx, hit.start, hit.end)
        use = _compiled(rule, "zero_use")
        if use is not None and ctx.text[hit.start] in "0〇零":
            # a zero price is an ongoing free service only when it is for use (宽带0元用),
            # not a one-off fee (0元装)
            if not use.match(ctx.text, hit.end, min(hi, hit.end + 4)):
                return None
            if service.search(ctx.text, max(lo, hit.start - 6), hit.start):
                return _compiled(rule, "duration")
        if (service.search(ctx.text, hit.end, min(hi, hit.end + 10))
                or (ctx.text.startswith("免费", hit.start) and service.search(ctx.text, max(lo, hit.start - 6), hit.start))):
            defer = _compiled(rule, "recurring_defer")  # a paid subscription: PL703's
            if defer is not None and defer.search(ctx.text, *ctx.segments.enclosing("sentence", hit.start)):
                return None
            return _compiled(rule, "duration")
    lent = _compiled(rule, "lent")
    if lent is not None and ctx.text.startswith("免费", hit.start) \
            and ctx.text.startswith(("用", "使用"), hit.start + 2):
        # lent equipment used for free (光猫免费用): how long, or that it goes back
        lo, _ = _clause(ctx, hit.start, hit.end)
        if lent.search(ctx.text, max(lo, hit.start - 6), hit.start):
            return _compiled(rule, "duration")
    return None


def _free_without_benefit(ctx: CheckContext, rule, hit: Hit) -> bool:
    """A bare 免费 whose clause, or the clause before or after it (a comma between), names
    nothing sellable or given (option ``free_benefit``): a free service act or the word
    itself, not an offer."""
    if hit.end - hit.start != 2 or not ctx.text.startswith("免费", hit.start):
        return False
    benefit = _compiled(rule, "free_benefit")
    if benefit is None:
        return False
    lo, hi = _clause(ctx, hit.start, hit.end)  # its clause and the one either side
    lo = _clause(ctx, lo - 1, lo - 1)[0] if lo > 0 and ctx.text[lo - 1] in "，," else lo
    hi = _clause(ctx, hi + 1, hi + 1)[1] if hi < len(ctx.text) and ctx.text[hi] in "，," else hi
    return benefit.search(ctx.text, lo, hi) is None


def _cap_rule_stated(ctx: CheckContext, rule, hit: Hit) -> bool:
    """An amount "up to" a cap (旧机最高抵扣800元, 红包最高88元) whose determination is stated
    in reach (具体金额按机型、成色检测结果确定, 根据实际消费档位计算): how much the customer
    gets is then disclosed, which is what a cap leaves open."""
    cap = _compiled(rule, "cap_trigger")
    if cap is None or "最" not in ctx.text[hit.start:hit.end] or not cap.fullmatch(ctx.text, hit.start, hit.end):
        return False
    determined = _compiled(rule, "cap_rule")
    return determined is not None and disclosed_by(ctx, rule, determined, hit.start, hit.end, apart=True)


def _first_period_open(ctx: CheckContext, rule, hit: Hit) -> bool:
    """A first-period price (前3个月免费, 首年5折, 首月9.9元) whose ad never says what is
    charged after that period (第二个月起按199元, 期满自动停用, 恢复原价): Tier B, the
    whole ad counts."""
    first = _compiled(rule, "first_period")
    if first is None or ctx.text[hit.start] not in "前首" or not first.fullmatch(ctx.text, hit.start, hit.end):
        return False
    after = _compiled(rule, "after_period")
    return not _has_outside(ctx, after, (0, len(ctx.text)), hit.start, hit.end,
                            lambda: hollow_spans(ctx, rule) + asking_spans(ctx))


def _trial_turns_paid(ctx: CheckContext, rule, hit: Hit) -> bool:
    """The offer's sentence names a trial and what is charged after it (30天体验期满后按10元/月
    收取): a trial that converts, reported by the auto-subscription rules (PL703/PL704)."""
    paid = _compiled(rule, "paid_after")
    trial = _compiled(rule, "trial_marker")
    if paid is None or trial is None:
        return False
    s, e = ctx.segments.enclosing("sentence", hit.start)
    return ctx.find(paid, s, e) is not None and ctx.find(trial, s, e) is not None


def _free_turns_paid(ctx: CheckContext, rule, hit: Hit) -> bool:
    """A free or zero price (免费, 0元, 首月免费) whose own benefit renews as a paid
    subscription (次月起自动续费, 到期自动转包月, 连续包月), priced or not: a trial that
    converts, which the auto-subscription rules report (corpora/README.md convention).

    The renewal must belong to this offer: its sentence restates the offer itself (rules:
    首月0.01元仅限办公版 … hero: 首月0.01元，次月起自动续费), it names the same product
    (音乐会员 … 音乐会员到期自动续费), or, when either names none, it stands near the offer (up to
    ``_RENEW_NEAR`` lines away) or in the ad's fine print. A free broadband offer next to
    an auto-renewing music pack is not a trial of that pack."""
    free = _compiled(rule, "free_price")
    renew = _compiled(rule, "renews_paid")
    if free is None or renew is None or not free.fullmatch(ctx.text, hit.start, hit.end):
        return False
    text = ctx.text
    renewals = ctx.memo((_MODULE, "renews-paid"), lambda: [m.span() for m in ctx.finditer(renew)]
                        if any(w in text for w in _RENEW_WORDS) else [])
    if not renewals:
        return False
    line = ctx.segments.enclosing("line", hit.start)
    mine = _products(text, *line)
    if not mine:  # a product named in a heading or lead line just above (【音乐会员】\n0元领30天)
        for s, e in near_spans(ctx, hit.start, 1):
            mine |= _products(text, s, e)
    fine_print = [*rules_sections(ctx), *labelled_lines(ctx)]
    offer = text[hit.start:hit.end]
    for start, end in renewals:
        sentence = ctx.segments.enclosing("sentence", start)
        if len(offer) > 2 and offer in text[sentence[0]:sentence[1]]:
            return True  # the same offer, named again where it renews (首月0.01元，次月起自动续费)
        theirs = _products(text, *sentence)
        if mine & theirs:
            return True
        if mine and theirs:
            continue  # another product renews
        lo, hi = min(hit.start, start), max(hit.end, end)
        if _lines_apart(text, lo, hi) <= _RENEW_NEAR or _inside(fine_print, start, end):
            return True
    return False


# A product whose free use may renew as a subscription; 套餐 is every offer's and names none.
_PRODUCT = regex_cache.compile(
    r"宽带|会员|VIP|vip|IPTV|FTTR|彩铃|铃音|云盘|云存储|云空间|网盘|音乐|视频|阅读|游戏|动漫|"
    r"手机报|流量包|流量卡|加油包|权益包|提速包|短信包|语音包|通话包|副卡|彩印|安全服务|来电提醒|"
    r"(?:电视|影视|健身|教育|学习)(?:包|会员)?")
# Lines between a free offer and a renewal that names no product, for it to be the offer's.
_RENEW_NEAR = 3


def _lines_apart(text: str, lo: int, hi: int) -> int:
    """How many non-blank line breaks lie between ``lo`` and ``hi`` (blank lines are free)."""
    return sum(1 for piece in text[lo:hi].split("\n")[1:] if piece.strip())


def _products(text: str, start: int, end: int) -> set[str]:
    """The products named in ``text[start:end]``."""
    return {m.group() for m in _PRODUCT.finditer(text, start, end)}


# Every renews_paid match holds one of these (a cheap test before the scan).
_RENEW_WORDS = ("自动", "包月", "转为", "转成")


def _converts(ctx: CheckContext, rule) -> bool:
    """The copy turns a free period into a paid subscription (0元试用7天，期满自动续费): a
    trial, reported by the auto-subscription rules, so gift lengths still count as terms."""
    conv = _compiled(rule, "trial_converts")
    if conv is None:
        return False
    text = ctx.text
    return ctx.memo((_MODULE, "converts"), lambda: any(w in text for w in _CONVERT_WORDS)
                    and ctx.find(conv) is not None)


# Every trial_converts match holds one of these (a cheap test before the scan).
_CONVERT_WORDS = ("自动", "包月", "每月", "每个月", "按月")


def _data_terms(rule) -> regex.Pattern | None:
    """What a data gift needs: a duration, or a statement that there are no strings."""
    key = (id(rule), "data-terms")
    if key not in _OPTION_CACHE:
        parts = list(rule.options.get("duration") or []) + [rule.options.get("data_terms") or "(?!)"]
        _OPTION_CACHE[key] = regex_cache.alternation(parts)
    return _OPTION_CACHE[key]


def _audience_only(ctx: CheckContext, rule, hit: Hit) -> bool:
    """A price cut whose only condition in reach is its audience (老客户专享 … 5折)."""
    cut = _compiled(rule, "price_cut")
    audience = _compiled(rule, "audience")
    if cut is None or audience is None or not cut.fullmatch(ctx.text, hit.start, hit.end):
        return False
    if not any(w in ctx.text for w in ("专享", "专属", "独享")):
        return False

    def hollow():
        spans = ctx.memo((_MODULE, "audience"), lambda: [m.span() for m in ctx.finditer(audience)])
        return hollow_spans(ctx, rule) + spans
    near = rule.options.get("near_lines")
    pattern = rule.disclosure.phrases
    places = near_spans(ctx, hit.start, near) if near else [ctx.segments.enclosing(rule.disclosure.scope, hit.start)]
    places = [*places, *labelled_lines(ctx), *rules_sections(ctx)]
    return not any(_has_outside(ctx, pattern, span, hit.start, hit.end, hollow) for span in places)


def _ends_gift_word(ctx: CheckContext, hit: Hit) -> bool:
    """送/赠 closing a jieba word (办卡送, 入网送, 充值送 are single tokens): the gift
    word still ends where the benefit begins, unlike 送货 or 欢送会."""
    if hit.end - hit.start != 1 or ctx.text[hit.start] not in "送赠":
        return False
    line_start = ctx.segments.enclosing("line", hit.start)[0]
    return any(ctx.aligned(hit.start - k, hit.end) for k in range(1, 4) if hit.start - k >= line_start)


def offers(ctx: CheckContext, rule) -> list[Hit]:
    """PL101: a benefit (0元, 免费, 送, 返, 半价, N折…) with no stated condition in reach.

    The cheap tests come first; the jieba boundary test (tokenising the trigger's
    surroundings) runs only for a hit that every other test lets through.
    """
    unaligned = _compiled(rule, "unaligned")
    hits = []
    for hit in find_triggers(ctx, rule):
        if in_customer_turn(ctx, hit.start):  # (a fraud warning's quotes: skip_in quoted-mentions)
            continue
        if ctx.segments.footnotes and _inside(ctx.memo((_MODULE, "linked-notes"), lambda: _linked_notes(ctx)),
                                              hit.start, hit.end):
            continue  # a footnote restates the offer it is linked from: its terms, not a new offer
        if "?" in ctx.text and (_inside(asking_spans(ctx), hit.start, hit.end) or _echo_question(ctx, hit)):
            continue  # asked (真的0元吗？ 免费的？), not offered; a tag question still offers
        if _zero_fee_listing(ctx, rule, hit) or _free_without_benefit(ctx, rule, hit) \
                or in_example_list(ctx, hit.start):
            continue
        # gift lengths are no condition (the stricter test first: it settles most hits)
        disclosed = conditions_disclosed(ctx, rule, hit.start, hit.end, gifts=True) or (
            _converts(ctx, rule) and conditions_disclosed(ctx, rule, hit.start, hit.end))
        if not disclosed and _cap_rule_stated(ctx, rule, hit):
            disclosed = True
        if disclosed and _first_period_open(ctx, rule, hit):
            disclosed = False
        if disclosed and not _open_ended(ctx, rule, hit):
            needed = _needs(ctx, rule, hit)
            if needed is None:
                if not _audience_only(ctx, rule, hit):
                    continue
            elif disclosed_by(ctx, rule, needed, hit.start, hit.end):
                continue
        if _in_same_ad(ctx, rule, hit) or _trial_turns_paid(ctx, rule, hit) or _free_turns_paid(ctx, rule, hit):
            continue
        if _open_deferrals(ctx, rule):
            continue  # reported once, at the deferral, by the deferral rule
        if not (unaligned and unaligned.fullmatch(ctx.text, hit.start, hit.end)):
            if not ctx.aligned(hit.start, hit.end) and not _ends_gift_word(ctx, hit):
                continue
        if _no_purchase_needed(ctx, rule, hit):
            continue
        hits.append(hit)
    return hits


def _no_purchase_needed(ctx: CheckContext, rule, hit: Hit) -> bool:
    """The offer's sentence, or the next sentence on its line, says nothing has to be bought
    (免费贴膜，不办业务也能来; 领鸡蛋。无需办理任何业务): that is all the free thing asks."""
    pattern = _compiled(rule, "no_purchase")
    if pattern is None or _needs(ctx, rule, hit) is not None:
        return False  # a gift of credit, a device or a service still owes its own terms
    first = _compiled(rule, "first_period")
    if first is not None and ctx.text[hit.start] in "前首" and first.fullmatch(ctx.text, hit.start, hit.end):
        return False  # so does a first period (首月免费): what is charged after it
    s, e = ctx.segments.enclosing("sentence", hit.start)
    line_end = ctx.segments.enclosing("line", hit.start)[1]
    if e < line_end:
        e = max(e, ctx.segments.enclosing("sentence", e)[1])
    return ctx.find(pattern, s, min(e, line_end)) is not None


def deferrals(ctx: CheckContext, rule) -> list[Hit]:
    """PL103: 详见营业厅 / 以实际办理为准 standing in for conditions the offer never states."""
    trig = rule.trigger
    if trig.context and trig.context_scope == "document" and not ctx.scope_has(trig.context, "document", 0):
        return []  # no offer anywhere: skip the scan for deferral phrases
    withheld = _compiled(rule, "withheld")
    return [h for h in find_triggers(ctx, rule)
            if not deferral_settled(ctx, rule, h.start, h.end)
            or (withheld is not None and withheld.search(ctx.text, _withheld_from(ctx, h), _deferred_at(ctx, h)))]


def deferral_settled(ctx: CheckContext, rule, start: int, end: int) -> bool:
    """The deferral at ``text[start:end]`` leaves nothing open: a condition in its reach,
    or, for a contact line apart from every offer (a poster's footer: 详询10000 ｜ XX分公司),
    a condition in the footnotes the ad's offers link to (月费直降20元① … ① 续约期24个月):
    a footer pointer then adds to the stated terms and withholds none."""
    if conditions_disclosed(ctx, rule, start, end):
        return True
    notes = ctx.segments.footnotes
    if not notes:
        return False
    offer = _compiled(rule, "offer_near")
    if offer is None or any(ctx.find(offer, s, e) for s, e in near_spans(ctx, start, 1)):
        return False  # an offer beside it: the deferral speaks of that offer
    linked = ctx.memo((_MODULE, "linked-notes"), lambda: _linked_notes(ctx))
    phrases = rule.disclosure.phrases
    return any(ctx.search(phrases, s, e) for s, e in linked)


def _linked_notes(ctx: CheckContext) -> list[tuple[int, int]]:
    """Footnote bodies whose marker also stands on another line (an offer's ①, *)."""
    text = ctx.text
    found = []
    for marker, bodies in ctx.segments.footnotes.items():
        pos = text.find(marker)
        while pos >= 0:
            inside = next((b for b in bodies if b[0] <= pos < b[1]), None)
            if inside is None:
                found.extend(bodies)  # the marker stands outside its notes too
                break
            pos = text.find(marker, inside[1])
    return found


def _deferred_at(ctx: CheckContext, hit: Hit) -> int:
    """Where the deferral itself starts: a 以…为准 match may open with the condition it
    defers (办理条件以营业厅实际受理为准), which is then named before its 以."""
    cut = ctx.text.find("以", hit.start, hit.end)
    return cut if cut > hit.start else hit.start


def _withheld_from(ctx: CheckContext, hit: Hit) -> int:
    """Where a condition named before a deferral may start: the clause, or in speech (a
    pause before the brush-off: 协议期哈，很短的，具体的话以营业厅为准) the sentence."""
    sentence = ctx.segments.enclosing("sentence", hit.start)[0]
    return max(sentence, hit.start - 30)


# A list item: a bullet, a number or a circled number opening the line (· 首充50元, 1. 合约12个月).
_ITEM = regex_cache.compile(
    r"[^\S\n]*" + _TAGS + r"(?:[·•▪◆◇●○■□✓✔☑►▶→*+-]|\d{1,2}[.、)）]|[\u2460-\u2473]|[(（]\d{1,2}[)）])")


# A list of worked examples (报价示例, 举例, 例如): its items illustrate terms stated elsewhere.
_EXAMPLES = regex_cache.compile(r"示例|举例|例子|案例|例如|比如|样例|参考报价")


def in_example_list(ctx: CheckContext, offset: int) -> bool:
    """``offset`` lies in a list item whose list is headed by a line naming it as examples
    (报价示例（7月15日价格表） / · 小米 12 …：抵420元)."""
    text = ctx.text
    line = ctx.segments.enclosing("line", offset)
    if not _ITEM.match(text, line[0], line[1]):
        return False
    para = ctx.segments.enclosing("paragraph", offset)
    cur = line
    while cur[0] > para[0]:
        cur = ctx.segments.enclosing("line", cur[0] - 1)
        if not _ITEM.match(text, cur[0], cur[1]):
            return _EXAMPLES.search(text, cur[0], cur[1]) is not None
    return False


# What divides a poster line into items: 送半年视频会员 · 光猫0元用* (each item its own offer).
_ITEM_DIVIDER = regex_cache.compile(r"[·•｜|]|[ \t\u3000]{2,}")


def line_part(ctx: CheckContext, start: int, end: int) -> tuple[int, int]:
    """The item of the line that holds ``text[start:end]``, between dividers (see
    ``_ITEM_DIVIDER``); the whole line when it has none. A footnote marker on one item
    (光猫0元用*) links that item's note, not the note of every offer on the line."""
    lo, hi = ctx.segments.enclosing("line", start)
    text = ctx.text
    left = [m.end() for m in _ITEM_DIVIDER.finditer(text, lo, start)]
    right = _ITEM_DIVIDER.search(text, end, hi)
    return (left[-1] if left else lo, right.start() if right else hi)


def list_below(ctx: CheckContext, offset: int) -> list[tuple[int, int]]:
    """The list right under the offer's line, in its paragraph (🎁 大王卡 0元领卡 / · 首充50元 /
    · 月租19元 / · 无合约): an offer heading its list states its terms in the items, however
    many; the near lines reach only the first few."""
    text = ctx.text
    line = ctx.segments.enclosing("line", offset)
    para = ctx.segments.enclosing("paragraph", offset)
    if _ITEM.match(text, line[0], line[1]):
        return []  # the offer is an item itself: its siblings are other offers
    spans, cur = [], line
    while cur[1] < para[1]:  # a line span holds its own line break
        nxt = ctx.segments.enclosing("line", cur[1])
        if nxt[0] != cur[1] or not _ITEM.match(text, nxt[0], nxt[1]):
            break  # a blank line or a line that is no item ends the list
        spans.append(nxt)
        cur = nxt
    return [(spans[0][0], spans[-1][1])] if spans else []


# A heading line: an HTML heading, a Markdown heading, or a bracketed title standing alone
# (<h3>加赠集团彩铃</h3>, ## 开业季优惠, 【加赠彩铃】). It opens a section of its own.
_HEADING_LINE = regex_cache.compile(
    r"[^\S\n]*(?:<h[1-6][^<>\n]{0,60}>[^\n]{0,40}</h[1-6]>|#{1,6}[^\S\n]+[^\n]{1,40}|"
    r"【[^】\n]{1,20}】)[^\S\n]*\n?")


def section_below(ctx: CheckContext, offset: int) -> list[tuple[int, int]]:
    """For an offer in a heading line (# 限时特惠 | 流量月包 加量不加价, <h3>加赠集团彩铃</h3>),
    the section it heads: down to the next heading line, blank lines included."""
    text = ctx.text
    line = ctx.segments.enclosing("line", offset)
    if not _HEADING_LINE.fullmatch(text, line[0], line[1]):
        return []
    end = line[1]
    while end < len(text):
        nxt = ctx.segments.enclosing("line", end)
        if nxt[1] <= end or _HEADING_LINE.fullmatch(text, nxt[0], nxt[1]):
            break
        end = nxt[1]
    return [(line[1], end)] if end > line[1] else []


def near_spans(ctx: CheckContext, offset: int, lines: int, sections: bool = False) -> list[tuple[int, int]]:
    """The line holding ``offset`` and up to ``lines`` non-empty lines either side, in its
    paragraph; with ``sections`` also in its section: a heading line (see ``_HEADING_LINE``)
    is reached from below but not crossed, so the terms of one headed offer do not cover
    the next one's (PL101's ``near_sections`` option; a deferral in an FAQ answer keeps
    its neighbours)."""
    text = ctx.text
    para = ctx.segments.enclosing("paragraph", offset)
    line = ctx.segments.enclosing("line", offset)
    spans = [line]
    cur = line
    for _ in range(lines):  # upwards
        if cur[0] <= para[0] or (sections and _HEADING_LINE.fullmatch(text, cur[0], cur[1])):
            break
        cur = ctx.segments.enclosing("line", cur[0] - 1)
        spans.append(cur)
    cur = line
    for _ in range(lines):  # downwards
        if cur[1] >= para[1]:
            break
        cur = ctx.segments.enclosing("line", cur[1])
        if sections and _HEADING_LINE.fullmatch(text, cur[0], cur[1]):
            break
        spans.append(cur)
    return spans


def unlimited(ctx: CheckContext, rule) -> list[Hit]:
    """PL102: an unlimited-data claim whose throttling threshold is not next to it."""
    weak = _compiled(rule, "needs_data_context")
    near = int(rule.options.get("near_lines", 1))
    phrases = rule.disclosure.phrases
    after = _compiled(rule, "after_threshold")
    hits = []
    for hit in find_triggers(ctx, rule):
        if weak and weak.fullmatch(ctx.text, hit.start, hit.end):
            ls, le = ctx.segments.enclosing("line", hit.start)
            if not _DATA_CONTEXT.search(ctx.text, ls, le):
                continue
        line = ctx.segments.enclosing("line", hit.start)
        places = [*near_spans(ctx, hit.start, near), *ctx.segments.linked_footnotes(line[0], line[1])]
        if any(ctx.search(phrases, s, e) for s, e in places):
            if after is None or any(ctx.find(after, s, e) for s, e in places):
                continue
            hits.append(Hit(hit.start, hit.end, message=rule.options.get("threshold_only_message")))
            continue
        if ctx.search(phrases, 0, len(ctx.text)):
            hits.append(Hit(hit.start, hit.end, message=rule.options.get("downplayed_message"),
                            suggestion=rule.options.get("downplayed_suggestion"),
                            severity="warning"))
        else:
            hits.append(hit)
    return hits
