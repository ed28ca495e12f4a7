"""The prefilter only skips work: anchors derived from patterns are sound."""

import regex
import pytest

from promolint.engine.prefilter import pattern_anchors

CASES = [
    (r"\d+\s*(?:M|Mbps|兆)", ["1000M宽带", "500 Mbps", "1000兆"], ["100G流量"]),
    (r"前\s*\d+\s*(?:名|位|户)", ["前100名", "前 20 位"], ["前台"]),
    (r"每(?:日|天)(?:限量|限)?\s*\d+", ["每日限量200", "每天50"], ["每月"]),
    (r"(?<!不)限量", ["限量秒杀"], ["不限量"]),
    (r"[送赠]\d+元", ["送100元", "赠5元"], ["返5元"]),
    # regex-module syntax read the stdlib way: a Unicode property, repeated group names
    (r"\p{Han}+送", ["免费送", "就送"], ["免费"]),
    (r"(?P<g>免)费|(?P<g>白)送", ["免费", "白送"], ["付费"]),
]


@pytest.mark.parametrize("pattern,matching,other", CASES)
def test_every_match_contains_an_anchor(pattern, matching, other):
    anchors = pattern_anchors(pattern)
    assert anchors, pattern
    for text in matching:
        m = regex.search(pattern, text)
        assert m, text
        assert any(a in m.group(0) for a in anchors), (pattern, text, anchors)


# (?:送){e<=1} is fuzzy (a match need not hold 送) and [[:alpha:]] a POSIX class: the
# stdlib parser would read both as literals, so they must not yield anchors.
@pytest.mark.parametrize("pattern", [r"\d+", r"(?i)mbps", r"(?:a|.)b?", r"x*",
                                     r"(?:送){e<=1}", r"[[:alpha:]]送", r"\p{Han}+"])
def test_unknown_anchors_mean_always_candidate(pattern):
    assert pattern_anchors(pattern) is None
