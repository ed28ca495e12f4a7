"""Plan facts of one document (PL801): monthly fee, data, voice minutes, broadband speed,
contract period and prepayment, each tied to the plan name it describes.

A fact belongs to the nearest plan name before it (or, in the name's own sentence,
the name it shares the sentence with): the region of a name runs from the start of its
sentence (from the name itself when another name opened the sentence) to the next
name. Values are normalised (两年 = 24个月, 千兆 = 1000M, 30GB = 30G通用流量) so that
copy phrased differently still agrees. Not extracted, because they are not the plan's
standing terms: promotional prices (首月, 前3个月, 原价, 立减…), gifts (送/赠), add-on
packs and overage terms (套餐外, 超出后), starting prices (59元起). A fact in copy that
restricts the offer to a channel, region or customer group (线上专享, 仅限XX营业厅,
校园专享, 广州地区适用) is not extracted either: such a difference is justified.
"""

from __future__ import annotations

from decimal import Decimal

import regex

from promolint import regex_cache
from promolint.engine.crossdoc import FactHit
from promolint.text.plans import NUM, data_mb, find_plans, months, parse_number, plain, speed_mbps

_SEP = r"[:\s]*"
_N = rf"(?<![\d.])(?P<n>{NUM})"
_MONEY = r"(?<![\d.])(?P<n>\d+(?:\.\d{1,2})?)"
_STOP = r"[,，。;；!！?？\n]"  # clause punctuation (NFKC folds the full-width forms)

# Words before a value (same clause) that make it something other than the plan's term.
_COMMON_EXCLUDE = (
    r"首月|次月|首年|前\s*\d+\s*个?月|前[一二两三四五六七八九十]+个?月|优惠期|原价|原资费|"
    r"折后|折扣|\d折|立减|直降|减免|返还?|赠送?|另送|加送|送|额外|叠加|加油包|流量包|"
    r"套餐外|超出|超过|达到|用满|用完|达量|限速|降速|升级|提速|升速|每增加|另收|另需|"
    r"副卡|附加|加装|权益|会员|合约机|购机|终端|补贴|抵扣|分期|最低消费|低消|保底|"
    r"对比|相比|比|仅需加|加\s*\d|多\s*\d|原来|以前|之前|曾|上行|"
    # a promotional price labelled as such: 活动月费, 优惠价, 到手价, 券后, 限时价
    r"活动(?:月费|价|资费|期)|优惠(?:价|月费|资费|后)|特惠价|促销价|到手|券后|惠后|体验价|限时|秒杀|"
    # a discounted or phased price: 半价 99.5元/月, 五折, 第7个月起恢复199元/月
    r"半价|[一二三四五六七八九]折|恢复|第\s*\d+\s*个?月(?:起|开始)|"
    # a figure derived from another one: 包年1188元，折合99元/月; 24个月共4776元
    r"折合|约合|相当于|平均|均摊|摊下来|算下来|合计|共计|"
    # the price after the contract ends: 到期后按109元/月续用, 期满后恢复
    r"到期|期满|届满|续用|续约|续订|续费|"
    # what leaving costs or the handset costs: 补缴机款差额（每月250元）, 违约金300元
    r"机款|差额|补缴|违约|赔偿|押金|月供|手续费|调测费|安装费|工本费|滞纳金|"
    # a per-unit price (副卡每张10元/月) and another option (也可选择无合约，月费229元)
    r"每\s*(?:张|个(?!月)|台|部|条|路|次|期)|也可|亦可|或选|可选择|若不|如不|"
    # a part of the bundle sold on its own: 企业宽带200M单独办理为260元/月, 单项资费, 单办, 千兆单宽带
    r"单独|单办|单项|分别办理|拆开|单宽带|单装|"
    # what is paid after a discount (实付89元/月) and a price for a later time (此后按129元/月)
    r"实付|实缴|实际支付|此后|届时"
)
_EXCLUDE = regex_cache.compile(_COMMON_EXCLUDE)
# A section or list introduction (二、新装礼 / 新装用户赠送： / 三、可选增值业务) whose
# items are gifts or add-ons, not the plan's own terms.
_SECTION_HEAD = regex_cache.compile(
    r"^[ \t]*(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|【).*$|^.*[:：][ \t]*$",
    regex.MULTILINE)
_ADDON_CUE = regex_cache.compile(
    r"赠|送|礼|福利|权益|增值|可选|加装|附加|另购|单独订购|会员|副卡|加油包|叠加包")
