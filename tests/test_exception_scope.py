"""``exception_scope``: how much text an exception pattern's lookarounds may see (a basis
stated on the next line of a store board), strictly decoded like every other key."""

from __future__ import annotations

import pytest

from promolint.engine.packs import load_rules
from promolint.engine.rule import RuleError
from promolint.engine.runner import Linter
from promolint.sources.base import Document

from test_hostile_packs import make_pack, rule_toml

BOARD = "本厅为唯一指定服务点\n（授权文号：通管〔2026〕12号）\n"
# the designation is no claim when its basis follows on the next line
TRIGGER = ("terms = ['唯一指定']\nboundary = 'none'\n"
           "exception_patterns = ['唯一指定(?=[^\\n]*\\n[^\\n]*文号)']\n")


def _rules(tmp_path, scope_line: str):
    pack = make_pack(tmp_path, "pack", {"HX500.toml": rule_toml("HX500", "designation",
                                                                trigger=TRIGGER + scope_line)})
    return load_rules([pack], builtin=False, entry_points=False)


@pytest.mark.parametrize("scope_line, flagged", [
    ("", True),                                   # default: the sentence ends at the line break
    ("exception_scope = 'sentence'\n", True),
    ("exception_scope = 'paragraph'\n", False),   # the lookahead sees the next line
    ("exception_scope = 'document'\n", False),
])
def test_exception_lookarounds_see_the_configured_scope(tmp_path, scope_line, flagged):
    linter = Linter(_rules(tmp_path, scope_line))
    result = linter.lint(Document("board.txt", BOARD, BOARD))
    assert [(f.rule, f.line, f.column) for f in result.findings] == ([("HX500", 1, 4)] if flagged else [])


def test_an_unknown_scope_is_an_error_naming_the_key(tmp_path):
    with pytest.raises(RuleError, match="exception_scope"):
        _rules(tmp_path, "exception_scope = 'page'\n")
