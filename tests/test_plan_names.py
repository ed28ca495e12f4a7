"""Plan names (text/plans.find_plans): a name needs a tier, and a count or a unit is no tier."""

import pytest

from promolint.text.plans import find_plans


@pytest.mark.parametrize("text, names", [
    ("办理畅享129元套餐，送视频会员", ["畅享129元套餐"]),
    ("办理5G畅享199，送", ["5G畅享199"]),
    ("大王卡19元版", ["大王卡19元版"]),
    ("畅享 129元 套餐", ["畅享129元套餐"]),
    # counts of things are not tiers: 12万个基站, 3000个小区
    ("同期，我们在全省已建成开通5G基站超过12万个，今年新增的站点主要在地铁沿线。", []),
    ("使用5G网络需5G手机且处于5G覆盖范围内", []),           # 5G is a network, not a tier
    ("覆盖3000个小区的千兆宽带套餐", ["千兆宽带套餐"]),
    ("5G网络覆盖超过 2 万 个行政村", []),
])
def test_plan_names(text, names):
    assert [m.name for m in find_plans(text)] == names