_ADDON_EXCLUDE = regex_cache.compile(r"包月|增值业务|彩铃|音乐包|视频包|会员|到账|一次性|当月有效")
# Right after the value: a threshold, a starting price, a per-day price, a pack.
_TAIL_EXCLUDE = regex_cache.compile(r"\s*(?:后|以上|以后|以下|以内|起|封顶|/天|/日|每天|包|送|返|赠|即送|可得|得)")
# A parenthesis right after the value that makes it a promotional figure:
# 69元/月（立减30元，连续减免12个月…）, 30GB（前3个月）
_PROMO_TAIL = regex_cache.compile(
    r"\s*[(（][^)）\n]{0,20}?(?:立减|直降|减免|前\s*\d+\s*个?月|连续|恢复|活动价|优惠价|优惠期|限时)")
# A tenure the customer must already have (eligibility), not a period to commit to:
# 适用对象：在网满6个月的用户, 入网满12个月, 网龄2年以上
_TENURE = regex_cache.compile(
    r"(?<!需|须|要|应|承诺|保持|最低|保证|继续)在网(?:时长|时间)?(?:已|需)?(?:满|达到|达|超过|不少于|不低于|≥|>=)"
    r"|入网(?:时长|时间)?(?:已)?满|网龄|适用对象|参与对象|办理条件|参与条件|申请条件|参加条件")
# The label of a "label: value" line or table cell right before a value (活动价：58元/月,
# | 优惠月费 | 69元/月 |): the label may sit outside the value's clause.
_LABEL_BEFORE = regex_cache.compile(r"([^\n|:：,，。;；]{1,10}?)[ \t*※]*[:：|][ \t]*$")
# A list item that opens with another product's name and price (2. 全家享 169元…): the
# facts after it are that product's, even when its name is not a recognised plan name.
_ITEM_HEAD = regex_cache.compile(
    r"[ \t]*(?:\d{1,2}[.、)）]|[一二三四五六七八九十]+[、.]|[(（]\d{1,2}[)）]|[-·•*★☆▪◆●✅☑])[ \t]*"
    r"(?P<name>(?:[1-9]G|[A-Za-z]{1,8})?\p{Han}{2,10}[A-Za-z+]{0,6})[ \t]*\d+(?:\.\d{1,2})?[ \t]*元")
# A heading line that opens a new section of the copy (▍存费送费, 【宽带】, ## 以旧换新,
# 三、副卡): the facts under it are that section's, not the plan named above it. Group
# "mark" is the heading's kind and level (##, ▍, 【, 、).
_SECTION_LINE = regex_cache.compile(
    r"[ \t]*(?:(?P<mark>[▍▌■◆▶►]|#{1,6}(?=[ \t]))|(?P<mark>【)[^】\n]{1,16}】[ \t]*(?:\n|$)"
    r"|[一二三四五六七八九十]{1,2}(?P<mark>、)[^\n\d]{1,16}(?:\n|$))")
# Headings that still speak of the plan: rules and fine print (活动规则, 资费说明), FAQ
# entries and questions (▶ 套餐含什么？), the plan's own facets (套餐内容), poster sides.
_NOT_NEW_SECTION = regex_cache.compile(
    r"(?:规则|细则|说明|须知|提示|注意|备注|注|声明|常见问题|问答|FAQ|Q&A|资费|详情|办理方式|如何办理|怎么办理|"
    r"套餐内容|套餐包含|套餐含|本套餐|该套餐|正面|背面|反面|封面|内页|[?？][ \t]*$)")
# Options offered side by side (基础套餐19元/月或29元/月二选一, 30GB、60GB任选): none of them
# is the plan's fixed term, so a difference between them is a choice, not a contradiction.
_CHOICE = regex_cache.compile(r"[二两三四五六七八九\d]选[一1]|任选|自选|多选一|可任选|均可选")
_ALT_BEFORE = regex_cache.compile(r"\d\s*(?:元|GB|G|M|兆|分钟|个月|年)(?:\s*/\s*月)?\s*(?:或者?|、|/|及|还是)\s*$")
_ALT_AFTER = regex_cache.compile(r"(?:\s*/\s*月)?\s*(?:或者?|、|还是)\s*\d")
# An add-on's increment right before a price: 融合加装：+40元/月
_PLUS_BEFORE = regex_cache.compile(r"[+＋][ \t]*$")
# A contract or prepayment that buys a benefit named right after it (合约24个月月费立减40元,
# 预存300元可享半价): one option of a tiered offer, not the plan's term.
_BUYS_BENEFIT = regex_cache.compile(
    r"[^,，。;；!！?？\n]{0,6}?(?:可享|享受|即享|就享|立减|直降|减免|优惠|打折|\d折|赠|送|返)")
