"""PL901: copy that promotes a product the user's catalogue marks as withdrawn.

The catalogue comes from ``ctx.settings["catalogue"]`` (config key ``catalogue`` or
``--catalogue``); without one the rule finds nothing. A product counts as withdrawn
for a document when its withdrawal date is on or before the document's date: the
``date`` of its front matter (Markdown ``---``/``+++`` block), else ``--as-of`` /
config ``as-of``, else today. Mentions are found by plan key (畅享99元套餐 =
畅享套餐99元档 = 畅享 99 元/月套餐) and by the literal names and aliases (spacing and
full-width forms ignored). A sentence that announces the withdrawal or addresses
existing users (已下架, 停止办理, 原…套餐用户, 升级为…) does not promote the product.
"""

from __future__ import annotations

import datetime

import regex

from promolint import regex_cache
from promolint.engine.context import Hit
from promolint.text.plans import find_plans, squeeze

# Sentences about the withdrawal itself, or to customers who already have the product.
_NOT_PROMOTION = regex_cache.compile(
    r"已(?:于[^,，。;；]{0,12})?(?:下架|停售|停办|下线|退市|停止)|下架|停售|停止(?:销售|办理|受理|推广|新增)|"
    r"不再(?:销售|办理|受理|提供|新增|推广|推荐)|停办|退市|存量用户|老用户|已办理|已订购|已开通|"
    r"继续使用|继续享受|升级为|升级至|迁移|迁转|转为|替换为|更换为|改为|取代|替代"
)
_FRONT_DATE = regex_cache.compile(
    r"""^\s*(?:date|日期|发布日期)\s*[:=：]\s*["']?(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})""",
    regex.MULTILINE)


def document_date(source: str) -> datetime.date | None:
    """The ``date`` of a front-matter block at the top of ``source``, if any."""
    head = source.lstrip("\ufeff")
    first, _, rest = head.partition("\n")
    first = first.strip()
    if first not in ("---", "+++"):
        return None
    closers = ("---", "...") if first == "---" else ("+++",)
    block = []
    for line in rest.splitlines():
        if line.strip() in closers:
            break
        block.append(line)
    else:
        return None
    m = _FRONT_DATE.search("\n".join(block))
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _literal(name: str) -> regex.Pattern:
    chars = [regex.escape(c) for c in squeeze(name)]
    body = r"\s*".join(chars).replace(r"元\s*/\s*月", r"元\s*(?:/|每|一个?)\s*月")
    # Not inside a longer name: 5G畅享99元套餐 is not 畅享99元套餐, 畅享1999 is not 畅享199.
    tail = r"(?!\d)" if squeeze(name)[-1:].isdigit() else ""
    return regex_cache.compile(r"(?<![A-Za-z0-9])" + body + tail, regex.IGNORECASE)


def run(ctx, rule) -> list[Hit]:
    catalogue = ctx.settings.get("catalogue")
    if catalogue is None:
        return []
    doc = ctx.document
    day = (document_date(doc.source) if doc is not None else None) \
        or ctx.settings.get("as_of") or datetime.date.today()
    withdrawn = [p for p in catalogue.withdrawn() if p.withdrawn_by(day)]
    if not withdrawn:
        return []
    names = {id(p): p for p in withdrawn}
    found: list[tuple[int, int, object]] = []
    by_key = {k: p for k, p in catalogue.by_plan_key().items() if id(p) in names}
    if by_key:
        for mention in ctx.memo(("plans",), lambda: find_plans(ctx.text)):
            if mention.key in by_key:
                found.append((mention.start, mention.end, by_key[mention.key]))
    for product in withdrawn:
        for name in product.names:
            for m in ctx.finditer(_literal(name)):
                found.append((m.start(), m.end(), product))
    hits: list[Hit] = []
    seen: set[tuple[int, tuple[int, int]]] = set()
    taken: list[tuple[int, int]] = []
    for start, end, product in sorted(found, key=lambda t: (t[0], -t[1])):
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        sentence = ctx.segments.enclosing("sentence", start)
        if _NOT_PROMOTION.search(ctx.text, *sentence):
            continue
        # 原畅享99元套餐: the product the customer had, not an offer
        if ctx.text[max(sentence[0], start - 1):start] == "原":
            continue
        paragraph = ctx.segments.enclosing("paragraph", start)
        if (id(product), paragraph) in seen:  # one finding per product and paragraph
            continue
        seen.add((id(product), paragraph))
        when = f"已于{product.withdrawn_on.isoformat()}下架" if product.withdrawn_on else "已下架"
        if product.replacement:
            suggestion = f"改为宣传在售的“{product.replacement}”，或删除“{product.name}”的宣传内容"
        else:
            suggestion = f"删除“{product.name}”的宣传内容，或改为宣传在售产品"
        hits.append(Hit(start, end, values={
            "product": product.name, "when": when, "catalogue": catalogue.path.name,
        }, suggestion=suggestion))
    return hits
