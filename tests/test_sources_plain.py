"""Plain-text reader: the whole file is the document, positions count code points of the
original file whatever its line endings or BOM, and unknown suffixes read as plain text."""

from __future__ import annotations

import regex

from promolint.api import lint_paths, lint_text
from promolint.config import Config
from promolint.sources import plain, read_bytes

CLAIM = "名额有限"


def pl201(findings):
    return [f for f in findings if f.rule == "PL201"]


def source_lines(text: str) -> list[str]:
    return regex.split(r"\r\n|\r|\n", text)


def assert_exact(findings, text: str) -> None:
    lines = source_lines(text)
    assert findings
    for f in findings:
        assert f.line == f.end_line
        assert lines[f.line - 1][f.column - 1:f.end_column - 1] == f.excerpt


def lint_file(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    report = lint_paths([str(path)], Config())
    assert report.errors == []
    return pl201(report.findings)


def test_text_is_the_source_unchanged():
    data = "第一行\r\n第二行\r第三行\n".encode()
    (doc,) = plain.read(data, "x.txt")
    assert doc.text == doc.source == "第一行\r\n第二行\r第三行\n"
    assert doc.offsets is None


def test_lf_positions(tmp_path):
    text = "暑期大促\n办理宽带送路由器，名额有限，快来！\n"
    (f,) = lint_file(tmp_path, "a.txt", text.encode())
    assert (f.line, f.column, f.end_line, f.end_column, f.excerpt) == (2, 10, 2, 14, CLAIM)
    assert_exact([f], text)


def test_crlf_and_lone_cr_count_as_one_line_break(tmp_path):
    for eol in ("\r\n", "\r"):
        text = f"暑期大促{eol}{eol}办理宽带送路由器，名额有限，快来！{eol}"
        (f,) = lint_file(tmp_path, "a.txt", text.encode())
        assert (f.line, f.column, f.end_column) == (3, 10, 14), repr(eol)
        assert_exact([f], text)


def test_mixed_line_endings(tmp_path):
    text = "甲\r\n乙\n丙\r名额有限，快来！"
    (f,) = lint_file(tmp_path, "a.txt", text.encode())
    assert (f.line, f.column) == (4, 1)
    assert_exact([f], text)


def test_bom_is_not_a_column(tmp_path):
    text = "名额有限，快来！"
    (f,) = lint_file(tmp_path, "a.txt", b"\xef\xbb\xbf" + text.encode())
    assert (f.line, f.column, f.end_column) == (1, 1, 5)
    assert f.excerpt == CLAIM


def test_bom_with_crlf(tmp_path):
    text = "标题\r\n名额有限，快来！\r\n"
    (f,) = lint_file(tmp_path, "a.txt", b"\xef\xbb\xbf" + text.encode())
    assert (f.line, f.column, f.end_column) == (2, 1, 5)


def test_columns_count_code_points_not_bytes_or_utf16_units(tmp_path):
    # 𠀀 is outside the BMP (4 UTF-8 bytes, 2 UTF-16 units) but one column.
    text = "𠀀😀 ＶＩＰ专享：名额有限"
    (f,) = lint_file(tmp_path, "a.txt", text.encode())
    assert (f.column, f.end_column) == (10, 14)
    assert_exact([f], text)


def test_unknown_suffix_named_explicitly_is_plain_text(tmp_path):
    text = "# 标题\n**名额有限**"
    (f,) = lint_file(tmp_path, "copy.draft", text.encode())
    # read as plain text: the asterisks are part of the text and the column counts them
    assert (f.line, f.column) == (2, 3)
    docs = read_bytes(text.encode(), "copy.draft")
    assert docs[0].text == text


def test_txt_and_text_suffixes(tmp_path):
    for name in ("a.txt", "b.TEXT"):
        assert len(lint_file(tmp_path, name, "名额有限".encode())) == 1


def test_lint_text_without_suffix_is_plain():
    (f,) = pl201(lint_text("**名额有限**"))
    assert f.column == 3
