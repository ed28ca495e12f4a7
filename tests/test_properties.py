"""Property-based tests (hypothesis) of the in-process API on arbitrary Unicode copy:
linting never raises, every finding's span lies inside the text and its excerpt is the
original text at that span (recomputed from line/column), and the same input always
gives the same findings in the same order."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promolint.api import default_linter, lint_text
from promolint.sources import SourceError
from promolint.sources.base import LineIndex
from promolint.text.normalize import normalize


def _trigger_words() -> list[str]:
    words = set()
    for rule in default_linter().rules:
        if rule.trigger:
            words.update(rule.trigger.phrases.terms)
            words.update(rule.trigger.exceptions.terms)
        if rule.disclosure:
            words.update(rule.disclosure.phrases.terms)
    return sorted(words)


TRIGGERS = _trigger_words()

PIECES = st.one_of(
    st.sampled_from(TRIGGERS),
    st.sampled_from(["\r\n", "\r", "\n", "\n\n", "。", "！", "，", "；", "：", "…", " ", "\u3000", "\t"]),
    st.sampled_from(["*", "**", "※", "①", "②", "⑩", "[1]", "[^1]", "注：", "活动规则：", "温馨提示"]),
    st.sampled_from(["不", "无需", "非", "未", "不限量", "第一时间", "免费咨询", "100元", "30天", "1000M"]),
    st.text(st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E), min_size=1, max_size=4),  # full-width
    st.text(st.characters(min_codepoint=0x0300, max_codepoint=0x036F), min_size=1, max_size=3),  # combining
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6),  # hanzi
    st.text(st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF,
                          blacklist_categories=("Cs",)), min_size=1, max_size=2),              # astral
    st.sampled_from(["ﬁ", "㍿", "Ⅻ", "ｶﾞ", "\u00a0", "\u200b", "\ufeff", "\u2028", "\x0b", "\x0c", "\x85"]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=5),
)

COPY = st.lists(PIECES, max_size=30).map("".join)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def as_read(text: str, path: str) -> str:
    """The text a reader sees: a file's leading U+FEFF is its UTF-8 byte-order mark."""
    return text[1:] if "." in path and text.startswith("\ufeff") else text


def lint_or_refuse(text: str, path: str) -> list:
    """Findings; a file reader may refuse the text only for NUL bytes (not text)."""
    try:
        return lint_text(text, path=path)
    except SourceError as exc:
        assert "\x00" in text and "NUL" in str(exc), (text, exc)
        return []


def check_findings(text: str, path: str) -> list:
    findings = lint_or_refuse(text, path)
    text = as_read(text, path)
    lines = LineIndex(text)
    for f in findings:
        assert f.record is None
        start = lines.offset(f.line, f.column)
        end = lines.offset(f.end_line, f.end_column)
        assert 0 <= start <= end <= len(text), (f, len(text))
        assert lines.position(start) == (f.line, f.column)
        assert text[start:end] == f.excerpt, (f, text[start:end])
    return findings


@pytest.fixture(scope="module", autouse=True)
def _warm():
    lint_text("名额有限，先到先得")  # load jieba once, outside the examples


@SETTINGS
@given(COPY)
def test_plain_text_spans_and_excerpts(text):
    first = check_findings(text, "<text>")
    assert lint_text(text, path="<text>") == first  # same findings, same order


@SETTINGS
@given(COPY)
def test_txt_reader_spans_and_excerpts(text):
    """Through the .txt reader (UTF-8 bytes decoded back): the same guarantees."""
    first = check_findings(text, "copy.txt")
    assert lint_or_refuse(text, "copy.txt") == first


@SETTINGS
@given(COPY)
def test_markdown_excerpts_are_original_text(text):
    """Markdown drops markup, so a finding's span must map back into the source."""
    findings = lint_or_refuse(text, "copy.md")
    text = as_read(text, "copy.md")
    lines = LineIndex(text)
    for f in findings:
        start = lines.offset(f.line, f.column)
        end = lines.offset(f.end_line, f.end_column)
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == f.excerpt
    assert lint_or_refuse(text, "copy.md") == findings


@settings(max_examples=300, deadline=None)
@given(COPY)
def test_normalisation_maps_every_character_back(text):
    norm = normalize(text)
    for i in range(len(norm.text)):
        s, e = norm.original_span(i, i + 1)
        assert 0 <= s < e <= len(text)
    if norm.text:
        assert norm.original_span(0, len(norm.text)) == (0, len(text))
