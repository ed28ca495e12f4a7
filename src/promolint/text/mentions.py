"""Words quoted in order to talk about them: a notice on wording names a claim, it does not make it.

A notice that lists the words it will stop using (不再使用“限量”“最终解释权归本公司所有”等表述)
or a rule about them (涉及“限量”的活动须标明数量, 含有“恕不另行通知”字样的条款须删除)
mentions the trigger, as does a script's list of banned lines (不要对客户说“办了就不能退”)
and a word named as a word without quotes (不限量这个说法我们现在已经不用了); so does a
claim put in someone else's mouth or denied to exist (谁跟你说不限量，你就问他…; 没有真正的
“无限流量卡”), and an anti-fraud notice that quotes what the scammers say (警惕“0元领老人机”,
对老人说：“这是全网最低价的套餐”).
Quotation marks alone are not enough — copy quotes its own claims
for emphasis (“限量”等你来抢, “限量”“秒杀”双重福利) — so the quoted words must be followed
by 等 and what they are (“A”等表述), sit in a sentence about wording (表述, 字样, 不再使用…),
or be one of a list of quoted words (“A”“B”, “A”、“B”) in a sentence that regulates
(涉及, 须标明, 删除, 不得…), or stand on a line marked wrong (× “…”, ❌ “…”) or labelled as
a wrong example (错误示例：“…”). Rules skip such hits with ``trigger.skip_in = ["quoted-mentions"]``.
"""

from __future__ import annotations

from promolint import regex_cache

_OPEN = "“「『‘\""
_CLOSE = "”」』’\""
QUOTE_MAX = 30  # a quoted word or clause, not a quoted paragraph
_LIST_AFTER = regex_cache.compile(r"\s*(?:[、,，/]|和|或|及|与)?\s*[“「『‘\"]")
_LIST_BEFORE = regex_cache.compile(r"[”」』’\"]\s*(?:[、,，/]|和|或|及|与)?\s*$")
# 等 naming what the quoted words are (“A”等表述); 等 alone may be a verb (“限量”等你来抢)
_SUCH_AS = regex_cache.compile(
    r"\s*等(?:字样|表述|用语|词|说法|提法|宣传|内容|条款|措辞|类似|相关|不规范|信息|短信|消息|广告|传言|话术)")
# the next sentence names what the quoted words were: …“最终解释权归本店所有”。此类用语违反《广告法》
_NAMED_NEXT = regex_cache.compile(
    r"[。！!；;]?\s*(?:此类|这类|这些|上述|以上|该类|前述|类似)(?:的)?(?:用语|表述|说法|宣传语?|字样|词语?|提法|条款|话术)")
# the quoted words counted or named as words: “全网最低”这四个字, “第一”二字, “最快”这个词
_COUNTED = regex_cache.compile(
    r"\s*(?:这|那)?(?:[一二三四五六七八九两几\d]{1,2}个字|[二两三四]字|个词|个字眼|一词|字眼|词儿)")
_REGULATES = regex_cache.compile(r"涉及|凡是?|含有|带有|出现|标明|注明|写明|应当|不得|禁止|严禁|规范|整改|删除|停止")
_WORDING = regex_cache.compile(
    r"表述|用语|字样|词语|措辞|说法|提法|词汇|宣传语|广告语|用词|关键词|关键字|敏感词|违禁词|词条|"
    r"(?:不再|不得|禁止|严禁|停止|避免|杜绝|不|请勿|勿)"
    r"(?:使用|出现|含有|标注|宣传|写)"
    # a script's banned lines: 不要对客户说“办了就不能退”, 严禁讲“最终解释权归我们”
    r"|(?:不要|不能|不得|不准|不许|禁止|严禁|切勿|请勿|千万别|别)(?:再|随便|随意)?(?:对客户|跟客户|向客户|和客户)?"
    r"(?:说|讲|提|承诺|保证)"
    # a refusal to say it: 这个我没办法跟您说“最快”, 我们不敢说“全网最低”, 说不出口
    r"|(?:没办法|没法|不敢|无法|不好意思)(?:随便|随意)?(?:对|跟|向|和)?(?:您|你|客户|大家|用户)?(?:说|讲|承诺|保证|打包票)"
    r"|说不出口"
    # a script's wrong examples: 错误示例：“…”, 禁用语：“…”
    r"|错误示例|错误说法|反面示例|反面例子|禁用语|禁止用语|不规范用语|违规话术|违规用语")

# A line marked wrong (× “送您一部手机，不要钱的。”, ❌ “…”): a script quoting what not to say.
_WRONG_MARK = regex_cache.compile(r"[ \t\u3000]*(?:[-*•·][ \t]*)?[×✗✘❌🚫⛔]")


