"""Tests of the section-heading test in the auto-subscription checks (terms.py)."""

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "checks/core/rules/auto-subscription/terms.py"
_spec = importlib.util.spec_from_file_location("promolint_terms_under_test", _PATH)
terms = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(terms)

TOPICS = "续费|续订|续期|取消|退订|订购|订阅|开通|资费|扣费|收费|价格|费用"


@pytest.mark.parametrize("line", [
    "## 续费与取消",
    "<h3>四、续费与取消</h3>",
    "三、如何订购",
    "【资费说明】",
    "🔔 关于续费，我们说清楚",
    "取消订阅，三步搞定",
])
def test_headings_are_recognised(line):
    assert terms._heading(TOPICS).search(line) is not None


@pytest.mark.parametrize("line", [
    # a short offer line with a comma and a price is no heading
    "续费15元/月，随时可取消",
    "资费¥19.9/月，可随时退订",
    "开通后每月10元，到期续费",
    # sentence punctuation or a colon: body text
    "续费前5日短信提醒。",
    "资费：15元/月",
])
def test_offer_lines_are_not_headings(line):
    assert terms._heading(TOPICS).search(line) is None
