"""``trigger.skip_in``: a trigger on a customer's or an FAQ's question line, inside a
question, or quoted to talk about it makes no claim; a rhetorical hook dressed as a
question, and an ad quoting its own claim, still do."""

from __future__ import annotations

import pytest

from promolint.engine.packs import load_rules
from promolint.engine.rule import RuleError
from promolint.engine.runner import Linter
from promolint.sources.base import Document
from promolint.text.speakers import asker_lines, questions

from test_hostile_packs import make_pack, rule_toml

TRIGGER = "terms = ['全网最快']\nboundary = 'none'\n"


def _lint(tmp_path, text: str, skip_line: str) -> list[tuple[int, int]]:
    pack = make_pack(tmp_path, "pack", {"HX600.toml": rule_toml("HX600", "fastest",
                                                                trigger=TRIGGER + skip_line)})
    linter = Linter(load_rules([pack], builtin=False, entry_points=False))
    return [(f.line, f.column) for f in linter.lint(Document("t.txt", text, text)).findings]


SCRIPT = ("客户：你们宽带是全网最快的吗\n"            # the customer's line, no question mark
          "客服：我们不做这种比较。\n"
          "哪家宽带是全网最快？\n"                  # a question
          "想要全网最快的网速吗？\n"                # a hook: still a claim
          "<p><b>问：</b>是全网最快吗</p>\n"        # an FAQ's question line after HTML tags
          "本店宽带全网最快！")                     # a claim


@pytest.mark.parametrize("skip_line, expected", [
    ("", [(1, 9), (3, 6), (4, 3), (5, 14), (6, 5)]),
    ("skip_in = ['asker-lines']\n", [(3, 6), (4, 3), (6, 5)]),
    ("skip_in = ['questions']\n", [(1, 9), (4, 3), (5, 14), (6, 5)]),
    ("skip_in = ['asker-lines', 'questions']\n", [(4, 3), (6, 5)]),
])
def test_triggers_that_ask_are_skipped(tmp_path, skip_line, expected):
    assert _lint(tmp_path, SCRIPT, skip_line) == expected


def test_an_unknown_place_is_an_error_naming_the_key(tmp_path):
    with pytest.raises(RuleError, match="skip_in"):
        _lint(tmp_path, SCRIPT, "skip_in = ['footnotes']\n")


def test_asker_lines_span_the_whole_line_and_not_an_agent():
    text = "客户A：多少钱？还有别的吗\n客户经理：129元\nQ1: 会自动续费吗？"
    assert [text[s:e] for s, e in asker_lines(text)] == ["客户A：多少钱？还有别的吗", "Q1: 会自动续费吗？"]


def test_a_question_is_a_short_sentence_with_a_question_word():
    long_tail = "本店宽带" + "速度稳定" * 15 + "，对吗？"
    text = "为什么这么便宜？全网最低价，还在犹豫吗？最快的。" + long_tail + "今天下单？"
    # the hook (还在…吗) and the long piece do not ask; 今天下单？ has no question word
    assert [text[s:e] for s, e in questions(text)] == ["为什么这么便宜？"]


@pytest.mark.parametrize("text, expected", [
    ("本店宽带全网最快！", [(1, 5)]),
    ("我们不再使用“全网最快”等表述。", []),                       # a notice on wording
    ("涉及“全网最快”“最低价”的宣传须删除。", []),                 # a list in a rule about wording
    ("“全网最快”等你来体验！", [(1, 2)]),                         # 等 as a verb: an ad's own quote
    ("“全网最快”“最低价”双重福利", [(1, 2)]),                     # a quoted list in an ad
    ("话术规范：不要对客户说“全网最快”。", []),                   # a script's banned line
    ("严禁讲“全网最快”，请如实介绍。", []),
    ("店长说“全网最快”，快来办！", [(1, 5)]),                      # 说 alone reports a claim
    ("质检记录：关键词“全网最快”命中2条，已转人工复核。", []),      # a keyword named by a QA log
    ("全网最快这个说法我们现在已经不用了。", []),                  # named as a word, no quotes
    ("全网最快的宽带，说到做到。", [(1, 1)]),                      # 的 + a noun is the claim
    ("谁跟你说全网最快，你就让他现场测速。", []),                  # put in someone else's mouth
    ("如果有人对您说“全网最快”，请拨打10086核实。", []),
    ("市面上没有真正的“全网最快”。", []),                        # denied to exist
    ("有人说我们全网最快，没错！", [(1, 6)]),                      # hearsay cited to make it
    ("没有合约，全网最快。", [(1, 6)]),                            # a denial in another clause
    ("谨防诈骗：对方会说“全网最快，今天办半价”。", []),            # a scammer's line in a warning
    ("店员会说“全网最快，今天办半价”。", [(1, 6)]),                # the same quote, no warning
    ("这个我没办法跟您说“全网最快”。", []),                         # a refusal to say it
    ("“全网最快”这四个字我们说不出口。", []),                     # counted as words
    ("个别代理点张贴“全网最快”。此类用语违反《广告法》。", []),     # named in the next sentence
    ("有用户收到“全网最快，名额有限”等信息，经核实系冒用。", []),   # a message reported
    ("“全网最快”。欢迎办理！", [(1, 2)]),                          # an ad's own quote
    # a message forwarded whole and warned off outside the quote (a relative's post)
    ("妈，收到「【XX移动】尊敬的客户，您已获赠全网最快5G体验，回复1立即生效，次月起自动续订」千万莫回1！", []),
    ("收到「【XX移动】全网最快5G体验，回复1立即生效」的用户回复1即可领取", [(1, 10)]),  # marketing quoting itself
])
def test_quoted_mentions_are_skipped(tmp_path, text, expected):
    assert _lint(tmp_path, text, "skip_in = ['quoted-mentions']\n") == expected
