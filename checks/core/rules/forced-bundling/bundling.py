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

The tie grammar (``tie_holds``) also reads third parties: a landlord, developer, property
manager or hotel that withholds a basic right (keys, handover, fitting-out, the room's
network) unless a telecom product is taken (``tie_premises``, ``_premises_tie``).
"""

from __future__ import annotations

import regex

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
    r"不得|严禁|禁止|不准|不允许|杜绝|为由|名义|借口|拒绝受理|反映|申诉|"
    # a situation reported to be dealt with: 遇到被要求“不办卡不能上网”之类的情况，请联系
    r"遇到|碰到|被要求|之类|此类|类似情况"
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
    glued to the characters before it (机须, 本机须: a token ending right after it), or
    right after one that jieba glued to the verb (须开通, 需办理: the token starts before it)."""
    if ctx.aligned(start, end):
        return True
    if start > 0 and ctx.text[start - 1] in _GLUED and ctx.aligned(start - 1, end):
        return True  # the verb after an obligation word jieba kept with it (须开通, 需办理)
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


# --- tie grammar -------------------------------------------------------------------
# A tie is a basic service Y made impossible or conditional unless another product X is
# taken. The trigger finds the marker (named groups below); ``options.tie`` holds the
# vocabulary the check combines with it: product families, and cues around the marker.
#   tie          a condition (前提是, 须先, 顺带, 默认一起办理, 需在…账户下): two product
#                families in the sentence; excused like any requirement by a stated choice
#   tie_refusal  a refusal (无法建档, 受理不了, 出不了库, 不出工单): two product families and
#                a cue that the customer lacks X (无本网号码, 不开卡的话, 不带保险) before it
#   tie_only     the service alone refused (只续宽带的办不了, 单独整转的不办): one family
#   tie_inherent the choice of operator taken away (不得接入其他运营商线路)
# The last three are never excused. All four step aside for an optional offer (可单独,
# 不办也可以, 自愿), an offer condition (享受优惠), a legal requirement (实名, 本人) in
# the marker's clause, a waiver before it (无需, 不需要) and a technical pairing alone
# (IPTV on broadband).
#   tie_premises a third party (landlord, developer, property manager, hotel) withholding
#                a basic right — keys, handover, moving in, fitting-out, the room's network —
#                unless a telecom product named before the marker is taken: 缴纳含宽带的
#                通信配套费后方可领取钥匙, 未办理上述宽带的住户客房网络端口保持关闭
_TIE_KINDS = ("tie", "tie_refusal", "tie_only", "tie_inherent", "tie_premises")
# condition markers the product required follows (or lies inside: 需在宽带账户下, 只对…开放)
# an undirected marker pointing at products named on the lines around it: 二者缺一不可
_BOTH = regex_cache.compile(r"二者|两者|三者|两项|三项|这两|这三|以上|上述")
_HANDSET_CONTRACT = regex_cache.compile(r"合约机|购机合约|合约手机|合约终端")
_X_ENDS = regex_cache.compile(r"后再|再|才|方可|之后|以后|[（(]")
_FOLLOWS = regex_cache.compile(r"先|^前提|^顺|^捎|^依|^基|(?:下|上|里|下面|底下)$|加购|加订|搭购|附购|配购|加办|捎上|^[只仅][对向面针]|"
                                r"^(?:绑|关联|挂)(?!在?一[起块])|^[就还](?:得|要|需|需要|必须|须)$")
# list bullets and numbers opening a clause: ☑, ※, 1⃣, 2．, （3）, an HTML tag (<li>)
_BULLET = regex_cache.compile(r"(?:</?[a-zA-Z][a-zA-Z0-9]{0,9}(?:\s[^<>\n]{0,60})?>|[\s\u3000☑☐■□▶►•·※*\-—⚠️✔✅❗①②③④⑤⑥⑦⑧⑨⑩\u20e3\ufe0f]|[（(]?\d{1,2}(?:[.．、)）]|\ufe0f?\u20e3)(?!\d))+")


class _TieGrammar:
    """The compiled vocabulary of ``options.tie``."""

    def __init__(self, tie: dict) -> None:
        self.family: dict[str, str] = {}
        for name, words in tie["products"].items():
            for w in words:
                self.family[w] = name
        words = sorted(self.family, key=len, reverse=True)
        self.products = regex_cache.compile("|".join(regex.escape(w) for w in words))
        self.lacks = _alt(tie["lacks"])
        self.optional = _alt(tie["optional"])
        self.offer = _alt(tie["offer"])
        self.legal = _alt(tie["legal"])
        self.chores = _alt(tie["chores"])
        self.dependent = _alt(tie["dependent"])
        self.usage = _alt(tie["usage"])
        self.steps = _alt(tie["steps"])
        self.waived = _alt([f"(?:{c})[^，,。；;！!？?\n]{{0,8}}$" for c in tie["waived"]])
        self.waived_any = _alt(tie["waived"])
        # (required, service): requiring broadband for IPTV is technical, not the reverse
        self.technical = {tuple(pair) for pair in tie.get("technical", ())}
        # third parties withholding a basic right (tie_premises)
        self.third_parties = _alt(tie["third_parties"])
        self.network_rights = _alt(tie["network_rights"])
        self.operators = _alt(tie["operators"])
        self.premises_cues = _alt(tie["premises_cues"])
        self.premises_excused = _alt(tie["premises_excused"])


