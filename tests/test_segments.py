"""Clause, sentence and line spans of normalised text (text/segment.py)."""

import pytest

from promolint.text.normalize import normalize
from promolint.text.segment import Segments


@pytest.mark.parametrize("raw, word, clause", [
    ("千兆宽带，需办理融合套餐。", "需办理", "需办理融合套餐。"),      # a clause keeps its end mark
    # a table cell or a banner's divider ends a clause (｜ folds to |)
    ("199元/月起｜需办理融合套餐方可安装", "需办理", "需办理融合套餐方可安装"),
    ("199元/月起｜需办理融合套餐方可安装", "199", "199元/月起|"),
    ("| 月费 | 129元 |", "129", " 129元 |"),
    ("活动时间：9月1日至30日", "9月", "9月1日至30日"),
])
def test_clause_of_a_word(raw, word, clause):
    text = normalize(raw).text
    s, e = Segments(text).enclosing("clause", text.index(word))
    assert text[s:e] == clause


def test_a_divider_does_not_end_a_sentence():
    text = normalize("199元/月起｜需办理融合套餐方可安装").text
    assert Segments(text).enclosing("sentence", text.index("需")) == (0, len(text))
