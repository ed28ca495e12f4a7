"""Behaviour of the undisclosed-limits (PL101–PL104) and quota-offer (PL201–PL202) rules
that the per-rule case files cannot express: severities, one finding per problem
across rules, messages, the rule files' shared vocabulary and the CLI on the example."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from promolint.api import lint_text

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "checks" / "core" / "rules"
MINE = ("PL101", "PL102", "PL103", "PL104", "PL201", "PL202")


def mine(text: str):
    return [f for f in lint_text(text) if f.rule in MINE]


def _load(rel: str) -> dict:
    return tomllib.loads((RULES / rel).read_text("utf-8"))


def test_deferral_and_disclosure_vocabulary_shared_by_pl101_and_pl103():
    """PL101 stays silent where PL103 reports a deferral, so both must agree on what one is."""
    offer = _load("undisclosed-limits/PL101-offer-without-conditions.toml")
    deferral = _load("undisclosed-limits/PL103-offer-conditions-deferred.toml")
    assert offer["options"]["deferral_patterns"] == deferral["trigger"]["patterns"]
    assert offer["disclosure"] == {**deferral["disclosure"], "scope": offer["disclosure"]["scope"]}
    # what PL103 excepts (届时以最新公告为准) must not silence PL101's offers either
    assert offer["options"]["deferral_exceptions"] == deferral["trigger"]["exception_patterns"]
    assert offer["options"]["hollow"] == deferral["options"]["hollow"]


def test_deferral_reported_once_instead_of_each_offer():
    found = [(f.rule, f.excerpt) for f in mine("千兆宽带0元装，充话费再送50元，详见营业厅。")]
    assert found == [("PL103", "详见营业厅")]


def test_offer_reported_when_deferral_comes_with_concrete_conditions():
    text = "千兆宽带0元装，需办理129元/月融合套餐，合约期24个月，详见营业厅。\n\n入网再送路由器"
    found = [(f.rule, f.line, f.excerpt) for f in mine(text)]
    assert found == [("PL101", 3, "再送")]


def test_recharge_gift_is_reported_by_pl104_not_also_as_a_plain_gift():
    found = [(f.rule, f.excerpt) for f in mine("【XX移动】充100送100，话费翻倍！回T退订")]
    assert found == [("PL104", "充100送100")]


def test_one_finding_per_sentence_for_several_offers():
    found = [f.rule for f in mine("购机直降500元，还送蓝牙耳机，另赠视频会员。")]
    assert found == ["PL101"]


def test_unlimited_claim_severity_depends_on_where_the_threshold_is():
    near = mine("流量不限量\n每月前40GB高速流量，超出后限速至1Mbps")
    far = mine("流量不限量\n\n扫码办理\n\n温馨提示：每月前40GB高速流量，超出后限速至1Mbps")
    absent = mine("流量不限量，扫码办理")
    assert near == []
    assert [(f.rule, f.severity.value) for f in far] == [("PL102", "warning")]
    assert "远处或小字" in far[0].message
    assert [(f.rule, f.severity.value) for f in absent] == [("PL102", "error")]


def test_unlimited_threshold_two_lines_away_is_not_near():
    text = "🔥流量不限量🔥\n📱刷剧追番不停歇\n📶每月前40GB高速流量，超出后限速至1Mbps"
    assert [(f.rule, f.severity.value) for f in mine(text)] == [("PL102", "warning")]


@pytest.mark.parametrize("text", [
    "国内通话不限时，语音通话不限量。",
    "流量不限时段，夜间也能用。",
    "套餐外流量不限速，按3元/GB计费。",
    "本套餐并非无限流量，每月含30GB国内通用流量。",
])
def test_unlimited_look_alikes(text):
    assert [f.rule for f in mine(text)] == []


def test_messages_name_the_matched_original_text():
    (f,) = mine("０元购机，iPhone带回家！")
    assert f.excerpt == "０元"
    assert "“０元”" in f.message
    assert f.suggestion.startswith("在同一句或同一段写明条件")


def test_zero_in_a_fee_list_is_not_an_offer_but_a_headline_fee_waiver_is():
    assert mine("资费：月费129元，安装调测费0元，光猫押金0元") == []
    assert [f.excerpt for f in mine("千兆宽带安装费0元！")] == ["0元"]


def test_offer_condition_from_a_labelled_line_in_another_paragraph():
    text = "🎉千兆宽带0元装🎉\n\n扫码预约\n\n📌 活动时间：2025年6月1日至6月30日"
    assert mine(text) == []


def test_limited_time_and_quota_are_separate_problems():
    found = sorted(f.rule for f in mine("限时抢购，名额有限！"))
    assert found == ["PL201", "PL202"]


def test_cli_reports_the_example_offer_and_unlimited_claim(cli):
    proc = cli("check", "--format", "concise", "examples/campaign.txt")
    assert proc.returncode == 1
    assert "examples/campaign.txt:1:11: PL101" in proc.stdout
    assert "examples/campaign.txt:3:3: PL102" in proc.stdout


def test_rule_docs_cite_regulations(cli):
    proc = cli("rule", "PL102")
    assert proc.returncode == 0
    assert "广告法" in proc.stdout and "不限量" in proc.stdout