_NAME_LABEL = regex_cache.compile(
    r"(?:月费|月租|资费|费用|价格|价|每月|仅需|只需|只要|低至|预存|话费|原价|现价|标准|合计|共计|总计|"
    r"首月|次月|立减|直降|减免|返|送|赠|充|存|交|付|约|需|须|为|是|仅|只|流量|通话|语音|短信|部分|费|外|后|起|加|内)$")

# A channel, region or customer-group restriction: a difference is then justified.
_QUALIFIER = regex_cache.compile(
    r"(?:线上|网上|网厅|掌厅|手厅|APP|App|app|客户端|小程序|官网|商城|电商|天猫|京东|营业厅|门店|"
    r"实体店|渠道|校园|学生|新用户|新入网|老用户|存量用户|携号转网|企业|政企|集团|异网|专区|"
    r"地区|区域|本地|省内|市内)(?:用户)?(?:专享|专属|独享|限定|特惠|特供|专供|专用|优惠价|价格)"
    r"|仅限(?!\s*(?:本人|一次|\d))[^,，。;；!！?？\n]{1,15}"
    r"|限[^,，。;；!！?？\n]{1,10}?(?:地区|区域|营业厅|渠道|门店|校区|校园)(?:办理|使用|参与)?"
    r"|\p{Han}{2,6}(?:省|市|地区|区县)(?:用户)?(?:专享|专属|资费|价格|适用|特惠|优惠|办理)"
    r"|适用(?:于|范围)?[:：]?\s*\p{Han}{2,10}(?:省|市|地区|用户|营业厅|渠道)"
)

_DATA_Q = r"(?P<q>全国通用|国内通用|全国|国内|通用|定向|专属|省内|本地)"
_DATA_U = r"(?P<u>GB|TB|MB|G|T|M|吉)"
_SPEED_U = r"(?P<u>Gbps|Mbps|Mb/s|GE|兆|M|G)"


def _data_kind(q: str | None) -> tuple[str, str]:
    if q in ("定向", "专属"):
        return "data_directed", "定向流量"
    if q in ("省内", "本地"):
        return "data_local", "省内流量"
    return "data", "通用流量"


def _price(m):
    n = Decimal(m.group("n"))
    return "price", "月费", n, f"{plain(n)}元/月"


def _data(m):
    n = parse_number(m.group("n"))
    if n is None or n == 0:
        return None
    mb = data_mb(n, m.group("u"))
    kind, label = _data_kind(m.groupdict().get("q"))
    shown = f"{plain(mb / 1024)}GB" if mb >= 1024 else f"{plain(mb)}MB"
    return kind, label, mb, shown


def _voice(m):
    n = parse_number(m.group("n"))
    if n is None or n == 0:
        return None
    return "voice", "国内通话时长", n, f"{plain(n)}分钟"


def _speed(m):
    n = parse_number(m.group("n"))
    if n is None or n == 0:
        return None
    mbps = speed_mbps(n, m.group("u"))
    return "speed", "宽带速率", mbps, f"{plain(mbps)}M"


def _contract(m):
    if m.groupdict().get("none"):
        return "contract", "合约期", Decimal(0), "无合约期"
    n = parse_number(m.group("n"))
    if n is None or n == 0:
        return None
    mo = months(n, m.group("u"))
    return "contract", "合约期", mo, f"{plain(mo)}个月"


def _prepay(m):
    if m.groupdict().get("none"):
        return "prepay", "预存款", Decimal(0), "无需预存"
    n = Decimal(m.group("n"))
    return "prepay", "预存款", n, "无需预存" if n == 0 else f"{plain(n)}元"