def _alt(patterns) -> regex.Pattern:
    return regex_cache.compile("|".join(f"(?:{p})" for p in patterns))


_GRAMMARS: dict[int, _TieGrammar] = {}


def _grammar(rule) -> _TieGrammar:
    key = id(rule.options["tie"])
    g = _GRAMMARS.get(key)
    if g is None:
        g = _GRAMMARS[key] = _TieGrammar(rule.options["tie"])
    return g


def _families_in(ctx: CheckContext, g: _TieGrammar, lo: int, hi: int) -> set[str]:
    return {g.family[m.group()] for m in ctx.finditer(g.products, lo, hi)}


def _lacks(ctx: CheckContext, g: _TieGrammar, lo: int, start: int) -> list[tuple[int, set[str]]]:
    """The products the customer is said to lack before ``start``, with where that is said: a cue
    (无, 不开, 没有, 除非, 只) followed closely by a product (无本网号码, 不带保险, 没卡)."""
    found = []
    for m in ctx.finditer(g.lacks, lo, start):
        after = m.end()
        # the product closely after the cue in its clause (无本网号码), or closely before
        # it, fronted (手机卡没激活的, 家里宽带不转过来)
        c_lo, c_hi = ctx.segments.enclosing("clause", m.start())
        lacked = _families_in(ctx, g, after, min(after + 10, start, max(c_hi, after)))
        if after < start and ctx.text[after] in "卡号":
            lacked.add("line")
        begin = m.start()
        for p in ctx.finditer(g.products, max(c_lo, m.start() - 6), m.start()):
            lacked.add(g.family[p.group()])
            begin = min(begin, p.start())
        if lacked:
            found.append((begin, lacked))
    return found


def _neighbours(ctx: CheckContext, lo: int, hi: int) -> tuple[int, int]:
    """The sentence before and the sentence after ``lo:hi`` in its paragraph (a notice's
    heading and its numbered lines: 宽带新装须知 / 未开通本网号码的，一律不予受理)."""
    p_lo, p_hi = ctx.segments.enclosing("paragraph", lo)
    a = ctx.segments.enclosing("sentence", lo - 1)[0] if lo - 1 >= p_lo else lo
    b = ctx.segments.enclosing("sentence", hi + 1)[1] if hi + 1 < p_hi else hi
    return max(a, p_lo), min(max(b, hi), p_hi)


def _in_brackets(text: str, lo: int, at: int) -> bool:
    """``at`` lies inside a bracket opened after ``lo`` and not yet closed."""
    return max(text.rfind("（", lo, at), text.rfind("(", lo, at)) > max(
        text.rfind("）", lo, at), text.rfind(")", lo, at))


# a marker whose service is installed at the home (方可安装, 才给装): broadband or the like
_INSTALL = regex_cache.compile(r"安装|装机|装$")
_LINES = frozenset({"line", "landline", "tv", "vas", "cloud"})
_BACK_REFERENCE = regex_cache.compile(r"上述|以上|前述|该项|此项|前款|前项")


def _premises_tie(ctx: CheckContext, g: _TieGrammar, start: int, end: int) -> bool:
    """A third party withholds the basic right at ``start:end`` unless a telecom product is
    taken: the product (or its operator) is named before or in the marker in its sentence — or in
    the sentence before, when the marker's sentence points back (未办理上述宽带的) — after a
    requirement or lack cue (须, 未, 否则, …后方可). A right that is the operator's own too
    (a port, the cabling) needs a third party somewhere in the document. Not a tie: an
    optional or waived product, an offer around the marker, a debt or a legal check, the
    home's own dues (未缴清物业费的暂缓交付)."""
    lo, hi = ctx.segments.enclosing("sentence", start)
    hi = max(hi, end)
    if ctx.find(g.optional, lo, hi) is not None or ctx.find(g.waived_any, lo, hi) is not None:
        return False
    c_lo, c_hi = ctx.segments.enclosing("clause", start)
    prev = ctx.segments.enclosing("clause", c_lo - 1)[0] if c_lo > lo else c_lo
    nxt = ctx.segments.enclosing("clause", c_hi)[1] if c_hi < hi else c_hi
    # the marker itself may say 领取 (领取钥匙): an offer is looked for around it
    if (ctx.find(g.offer, max(prev, lo), start) is not None
            or ctx.find(g.offer, end, min(max(nxt, c_hi), hi)) is not None):
        return False
    if ctx.find(g.premises_excused, lo, hi) is not None or ctx.find(g.legal, c_lo, c_hi) is not None:
        return False
    # the marker may open with the lack (不办钥匙就不给, 未缴纳宽带费者暂缓交付)
    x_lo = lo
    if (not _families_in(ctx, g, lo, end) and ctx.find(g.operators, lo, end) is None
            and ctx.find(_BACK_REFERENCE, lo, end) is not None):
        x_lo = _neighbours(ctx, lo, hi)[0]
    if not _families_in(ctx, g, x_lo, end) and ctx.find(g.operators, x_lo, end) is None:
        return False
    if ctx.find(g.premises_cues, lo, end) is None:
        return False
    if ctx.find(g.network_rights, start, end) is not None:
        return ctx.memo(("bundling.third_party", id(g)),
                        lambda: ctx.find(g.third_parties) is not None)
    return True


