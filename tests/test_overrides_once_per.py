"""``overrides`` and ``once_per`` together (engine/runner.py ``_one_per_problem``): one
problem, one finding. A hit owned by a more specific rule of the same category ends its
rule's once_per span (the owner already reports that problem); an owner of another
category leaves the rule's next hit in the span to be reported."""

from __future__ import annotations

import pytest

from promolint.engine.packs import load_rules
from promolint.engine.runner import Linter
from promolint.sources.base import Document

from test_hostile_packs import make_pack, rule_toml


def _lint(tmp_path, text: str, generic_category: str) -> list[tuple[str, int, int]]:
    # HX800: any speed word, once per paragraph. HX801 (exaggeration): 满格 only, and it
    # owns that span.
    generic = rule_toml("HX800", "speed-word", top='once_per = "paragraph"',
                        trigger="terms = ['信号满格', '秒开']\nboundary = 'none'\n")
    generic = generic.replace('category = "exaggeration"', f'category = "{generic_category}"')
    specific = rule_toml("HX801", "full-bars", top='overrides = ["HX800"]',
                         trigger="terms = ['信号满格']\nboundary = 'none'\n")
    pack = make_pack(tmp_path, "pack", {"HX800.toml": generic, "HX801.toml": specific})
    linter = Linter(load_rules([pack], builtin=False, entry_points=False))
    return sorted((f.rule, f.line, f.column) for f in linter.lint(Document("t.txt", text, text)).findings)


@pytest.mark.parametrize("category, expected", [
    # another category: 信号满格 is HX801's, the speed problem stands at 秒开
    ("bandwidth-conditions", [("HX800", 1, 8), ("HX801", 1, 1)]),
    # the same category: HX801 already reports this paragraph's problem
    ("exaggeration", [("HX801", 1, 1)]),
])
def test_an_owned_first_hit_and_the_rest_of_its_scope(tmp_path, category, expected):
    assert _lint(tmp_path, "信号满格，视频秒开，游戏秒开", category) == expected


def test_once_per_keeps_one_hit_per_scope(tmp_path):
    text = "视频秒开，游戏秒开\n\n网页秒开"
    assert _lint(tmp_path, text, "bandwidth-conditions") == [("HX800", 1, 3), ("HX800", 3, 3)]
