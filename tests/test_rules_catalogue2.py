"""Catalogue II rules (exaggeration, unfair terms, auto-subscription, free trials, roaming):
behaviour that per-rule cases cannot show — overlap policy, severities, messages, the
trap vocabularies of DOMAIN.md Appendix A in context, and the rule listing."""

from __future__ import annotations

import json

import pytest

from promolint.api import lint_text
from promolint.categories import CATEGORIES

CROSS_DOCUMENT = {"channel-inconsistency", "discontinued-product"}


def found(text, **kw):
    return [(f.rule, f.excerpt) for f in lint_text(text, **kw)]


def by_category(text, category):
    return [(f.rule, f.excerpt) for f in lint_text(text) if f.category == category]


def test_rules_list_every_single_document_category(cli):
    proc = cli("rules", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    listed = {r["category"] for r in json.loads(proc.stdout)}
    wanted = set(CATEGORIES) - CROSS_DOCUMENT - {"suppression"}
    assert wanted <= listed


# ---- overlap policy: one problem, one finding ------------------------------------------

def test_permanent_free_is_one_exaggeration_not_also_an_offer():
    assert found("老用户宽带永久免费") == [("PL503", "永久免费")]


def test_free_trial_is_reported_by_the_trial_rule_only():
    assert found("新用户免费体验视频会员7天，期满后按15元/月收费") == [("PL704", "免费体验")]


def test_bare_free_trial_is_not_an_auto_subscription():
    # nothing is said about a paid continuation: a free offer with missing conditions
    # (SPEC.md undisclosed-limits), not 试用期满自动扣费
    assert by_category("新用户免费体验视频会员7天", "auto-subscription") == []


def test_trial_that_states_auto_renewal_is_one_renewal_finding():
    text = "新用户首月免费体验视频会员，次月起自动续费15元/月"
    assert [r for r, _ in found(text) if r.startswith("PL7")] == ["PL703"]


def test_ranking_with_source_time_region_is_an_info_reminder_not_an_error():
    (f,) = lint_text("据XX研究院2024年报告，XX公司固网宽带用户数全省第一")
    assert (f.rule, f.severity.value) == ("PL505", "info")
    (g,) = lint_text("XX公司固网宽带用户数全省第一")
    assert (g.rule, g.severity.value) == ("PL502", "error")


def test_roaming_auto_activation_is_reported_once_as_roaming():
    assert found("出境自动开通国际漫游，全球通用") == [("PL150", "出境")]


def test_change_clause_with_no_notice_is_one_finding_per_sentence():
    assert found("本公司有权随时调整活动内容，恕不另行通知。") == [("PL602", "有权随时调整")]


def test_lowest_price_is_reported_as_a_whole():
    assert found("全网最低价") == [("PL504", "全网最低价")]


# ---- messages name what is missing ------------------------------------------------------

@pytest.mark.parametrize("text,missing", [
    ("视频会员连续包月，到期自动续费", "续费后的价格、征得同意或续费前提醒、取消方式"),
    ("连续包月15元/月，到期前5日短信提醒", "取消方式"),
    ("连续包月15元/月，可随时在APP取消", "征得同意或续费前提醒"),
])
def test_auto_renewal_message_lists_missing_items(text, missing):
    (f,) = [f for f in lint_text(text) if f.rule == "PL703"]
    assert f.message.endswith("未说明：" + missing)


def test_sms_opt_out_is_not_a_renewal_cancellation_path():
    text = "【XX联通】彩铃包月5元/月，到期自动续订，续订前3天短信提醒。回T退订"
    (f,) = [f for f in lint_text(text) if f.rule == "PL703"]
    assert f.message.endswith("取消方式")


# ---- DOMAIN.md Appendix A traps, each in a sentence -------------------------------------

ABSOLUTE_TRAPS = [
    "最近一次账单已发送", "最新版本APP上线", "活动最后一天", "最终资费以账单为准", "最初的协议",
    "最早可预约明天", "最晚周五装机", "装好后第一时间通知", "第一步登录APP", "第一次办理需身份证",
    "第一个月免月租", "首月半价", "首次充值", "APP首页", "首充专区", "一站式办理", "一键办理",
    "最低消费59元", "最低保底39元", "最高可享300元话费", "最高返100元", "最多可添加3张副卡",
    "最佳使用距离3米", "至少预存50元", "最快当天装机", "《王牌对王牌》同款",
]


@pytest.mark.parametrize("text", ABSOLUTE_TRAPS)
def test_absolute_term_traps_are_silent(text):
    assert by_category(text, "exaggeration") == []


@pytest.mark.parametrize("text", [
    "如对活动有疑问可拨打客服热线，客服为您解释", "名词解释：高速流量", "详细解释见第3条",
    "解释说明见附件", "用户可随时变更套餐", "办理变更手续需身份证",
])
def test_unfair_term_traps_are_silent(text):
    assert by_category(text, "unfair-terms") == []


@pytest.mark.parametrize("text", [
    "体验期满不会自动续费", "到期自动失效", "到期自动取消", "到期自动退订", "无需退订",
    "系统自动识别您的套餐", "余量不足自动提醒", "话费自动到账", "次月自动恢复",
])
def test_auto_renewal_traps_are_silent(text):
    assert by_category(text, "auto-subscription") == []


@pytest.mark.parametrize("text", ["国内漫游费已取消", "采用国际标准", "国际品牌路由器", "全球通用户积分兑换"])
def test_roaming_traps_are_silent(text):
    assert [r for r, _ in found(text) if r == "PL150"] == []


# ---- DOMAIN.md Appendix B sentences for these categories --------------------------------

@pytest.mark.parametrize("text,rule", [
    ("本活动最终解释权归中国XX所有", "PL601"),
    ("新用户首月免费体验视频会员，次月起自动续费15元/月", "PL703"),
    ("网速全网最快，信号最好", "PL501"),
    ("出境自动开通国际漫游，全球通用", "PL150"),
])
def test_appendix_b_flagged(text, rule):
    assert rule in {r for r, _ in found(text)}


@pytest.mark.parametrize("text,category", [
    ("如对活动有疑问，可拨打客服热线咨询解释", "unfair-terms"),
    ("最低消费59元/月，最高可返300元话费", "exaggeration"),
])
def test_appendix_b_compliant(text, category):
    assert by_category(text, category) == []


# ---- through the CLI, with original positions of full-width text ------------------------

def test_cli_json_positions_for_fullwidth_copy(cli):
    text = "【ＸＸ移动】宽带１００％满意，本活动最终解释权归ＸＸ移动所有。"
    proc = cli("check", "-", "--format", "json", "--isolated", "--stdin-filename", "sms.txt",
               input=text.encode("utf-8"))
    assert proc.returncode == 1, proc.stderr
    got = [(f["rule"], f["column"], f["excerpt"]) for f in json.loads(proc.stdout)["findings"]]
    assert ("PL503", 9, "１００％") in got
    assert ("PL601", 19, "最终解释权") in got
    for rule, col, excerpt in got:
        assert text[col - 1:col - 1 + len(excerpt)] == excerpt