def tie_holds(ctx: CheckContext, rule, kind: str, start: int, end: int) -> bool:
    """The marker at ``start:end`` of ``kind`` ties a service to another product.

    The product required (X) is looked for where the marker's grammar puts it: after a
    lack cue before a refusal (无本网号码的客户宽带无法建档), after 先/前提是/顺带 (须先开通
    手机号), before 方可/才能 (迁入宽带后方可开通); the service (Y), of another family,
    anywhere in the sentence or the sentences around it. Markers without a direction
    (绑在一起, 整体受理, 必带) want two families in their sentence."""
    g = _grammar(rule)
    if kind == "tie_premises":
        return _premises_tie(ctx, g, start, end)
    lo, hi = ctx.segments.enclosing("sentence", start)
    hi = max(hi, end)
    c_lo, c_hi = ctx.segments.enclosing("clause", start)
    c_hi = max(c_hi, end)
    if ctx.find(g.optional, lo, hi) is not None:
        return False
    # an offer's condition: 需先办理5G套餐，方可享受购机直降; 宽带0元装，前提是… (its clause,
    # the one before or the one after)
    nxt = ctx.segments.enclosing("clause", c_hi)[1] if c_hi < hi else c_hi
    prev = ctx.segments.enclosing("clause", c_lo - 1)[0] if c_lo > lo else c_lo
    if ctx.find(g.offer, max(prev, lo), min(max(nxt, c_hi), hi)) is not None:
        return False
    if ctx.find(g.legal, c_lo, c_hi) is not None or ctx.find(g.chores, c_lo, c_hi) is not None:
        return False
    if c_lo < start and ctx.find(g.waived, c_lo, start) is not None:
        return False
    if kind == "tie" and ctx.find(g.usage, lo, hi) is not None:  # 再用手机号登录APP查看
        return False
    if kind == "tie_inherent":
        return True
    if kind == "tie_only":  # a service named, and not one that only exists on another
        return (ctx.find(g.dependent, lo, hi) is None
                and bool(_families_in(ctx, g, *_neighbours(ctx, lo, hi))))
    marker = ctx.text[start:end]
    bare_term = False
    if kind == "tie_refusal":
        lacks = _lacks(ctx, g, lo, start)
        wanted = set().union(*(f for _, f in lacks))
        # what is lacked starts at its cue: a step named in an earlier clause (登录须输入
        # 验证码；未办理联通号码的同学无法登录) is not what the refusal requires
        x_lo, x_hi = min((b for b, _ in lacks), default=lo), start
    elif marker.startswith(("方可", "才")):
        x_lo, x_hi = lo, start
        wanted = _families_in(ctx, g, x_lo, x_hi)
    elif _FOLLOWS.search(marker):
        x_lo, x_hi = start, c_hi
        if c_hi < hi and ctx.text[c_hi - 1] in "：:":  # 前提条件为：家庭账户内有5G卡
            x_hi = ctx.segments.enclosing("clause", c_hi)[1]
        # the product required ends where the service begins: 先开通宽带后再安装机顶盒
        stop = ctx.find(_X_ENDS, end, x_hi)
        if stop is not None:
            x_hi = stop.start()
        wanted = _families_in(ctx, g, x_lo, x_hi)
        # a contract term required of the service itself (前提是宽带要签两年合约, 前提是合约两年)
        # binds the user for a period, which is a condition to disclose, not a second product:
        # only a contract handset (合约机, 购机合约) is one
        bare_term = "contract" in wanted and ctx.find(_HANDSET_CONTRACT, x_lo, x_hi) is None
        if bare_term:
            wanted.discard("contract")
    else:  # no direction: two families in the sentence (IPTV and broadband 须统一办理 is a
        # tie too: only a contract handset and its line go together by nature)
        families = _families_in(ctx, g, lo, hi)
        if len(families) < 2 and ctx.find(_BOTH, lo, hi) is not None:  # 二者缺一不可
            families = _families_in(ctx, g, *_neighbours(ctx, lo, hi))
        return len(families) >= 2 and not families <= {"contract", "line"}
    if not wanted:
        return False
    # what is required is a step, not a product (需先实名认证，才能开通…; 预约成功后才能上门),
    # or an add-on for the service's own use (要上网就得开流量包)
    if any(ctx.find(p, x_lo, x_hi) is not None for p in (g.legal, g.chores, g.steps)):
        return False
    # (a dependent product listed as the contents of the plan required is not what is
    # required: 融合套餐（含2张副卡）)
    if any(not _in_brackets(ctx.text, x_lo, m.start())
           for m in ctx.finditer(g.dependent, x_lo, x_hi)):
        return False
    n_lo, n_hi = _neighbours(ctx, lo, hi)
    services = _families_in(ctx, g, n_lo, n_hi)
    if bare_term and ctx.find(_HANDSET_CONTRACT, n_lo, n_hi) is None:
        services.discard("contract")  # …nor the service the other product is tied to
    if marker.startswith(("方可", "才")) and _INSTALL.search(marker) and wanted & _LINES:
        # what is installed is a fixed-line service, named by the ad's heading if anywhere
        # (FTTR全屋千兆 … 需办理融合套餐（含手机号）方可安装); a contract term is not a line
        services.add("broadband")
    return any((x, y) not in g.technical for x in wanted for y in services if x != y)


