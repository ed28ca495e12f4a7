"""Engine behaviour on real jieba tokens: boundaries, negation, exceptions, disclosure scopes."""

from promolint.api import lint_text


def codes(text):
    return [(f.rule, f.line, f.column, f.excerpt) for f in lint_text(text)]


def test_quota_flagged_with_exact_position():
    assert codes("暑期大促\n限量秒杀，先到先得！") == [("PL201", 2, 1, "限量")]


def test_quota_satisfied_in_same_sentence():
    assert codes("本活动限量1000份，先到先得。") == []


def test_quota_satisfied_by_linked_footnote():
    assert codes("名额有限*，快来办理\n\n* 共100个名额，按办理成功时间先后") == []


def test_quota_satisfied_by_rules_section():
    assert codes("名额有限，快来办理\n\n活动规则：\n1. 本活动共300个名额。") == []


def test_footnote_bodies_after_html_tags_or_a_note_label_are_linked():
    """Copy pasted from a web page keeps its tags (<li>① …); notes are often labelled
    (注①：…). Every rule's disclosure search reaches them, not only PL101's."""
    for note in ("<li>① 共100个名额，按办理成功时间先后</li>", "注①：共100个名额，按办理成功时间先后",
                 "<p><sup>*</sup>共100个名额，按办理成功时间先后</p>"):
        marker = "*" if "<sup>" in note else "①"
        assert codes(f"名额有限{marker}，快来办理\n\n{note}") == [], note
    assert [c[0] for c in codes("名额有限①，快来办理\n\n<li>② 共100个名额</li>")] == ["PL201"]


def test_unrelated_footnote_does_not_satisfy():
    assert [c[0] for c in codes("名额有限，快来办理\n\n* 图片仅供参考，共100个名额")] == ["PL201"]


def test_look_alikes_not_flagged():
    # 不限量 is not a quota (PL201); as an unlimited-data claim it is PL102's business
    assert [c for c in codes("流量不限量") if c[0] == "PL201"] == []
    assert codes("限量版手机") == []


def test_fullwidth_positions_are_original():
    text = "ＶＩＰ专享：名额有限"
    (f,) = lint_text(text)
    assert (f.column, f.end_column) == (7, 11)
    assert text[f.column - 1:f.end_column - 1] == f.excerpt == "名额有限"


def test_speaker_labels_of_transcripts():
    """One pattern per side for every check: tags (客服A, 坐席01), either colon, and
    客户经理 (an agent) is not taken for 客户 (a customer)."""
    from promolint.text.speakers import AGENT_LINE, CUSTOMER_LINE

    script = "客服A：您好\n  客户：要合约吗？\n客户经理: 不用\n来电客户：好的\n装维：明天上门\n旁白：结束"
    lines = script.split("\n")
    starts = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
    agent = [AGENT_LINE.match(script, s) is not None for s in starts]
    customer = [CUSTOMER_LINE.match(script, s) is not None for s in starts]
    assert agent == [True, False, True, False, True, False]
    assert customer == [False, True, False, True, False, False]
