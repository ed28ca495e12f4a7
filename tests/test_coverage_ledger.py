"""The regulation coverage ledger (docs/coverage.toml) agrees with the built-in rules.

Every code in the ledger is a real rule; every built-in rule is mapped to a provision
(so a new rule cannot ship without updating the ledger); a rule mapped to a provision
cites one of that provision's instruments in its own documentation; an uncovered
provision says why.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from promolint.engine.packs import load_rules

LEDGER = Path(__file__).resolve().parent.parent / "docs" / "coverage.toml"

# The rows of DOMAIN.md §5 ("Quick matrix"): the ledger must account for each of them.
MATRIX_ROWS = {
    "Hidden/downplayed conditions", "Quota (限量)", "Speed claims", "Forced bundling",
    "Absolute terms", "Exaggerated offers", "Vague content", "Unfair terms",
    "Auto-subscription/renewal", "Free trial → paid", "不限量 + throttling",
    "Campus exclusivity", "Roaming reminders", "Channel inconsistency",
    "Privacy / marketing SMS",
}


@pytest.fixture(scope="module")
def ledger():
    return tomllib.loads(LEDGER.read_text("utf-8"))


@pytest.fixture(scope="module")
def rules():
    return load_rules(entry_points=False).by_code()


def test_every_matrix_row_is_in_the_ledger(ledger):
    rows = [p["matrix"] for p in ledger["provision"]]
    assert len(rows) == len(set(rows)), "a matrix row appears twice"
    assert set(rows) == MATRIX_ROWS
    ids = [p["id"] for p in ledger["provision"]]
    assert len(ids) == len(set(ids))


def test_every_listed_code_is_a_rule(ledger, rules):
    unknown = sorted({c for p in ledger["provision"] for c in p["rules"]} - set(rules))
    assert unknown == [], f"ledger names rules that do not exist: {unknown}"


def test_every_rule_is_in_the_ledger(ledger, rules):
    listed = {c for p in ledger["provision"] for c in p["rules"]}
    missing = sorted(set(rules) - listed)
    assert missing == [], (
        f"rules missing from docs/coverage.toml: {missing} — add them under the provision "
        "they implement")


def test_listed_rules_cite_the_provision(ledger, rules):
    """A rule under a provision names one of its instruments in [docs].basis."""
    problems = []
    for p in ledger["provision"]:
        for code in p["rules"]:
            basis = " ".join(rules[code].docs.basis)
            if not any(inst in basis for inst in p["instruments"]):
                problems.append(f"{code} under {p['id']}: basis cites none of {p['instruments']}")
    assert problems == []


def test_uncovered_provisions_say_why(ledger):
    for p in ledger["provision"]:
        if not p["rules"]:
            assert p.get("not_covered", "").strip(), f"{p['id']}: no rules and no reason"
        else:
            assert p["instruments"], f"{p['id']}: rules without instruments to check against"
    for item in ledger.get("not_covered", []):
        assert item["what"].strip() and item["why"].strip()