def _clause_span(ctx: CheckContext, rule, kind: str, start: int, end: int) -> tuple[int, int]:
    """The finding's excerpt: the marker's clause without list bullets and spaces, from
    the lack cue of a refusal (没开我们家的号，宽带这边录不进去), through the clause after
    a colon (前提条件为：账户内有两张5G卡)."""
    lo, hi = ctx.segments.enclosing("clause", start)
    hi = max(hi, end)
    s_lo, s_hi = ctx.segments.enclosing("sentence", start)
    if kind == "tie_refusal":
        lacks = _lacks(ctx, _grammar(rule), s_lo, start)
        if lacks:
            lo = min(lo, lacks[0][0])
    if hi < s_hi and ctx.text[hi - 1] in "：:":
        hi = ctx.segments.enclosing("clause", hi)[1]
    bullet = _BULLET.match(ctx.text, lo, start)
    if bullet is not None:
        lo = bullet.end()
    while hi > end and ctx.text[hi - 1] in "，,。；;：:！!？?\n\r ":
        hi -= 1
    return lo, hi


_MARKERS: dict[int, regex.Pattern | None] = {}


def _markers(rule) -> regex.Pattern | None:
    """The rule's tie-marker trigger patterns as one pattern (None without any)."""
    key = id(rule)
    if key not in _MARKERS:
        parts = [p for p in rule.trigger.phrases.patterns if "(?P<tie" in p]
        _MARKERS[key] = regex_cache.compile("|".join(parts)) if parts else None
    return _MARKERS[key]


def run(ctx: CheckContext, rule) -> list[Hit]:
    """Hits of a forced-bundling rule: refusals always, requirements unless the choice is stated.

    A rule with ``boundary = "none"`` gets the token test of ``aligned`` instead of the
    engine's strict one."""
    hits = []
    soft = rule.trigger.boundary == "none"
    markers = _markers(rule)
    if soft and markers is not None:
        # a tie marker needs no token test: its finding is its whole clause
        def keep(s, e):
            m = markers.match(ctx.text, s)
            return (m is not None and m.end() == e) or aligned(ctx, s, e)
    else:
        keep = (lambda s, e: aligned(ctx, s, e)) if soft else None
    found = find_triggers(ctx, rule, keep=keep)
    # a phrase pattern's hit is more precise than the tie grammar's clause: it wins its sentence
    phrased = {ctx.segments.enclosing("sentence", h.start)
               for h in found if not any(k in h.values for k in _TIE_KINDS)}
    for hit in found:
        kind = next((k for k in _TIE_KINDS if k in hit.values), None)
        if kind is not None:
            if ctx.segments.enclosing("sentence", hit.start) in phrased:
                continue
            if not tie_holds(ctx, rule, kind, hit.start, hit.end):
                continue
            # a marker quoted in a warning (以“不办宽带不给钥匙”为由): its clause is not
            if refuted(ctx, hit.start, hit.end):
                continue
            hit.start, hit.end = _clause_span(ctx, rule, kind, hit.start, hit.end)
        refusal = "refusal" in hit.values or kind in ("tie_refusal", "tie_only", "tie_inherent",
                                                      "tie_premises")
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
