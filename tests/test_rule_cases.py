"""Every rule's labelled cases in corpora/rules/*.toml, run through the real linter.

A flagged case must produce exactly the listed findings of its rule (line, column,
excerpt); a compliant case must produce none of that rule. The file format is in
corpora/README.md; a case file may name a product catalogue (``catalogue``, relative
to the case file) for rules that read one (PL901).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from promolint.api import build_linter, default_linter, lint_text, lint_paths
from promolint.catalogue import parse_catalogue
from promolint.config import Config

CASES_DIR = Path(__file__).resolve().parent.parent / "corpora" / "rules"
# Rule documentation examples of several documents (cross-document rules) separate the
# documents with this marker; each part is linted as its own file of one run.
DOCUMENT_SEPARATOR = " ‖ "


def _case_linter(catalogue: str | None):
    if catalogue is None:
        return None
    return build_linter(Config(catalogue=CASES_DIR / catalogue))


def _cases():
    for path in sorted(CASES_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        rule = data["rule"]
        cat = data.get("catalogue")
        for i, case in enumerate(data.get("flagged", [])):
            yield pytest.param(rule, "flagged", case, cat, id=f"{path.stem}-flagged-{i}")
        for i, case in enumerate(data.get("compliant", [])):
            yield pytest.param(rule, "compliant", case, cat, id=f"{path.stem}-compliant-{i}")


@pytest.mark.parametrize("rule,kind,case,catalogue", list(_cases()))
def test_rule_case(rule, kind, case, catalogue):
    found = [
        {"line": f.line, "column": f.column, "excerpt": f.excerpt}
        for f in lint_text(case["text"], path=case.get("path", "<case>"),
                           linter=_case_linter(catalogue))
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


def _lint_example(rule, text: str, tmp: Path) -> list:
    """Lint a documentation example as the reader of `promolint rule CODE` would: a
    cross-document example as separate files of one run, a rule that reads a product
    catalogue with the catalogue its [options] say the examples assume."""
    linter = None
    example_catalogue = rule.options.get("example_catalogue")
    if example_catalogue is not None:
        linter = build_linter(Config())
        linter.settings["catalogue"] = parse_catalogue(example_catalogue, Path(rule.source))
    if DOCUMENT_SEPARATOR not in text:
        return lint_text(text, linter=linter)
    folder = tmp / rule.code
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for i, part in enumerate(text.split(DOCUMENT_SEPARATOR)):
        (folder / f"doc{i}.txt").write_text(part, "utf-8")
    return lint_paths([str(folder)], Config(), linter=linter or default_linter()).findings


def test_rule_doc_examples_behave(tmp_path):
    """The examples printed by `promolint rule CODE` are true: flagged ones fire, compliant ones don't."""
    problems = []
    for rule in default_linter().ruleset.rules:
        for text in rule.docs.flagged:
            if not any(f.rule == rule.code for f in _lint_example(rule, text, tmp_path)):
                problems.append(f"{rule.code} flagged example not flagged: {text}")
        for text in rule.docs.compliant:
            if any(f.rule == rule.code for f in _lint_example(rule, text, tmp_path)):
                problems.append(f"{rule.code} compliant example flagged: {text}")
    assert problems == []


def test_cross_document_examples_need_their_documents(tmp_path):
    """A multi-document PL801 example is flagged across files, and its documents on their
    own are not (the finding really comes from comparing them)."""
    rule = default_linter().ruleset.by_code()["PL801"]
    multi = [t for t in rule.docs.flagged if DOCUMENT_SEPARATOR in t]
    assert multi
    for text in multi:
        findings = [f for f in _lint_example(rule, text, tmp_path) if f.rule == "PL801"]
        assert findings and all(f.related and f.related[0].path != f.path for f in findings)
        for part in text.split(DOCUMENT_SEPARATOR):
            assert not [f for f in lint_text(part) if f.rule == "PL801"], part