_PATTERNS = [
    (regex_cache.compile(
        rf"(?:套餐月费|月功能费|月费|月租|套餐费|月付|资费)(?:为|是|仅|只要|只需|仅需|低至)?{_SEP}"
        rf"{_MONEY}\s*元(?:\s*(?:/|每|一个?)\s*月)?"), _price),
    (regex_cache.compile(rf"每月(?:仅需|只需|只要|仅|需|付|交)?{_SEP}{_MONEY}\s*元"), _price),
    (regex_cache.compile(rf"{_MONEY}\s*元\s*(?:/|每|一个)\s*月"), _price),
    (regex_cache.compile(rf"{_N}\s*{_DATA_U}\s*(?:的)?\s*{_DATA_Q}?\s*流量"), _data),
    (regex_cache.compile(rf"{_N}\s*(?P<u>GB|G)\s*{_DATA_Q}(?!\s*流量)"), _data),
    (regex_cache.compile(rf"{_DATA_Q}?流量{_SEP}(?:包含|含|共|为|高达|多达)?{_SEP}{_N}\s*(?P<u>GB|TB|MB|G)(?![A-Za-z/])"),
     _data),
    (regex_cache.compile(rf"(?:包含|内含|含|月享|享|每月)\s*{_N}\s*(?P<u>GB)(?![A-Za-z/])"), _data),
    (regex_cache.compile(rf"{_N}\s*分钟\s*(?:的)?\s*(?:国内|全国)?\s*(?:语音通话|通话|语音|主叫|通话时长)"), _voice),
    (regex_cache.compile(rf"(?:国内|全国)?(?:语音通话|通话时长|通话|语音|主叫){_SEP}(?:包含|含|共|为)?{_SEP}{_N}\s*分钟"),
     _voice),
    (regex_cache.compile(rf"{_N}\s*{_SPEED_U}\s*(?:光纤|光)?\s*(?:宽带|带宽)"), _speed),
    (regex_cache.compile(
        rf"(?:宽带|带宽|下行速率|接入速率|签约速率)(?:速率|带宽)?{_SEP}(?:为|高达|可达|最高可达|最高|达)?{_SEP}"
        rf"{_N}\s*{_SPEED_U}(?![A-Za-z])"), _speed),
    (regex_cache.compile(
        rf"(?:合约期限|合约期|合约|签约期|签约|协议期|最低在网|承诺在网|在网时长|在网期|在网)"
        rf"(?:限|为|需|须|要求|满)?{_SEP}{_N}\s*(?P<u>个月|年)"), _contract),
    (regex_cache.compile(rf"{_N}\s*(?P<u>个月|年)\s*(?:的)?\s*(?:合约期|合约|协议期|协议|在网)"), _contract),
    (regex_cache.compile(
        # 无合约优惠 / 无合约价: there is no contract offer for a handset, not a plan term
        r"(?P<none>无合约(?!优惠|价|机|购机|活动|补贴|政策|折扣|版)|无需合约|无需签约|无需签合约|不签约|免合约|零合约|0合约|"
        r"无在网(?:期限|要求|时长)|无最低在网|不限在网)"), _contract),
    (regex_cache.compile(rf"(?:预存|预缴|预付|预充|预交)(?:话费|费用|款)?{_SEP}{_MONEY}\s*元"), _prepay),
    (regex_cache.compile(r"(?P<none>(?:无需|不需要|不需|无须|不用|免|无|零)\s*预存)"), _prepay),
]


def extract(ctx, rule) -> list[FactHit]:
    text = ctx.text
    mentions = ctx.memo(("plans",), lambda: find_plans(text))
    if not mentions:
        return []
    seg = ctx.segments
    first_para = seg.enclosing("paragraph", 0)
    doc_qualified = ctx.find(_QUALIFIER, *first_para) is not None
    if doc_qualified:
        return []
    out: list[FactHit] = []
    spans = [(m.start, m.end) for m in mentions]
    for i, m in enumerate(mentions):
        sentence = seg.enclosing("sentence", m.start)
        prev = mentions[i - 1] if i else None
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        lo = m.start if prev is not None and prev.end > sentence[0] else sentence[0]
        if nxt is None:
            hi = len(text)
        elif nxt.start < sentence[1]:
            hi = nxt.start
        else:
            hi = seg.enclosing("sentence", nxt.start)[0]
        hi = _item_end(ctx, m, hi)
        if hi <= lo:
            continue
        if ctx.find(_QUALIFIER, *seg.enclosing("paragraph", m.start)):
            continue
        out += _facts_in(ctx, m, lo, hi, spans)
    return out


