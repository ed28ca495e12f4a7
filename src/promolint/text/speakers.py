"""Speaker labels of hotline, counter and chat transcripts (客服：…, 客户A：…): whose line it is.

What the agent says later in a call can disclose a condition; what the customer says
(是不是一定要办融合套餐？) promises nothing. Checks share these two patterns, anchored at
a line start (``MULTILINE``; use ``match(text, line_start)`` or ``finditer``). The text is
NFKC-normalised, so a full-width colon is ``:`` by then; both are accepted anyway.
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
