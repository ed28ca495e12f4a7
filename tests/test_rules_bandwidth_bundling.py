"""Speed-claim (PL301/PL302) and forced-bundling (PL401-PL403) behaviour that per-rule
case files cannot express: unit grammars over many numbers, shared grammar between
the two speed rules, one finding per problem, and the CLI contract of SPEC.md."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from promolint.api import lint_text

ROOT = Path(__file__).resolve().parent.parent
SPEED_DIR = ROOT / "checks" / "core" / "rules" / "bandwidth-conditions"


def rules_found(text: str, prefix: str = "PL3") -> list[tuple[str, str]]:
    return [(f.rule, f.excerpt) for f in lint_text(text) if f.rule.startswith(prefix)]


# --- the two speed rules share one unit grammar ----------------------------------------

def _load(name: str) -> dict:
    return tomllib.loads(next(SPEED_DIR.glob(f"{name}-*.toml")).read_text("utf-8"))


def test_speed_rules_share_figure_grammar_and_neighbour_words():
    """PL302 repeats PL301's figure patterns; they must not drift apart."""
    pl301, pl302 = _load("PL301"), _load("PL302")
    figures = pl301["trigger"]["patterns"]
    mobile_figures = [p for p in pl302["trigger"]["patterns"] if "(?P<mobile>" not in p]
    assert figures == mobile_figures
    assert pl301["options"] == pl302["options"]


# --- speeds versus data volumes ---------------------------------------------------------

numbers = st.sampled_from(["1", "2", "10", "20", "30", "40", "50", "100", "200", "300", "500", "1000"])
volume_suffix = st.sampled_from([
    "G流量", "GB", "G通用流量", "G定向流量", "G国内流量", "M省内流量", "GB流量", "G全国流量", "M流量",
])


@settings(max_examples=60, deadline=None)
@given(numbers, volume_suffix, st.sampled_from(["每月", "送", "套餐内含", "赠送", "月享", ""]))
def test_data_volumes_never_read_as_speeds(n, suffix, prefix):
    text = f"5G套餐{prefix}{n}{suffix}，月费59元。"
    assert rules_found(text) == []


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["100", "200", "300", "500", "1000", "2000"]),
       st.sampled_from(["M宽带", "Mbps光纤", "兆宽带", "M光纤入户", "Mbps"]))
def test_broadband_speed_figures_fire(n, unit):
    text = f"新装{n}{unit}，限时特惠！"
    found = rules_found(text)
    assert len(found) == 1 and found[0][0] == "PL301", found


@pytest.mark.parametrize("text", [
    "2G网络将逐步退网，请更换4G或5G手机。",
    "5.5G网络试点开通。",
    "手机12G+256G到店。",
    "文件大小约500M，建议连接Wi-Fi下载。",
    "月享40GB高速流量，达量后限速至1Mbps。",
])
def test_generations_storage_and_throttled_rates_are_not_claims(text):
    assert rules_found(text) == []


# --- one problem, one finding -----------------------------------------------------------

def test_one_speed_finding_per_paragraph():
    text = "千兆宽带，网速高达1000Mbps，下载一部电影只需3秒\n\n百兆宽带59元/月"
    assert rules_found(text) == [("PL301", "千兆"), ("PL301", "百兆")]


def test_mobile_claim_silences_broadband_rule_on_its_figure():
    assert rules_found("5G峰值速率可达2Gbps") == [("PL302", "5G峰值速率可达2Gbps")]


def test_mobile_disclosure_does_not_leave_the_figure_to_pl301():
    text = "5G峰值速率可达2Gbps，需使用5G手机并处于5G网络覆盖范围内。"
    assert rules_found(text) == []


def test_campus_rule_silences_generic_bundle_but_not_unique_claim():
    # 独家合作/唯一指定 is both exclusivity (PL403) and an absolute term (PL502): two problems
    found = [(f.rule, f.excerpt) for f in lint_text("开学季：不办移动卡无法使用校园网！独家合作运营商")]
    assert ("PL403", "不办移动卡无法使用校园网") in found
    assert ("PL502", "独家") in found
    assert not any(rule == "PL401" for rule, _ in found), found


def test_bundle_requirement_and_refusal_in_one_sentence_give_one_finding():
    assert rules_found("办理宽带须同时办理手机号，单宽带不受理。", "PL4") == [("PL401", "须同时办理手机号")]


def test_negated_single_service_does_not_excuse_a_requirement():
    """“不可单独办理” contains “可单独办理” but is no remedy."""
    found = rules_found("宽带须同时办理手机号，不可单独办理。", "PL4")
    assert ("PL401", "须同时办理手机号") in found


# --- CLI contract -----------------------------------------------------------------------

def test_json_finding_matches_spec_example(cli, tmp_path):
    path = tmp_path / "poster.md"
    path.write_text("# 暑期特惠\n\n1000M宽带只要99元\n", "utf-8")
    proc = cli("check", "--format", "json", str(path))
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    [finding] = [f for f in data["findings"] if f["rule"] == "PL301"]
    assert (finding["line"], finding["column"], finding["end_column"]) == (3, 1, 6)
    assert finding["name"] == "bandwidth-without-conditions"
    assert finding["category"] == "bandwidth-conditions"
    assert finding["message"].startswith("标称速率“1000M”未说明适用条件")
    assert finding["suggestion"].startswith("补充：理论峰值速率，实际速率受终端、网络环境等因素影响")


def test_campaign_example_reports_speed_and_bundle(cli):
    proc = cli("check", "--format", "concise", "examples/campaign.txt")
    lines = proc.stdout.splitlines()
    assert any(":1:7: PL301" in line and "千兆" in line for line in lines), proc.stdout
    assert any(":4:5: PL401" in line and "须同时办理手机号" in line for line in lines), proc.stdout


@pytest.mark.parametrize("code", ["PL301", "PL302", "PL401", "PL402", "PL403"])
def test_rule_documentation_is_printed(cli, code):
    proc = cli("rule", code)
    assert proc.returncode == 0, proc.stderr
    assert code in proc.stdout and "《" in proc.stdout


def test_dictionary_lines_are_word_freq_tag():
    path = ROOT / "checks" / "core" / "dictionaries" / "bandwidth-bundling.txt"
    for line in path.read_text("utf-8").splitlines():
        word, freq, tag = line.split(" ")
        assert word and freq.isdigit() and tag.isalpha(), line


@pytest.mark.parametrize("text, words", [
    ("卫星电话，全球任意角落都能打电话！", ("覆盖范围",)),          # no 5G terminal for a satellite phone
    ("5G信号全覆盖，欢迎办理", ("覆盖范围",)),
    ("5G峰值速率可达2Gbps", ("5G终端", "理论峰值")),                # a rate keeps the rate message
])
def test_coverage_claims_ask_for_their_area_not_for_5g_terminals(text, words):
    messages = [f.message for f in lint_text(text) if f.rule == "PL302"]
    assert len(messages) == 1
    assert all(w in messages[0] for w in words)
    assert ("5G终端" in messages[0]) == ("5G终端" in words)
