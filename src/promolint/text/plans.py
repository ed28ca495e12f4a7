"""Plan names and plan quantities in Chinese telecom copy: numerals, units, plan-name keys.

Shared by the cross-document check (channel-inconsistency) and the product catalogue
(discontinued-product), so that "畅享 129 元/月套餐", "畅享129元每月套餐" and
"畅享套餐129元档" name the same plan while 畅享129元套餐 and 畅享169元套餐 stay apart.
All functions take NFKC-normalised text (full-width digits and letters already folded).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

from promolint import regex_cache

# ---- numbers -----------------------------------------------------------------------

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS)
# A number as copy writes it: 129, 19.9, 二十四, 两, 千 (as in 千兆).
NUM = rf"(?:\d+(?:\.\d+)?|[{CN_NUMERAL_CHARS}]+)"


def parse_number(text: str) -> Decimal | None:
    """129 → 129, 19.9 → 19.9, 二十四 → 24, 两 → 2, 千 → 1000, 一百二十九 → 129; else None."""
    text = text.strip()
    if not text:
        return None
    if text[0].isdigit():
        try:
            return Decimal(text)
        except InvalidOperation:
            return None
    total = 0
    section = 0   # the part below 万
    digit = None  # a pending digit waiting for its unit
    for ch in text:
        if ch in CN_DIGITS:
            if digit is not None:  # 二四: read as digits in a row
                digit = digit * 10 + CN_DIGITS[ch]
            else:
                digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            if unit == 10000:
                section = (section + (digit or 0)) or 1
                total += section * unit
                section = 0
            else:
                section += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
    return Decimal(total + section + (digit or 0))


def plain(value: Decimal) -> str:
    """129 for Decimal('129.0'), 19.9 for Decimal('19.90')."""
    text = format(value.normalize(), "f")
    return text


# ---- units -------------------------------------------------------------------------

def speed_mbps(number: Decimal, unit: str) -> Decimal:
    """A bandwidth in Mbps: 百兆 (100 兆) = 100, 1G = 1000, 1000Mbps = 1000."""
    u = unit.lower()
    if u.startswith("g") or u == "千兆":
        return number * 1000
    if u.startswith("k"):
        return number / 1000
    return number


def data_mb(number: Decimal, unit: str) -> Decimal:
    """A data volume in MB (1GB = 1024MB, as operators bill it)."""
    u = unit.upper()
    if u.startswith("T"):
        return number * 1024 * 1024
    if u.startswith("G") or u == "吉":
        return number * 1024
    return number


def months(number: Decimal, unit: str) -> Decimal:
    """A contract period in months: 两年 = 24, 一年 = 12, 18个月 = 18."""
    return number * 12 if unit == "年" else number


# ---- plan names --------------------------------------------------------------------

# Words that precede a plan name without being part of it (办理畅享129元套餐): the family
# is what follows the last of them in the run of letters before the tier number.
_LEAD_WORDS = (
    "立即", "马上", "现在", "赶快", "快来", "欢迎", "推荐", "为您", "我们的", "我们", "本月",
    "本期", "新品", "热销", "主推", "特推", "办理", "选择", "选购", "订购", "开通", "升级为",
    "升级到", "升级", "升档", "加入", "入网", "参加", "参与", "享受", "购买", "预约", "改为",
    "换成", "即可", "还有", "以及", "就是", "或者", "这款", "该", "此", "的", "是", "了", "在",
    "及", "与", "或", "把", "给", "您", "请", "选", "办", "用", "到", "至", "和",
)
_LEAD_RE = regex_cache.compile("(?:" + "|".join(sorted(map(regex.escape, _LEAD_WORDS), key=len,
                                                 reverse=True)) + ")")
# A "family" ending with one of these is a fact label, not a name (月费129元套餐).
_NOT_FAMILY_END = regex_cache.compile(
    r"(?:月费|月租|资费|每月|仅需|只需|只要|低至|套餐费|原价|现价|优惠价|售价|价格|预存|预缴|话费|"
    r"流量|赠送|合约|在网|通话|速率|带宽|立减|直降|首月|次月|消费|充值|保底|最低|费用|金额|"
    r"仅|只|送|返|减|加|满|共|约|为|需|须|交|付|充|存|元|月|年)$"
)

# Families made only of generic words name no product (5G套餐 59元 is any 5G plan).
_GENERIC = regex_cache.compile(
    r"(?:[1-9]G|(?:全新|新款|新|超值|特惠|优惠|专属|热销|经典|基础|入门|流量|语音|通话|手机|移动|"
    r"宽带|融合|家庭|全家|套餐|资费|包月|月租|智慧|畅玩)+|[1-9]G(?:全新|新款|新|超值|特惠|优惠|专属|"
    r"热销|经典|基础|入门|流量|语音|通话|手机|移动|宽带|融合|家庭|全家|套餐|资费|包月|月租|智慧|畅玩)+)"
)
_SP = r"[ \t]*"
_FAMILY = r"(?P<fam>(?:[1-9]G|[A-Za-z]{1,8})?[\p{Han}]{1,12}(?:[A-Za-z+]{1,6})?)"
_TIER = rf"(?P<tier>\d{{1,4}}(?:\.\d{{1,2}})?)"
_PER_MONTH = rf"(?:{_SP}(?:/|每|一个?){_SP}月)?"
# 畅享129元套餐, 5G畅享199, 冰激凌199元/月套餐, 大王卡19元版 … A count is no tier
# (5G基站超过12万个, 覆盖3000个小区) and a unit is no tier (5G手机且处于5G覆盖): the number may
# not run on into a magnitude, a classifier or a unit.
_FORM_A = (
    rf"{_FAMILY}{_SP}{_TIER}(?![\d.GgMmTt兆])(?!{_SP}[万亿千百个座台部张条户人家所]){_SP}(?P<yuan>元)?{_PER_MONTH}{_SP}"
    rf"(?P<suffix>融合套餐|套餐|融合|档|版|卡)?"
)
# 畅享套餐129元档, 全家享套餐（199元档）
_FORM_B = (
    rf"{_FAMILY}{_SP}(?P<suffix0>融合套餐|套餐){_SP}[(（]?{_SP}{_TIER}{_SP}元?{_PER_MONTH}{_SP}"
    rf"(?P<suffix>档|版){_SP}[)）]?"
)
# 千兆宽带融合套餐, 500M宽带包年, 智慧家庭百兆宽带套餐
_SPEED = rf"(?P<num>\d{{2,5}}|[{CN_NUMERAL_CHARS}]{{1,3}}){_SP}(?P<unit>Mbps|M|兆|G)"
_FORM_C = (
    rf"(?P<fam>[\p{{Han}}]{{0,8}}?){_SPEED}{_SP}(?:光纤|光)?宽带{_SP}"
    rf"(?P<suffix>融合套餐|融合|套餐|包年|包月)"
)
_NAME_RE = regex_cache.compile(rf"(?:{_FORM_C})|(?:{_FORM_B})|(?:{_FORM_A})")


@dataclass(frozen=True)
class PlanMention:
    """A plan name found in text: its span, a matching key and the text as written."""

    start: int
    end: int
    key: str    # family|tier|kind, e.g. "畅享|129|plan"
    name: str   # the mention as written (squeezed of spaces)


def _kind(suffix: str | None, family: str, broadband: bool) -> str:
    suffix = suffix or ""
    if "融合" in suffix or family.endswith("融合"):
        return "bundle"
    if broadband:
        return "broadband"
    if suffix == "卡":
        return "card"
    return "plan"


def _family(raw: str) -> tuple[str, int] | None:
    """(family, offset of its first character in ``raw``) of the letters before a tier.

    None when the letters are not a name: too short or long, or a fact label
    (月费129元 is a price, not a plan called 月费).
    """
    cut = 0
    for m in _LEAD_RE.finditer(raw):
        cut = m.end()
    fam = raw[cut:]
    fam = fam[:-2] if fam.endswith("融合") else fam
    fam = fam[:-2] if fam.endswith("套餐") else fam
    if len(fam) < 2 or len(fam) > 10 or _NOT_FAMILY_END.search(fam):
        return None
    if _GENERIC.fullmatch(fam):  # 5G套餐59元, 家庭融合159元: a kind of plan, not a name
        return None
    return fam, cut


def find_plans(text: str, start: int = 0, end: int | None = None) -> list[PlanMention]:
    """Plan names in ``text[start:end]`` (NFKC-normalised), in order, not overlapping.

    A name needs a tier: a price (畅享129元套餐, 5G畅享199, 畅享套餐129元档) or, for
    broadband, a speed with a product word (千兆宽带融合套餐). Names without a tier
    (冰激凌套餐) are not matched: copy uses them for a whole family of tiers.
    """
    end = len(text) if end is None else end
    out: list[PlanMention] = []
    for w_start, w_end in _windows(text, start, end):
        # A candidate that is not a name ("和5" before 5G畅享99元套餐) must not swallow
        # the start of the real one: the earliest valid start wins, so after a rejected
        # candidate the search resumes one character later, after a name at its end.
        pos = max(w_start, out[-1].end) if out else w_start
        while pos < w_end:
            m = _NAME_RE.search(text, pos, w_end)
            if m is None:
                break
            mention = _mention(m)
            if mention is None:
                pos = m.start() + 1
                continue
            out.append(mention)
            pos = max(mention.end, m.start() + 1)
    return out


# Where a name can end (a tier with a product word, a 4G/5G prefix, a broadband speed):
# the full grammar runs only in windows around these, since trying it at every
# character of a long text is slow.
_ANCHOR = regex_cache.compile(
    r"(?=[\dM兆G])(?:"  # the possible first characters: lets the scan skip most positions
    r"\d{1,4}(?:\.\d{1,2})?[ \t]*元?[ \t]*(?:(?:/|每|一个?)[ \t]*月)?[ \t]*(?:融合|套餐|档|版|卡)"
    r"|[1-9]G|(?:Mbps|M|兆|G)[ \t]*(?:光纤|光)?宽带)")
_BACK = 24  # characters a window reaches back for the family before the anchor
_DIGIT = regex_cache.compile(r"\d")


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for m in _ANCHOR.finditer(text, start, end):
        lo, hi = max(start, m.start() - _BACK), min(end, m.end() + 16)
        # A bare 4G/5G starts a name only with a tier number after it (5G畅享199);
        # most are network words (5G网络, 5G信号) and need no window.
        if m.end() - m.start() == 2 and m.group().endswith("G") and not _DIGIT.search(text, m.end(), hi):
            continue
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
        else:
            windows.append((lo, hi))
    return windows


_GENERATION = regex_cache.compile(r"[1-9]G")
_SPACES = regex_cache.compile(r"\s+")


def _mention(m: regex.Match) -> PlanMention | None:
    fam_raw = m.group("fam") or ""
    fam_start = m.start("fam") if m.group("fam") is not None else m.start()
    if m.group("unit"):  # form C: broadband with a speed
        number = parse_number(m.group("num"))
        if number is None or number == 0:
            return None
        found = _family(fam_raw) if fam_raw else None
        fam, cut = found if found else ("", len(fam_raw))
        tier = plain(speed_mbps(number, m.group("unit"))) + "M"
        kind = _kind(m.group("suffix"), fam, broadband=True)
    else:
        suffix = m.group("suffix")
        suffix0 = m.group("suffix0")
        # Without a product word only a 4G/5G name counts (5G畅享199), not 月费129元.
        if not suffix and not suffix0 and not _GENERATION.match(fam_raw):
            return None
        found = _family(fam_raw)
        if found is None:
            return None
        fam, cut = found
        tier = plain(Decimal(m.group("tier")))
        kind = _kind(suffix0 or suffix, fam_raw, broadband=False)
    start = fam_start + cut
    name = _SPACES.sub("", m.string[start:m.end()])
    return PlanMention(start, m.end(), f"{fam}|{tier}|{kind}", name)


def plan_key(name: str) -> str | None:
    """The matching key of a plan name given on its own (a catalogue entry), or None."""
    text = unicodedata.normalize("NFKC", name).strip()
    for m in _NAME_RE.finditer(text):
        mention = _mention(m)
        if mention is not None and m.start() == 0 and m.end() == len(text):
            return mention.key
        break
    return None


def squeeze(text: str) -> str:
    """NFKC, no spaces, 元每月/元一个月 → 元/月, lower-case Latin: for literal name matching."""
    text = unicodedata.normalize("NFKC", text)
    text = regex.sub(r"\s+", "", text)
    text = regex.sub(r"元(?:每|一个?)月", "元/月", text)
    return text.lower()
