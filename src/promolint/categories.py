"""The stable finding categories of the product contract (SPEC.md), with Chinese titles."""

from __future__ import annotations

CATEGORIES: dict[str, str] = {
    "undisclosed-limits": "隐瞒或淡化限制条件",
    "quota-offer": "未说明活动限量参与，先到先得",
    "bandwidth-conditions": "标称带宽、上网速率未说明适用条件",
    "forced-bundling": "强制捆绑、校园排他",
    "exaggeration": "夸大优惠事项、绝对化用语",
    "unfair-terms": "不公平格式条款（单方变更、最终解释权）",
    "auto-subscription": "未经用户确认订购、自动续订",
    "channel-inconsistency": "不同业务渠道宣传信息不一致",
    "discontinued-product": "宣传已停止销售的产品",
    "suppression": "抑制注释本身的问题",
}