def _item_end(ctx, mention, hi: int) -> int:
    """``hi``, or where the plan's part of the copy ends before it: the close of a
    parenthesis the name sits in (合约价5999元（需办理冰激凌159元套餐，合约24个月）),
    a later line that opens a list item with another product's name and price (a
    sibling item of a product list), or a later heading that opens a new section."""
    text = ctx.text
    line_start = text.rfind("\n", 0, mention.start) + 1
    opened = max(text.rfind("(", line_start, mention.start), text.rfind("（", line_start, mention.start))
    if opened >= 0 and max(text.rfind(")", opened, mention.start), text.rfind("）", opened, mention.start)) < 0:
        closes = [i for i in (text.find(")", mention.end, hi), text.find("）", mention.end, hi)) if i >= 0]
        if closes:
            hi = min(closes) + 1
    # A name in a heading owns the sections below it (# 畅享129元档 → ## 套餐内容) up to
    # the next heading of the same kind and level; a name in the body, up to any heading.
    own = _SECTION_LINE.match(text, line_start)
    own_mark = own.group("mark") if own is not None else None
    line_end = text.find("\n", mention.end, hi)
    while line_end >= 0:  # an anchored match per later line: cheaper than a scan
        start = line_end + 1
        item = _ITEM_HEAD.match(text, start, hi)
        if item is not None and not _NAME_LABEL.search(item.group("name")):
            return item.start()
        head = _SECTION_LINE.match(text, start, hi)
        if head is not None and (own_mark is None or head.group("mark") == own_mark):
            stop = text.find("\n", start, hi)
            if not _NOT_NEW_SECTION.search(text, start, stop if stop >= 0 else hi):
                return start
        line_end = text.find("\n", start, hi)
    return hi


def _under_addon_heading(ctx, mention, offset: int) -> bool:
    """The last section or list heading on a line between the plan name's line and
    ``offset``'s line introduces gifts or add-ons (二、新装礼 / 新装用户赠送：)."""
    line_start = ctx.text.rfind("\n", 0, offset) + 1
    if line_start <= mention.end:
        return False
    heads = list(_SECTION_HEAD.finditer(ctx.text, mention.end, line_start))
    return bool(heads) and bool(_ADDON_CUE.search(heads[-1].group(0)))


def _facts_in(ctx, mention, lo: int, hi: int, mention_spans) -> list[FactHit]:
    text = ctx.text
    found: list[FactHit] = []
    taken: list[tuple[int, int]] = []
    for pattern, convert in _PATTERNS:
        for m in ctx.finditer(pattern, lo, hi):
            s, e = m.span()
            overlap = [me for ms, me in mention_spans if s < me and ms < e]
            if overlap:  # 畅享129元套餐月费139元: keep 月费139元, never a number of the name
                value_start = m.start("n") if m.groupdict().get("n") else s
                if value_start < max(overlap):
                    continue
                s = max(overlap)
            if any(s < te and ts < e for ts, te in taken):
                continue
            clause_start = ctx.segments.enclosing("clause", s)[0]
            # the clause up to the value's end: a cue may run into the match (原资费：159元/月)
            if _EXCLUDE.search(text, clause_start, e):
                continue
            if convert is _price and _PLUS_BEFORE.search(text, max(clause_start, s - 3), s):
                continue
            if convert in (_contract, _prepay) and _BUYS_BENEFIT.match(text, e):
                continue
            if convert is _price and not text[clause_start:s].strip(" \t(（") and clause_start > lo:
                # a price opens its clause: it continues the clause before (分10个月返还，每月20元;
                # 也可选择无合约，月费229元); a contract or an allowance there stands on its own
                before = ctx.segments.enclosing("clause", clause_start - 1)
                if before[0] >= ctx.segments.enclosing("sentence", s)[0] and _EXCLUDE.search(text, *before):
                    continue
            label = _LABEL_BEFORE.search(text, max(text.rfind("\n", 0, s) + 1, s - 16), s)
            if label is not None and _EXCLUDE.search(label.group(1)):
                continue
            if not m.groupdict().get("none") and _TAIL_EXCLUDE.match(text, e):
                continue
            if _PROMO_TAIL.match(text, e):
                continue
            if convert is _contract and _TENURE.search(text, clause_start, e):
                continue
            if (_ALT_BEFORE.search(text, max(clause_start, s - 12), s) or _ALT_AFTER.match(text, e)
                    or ctx.find(_CHOICE, *ctx.segments.enclosing("clause", s))):
                continue
            clause = ctx.segments.enclosing("clause", s)
            if _ADDON_EXCLUDE.search(text, *clause) or _under_addon_heading(ctx, mention, s):
                continue
            if ctx.find(_QUALIFIER, *ctx.segments.enclosing("paragraph", s)):
                continue
            fact = convert(m)
            if fact is None:
                continue
            kind, label, value, shown = fact
            taken.append((s, e))
            found.append(FactHit(s, e, key=mention.key, kind=kind, value=value,
                                 subject=mention.name, label=label, shown=shown))
    found.sort(key=lambda f: f.start)
    return found
