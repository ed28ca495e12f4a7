"""Rule documentation rendered from each rule's own metadata (never written twice):
used by ``promolint rule CODE`` and by the generated pages under docs/rules/."""

from __future__ import annotations

from promolint.categories import CATEGORIES
from promolint.engine.rule import Rule
from promolint.messages import RULE_SECTIONS


def rule_markdown(rule: Rule) -> str:
    s = RULE_SECTIONS
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        f"类别：{rule.category}（{CATEGORIES.get(rule.category, '')}）  默认级别：{rule.severity.value}",
        "",
        f"## {s['what']}",
        "",
        rule.docs.what.strip(),
        "",
        f"## {s['why']}",
        "",
        rule.docs.why.strip(),
        "",
    ]
    if rule.docs.basis:
        lines += [f"{s['basis']}：", ""] + [f"- {b}" for b in rule.docs.basis] + [""]
    if rule.docs.flagged:
        lines += [f"## {s['flagged']}", ""] + [f"- {x}" for x in rule.docs.flagged] + [""]
    if rule.docs.compliant:
        lines += [f"## {s['compliant']}", ""] + [f"- {x}" for x in rule.docs.compliant] + [""]
    return "\n".join(lines)
