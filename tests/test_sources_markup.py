"""Markdown and HTML readers: prose is linted, markup and non-prose are not, and every
finding points at exactly the original characters (real files, real linter, real jieba).

Findings are filtered to PL201 (名额有限 / 限量 / 先到先得 without a number): other rules
are written in parallel and must not make these tests flaky.
"""

from __future__ import annotations

import json
from html import unescape

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from promolint.api import lint_paths, lint_text
from promolint.config import Config
from promolint.sources import LINTABLE_SUFFIXES, READERS, html, markdown

CLAIM = "名额有限"


def pl201(findings):
    return [f for f in findings if f.rule == "PL201"]


def source_lines(text: str) -> list[str]:
    return regex.split(r"\r\n|\r|\n", text)


def assert_exact(findings, source: str) -> None:
    """Each finding's span, cut from the original file's lines, is its excerpt."""
    lines = source_lines(source)
    for f in findings:
        assert f.line == f.end_line, f
        assert lines[f.line - 1][f.column - 1:f.end_column - 1] == f.excerpt, f


def lint_file(tmp_path, name: str, text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    path = tmp_path / name
    path.write_bytes(data)
    report = lint_paths([str(path)], Config())
    assert report.errors == []
    found = pl201(report.findings)
    source = data.decode("utf-8-sig")
    assert_exact(found, source)
    return found


def md(tmp_path, text):
    return lint_file(tmp_path, "copy.md", text)


def page(tmp_path, text):
    return lint_file(tmp_path, "copy.html", text)


def where(findings):
    return [(f.line, f.column, f.end_column, f.excerpt) for f in findings]


def md_text(source: str) -> str:
    return markdown.read(source.encode(), "x.md")[0].text


def html_text(source: str) -> str:
    return html.read(source.encode(), "x.html")[0].text


# --- registration -------------------------------------------------------------------------

def test_suffixes_registered_and_walked(tmp_path):
    for suffix in (".md", ".markdown", ".html", ".htm"):
        assert suffix in READERS and suffix in LINTABLE_SUFFIXES
    (tmp_path / "a.md").write_text("**名额有限**", encoding="utf-8")
    (tmp_path / "b.markdown").write_text("名额有限", encoding="utf-8")
    (tmp_path / "c.htm").write_text("<p>名额有限</p>", encoding="utf-8")
    (tmp_path / "d.html").write_text("<b>名额有限</b>", encoding="utf-8")
    report = lint_paths([str(tmp_path)], Config())
    assert sorted((f.path.rsplit("/", 1)[-1], f.column) for f in pl201(report.findings)) == [
        ("a.md", 3), ("b.markdown", 1), ("c.htm", 4), ("d.html", 4)]


# --- Markdown: prose with exact positions -------------------------------------------------

def test_md_finding_inside_bold(tmp_path):
    found = md(tmp_path, "# 暑期大促\n\n办理千兆宽带，**名额有限**，快来！\n")
    assert where(found) == [(3, 10, 14, CLAIM)]


@pytest.mark.parametrize("source, column", [
    ("__名额有限__，快来", 3),
    ("*名额有限*，快来", 2),
    ("***名额有限***，快来", 4),
    ("~~名额有限~~，快来", 3),
    ("**“名额有限”**快来办理", 4),
    ("## 名额有限 ##", 4),
    ("> 名额有限，快来", 3),
    ("> > 名额有限，快来", 5),
    ("- 名额有限，快来", 3),
    ("1. 名额有限，快来", 4),
    ("- 套餐\n  - 名额有限，快来", 5),
    ("[名额有限](https://example.com/a)，快来", 2),
    ("[名额有限][r]，快来\n\n[r]: https://example.com/", 2),
])
def test_md_constructs_point_at_the_claim(tmp_path, source, column):
    (f,) = md(tmp_path, source)
    assert (f.column, f.excerpt) == (column, CLAIM)


def test_md_span_across_dropped_markup_keeps_original_characters(tmp_path):
    (f,) = md(tmp_path, "办理即送，**限**量抢购")
    assert f.excerpt == "限**量"
    assert (f.column, f.end_column) == (8, 12)


def test_md_entity_inside_claim_maps_to_whole_entity(tmp_path):
    # &#x6709; is 有
    (f,) = md(tmp_path, "名额&#x6709;限，快来")
    assert f.excerpt == "名额&#x6709;限"
    assert (f.column, f.end_column) == (1, 12)
    assert md_text("a &amp; b&nbsp;c &bogus; &amp") == "a & b\xa0c &bogus; &amp"


def test_md_heading_setext_underline_is_not_text():
    assert md_text("名额有限\n====\n正文\n---") == "名额有限\n正文"


# --- Markdown: what is not linted -----------------------------------------------------------

@pytest.mark.parametrize("source", [
    "---\ntitle: 名额有限\ntags: [限量]\n---\n正文",
    "+++\ntitle = '名额有限'\n+++\n正文",
    "```\n名额有限\n```\n正文",
    "````markdown\n```\n名额有限\n```\n````\n正文",
    "~~~\n名额有限\n~~~\n正文",
    "正文\n\n    名额有限，先到先得\n",
    "正文`名额有限`正文 ``先到`先得``",
    "[活动详情](https://example.com/名额有限 \"限量\")",
    "![名额有限](poster.png)",
    "[活动][r]\n\n[r]: https://example.com/?q=限量 \"限量\"",
    "[限量]: https://example.com/x",
    "详见 <https://example.com/限量> 或 <xl@example.com>",
    "<span title=\"名额有限\">办理</span>",
    "办理<!-- 名额有限 -->宽带",
    "<!--\n名额有限\n-->\n正文",
    "<script>\nvar a = '名额有限';\n</script>",
])
def test_md_non_prose_is_not_linted(tmp_path, source):
    assert md(tmp_path, source) == []


def test_md_code_does_not_hide_the_prose_around_it(tmp_path):
    source = "```\n代码\n```\n名额有限，快来\n\n    缩进代码\n\n先到先得 `x`"
    found = md(tmp_path, source)
    assert where(found) == [(4, 1, 5, CLAIM), (8, 1, 5, "先到先得")]


def test_md_front_matter_lines_still_count(tmp_path):
    (f,) = md(tmp_path, "---\ntitle: 活动\n---\n\n办理宽带，名额有限")
    assert (f.line, f.column) == (5, 6)


def test_md_unclosed_front_matter_is_a_thematic_break(tmp_path):
    (f,) = md(tmp_path, "---\n名额有限，快来")
    assert (f.line, f.column) == (2, 1)


def test_md_html_block_text_is_linted(tmp_path):
    (f,) = md(tmp_path, "<div align=\"center\">\n  <b>名额</b>有限，快来\n</div>\n")
    assert (f.line, f.column, f.end_column, f.excerpt) == (2, 6, 14, "名额</b>有限")


# --- Markdown: tables -------------------------------------------------------------------------

def test_md_table_cell(tmp_path):
    source = "| 套餐 | 说明 |\n|:---|---:|\n| 千兆宽带 | 名额有限 |\n"
    assert where(md(tmp_path, source)) == [(3, 10, 14, CLAIM)]


def test_md_table_cell_boundary_is_a_line_break():
    text = md_text("| 名额 | 有限 |\n|---|---|\n| a\\|b | c |")
    assert text.split("\n") == ["名额", "有限", "a|b", "c"]


def test_md_table_row_is_one_paragraph_with_its_disclosure(tmp_path):
    source = "| 活动 | 数量 |\n|---|---|\n| 名额有限 | 共100个名额 |\n"
    assert md(tmp_path, source) == []


# --- Markdown: footnotes ---------------------------------------------------------------------

def test_md_gfm_footnote_discloses(tmp_path):
    assert md(tmp_path, "名额有限[^1]，快来办理\n\n[^1]: 共100个名额，按办理成功时间先后") == []
    assert md(tmp_path, "名额有限[^名额]，快来\n\n[^名额]: 本活动共100个名额") == []


def test_md_unrelated_gfm_footnote_does_not_disclose(tmp_path):
    found = md(tmp_path, "名额有限[^1]，快来办理\n\n[^1]: 图片仅供参考\n[^2]: 共100个名额")
    assert where(found) == [(1, 1, 5, CLAIM)]


@pytest.mark.parametrize("note", [
    "\\* 共100个名额，按办理成功时间先后",
    "*共100个名额，按办理成功时间先后",
    "* 共100个名额，按办理成功时间先后",
    "- 活动说明\n* 共100个名额，按办理成功时间先后",
])
def test_md_star_footnote_forms_disclose(tmp_path, note):
    assert md(tmp_path, f"名额有限*，快来办理\n\n{note}") == []


def test_md_numbered_footnote_that_looks_like_a_reference_definition(tmp_path):
    # "[1]: 共100个名额" is CommonMark syntax for a link definition, but its
    # "destination" is prose: it stays text and is the footnote for [1].
    assert md(tmp_path, "名额有限[1]，快来办理\n\n[1]: 共100个名额") == []
    assert md_text("[a]: /活动/限量\n正文") == "\n正文"


def test_md_star_footnote_about_something_else_does_not_disclose(tmp_path):
    found = md(tmp_path, "名额有限*，快来办理\n\n\\* 图片仅供参考\n\n另：共100个名额")
    assert where(found) == [(1, 1, 5, CLAIM)]


def test_md_star_bullets_are_list_items_without_a_literal_marker():
    assert md_text("* 千兆宽带\n* 共100个名额") == "千兆宽带\n共100个名额"
    assert md_text("名额有限*\n\n* 共100个名额") == "名额有限*\n\n* 共100个名额"
    # emphasis is not a marker
    assert md_text("*名额有限*\n\n* 共100个名额") == "名额有限\n\n共100个名额"


def test_md_multiplication_sign_is_not_emphasis(tmp_path):
    assert md_text("7*24小时客服，名额有限*") == "7*24小时客服，名额有限*"
    assert md(tmp_path, "7*24小时客服，名额有限*，快来\n\n\\* 共100个名额") == []


def test_md_rules_section_under_a_heading(tmp_path):
    assert md(tmp_path, "名额有限，快来办理\n\n## 活动规则\n\n1. 本活动共300个名额。") == []
    assert md(tmp_path, "名额有限，快来办理\n\n**活动规则：**\n\n- 本活动共300个名额。") == []


# --- Markdown: encodings and line endings ----------------------------------------------------

def test_md_crlf(tmp_path):
    source = "# 标题\r\n\r\n- 办理宽带，**名额有限**\r\n- 其他\r\n"
    assert where(md(tmp_path, source)) == [(3, 10, 14, CLAIM)]


def test_md_lone_cr(tmp_path):
    source = "# 标题\r\r办理宽带，**名额有限**\r"
    assert where(md(tmp_path, source)) == [(3, 8, 12, CLAIM)]


def test_md_bom_and_front_matter(tmp_path):
    source = "---\r\ntitle: x\r\n---\r\n**名额有限**，快来"
    found = md(tmp_path, b"\xef\xbb\xbf" + source.encode())
    assert where(found) == [(4, 3, 7, CLAIM)]


def test_md_cli_json_positions(tmp_path, cli):
    path = tmp_path / "poster.md"
    path.write_text("# 大促\n\n> 办理宽带，**名额有限**\n", encoding="utf-8")
    proc = cli("check", "--select", "PL201", "--format", "json", str(path))
    assert proc.returncode == 1, proc.stderr
    (f,) = json.loads(proc.stdout)["findings"]
    assert (f["line"], f["column"], f["end_column"], f["excerpt"]) == (3, 10, 14, CLAIM)


# --- HTML -----------------------------------------------------------------------------------

def test_html_inline_tags_do_not_split_words():
    assert html_text("<p>办理<b>千</b>兆宽带</p>") == "办理千兆宽带"
    assert html_text("<p><span>名额</span><em>有限</em></p>") == CLAIM


def test_html_finding_inside_inline_tags(tmp_path):
    source = "<html><body>\n<p>办理宽带，<strong>名额<i>有</i>限</strong>！</p>\n</body></html>"
    assert where(page(tmp_path, source)) == [(2, 17, 28, "名额<i>有</i>限")]


@pytest.mark.parametrize("source", [
    "<script>var s = '名额有限';</script>",
    "<style>/* 名额有限 */ p { color: red }</style>",
    "<noscript>名额有限</noscript>",
    "<template><p>名额有限</p></template>",
    "<!-- 名额有限 -->",
    "<!DOCTYPE html 名额有限>",
    "<img alt=\"名额有限\" src=\"a.png\"><a title='限量' href=\"?q=先到先得\">办理</a>",
    "<SCRIPT type=text/javascript>\nif (a < b) { x = '</p>名额有限'; }\n</SCRIPT >",
])
def test_html_invisible_text_is_not_linted(tmp_path, source):
    assert page(tmp_path, source) == []


def test_html_title_is_linted(tmp_path):
    assert where(page(tmp_path, "<head><title>名额有限 &amp; 快来</title></head>")) == [
        (1, 14, 18, CLAIM)]


def test_html_entities(tmp_path):
    (f,) = page(tmp_path, "<p>&#x540D;额&#26377;限，快来</p>")
    assert (f.column, f.end_column, f.excerpt) == (4, 22, "&#x540D;额&#26377;限")
    assert html_text("<p>A&amp;B&nbsp;C &lt;x&gt; &copy &#65; &unknown; 5 & 6</p>") == \
        "A&B\xa0C <x> © A &unknown; 5 & 6"


def test_html_block_tags_make_lines_and_paragraphs():
    assert html_text("<div>甲</div><div>乙</div>") == "甲\n乙"
    assert html_text("<p>甲</p><p>乙</p>") == "甲\n\n乙"
    assert html_text("<ul><li>甲</li><li>乙</li></ul>") == "甲\n乙"
    assert html_text("<table><tr><td>甲</td><td>乙</td></tr></table>") == "甲\n乙"
    assert html_text("甲<br>乙<br><br>丙") == "甲\n乙\n\n丙"
    assert html_text("<h2>甲</h2>乙") == "甲\n\n乙"


def test_html_white_space_collapses_and_cjk_line_breaks_vanish():
    assert html_text("<p>千兆\n    宽带  办理\n\tnow  and\nthen</p>") == "千兆宽带 办理 now and then"
    assert html_text("<pre>\n  名额\n  有限</pre>") == "  名额\n  有限"


def test_html_paragraph_scope_follows_the_layout(tmp_path):
    # lines of one block (div, li, br) share the paragraph; separate <p>s do not
    assert page(tmp_path, "<div>名额有限</div><div>共100个名额</div>") == []
    assert page(tmp_path, "<p>名额有限<br>共100个名额</p>") == []
    assert where(page(tmp_path, "<p>名额有限</p><p>共100个名额</p>")) == [(1, 4, 8, CLAIM)]


def test_html_table_cell(tmp_path):
    source = "<table>\n<tr><th>套餐</th><th>说明</th></tr>\n<tr><td>千兆</td><td>名额有限</td></tr>\n</table>"
    assert where(page(tmp_path, source)) == [(3, 20, 24, CLAIM)]


def test_html_footnote_and_rules_section(tmp_path):
    assert page(tmp_path, "<p>名额有限<sup>*</sup>，快来办理</p><p>* 共100个名额</p>") == []
    assert page(tmp_path, "<p>名额有限</p><h3>活动规则</h3><ol><li>本活动共300个名额</li></ol>") == []


def test_html_malformed_input(tmp_path):
    assert html_text("价格<100元，a < b, 5<6 & 7") == "价格<100元，a < b, 5<6 & 7"
    assert html_text("<p>甲<div>乙<span>丙") == "甲\n乙丙"
    assert html_text("<p title=\"no end>名额有限</p>") == CLAIM  # unterminated quote
    assert html_text("<a href='x>y'>链接</a>") == "链接"
    assert html_text("甲<!-- 不闭合的注释 名额有限") == "甲"
    assert html_text("甲<script>名额有限") == "甲"
    assert html_text("</>甲</ p>乙<") == "甲乙<"
    (f,) = page(tmp_path, "<p>价格<100元</p>\n<div><b>名额有限</div>")
    assert (f.line, f.column) == (2, 9)


def test_html_crlf_and_bom(tmp_path):
    source = "<html>\r\n<body>\r\n<p>\r\n办理宽带，<b>名额有限</b>\r\n</p>\r\n</body></html>"
    assert where(page(tmp_path, b"\xef\xbb\xbf" + source.encode())) == [(4, 9, 13, CLAIM)]
    source = "<p>甲</p>\r<p>办理宽带，名额有限</p>"
    assert where(page(tmp_path, source)) == [(2, 9, 13, CLAIM)]


def test_html_suppression_comment(tmp_path):
    source = "<!-- promolint: ignore PL201 -->\n<p>名额有限</p>\n<p>名额有限</p>"
    assert where(page(tmp_path, source)) == [(3, 4, 8, CLAIM)]


# --- every text character comes from the source --------------------------------------------

MD_ALPHABET = st.sampled_from(list("名额有限先到先得千兆 \n\r\t*_~`[]()!<>&#;|:-+.=\\/^\"'") + [
    "**", "```", "---", "&amp;", "&#x6709;", "<b>", "</b>", "<!--", "-->", "](x)", "[^1]", "\n\n",
    "    ", "> ", "- ", "* ", "1. ", "<div>", "<script>", "</script>", "|---|", "<https://a.b>"])


def _check_map(doc):
    """Every non-blank text character maps to a source span holding that character
    (or the entity it was decoded from), and spans never run backwards."""
    src, text, omap = doc.source, doc.text, doc.offsets
    last = 0
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        s, e = omap.to_source(i), omap.to_source_end(i + 1)
        assert s >= last
        last = s
        piece = src[s:e]
        assert piece == ch or (piece.startswith("&") and ch in unescape(piece)), (i, ch, piece)


@settings(max_examples=300, deadline=None)
@given(st.lists(MD_ALPHABET, max_size=60).map("".join))
def test_md_every_character_maps_back(source):
    (doc,) = markdown.read(source.encode(), "x.md")
    _check_map(doc)


@settings(max_examples=300, deadline=None)
@given(st.lists(MD_ALPHABET, max_size=60).map("".join))
def test_html_every_character_maps_back(source):
    (doc,) = html.read(source.encode(), "x.html")
    _check_map(doc)
