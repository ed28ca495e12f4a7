"""Speed-claim checks (PL301 broadband, PL302 mobile): tell speeds from data volumes and
broadband from mobile by neighbouring words, then require the rule's disclosure.

The unit grammar lives in the rule files' trigger patterns, whose named groups say
what kind of figure matched:

    bps, rate, cn, net, claim   always a speed (Mbps, MB/s, 千兆, 10G-PON, 网速提升10倍)
    mega                        "500M", "1000兆": a speed unless volume words are nearer
    giga                        "100G", "2.5G": a data volume unless speed words are nearer
    mobile                      an explicit mobile claim (5G峰值速率…, 5G极速)
    quality                     a qualitative speed or coverage claim (满速, 全城覆盖, 不卡顿)
    guarantee                   a promised rate (保证…跑满一千兆): no condition excuses it

A low rate in a sentence about exceeding a cap (超出后按1Mbps速率使用, 速率会降到1Mbps)
is the throttled speed of a data plan: it discloses a limit and promises nothing.

A mobile coverage claim (信号无死角, 全城覆盖) needs a coverage condition
(``options.coverage_disclosure``: 覆盖范围, 以实际覆盖为准, 室内信号可能较弱); a speed
condition alone (实际速率受终端影响) does not say where the signal reaches.

The neighbour word lists are the rules' ``[options]`` so that they can be tuned
without touching code. Every figure is then assigned to the broadband or the
mobile rule; each rule keeps its own figures that have no disclosure in scope.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from promolint import regex_cache
from promolint.engine.context import CheckContext, Hit
from promolint.engine.points.existence import find_triggers

_MOBILE_SUFFIX = regex_cache.compile(r"\s?(?:5G|5\.5G)")  # 千兆5G
_MOBILE_IN_CLAIM = regex_cache.compile(r"[45]G")  # 5G全覆盖
# a rate and its unit: 1Mbps, 512Kbps, 3M
_RATE = regex_cache.compile(r"(\d+(?:\.\d+)?)\s?([GMKgmk]|兆)")
_UNIT_MBPS = {"g": 1000.0, "m": 1.0, "兆": 1.0, "k": 0.001}
# words of a throttled state: the rate applies after a cap is reached
_THROTTLE = regex_cache.compile(
    r"超出|超过|用超|超了|超量|超套|达量|达到|用完|用尽|用满|封顶|限速|降速|降到|降至|降为|降低|下降|回落|套外|恢复|只能|仅能"
)

_DEFAULTS = {
    # words right after a figure ("100G通用流量", "500M宽带")
    "volume_right": [
        "流量", "通用", "定向", "国内", "省内", "本地", "全国", "专属", "夜间", "闲时",
        "日包", "月包", "加油包", "叠加包", "流量包", "存储", "空间", "云盘", "内存", "容量",
        "运存", "文件", "安装包", "大小", "数据", "免流", "高速流量", "话费", "/月", "/天", "以内",
    ],
    "speed_right": [
        "宽带", "带宽", "光纤", "光网", "光宽", "网速", "速率", "极速", "入户", "到户",
        "接入", "上行", "下行", "FTTR", "FTTH", "PON", "家宽", "专线", "网络", "Wi-Fi",
        "WiFi", "wifi", "WIFI", "网口",
    ],
    # words before a figure in the same clause; the nearest one decides
    "volume_left": [
        "元", "不超过", "流量", "空间", "云盘", "大小", "套餐内", "内含", "月享", "每月", "每天", "每日", "达量", "超出", "用满",
        "用完", "剩余", "赠送", "加送", "送", "存储", "内存", "容量", "定向", "通用",
    ],
    "speed_left": [
        "宽带", "带宽", "网速", "速率", "速度", "下载", "上传", "光纤", "光网", "接入",
        "提速", "上行", "下行", "峰值", "FTTR", "家宽", "入户", "到户",
    ],
    "mobile_markers": [
        "5G", "4G", "5.5G", "手机上网", "手机网速", "移动网络", "移动数据", "蜂窝", "基站",
    ],
    "broadband_markers": [
        "宽带", "带宽", "光纤", "光网", "光猫", "路由", "Wi-Fi", "WiFi", "wifi", "WIFI",
        "FTTR", "FTTH", "入户", "到户", "家宽", "固网", "有线", "组网", "全屋", "装机",
        "IPTV", "网口", "局域网",
    ],
}


@lru_cache(maxsize=None)
def _alternation(words: tuple[str, ...], anchored: str) -> regex.Pattern:
    body = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    if anchored == "start":
        return regex_cache.compile(rf"^\s?(?:的)?(?:{body})")
    return regex_cache.compile(body)


def _words(rule, key: str) -> tuple[str, ...]:
    return tuple(rule.options.get(key, _DEFAULTS[key]))


def _nearest_left(text: str, pattern: regex.Pattern) -> int:
    """Distance from the end of ``text`` to the end of the last match, or -1."""
    last = None
    for m in pattern.finditer(text):
        last = m
    return -1 if last is None else len(text) - last.end()


def _is_volume(ctx: CheckContext, rule, hit: Hit) -> bool:
    """A figure with M/G/兆 that its neighbours mark as a data volume, not a speed."""
    kind = next((k for k in ("mega", "giga") if k in hit.values), None)
    if kind is None:
        return False
    text = ctx.text
    clause_start, clause_end = ctx.segments.enclosing("clause", hit.start)
    right = text[hit.end:min(clause_end, hit.end + 8)]
    if _alternation(_words(rule, "speed_right"), "start").match(right):
        return False
    if _alternation(_words(rule, "volume_right"), "start").match(right):
        return True
    left = text[max(clause_start, hit.start - 12):hit.start]
    d_speed = _nearest_left(left, _alternation(_words(rule, "speed_left"), "any"))
    d_volume = _nearest_left(left, _alternation(_words(rule, "volume_left"), "any"))
    if d_speed >= 0 and (d_volume < 0 or d_speed < d_volume):
        return False
    if d_volume >= 0:
        return True
    # No neighbour decides: look at the sentence. "1000M" on its own is how broadband
    # speeds are written; "100G" on its own is a data allowance.
    s0, s1 = ctx.segments.enclosing("sentence", hit.start)
    sentence = text[s0:hit.start] + " " + text[hit.end:s1]
    has_bb = _alternation(_words(rule, "broadband_markers"), "any").search(sentence)
    has_vol = _alternation(_words(rule, "volume_right"), "any").search(sentence)
    if kind == "mega":
        return bool(has_vol and not has_bb)  # 国内流量包：5元500M
    return not (has_bb and not has_vol)


def _throttled(ctx: CheckContext, rule, hit: Hit) -> bool:
    """A low rate (at most ``options.throttle_max_mbps``, default 10) in a sentence
    about a cap being exceeded: the throttled speed of a data plan."""
    if not any(k in hit.values for k in ("bps", "mega", "rate")):
        return False
    m = _RATE.match(ctx.text, hit.start, hit.end)
    if m is None:
        return False
    mbps = float(m.group(1)) * _UNIT_MBPS[m.group(2).lower()]
    if mbps > float(rule.options.get("throttle_max_mbps", 10)):
        return False
    s0, s1 = ctx.segments.enclosing("sentence", hit.start)
    return ctx.find(_THROTTLE, s0, s1) is not None


def _network(ctx: CheckContext, rule, hit: Hit) -> str:
    """'mobile' or 'broadband': which network a speed figure is claimed for."""
    if "mobile" in hit.values:
        return "mobile"
    text = ctx.text
    quality = "quality" in hit.values
    if quality and _MOBILE_IN_CLAIM.search(text, hit.start, hit.end):
        return "mobile"
    if _MOBILE_SUFFIX.match(text, hit.end, hit.end + 5):
        return "mobile"
    mobile = _alternation(_words(rule, "mobile_markers"), "any")
    broadband = _alternation(_words(rule, "broadband_markers"), "any")
    for scope in ("clause", "sentence", "line", "paragraph"):
        s0, s1 = ctx.segments.enclosing(scope, hit.start)
        around = text[s0:hit.start] + " " + text[hit.end:s1]
        has_m, has_b = mobile.search(around), broadband.search(around)
        if has_b:
            return "broadband"
        if has_m:
            return "mobile"
    # 下载一部电影只要3秒 / 刷视频不卡顿 on a 5G poster (the network named on another
    # line): the document says which network
    if broadband.search(text):
        return "broadband"
    if mobile.search(text):
        return "mobile"
    return "broadband"


_ASKING = ("questions",)

# a coverage claim (信号无死角, 全城覆盖, 地下室也满格), as opposed to a speed claim
_COVERAGE_CLAIM = regex_cache.compile(r"覆盖|死角|盲区|满格|信号|角落|有网|接通|通话")


@lru_cache(maxsize=None)
def _coverage_disclosure(patterns: tuple[str, ...]) -> regex.Pattern:
    return regex_cache.compile("|".join(f"(?:{p})" for p in patterns))


def _coverage_stated(ctx: CheckContext, rule) -> bool:
    """A coverage claim needs a coverage condition (覆盖范围, 信号受建筑遮挡影响):
    a speed condition (实际速率受终端影响) says nothing about where the signal reaches."""
    patterns = tuple(rule.options.get("coverage_disclosure", ()))
    if not patterns:
        return True

    def compute() -> bool:
        pattern = _coverage_disclosure(patterns)
        return any(not ctx.skipped(_ASKING, m.start(), m.end())
                   for m in ctx.finditer(pattern))
    return ctx.memo((__name__, "coverage", rule.code), compute)


def _stated_anywhere(ctx: CheckContext, rule) -> bool:
    """A disclosure of the rule stated somewhere in the document, not asked about: a
    question (提速需要换光猫吗？ 实际网速会受影响吗？) states no condition, whatever
    its answer says."""
    def compute() -> bool:
        return any(not ctx.skipped(_ASKING, m.start(), m.end())
                   for m in ctx.matches(rule.disclosure.phrases))
    return ctx.memo((__name__, "stated", rule.code), compute)


def _disclosed(ctx: CheckContext, rule, hit: Hit) -> bool:
    d = rule.disclosure
    if d is None:
        return False
    if d.scope != "document":
        return ctx.disclosed(rule, hit.start, hit.end)
    # document scope: footnotes and fine print are part of the document anyway
    return ctx.disclosed(rule, hit.start, hit.end) and _stated_anywhere(ctx, rule)


def speed_claims(ctx: CheckContext, rule, network: str) -> list[Hit]:
    """Speed figures of ``rule``'s trigger that belong to ``network`` and lack conditions."""
    hits = []
    for hit in find_triggers(ctx, rule):
        if _is_volume(ctx, rule, hit) or _throttled(ctx, rule, hit):
            continue
        if _network(ctx, rule, hit) != network:
            continue
        guarantee = "guarantee" in hit.values
        # (mobile only: a home Wi-Fi's reach, 全屋WiFi满格, is what the broadband speed
        # conditions are about: 无线速率受墙体、距离影响)
        coverage = network == "mobile" and "quality" in hit.values and _COVERAGE_CLAIM.search(
            ctx.text, hit.start, hit.end)
        if not guarantee and _disclosed(ctx, rule, hit):
            if not coverage or _coverage_stated(ctx, rule):
                continue
            hit.message = rule.options.get("coverage_message") or None
        elif coverage:  # nothing stated: a coverage claim (a satellite phone's too) asks for its area
            hit.message = rule.options.get("coverage_only_message") or None
        if guarantee:
            hit.message = rule.options.get("guarantee_message") or None
        hit.values = {}  # group names are kinds, not message placeholders
        hits.append(hit)
    return hits


def broadband(ctx: CheckContext, rule) -> list[Hit]:
    """PL301: nominal broadband speeds without applicable conditions."""
    return speed_claims(ctx, rule, "broadband")


def mobile(ctx: CheckContext, rule) -> list[Hit]:
    """PL302: mobile (4G/5G) speed claims without applicable conditions."""
    return speed_claims(ctx, rule, "mobile")
