"""Shortcuts that must not change results: tokens computed per jieba block, jieba's
cache read in one piece, and the Aho-Corasick prefilter — each compared with the
plain computation it replaces, on the real corpora and on generated text."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promolint.engine.context import MAX_TOKEN_SPAN, CheckContext
from promolint.engine.prefilter import Prefilter, rule_anchors
from promolint.text.normalize import normalize
from promolint.text.tokenize import Tokenizer, _import_jieba

ROOT = Path(__file__).resolve().parent.parent


def _corpus_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "corpora" / "eval").rglob("*.txt")):
        raw = path.read_text("utf-8")
        texts.append(raw.split("+++", 2)[2].lstrip("\n") if raw.startswith("+++") else raw)
    for path in sorted((ROOT / "corpora" / "rules").glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        texts += [case["text"] for key in ("flagged", "compliant") for case in data.get(key, [])]
    return texts


CORPUS = _corpus_texts()

PIECES = st.one_of(
    st.sampled_from(["不限量", "送", "免费", "宽带", "1000M", "先到先得", "限量", "最终解释权",
                     "5G畅享129元套餐", "100GB", "Wi-Fi", "a-b", "3.5", "10%", "C#", "&"]),
    st.sampled_from(["\r\n", "\r", "\n", "。", "，", " ", "\u3000", "\t", "！", "(", "）", "·"]),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=8),
    st.text(st.sampled_from("abcXYZ0123456789+#&._%-"), min_size=1, max_size=5),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=4),
)


def _whole_text_cuts(tokenizer: Tokenizer, text: str) -> set[int]:
    return tokenizer.boundaries(text)


def _blockwise_cuts(ctx: CheckContext) -> set[int]:
    cuts = set()
    for offset in range(len(ctx.text)):
        base, rel = ctx.token_boundaries(offset)
        cuts |= {base + c for c in rel}
    return cuts


def test_blockwise_boundaries_equal_whole_text_on_corpus(linter):
    tk = linter.tokenizer
    for raw in CORPUS[::3]:
        text = normalize(raw).text
        ctx = CheckContext(text, tk)
        assert _blockwise_cuts(ctx) | {0, len(text)} == _whole_text_cuts(tk, text), raw[:60]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=25).map("".join))
def test_blockwise_boundaries_equal_whole_text_generated(linter, raw):
    text = normalize(raw).text
    ctx = CheckContext(text, linter.tokenizer)
    assert _blockwise_cuts(ctx) | {0, len(text)} == _whole_text_cuts(linter.tokenizer, text)


def test_aligned_matches_whole_text_tokens(linter):
    text = normalize("畅享流量不限量，全国随心用！\r\n新生报到送1000M宽带，先到先得。").text
    ctx = CheckContext(text, linter.tokenizer)
    cuts = _whole_text_cuts(linter.tokenizer, text)
    for s in range(len(text)):
        for e in range(s + 1, min(len(text), s + 12) + 1):
            assert ctx.aligned(s, e) == (s in cuts and e in cuts), (text[s:e], s, e)


def test_long_run_is_windowed_and_found_in_one_pass(linter):
    text = "限量" * (MAX_TOKEN_SPAN * 3) + "。送宽带"
    ctx = CheckContext(text, linter.tokenizer)
    s, e = ctx.token_span(MAX_TOKEN_SPAN * 3)
    assert e - s == MAX_TOKEN_SPAN and s <= MAX_TOKEN_SPAN * 3 < e
    assert ctx.token_span(len(text) - 2) == (len(text) - 3, len(text))  # 送宽带 after the cut
    # A run of exactly MAX_TOKEN_SPAN characters is one block, not windows.
    text = "好" * MAX_TOKEN_SPAN + "，"
    assert CheckContext(text, linter.tokenizer).token_span(5) == (0, MAX_TOKEN_SPAN)


def test_cached_dictionary_load_tokenizes_like_jieba(linter):
    """Our one-piece read of jieba's cache gives the tokens jieba's own loader gives."""
    jieba = _import_jieba()
    reference = jieba.Tokenizer()
    reference.initialize()
    for path in linter.ruleset.dictionaries:
        reference.load_userdict(str(path))
    for word in linter.tokenizer._words:
        reference.add_word(word)
    ours = Tokenizer(linter.ruleset.vocabulary(), linter.ruleset.dictionaries)
    for raw in CORPUS[::2]:
        assert ours.tokenize(raw) == list(reference.tokenize(raw)), raw[:60]


def test_prefilter_equals_plain_substring_tests(linter):
    rules = linter.rules
    pre = Prefilter(rules)
    anchors = {r.code: rule_anchors(r) if r.check != "python" or r.trigger else None for r in rules}
    texts = CORPUS + ["", "最低价", "不限量", "x" * 1000]
    for raw in texts:
        text = normalize(raw).text
        expected = [r.code for r in rules
                    if anchors[r.code] is None or any(a in text for a in anchors[r.code])]
        assert [r.code for r in pre.candidates(text)] == expected, raw[:60]


def test_prefilter_sees_overlapping_anchors():
    """Aho-Corasick reports overlapping anchors: 最低价 holds both 最低 and 低价."""
    from promolint.engine.rule import PhraseSet

    class _Trig:
        def __init__(self, terms):
            self.phrases = PhraseSet(tuple(terms))

    class _Rule:
        check = "existence"

        def __init__(self, code, terms):
            self.code, self.trigger = code, _Trig(terms)

    a, b = _Rule("X1", ["最低"]), _Rule("X2", ["低价"])
    assert [r.code for r in Prefilter([a, b]).candidates("全网最低价")] == ["X1", "X2"]


def test_part_by_part_and_chunked_scans_equal_the_alternation(linter):
    """Scanning a trigger part by part (shared patterns) or in chunks (big sets) finds
    exactly what its alternation finds: the same spans and the same named groups, for
    every rule."""
    from promolint.engine.rule import CHUNK_FROM, PhraseSet

    def found(matches):
        return [(m.span(), {k: v for k, v in m.groupdict().items() if v is not None})
                for m in matches]

    sets = []
    for rule in linter.rules:
        if rule.trigger and rule.trigger.phrases:
            split = PhraseSet(rule.trigger.phrases.terms, rule.trigger.phrases.patterns)
            split.shared = True
            sets.append((rule.code, rule.trigger.phrases.compiled, split))
            chunked = PhraseSet(rule.trigger.phrases.terms, rule.trigger.phrases.patterns)
            if len(chunked.chunks) > 1:
                sets.append((rule.code + " chunked", rule.trigger.phrases.compiled, chunked))
    assert sum(" chunked" in code for code, _, _ in sets) >= 2  # PL101, PL401 at least
    assert all(len(s.parts) >= CHUNK_FROM for code, _, s in sets if " chunked" in code)
    for raw in CORPUS[::2]:
        text = normalize(raw).text
        ctx = CheckContext(text, linter.tokenizer)
        for code, compiled, split in sets:
            whole = list(compiled.finditer(text, overlapped=True))
            assert found(ctx.matches(split)) == found(whole), (code, raw[:60])


def test_bandwidth_rules_share_their_speed_patterns(linter):
    by_code = {r.code: r for r in linter.rules}
    assert by_code["PL301"].trigger.phrases.shared and by_code["PL302"].trigger.phrases.shared


def _seen(m):
    """A match's span and the named groups it set (a chunk lacks other chunks' groups)."""
    return m and (m.span(), {k: v for k, v in m.groupdict().items() if v is not None})


def test_chunked_search_equals_the_alternation(linter):
    """``ctx.search`` over a big phrase set (disclosures, exceptions, contexts) searched
    chunk by chunk returns the alternation's first match in every sentence and line."""
    sets = {}
    for rule in linter.rules:
        candidates = [rule.disclosure.phrases if rule.disclosure else None]
        if rule.trigger:
            candidates += [rule.trigger.phrases, rule.trigger.exceptions, rule.trigger.context]
        for ps in candidates:
            if ps and len(ps.chunks) > 1:
                sets[ps.compiled.pattern] = ps
    assert len(sets) >= 3
    compared = found = 0
    for raw in CORPUS:
        text = normalize(raw).text
        ctx = CheckContext(text, linter.tokenizer)
        spans = {ctx.segments.enclosing(kind, i) for kind in ("sentence", "line", "clause")
                 for i in range(0, len(text), 7)}
        for ps in sets.values():
            for s, e in spans:
                got, want = ctx.search(ps, s, e), ps.compiled.search(text, s, e)
                assert _seen(got) == _seen(want), (ps.compiled.pattern[:40], text[s:e])
                compared += 1
                found += want is not None
    assert compared > 10_000 and found > 500
