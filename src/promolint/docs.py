"""Rule documentation rendered from each rule's own metadata (never written twice):
used by ``promolint rule CODE`` and by the generated pages under docs/rules/."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from promolint.categories import CATEGORIES
from promolint.engine.rule import CODE_RE, Rule
from promolint.messages import RULE_SECTIONS

INDEX = "index.md"
SUGGESTION = "修改建议"
RELATIONS = "与其他规则的关系"
SOURCE = "规则文件"
GENERATED_NOTE = "<!-- 本文件由 `promolint docs --output docs/rules` 根据规则文件生成，请勿手工修改。 -->"


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
    if rule.suggestion:
        lines += [f"{SUGGESTION}：{rule.suggestion.replace('{match}', '……')}", ""]
    if rule.overrides:
        codes = "、".join(rule.overrides)
        lines += [f"{RELATIONS}：本规则命中的位置上，不再重复报告 {codes} 的问题（一个问题只报告一次）。", ""]
    lines += [f"{SOURCE}：`{_source_label(rule)}`", ""]
    return "\n".join(lines)


def _source_label(rule: Rule) -> str:
    """The rule file, relative to its pack's parent folder (stable across machines)."""
    path = Path(rule.source)
    for parent in path.parents:
        if (parent / "pack.toml").is_file():
            return path.relative_to(parent.parent).as_posix()
    return path.name


def _summary(rule: Rule) -> str:
    """First sentence of the rule's description, for the index table."""
    what = " ".join(rule.docs.what.split())
    end = what.find("。")
    text = what[: end + 1] if end >= 0 else what
    return text.replace("|", "\\|")


def index_markdown(rules: Iterable[Rule], categories: dict[str, str] | None = None) -> str:
    """The index page: every rule, grouped by category in the order of SPEC.md."""
    categories = dict(categories or CATEGORIES)
    by_cat: dict[str, list[Rule]] = {}
    for rule in sorted(rules, key=lambda r: r.code):
        by_cat.setdefault(rule.category, []).append(rule)
    lines = [GENERATED_NOTE, "", "# 规则一览", "",
             f"共 {sum(len(v) for v in by_cat.values())} 条规则。每条规则的完整说明也可用 "
             "`promolint rule 规则代码` 查看。", ""]
    for cat, title in categories.items():
        if cat == "suppression":
            continue
        lines += [f"## {cat}（{title}）", ""]
        rules_here = by_cat.get(cat, [])
        if not rules_here:
            lines += ["暂无内置规则。", ""]
            continue
        lines += ["| 代码 | 名称 | 默认级别 | 说明 |", "|---|---|---|---|"]
        for r in rules_here:
            lines.append(f"| [{r.code}]({r.code}.md) | {r.name} | {r.severity.value} | {_summary(r)} |")
        lines.append("")
    return "\n".join(lines)


def render_docs(rules: Iterable[Rule], categories: dict[str, str] | None = None) -> dict[str, str]:
    """File name → content for the whole docs/rules folder (pure: nothing is written)."""
    rules = sorted(rules, key=lambda r: r.code)
    pages = {f"{r.code}.md": GENERATED_NOTE + "\n\n" + rule_markdown(r) for r in rules}
    pages[INDEX] = index_markdown(rules, categories)
    return pages


def write_docs(rules: Iterable[Rule], output: Path,
               categories: dict[str, str] | None = None) -> tuple[list[Path], list[Path]]:
    """Write the rule pages and index into ``output``; remove pages of rules that no longer
    exist. Returns (written, removed)."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    pages = render_docs(rules, categories)
    written, removed = [], []
    for name, content in pages.items():
        path = output / name
        path.write_text(content, encoding="utf-8", newline="\n")
        written.append(path)
    for stale in sorted(output.glob("*.md")):
        if stale.name not in pages and CODE_RE.match(stale.stem):
            stale.unlink()
            removed.append(stale)
    return written, removed
