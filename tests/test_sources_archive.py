"""Archive inputs: .docx (python-docx), CSV/TSV and JSONL, with record names and
record-relative positions, through the API and the real CLI. Findings are filtered
to PL201 (名额有限 without a number) so other rule packs do not interfere."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest

from promolint.api import Options, lint_paths
from promolint.config import Config
from promolint.sources import LINTABLE_SUFFIXES

QUOTA = "名额有限"


def lint(paths, **opts):
    report = lint_paths([str(p) for p in paths], Config(), Options(select=["PL201"], **opts))
    return report


def located(report):
    return [(Path(f.path).name, f.record, f.line, f.column, f.end_line, f.end_column, f.excerpt)
            for f in report.findings]


def cli_json(cli, *args, cwd):
    proc = cli("check", "--isolated", "--select", "PL201", "--format", "json", *args, cwd=cwd)
    assert "Traceback" not in proc.stderr
    return proc, json.loads(proc.stdout)


# --- docx -------------------------------------------------------------------------


def make_docx(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("夏季宽带特惠")                       # paragraph 1
    d.add_paragraph("")                                   # paragraph 2 (empty, still counted)
    d.add_paragraph("新装宽带名额有限，快来办理！")        # paragraph 3
    p = d.add_paragraph("校园卡首月优惠")                  # paragraph 4, with a soft line break
    p.add_run().add_break()
    p.add_run("ＶＩＰ专享：名额有限")
    table = d.add_table(rows=3, cols=3)                   # table 1
    table.cell(0, 0).text = "套餐"
    table.cell(0, 1).text = "说明"
    table.cell(1, 0).text = "校园卡"
    table.cell(1, 1).text = "首月免费"
    table.cell(1, 1).add_paragraph("限时办理，名额有限")    # second line of the cell
    merged = table.cell(2, 0).merge(table.cell(2, 1))     # one cell spanning two columns
    merged.text = "合并单元格：名额有限"
    nested = table.cell(0, 2).add_table(rows=1, cols=1)
    nested.cell(0, 0).text = "嵌套表格，名额有限"
    d.add_paragraph("尾段，名额有限")                       # paragraph 5
    d.sections[0].header.paragraphs[0].text = "页眉文字"
    d.sections[0].footer.paragraphs[0].text = "页脚：" + QUOTA
    d.save(path)
    return path


def test_docx_records_and_positions(tmp_path):
    path = make_docx(tmp_path / "campaign.docx")
    report = lint([path])
    assert report.errors == []
    assert located(report) == [
        ("campaign.docx", "paragraph 3", 1, 5, 1, 9, QUOTA),
        ("campaign.docx", "paragraph 4", 2, 7, 2, 11, QUOTA),
        ("campaign.docx", "table 1 row 1 cell 3 table 1 row 1 cell 1", 1, 6, 1, 10, QUOTA),
        ("campaign.docx", "table 1 row 2 cell 2", 2, 6, 2, 10, QUOTA),
        ("campaign.docx", "table 1 row 3 cell 1", 1, 7, 1, 11, QUOTA),
        ("campaign.docx", "paragraph 5", 1, 4, 1, 8, QUOTA),
        ("campaign.docx", "footer 1 paragraph 1", 1, 4, 1, 8, QUOTA),
    ]
    assert report.documents == 1


def test_docx_positions_index_the_record_text(tmp_path):
    """line/column of each finding point into that record's own text."""
    path = make_docx(tmp_path / "c.docx")
    d = docx.Document(path)
    texts = {f"paragraph {i}": p.text for i, p in enumerate(d.paragraphs, 1)}
    texts["table 1 row 2 cell 2"] = d.tables[0].cell(1, 1).text
    for f in lint([path]).findings:
        if f.record not in texts:
            continue
        line = texts[f.record].split("\n")[f.line - 1]
        assert line[f.column - 1:f.end_column - 1] == f.excerpt


def test_docx_disclosure_in_rules_section_of_other_paragraph(tmp_path):
    d = docx.Document()
    d.add_paragraph("名额有限，快来办理")
    d.add_paragraph("活动规则：")
    d.add_paragraph("1. 本活动共300个名额，按办理成功时间先后。")
    d.save(tmp_path / "ok.docx")
    d = docx.Document()
    d.add_paragraph("名额有限，快来办理")
    d.add_paragraph("图片仅供参考。")
    d.save(tmp_path / "bad.docx")
    report = lint([tmp_path / "ok.docx", tmp_path / "bad.docx"])
    assert located(report) == [("bad.docx", "paragraph 1", 1, 1, 1, 5, QUOTA)]


