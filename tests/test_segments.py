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


@pytest.mark.parametrize("text, notes, linked_from_first_line", [
    # a bold heading is no footnote; the real note (* 需办理…) still is
    ("宽带0元装*\n\n**活动规则**\n合约24个月\n\n* 需办理129元套餐", {"*": ["* 需办理129元套餐"]}, ["* 需办理129元套餐"]),
    # bold words on the offer's line link to no bold line elsewhere
    ("**免费**宽带\n\n**注意：** 合约24个月", {}, []),
    # a multiplication sign (7*24小时) opens no emphasis: the trailing marker still links
    ("7*24小时服务*\n\n* 注：合约12个月", {"*": ["* 注：合约12个月"]}, ["* 注：合约12个月"]),
])
def test_markdown_emphasis_in_plain_text_is_no_footnote_marker(text, notes, linked_from_first_line):
    seg = Segments(text)
    assert {k: [text[s:e].strip() for s, e in v] for k, v in seg.footnotes.items()} == notes
    first = seg.enclosing("line", 0)
    assert sorted({text[s:e].strip() for s, e in seg.linked_footnotes(*first)}) == linked_from_first_line
