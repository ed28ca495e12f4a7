"""``find_triggers(keep=…)``: the caller's own test runs before the token-boundary test
(saving jieba calls), yet the hits are exactly those of filtering afterwards, overlaps
included. Checked for every built-in rule over every labelled text of the corpora."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from promolint.engine.context import CheckContext
from promolint.engine.points.existence import find_triggers
from promolint.engine.rule import PhraseSet
from promolint.text.normalize import normalize

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


def corpus_texts() -> list[str]:
    files = sorted(p for p in CORPORA.rglob("*") if p.suffix in (".txt", ".md") and p.name != "README.md")
    return [p.read_text(encoding="utf-8") for p in files]


def spans(hits):
    return [(h.start, h.end, h.values) for h in hits]


def test_keep_equals_filtering_afterwards_on_the_whole_corpus(linter):
    rules = [r for r in linter.rules if r.trigger is not None and r.trigger.phrases]
    texts = corpus_texts()
    assert len(texts) > 500 and len(rules) >= 20
    compared = dropped = 0
    for text in texts:
        norm = normalize(text).text
        for rule in rules:
            ctx = CheckContext(norm, linter.tokenizer)
            # The engine's own disclosure test, and a test that drops every other start
            # (so that dropped hits sit next to kept, overlapping candidates).
            keeps = [lambda s, e: s % 2 == 0]
            if rule.disclosure is not None:
                keeps.append(lambda s, e, r=rule, c=ctx: not c.disclosed(r, s, e))
            plain = find_triggers(ctx, rule)
            for keep in keeps:
                expected = [h for h in plain if keep(h.start, h.end)]
                assert spans(find_triggers(ctx, rule, keep=keep)) == spans(expected), (rule.code, text[:40])
                compared += 1
                dropped += len(plain) - len(expected)
    assert compared > 10_000 and dropped > 100


def test_a_dropped_hit_still_blocks_the_candidate_it_overlaps(linter):
    # 送话费 (accepted, then dropped by keep) overlaps 话费: the shorter match never
    # becomes a hit of its own, exactly as when filtering afterwards.
    base = next(r for r in linter.rules if r.code == "PL101")
    trig = dataclasses.replace(base.trigger, phrases=PhraseSet(("送话费", "话费")),
                               exceptions=PhraseSet(), context=None, negation=False,
                               boundary="none")
    rule = dataclasses.replace(base, trigger=trig)
    ctx = CheckContext("充值送话费", linter.tokenizer)
    assert [(h.start, h.end) for h in find_triggers(ctx, rule)] == [(2, 5)]
    assert find_triggers(ctx, rule, keep=lambda s, e: s != 2) == []
    # Without the overlap the dropped hit blocks nothing.
    ctx = CheckContext("充值送话费，再送话费", linter.tokenizer)
    assert [(h.start, h.end) for h in find_triggers(ctx, rule, keep=lambda s, e: s != 2)] == [(7, 10)]