# Words named without quotes, as words: 不限量这个说法我们已经不用了, 永久免费的提法
_NAMED_AS_WORD = regex_cache.compile(
    r"[ \t]*(?:这个|这种|这类|这样的|那个|那种|的)?(?:说法|提法|叫法|字眼|词儿|表述|用语|宣传语|广告语)")


# A claim put in someone else's mouth to warn against it (谁跟你说不限量，你就问他…, 如果有人
# 对您说“全网最低价”), or denied to exist (市面上没有真正的“无限流量卡”): the copy disowns it.
# Not 有人说 or 别人说 alone: copy cites hearsay to make the claim (都说我们最便宜).
_DISOWNED = regex_cache.compile(
    r"(?:(?:谁|(?:如果|若|要是|假如|一旦)有人|骗子|不法分子|陌生人|对方)(?:再|要是|如果)?"
    r"(?:跟|对|和|向|给)?(?:你|您|你们|您们|老人|家人|长辈)?(?:说|讲|吹|承诺|保证|宣传|推销|号称|声称)"
    r"|(?:没有|并没有|根本没有|不存在|哪有|哪来的?)(?:什么|所谓)?(?:真正)?(?:意义上)?的?)"
    r"[“「『‘\"]?(?:[^,，。;；!！?？:：“”\n]{0,8}?[、和或])?[“「『‘\"]?$")


def quoted_mention(text: str, sentence: tuple[int, int], start: int, end: int) -> bool:
    """``text[start:end]``, in the sentence span ``sentence``, lies in quotation marks that
    quote it in order to talk about it (see above), or is followed by what it is as a
    word (不限量这个说法, 永久免费的提法)."""
    lo, hi = sentence[0], max(sentence[1], end)
    if _NAMED_AS_WORD.match(text, end) is not None:
        return True
    if _DISOWNED.search(text, max(lo, start - 24), start) is not None:
        return True
    opened = -1
    for i in range(start - 1, max(lo, start - QUOTE_MAX) - 1, -1):
        if text[i] in _CLOSE and text[i] not in _OPEN:
            return False
        if text[i] in _OPEN:
            opened = i
            break
    if opened < 0:
        return False
    close = next((i for i in range(end, min(hi, opened + QUOTE_MAX + 2)) if text[i] in _CLOSE), -1)
    if close < 0:
        return False
    if _WRONG_MARK.match(text, lo) is not None:
        return True
    if _SUCH_AS.match(text, close + 1) is not None or _COUNTED.match(text, close + 1) is not None \
            or _WORDING.search(text, lo, hi) is not None or _NAMED_NEXT.match(text, hi) is not None:
        return True
    listed = (_LIST_AFTER.match(text, close + 1) is not None
              or _LIST_BEFORE.search(text, max(lo, opened - 3), opened) is not None)
    return listed and _REGULATES.search(text, lo, hi) is not None


# Words of an anti-fraud notice: there, an offer or a claim in quotation marks is the
# scammers', quoted to warn against it. Not 谨防/警惕 alone: 谨防错过 is marketing.
WARNING_WORDS = ("骗", "诈", "钓鱼", "冒充")
# ... or, outside the quote, a warning not to answer or act on a quoted message (a relative
# forwarding an SMS: 千万莫回1, 别点链接, 不要理). Not 请勿回复 (a system message's own footer)
# nor 别错过 (marketing).
_WARN_OFF = regex_cache.compile(
    r"(?=[别莫不切])(?:别|莫|不要|切勿)(?:再|随便|轻易|乱)?(?:回复|回|点开|点击|点|扫码|扫|理会|搭理|理|上当|相信|信)")
# A quote on one line may be a message forwarded whole.
QUOTE_WHOLE = 200


def is_warning(text: str) -> bool:
    """The text may warn against what it quotes: fraud words or a warning not to act (a
    cheap test before ``quoted_in_warning``)."""
    return any(w in text for w in WARNING_WORDS) or _WARN_OFF.search(text) is not None


def quoted_in_warning(text: str, line: tuple[int, int], start: int, end: int) -> bool:
    """``text[start:end]`` lies in quotation marks on its ``line`` (a quoted phrase or a
    message forwarded whole, up to ``QUOTE_WHOLE`` characters), and the text warns against
    it: fraud words anywhere, or, outside the quote, a warning not to answer or act on it."""
    lo, hi = line
    before = text[max(lo, start - QUOTE_WHOLE):start]
    opened = max(before.rfind(q) for q in _OPEN)
    if opened < 0 or any(q in before[opened + 1:] for q in _CLOSE if q != '"'):
        return False
    closes = [i for i in (text.find(q, end, min(hi, end + QUOTE_WHOLE)) for q in _CLOSE) if i >= 0]
    if not closes:
        return False
    if any(w in text for w in WARNING_WORDS):
        return True
    opened += max(lo, start - QUOTE_WHOLE)
    return _WARN_OFF.search(text, 0, opened) is not None or _WARN_OFF.search(text, min(closes) + 1) is not None
