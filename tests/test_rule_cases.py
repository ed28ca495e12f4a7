"""Every rule's labelled cases in corpora/rules/*.toml, run through the real linter.

A flagged case must produce exactly the listed findings of its rule (line, column,
excerpt); a compliant case must produce none of that rule. The file format is in
corpora/README.md.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from promolint.api import default_linter, lint_text

CASES_DIR = Path(__file__).resolve().parent.parent / "corpora" / "rules"


def _cases():
    for path in sorted(CASES_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        rule = data["rule"]
        for i, case in enumerate(data.get("flagged", [])):
            yield pytest.param(rule, "flagged", case, id=f"{path.stem}-flagged-{i}")
        for i, case in enumerate(data.get("compliant", [])):
            yield pytest.param(rule, "compliant", case, id=f"{path.stem}-compliant-{i}")


@pytest.mark.parametrize("rule,kind,case", list(_cases()))
def test_rule_case(rule, kind, case):
    found = [
        {"line": f.line, "column": f.column, "excerpt": f.excerpt}
        for f in lint_text(case["text"], path=case.get("path", "<case>"))
        if f.rule == rule
    ]
    if kind == "flagged":
        expected = [{"line": e["line"], "column": e["column"], "excerpt": e["excerpt"]}
                    for e in case["expect"]]
        assert found == expected, case.get("note", case["text"])
    else:
        assert found == [], case.get("note", case["text"])


def test_every_rule_has_cases():
    """A rule without flagged and compliant cases in corpora/rules is not done."""
    codes = {r.code for r in default_linter().ruleset.rules}
    have = {}
    for path in CASES_DIR.glob("*.toml"):
        data = tomllib.loads(path.read_text("utf-8"))
        have[data["rule"]] = (len(data.get("flagged", [])), len(data.get("compliant", [])))
    missing = sorted(c for c in codes if have.get(c, (0, 0))[0] < 1 or have.get(c, (0, 0))[1] < 1)
    assert missing == [], f"rules without flagged+compliant cases: {missing}"


def test_rule_doc_examples_behave():
    """The examples printed by `promolint rule CODE` are true: flagged ones fire, compliant ones don't."""
    problems = []
    for rule in default_linter().ruleset.rules:
        for text in rule.docs.flagged:
            if not any(f.rule == rule.code for f in lint_text(text)):
                problems.append(f"{rule.code} flagged example not flagged: {text}")
        for text in rule.docs.compliant:
            if any(f.rule == rule.code for f in lint_text(text)):
                problems.append(f"{rule.code} compliant example flagged: {text}")
    assert problems == []
