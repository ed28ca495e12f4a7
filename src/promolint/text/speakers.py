"""Whose words these are: speaker labels of transcripts (客服：…, 客户A：…) and questions.

What the agent says later in a call can disclose a condition; what the customer says
(是不是一定要办融合套餐？) promises nothing. Checks share these patterns, anchored at
a line start (``MULTILINE``; use ``match(text, line_start)`` or ``finditer``). The text is
NFKC-normalised, so a full-width colon is ``:`` by then; both are accepted anyway.

``ASKING`` finds the text that asks rather than states — a customer's line or the 问/Q
line of an FAQ (``asker-lines``), a sentence that asks (哪家网速最快？, ``questions``) —
for rules whose trigger there makes no claim (``trigger.skip_in``).
"""

from __future__ import annotations

import regex

from promolint import regex_cache

_AGENTS = ("客服|坐席|话务员|接线员|营业员|店员|推广员|销售|客户经理|工作人员|装维人员|装维师傅|装维|"
           "业务员|营销员|专员|主播")
_CUSTOMERS = "客户|用户|顾客|客人|来电人|来电者|来电客户|消费者|家长|学生|同学"
# a label, an optional short tag (客服A, 坐席01), then the colon
_TAIL = r"[^\S\n]*[A-Za-z0-9]{0,4}[^\S\n]*[:：]"

AGENT_LINE = regex_cache.compile(rf"^[^\S\n]*(?:{_AGENTS}){_TAIL}", regex.MULTILINE)
CUSTOMER_LINE = regex_cache.compile(rf"^[^\S\n]*(?:{_CUSTOMERS}){_TAIL}", regex.MULTILINE)

# The asking side of a dialogue or FAQ: a customer, or the question line (问：, Q1：, 提问：),
# after any HTML tags at the line start (<p><b>问：</b>…).
_ASKERS = _CUSTOMERS + "|来电用户|市民|问|Q|提问"
ASKER_LINE = regex_cache.compile(
    rf"^[^\S\n]*(?:<[^>\n]{{0,30}}>[^\S\n]*)*(?:{_ASKERS}){_TAIL}[^\n]*", regex.MULTILINE)

# A sentence that asks: a piece of text between two sentence marks that ends in a
# question mark and holds a question word. Pieces longer than QUESTION_MAX read as a
# statement with a tag question; an ad's rhetorical hook (想要全网最快的网速吗？ 还在为网速
# 发愁吗？) is a claim dressed as a question, so a piece opening with one does not ask.
QUESTION_MAX = 60
# a whole piece, from a sentence mark (or the text's start) to its question mark
_QUESTION = regex_cache.compile(r"(?<![^。！!？?；;\n])[^。！!？?；;\n]++[？?]")
_QUESTION_WORD = regex_cache.compile(
    "你们|您们|请问|是不是|有没有|能不能|可不可以|会不会|怎么|怎样|如何|为什么|为啥|多少|哪|什么|啥|几|"
    "是否|能否|可否|有无|真的|难道|吗|么|呢")
_HOOK = regex_cache.compile(
    "想(?:要|拥有|体验|试试|感受|享受|尝试|用上|换上?)|还在为?|渴望|厌倦了?|受够了?|谁不想|心动|"
    "等什么|等啥|犹豫什么|犹豫啥|怎能错过|岂能错过|怎么能错过|还不")


def asker_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line a customer or an FAQ's question speaks, label included."""
    return [m.span() for m in ASKER_LINE.finditer(text)]


def questions(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence that asks (see above), its question mark included."""
    spans = []
    for m in _QUESTION.finditer(text):
        s, e = m.span()
        if e - s <= QUESTION_MAX + 1 and _QUESTION_WORD.search(text, s, e) and not _HOOK.search(text, s, e):
            spans.append((s, e))
    return spans


ASKING = {"asker-lines": asker_lines, "questions": questions}