def test_docx_linked_footnote_paragraph_satisfies(tmp_path):
    d = docx.Document()
    d.add_paragraph("名额有限*，快来办理")
    d.add_paragraph("* 共100个名额，先到先得")
    d.save(tmp_path / "fn.docx")
    assert lint([tmp_path / "fn.docx"]).findings == []


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_bad_docx_files_are_errors_and_the_batch_goes_on(tmp_path, cli):
    make_docx(tmp_path / "good.docx")
    (tmp_path / "notzip.docx").write_bytes("名额有限，这不是 zip".encode())
    _zip(tmp_path / "bomb.docx", {
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": b"<w:document>" + b" " * (80 * 1024 * 1024) + b"</w:document>",
    })
    _zip(tmp_path / "noword.docx", {"hello.txt": b"hi"})
    good = (tmp_path / "good.docx").read_bytes()
    (tmp_path / "truncated.docx").write_bytes(good[: len(good) // 2])
    # a real zip with a damaged document part
    _zip(tmp_path / "badxml.docx", {
        name: (b"<not xml" if name == "word/document.xml" else data)
        for name, data in _members(good).items()
    })
    proc, data = cli_json(cli, ".", cwd=tmp_path)
    assert proc.returncode == 2
    errors = {e["path"]: e["message"] for e in data["errors"]}
    assert set(errors) == {"notzip.docx", "bomb.docx", "noword.docx", "truncated.docx", "badxml.docx"}
    assert "zip" in errors["notzip.docx"]
    assert "压缩炸弹" in errors["bomb.docx"]
    assert "word/document.xml" in errors["noword.docx"]
    assert "无法解析 Word 文档" in errors["badxml.docx"]
    assert all("\n" not in m for m in errors.values())
    assert {f["path"] for f in data["findings"]} == {"good.docx"}
    assert len(data["findings"]) == 7
    # text output: one line per bad file on stderr, no traceback
    proc = cli("check", "--isolated", "--select", "PL201", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    for name in errors:
        assert name in proc.stderr + proc.stdout


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_docx_bomb_by_total_size_refused_without_inflating(tmp_path):
    # many members, each below the ratio threshold's size floor, summing past the bound
    from promolint.sources import docx as docx_reader

    members = {"word/document.xml": b"<w:document/>"}
    members.update({f"word/media/p{i}.bin": b"\0" * (1024 * 1024 - 1) for i in range(300)})
    path = _zip(tmp_path / "many.docx", members)
    report = lint([path])
    assert [e.message for e in report.errors] == [
        f"疑似压缩炸弹：解压后共 299 MB（上限 {docx_reader.MAX_TOTAL_UNCOMPRESSED // (1024 * 1024)} MB）"]


# --- CSV / TSV ----------------------------------------------------------------------


def test_csv_default_column_by_name_and_id_column(tmp_path, cli):
    (tmp_path / "ads.csv").write_text(
        "编号,渠道,文案\n"
        "A-1,门店,本活动限量1000份，先到先得。\n"
        "A-17,线上,暑期特惠！名额有限，快来办理\n"
        "A-18,短信,\"第一行\n第二行：名额有限\"\n",
        encoding="utf-8")
    report = lint([tmp_path / "ads.csv"])
    assert located(report) == [
        ("ads.csv", "row 3, column 文案", 1, 6, 1, 10, QUOTA),
        ("ads.csv", "row 4, column 文案", 2, 5, 2, 9, QUOTA),
    ]
    assert report.documents == 3
    proc, data = cli_json(cli, "ads.csv", "--id-column", "编号", cwd=tmp_path)
    assert proc.returncode == 1
    assert [(f["record"], f["line"], f["column"]) for f in data["findings"]] == [
        ("row 3 (id A-17), column 文案", 1, 6), ("row 4 (id A-18), column 文案", 2, 5)]


def test_csv_column_option_and_errors(tmp_path, cli):
    (tmp_path / "two.csv").write_text(
        "标题,正文草稿\n名额有限的标题,本活动共100个名额\n", encoding="utf-8")
    proc, data = cli_json(cli, "two.csv", "--column", "标题", cwd=tmp_path)
    assert [(f["record"], f["column"]) for f in data["findings"]] == [("row 2, column 标题", 1)]
    proc, data = cli_json(cli, "two.csv", "--column", "nope", cwd=tmp_path)
    assert proc.returncode == 2
    (err,) = data["errors"]
    assert err["path"] == "two.csv" and "--column nope" in err["message"] and "标题" in err["message"]
    proc, data = cli_json(cli, "two.csv", "--column", "标题", "--id-column", "nope", cwd=tmp_path)
    assert proc.returncode == 2 and "--id-column" in data["errors"][0]["message"]


def test_csv_guess_longest_chinese_column(tmp_path):
    (tmp_path / "g.csv").write_text(
        "sku,备注,广告语\n"
        "1001,新品,夏日畅享千兆宽带，名额有限，速来营业厅办理\n"
        "1002,热销,校园卡每月30GB流量，学生专享\n",
        encoding="utf-8")
    assert located(lint([tmp_path / "g.csv"])) == [("g.csv", "row 2, column 广告语", 1, 10, 1, 14, QUOTA)]


def test_csv_guess_fails_clearly_when_ambiguous(tmp_path):
    (tmp_path / "amb.csv").write_text(
        "标题,广告语\n夏日畅享千兆宽带名额有限,校园卡每月流量学生专享优惠\n", encoding="utf-8")
    (tmp_path / "nocjk.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    report = lint([tmp_path / "amb.csv", tmp_path / "nocjk.csv"])
    msgs = {Path(e.path).name: e.message for e in report.errors}
    assert "候选" in msgs["amb.csv"] and "--column" in msgs["amb.csv"]
    assert "--column" in msgs["nocjk.csv"]
    assert report.findings == []


def test_tsv_ragged_rows_and_huge_field(tmp_path):
    huge = "x" * (10 * 1024 * 1024) + "，名额有限"
    (tmp_path / "r.tsv").write_text(
        "id\ttext\textra\n"
        "1\t名额有限\n"                      # short row that still holds the text column
        "2\n"                                # too short: error for that row only
        f"3\t{huge}\n"                       # a 10 MB field
        "4\t新品：名额有限\tx\ty\tz\n",        # longer than the header
        encoding="utf-8")
    report = lint([tmp_path / "r.tsv"], id_column="id")
    assert [e.message for e in report.errors] == [
        "row 3 (id 2): 只有 1 列（表头有 3 列），缺少“text”列，未检查"]
    assert [(f.record, f.line, f.column) for f in report.findings] == [
        ("row 2 (id 1), column text", 1, 1),
        ("row 4 (id 3), column text", 1, 10 * 1024 * 1024 + 2),
        ("row 5 (id 4), column text", 1, 4),
    ]


# --- JSONL --------------------------------------------------------------------------


JSONL = (
    '{"id": "A-1", "ad": {"title": "夏日", "body": "本活动共100个名额"}}\n'
    '{"id": "A-2", "ad": {"title": "秋日", "body": "秋季特惠，名额有限！"}}\n'
    "{not json\n"
    "\n"
    "[1, 2]\n"
    '{"id": "A-6", "ad": {"title": "冬日"}}\n'
    '{"id": "A-7", "ad": {"title": "春日", "body": "第一行\\n第二行名额有限"}}\n'
)


def test_jsonl_field_id_and_bad_lines(tmp_path, cli):
    (tmp_path / "ads.jsonl").write_text(JSONL, encoding="utf-8")
    proc, data = cli_json(cli, "ads.jsonl", "--field", "ad.body", "--id-field", "id", cwd=tmp_path)
    assert proc.returncode == 2
    assert [(f["record"], f["line"], f["column"], f["end_column"], f["excerpt"]) for f in data["findings"]] == [
        ("line 2 (id A-2), field ad.body", 1, 6, 10, QUOTA),
        ("line 7 (id A-7), field ad.body", 2, 4, 8, QUOTA),
    ]
    messages = [e["message"] for e in data["errors"]]
    assert [m.split(":")[0] for m in messages] == ["line 3", "line 5", "line 6 (id A-6)"]
    assert "JSON" in messages[0] and "ad.body" in messages[2]
    assert data["summary"]["documents"] == 3


def test_jsonl_default_field_guess_and_plain_record_names(tmp_path):
    (tmp_path / "a.jsonl").write_text(JSONL, encoding="utf-8")
    report = lint([tmp_path / "a.jsonl"])
    assert [(f.record, f.line, f.column) for f in report.findings] == [
        ("line 2, field ad.body", 1, 6), ("line 7, field ad.body", 2, 4)]
    (tmp_path / "t.jsonl").write_text('{"text": "名额有限", "x": "很长很长很长很长很长的中文"}\n"名额有限"\n',
                                      encoding="utf-8")
    assert [(f.record, f.column) for f in lint([tmp_path / "t.jsonl"]).findings] == [
        ("line 1, field text", 1), ("line 2", 1)]


def test_folder_walk_picks_up_archive_formats(tmp_path, cli):
    assert {".docx", ".csv", ".tsv", ".jsonl"} <= LINTABLE_SUFFIXES
    sub = tmp_path / "archive" / "2019"
    sub.mkdir(parents=True)
    make_docx(sub / "a.docx")
    (sub / "b.csv").write_text("text\n名额有限\n", encoding="utf-8")
    (sub / "c.tsv").write_text("text\n名额有限\n", encoding="utf-8")
    (sub / "d.jsonl").write_text('{"text": "名额有限"}\n', encoding="utf-8")
    (sub / "e.bin").write_bytes(b"\x00\x01")
    proc, data = cli_json(cli, "archive", cwd=tmp_path)
    assert proc.returncode == 1
    assert data["errors"] == []
    assert sorted({Path(f["path"]).name for f in data["findings"]}) == ["a.docx", "b.csv", "c.tsv", "d.jsonl"]
    assert data["summary"]["files"] == 4


@pytest.mark.parametrize("fmt", ["concise", "text"])
def test_record_shown_in_human_output(tmp_path, cli, fmt):
    (tmp_path / "ads.csv").write_text("id,文案\nA-17,名额有限\n", encoding="utf-8")
    proc = cli("check", "--isolated", "--select", "PL201", "--format", fmt,
               "--id-column", "id", "ads.csv", cwd=tmp_path)
    assert proc.returncode == 1
    assert "row 2 (id A-17), column 文案" in proc.stdout
