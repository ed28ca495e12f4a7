"""``promolint eval``: corpus parsing, metric arithmetic, the naive baseline, the gate and
the command line (a real subprocess over a synthetic corpus and a one-rule pack)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from promolint.evaluate import (
    BASELINE_WORDS, LABELS, CategoryScore, CorpusError, EvalDocument, Gate, baseline_categories,
    baseline_matches, check_gate, evaluate, load_corpus, load_gate, macro, parse_document, score,
)
from promolint.models import Finding, Severity


def doc_text(expect: list[str], body: str, channel: str = "sms", note: str | None = None) -> str:
    head = f'+++\nchannel = "{channel}"\nexpect = {json.dumps(expect, ensure_ascii=False)}\n'
    if note is not None:
        head += f"note = {json.dumps(note, ensure_ascii=False)}\n"
    return head + "+++\n" + body


def write(root: Path, rel: str, text: str) -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def mkdoc(path: str, expect: set[str], split: str = "dev", body: str = "正文") -> EvalDocument:
    return EvalDocument(path=path, split=split, channel="sms", expect=frozenset(expect), body=body)


def finding(path: str, category: str, line: int = 1, rule: str = "X001") -> Finding:
    return Finding(path=path, line=line, column=1, end_line=line, end_column=3, rule=rule,
                   name="x", category=category, severity=Severity.ERROR, message="消息", excerpt="限量")


# ---- parsing -----------------------------------------------------------------------

def test_parse_document_separates_header_and_body():
    text = doc_text(["quota-offer"], "第一行\n第二行\n", channel="poster", note="说明")
    d = parse_document(text, "x.txt", "dev")
    assert d.channel == "poster"
    assert d.expect == frozenset({"quota-offer"})
    assert d.note == "说明"
    assert d.body == "第一行\n第二行\n"
    assert d.body.split("\n")[0] == "第一行"  # line 1 of the body is the line after +++


def test_parse_document_accepts_bom_and_crlf():
    text = "\ufeff" + doc_text([], "正文\r\n").replace("\n", "\r\n")
    d = parse_document(text, "x.txt", "test")
    assert d.expect == frozenset()
    assert d.body.startswith("正文")


@pytest.mark.parametrize("text, fragment", [
    ("channel = 'sms'\nexpect = []\n+++\n正文", "第 1 行应为 +++"),
    ('+++\nchannel = "sms"\nexpect = []\n正文', "没有结束的 +++"),
    ('+++\nchannel = "sms"\nexpect = [\n+++\n正文', "不是合法的 TOML"),
    ('+++\nchannel = "sms"\nexpect = []\nspan = 1\n+++\n正文', "未知的键 'span'"),
    ('+++\nchannel = "fax"\nexpect = []\n+++\n正文', "channel 应为"),
    ('+++\nchannel = "sms"\n+++\n正文', "缺少 expect"),
    ('+++\nchannel = "sms"\nexpect = "quota-offer"\n+++\n正文', "expect 应为类别字符串数组"),
    ('+++\nchannel = "sms"\nexpect = ["quota"]\n+++\n正文', "未知类别 'quota'"),
    ('+++\nchannel = "sms"\nexpect = ["quota-offer", "quota-offer"]\n+++\n正文', "重复"),
    ('+++\nchannel = "sms"\nexpect = []\nnote = 3\n+++\n正文', "note 应为字符串"),
    ('+++\nchannel = "sms"\nexpect = []\n+++\n  \n', "正文为空"),
])
def test_parse_document_errors_name_the_file(text, fragment):
    with pytest.raises(CorpusError) as exc:
        parse_document(text, "corpora/eval/dev/sms/bad.txt", "dev")
    message = str(exc.value)
    assert message.startswith("corpora/eval/dev/sms/bad.txt: ")
    assert fragment in message
    assert "\n" not in message


def test_load_corpus_reads_both_splits_and_ignores_other_files(tmp_path):
    write(tmp_path, "dev/sms/a.txt", doc_text(["quota-offer"], "限量秒杀"))
    write(tmp_path, "test/web/b.txt", doc_text([], "正文", channel="web"))
    write(tmp_path, "test/web/notes.md", "not a document")
    write(tmp_path, "other/c.txt", "ignored: not under dev/ or test/")
    write(tmp_path, "gate.toml", "split = 'test'")
    docs = load_corpus(tmp_path)
    assert [(Path(d.path).name, d.split) for d in docs] == [("a.txt", "dev"), ("b.txt", "test")]


def test_load_corpus_errors(tmp_path):
    with pytest.raises(CorpusError, match="不存在"):
        load_corpus(tmp_path / "missing")
    with pytest.raises(CorpusError, match="没有找到评测文档"):
        load_corpus(tmp_path)
    bad = write(tmp_path, "dev/sms/gbk.txt", "")
    bad.write_bytes(doc_text([], "限量秒杀").encode("gbk"))
    with pytest.raises(CorpusError, match="gbk.txt: 不是 UTF-8"):
        load_corpus(tmp_path)


def test_real_corpus_parses():
    """Every committed document is well-formed (labels are checked by `promolint eval`)."""
    root = Path(__file__).resolve().parent.parent / "corpora" / "eval"
    docs = load_corpus(root)
    assert {d.split for d in docs} == {"dev", "test"}
    assert len({d.path for d in docs}) == len(docs)


# ---- metrics -----------------------------------------------------------------------

def test_score_counts_and_ratios():
    docs = [mkdoc("a", {"quota-offer"}), mkdoc("b", {"quota-offer"}), mkdoc("c", {"quota-offer"}),
            mkdoc("d", set()), mkdoc("e", {"bandwidth-conditions"})]
    predicted = {"a": {"quota-offer"}, "b": {"quota-offer"}, "d": {"quota-offer", "exaggeration"}}
    s = score(docs, predicted, ["quota-offer", "bandwidth-conditions", "exaggeration"])
    q = s["quota-offer"]
    assert (q.tp, q.fp, q.fn, q.tn) == (2, 1, 1, 1)
    assert q.precision == pytest.approx(2 / 3) and q.recall == pytest.approx(2 / 3)
    assert q.f1 == pytest.approx(2 / 3)
    b = s["bandwidth-conditions"]  # expected once, never predicted
    assert (b.tp, b.fp, b.fn, b.tn) == (0, 0, 1, 4)
    assert (b.precision, b.recall, b.f1) == (0.0, 0.0, 0.0)
    e = s["exaggeration"]  # predicted once, never expected
    assert (e.precision, e.recall, e.f1) == (0.0, None, None)
    m = macro(s)  # over the two categories with support
    assert m.categories == 2
    assert m.precision == pytest.approx(1 / 3)
    assert m.recall == pytest.approx(1 / 3)
    assert m.f1 == pytest.approx(1 / 3)


def test_f1_is_harmonic_mean():
    s = CategoryScore("quota-offer", tp=3, fp=1, fn=3, tn=10)
    assert s.precision == 0.75 and s.recall == 0.5
    assert s.f1 == pytest.approx(0.6)
    assert s.to_dict() == {"tp": 3, "fp": 1, "fn": 3, "tn": 10, "support": 6, "predicted": 4,
                           "precision": 0.75, "recall": 0.5, "f1": 0.6}


def test_macro_without_support_is_undefined():
    m = macro({"quota-offer": CategoryScore("quota-offer", tn=3)})
    assert (m.precision, m.recall, m.f1, m.categories) == (None, None, None, 0)


def test_evaluate_lists_false_positives_with_their_findings_and_false_negatives():
    docs = [mkdoc("a", {"quota-offer"}, body="限量秒杀\n先到先得"),
            mkdoc("b", set(), body="标题\n本活动限量1000份"),
            mkdoc("c", {"bandwidth-conditions"}, body="千兆宽带"),
            mkdoc("t", {"quota-offer"}, split="test", body="名额有限")]
    findings = {"a": [finding("a", "quota-offer")], "b": [finding("b", "quota-offer", line=2)],
                "c": [], "t": [finding("t", "quota-offer")]}
    res = evaluate(docs, findings, baseline=lambda text: {"quota-offer"} if "限量" in text else set())
    dev = res["dev"]
    assert (dev.documents, dev.flagged) == (3, 2)
    assert dev.promolint["quota-offer"].tp == 1 and dev.promolint["quota-offer"].fp == 1
    assert [(m.path, m.category, m.excerpt) for m in dev.false_positives] == [
        ("b", "quota-offer", "本活动限量1000份")]  # the line of the finding, not the first line
    assert dev.false_positives[0].findings[0].line == 2
    assert [(m.path, m.category) for m in dev.false_negatives] == [("c", "bandwidth-conditions")]
    assert dev.baseline["quota-offer"].fp == 1 and dev.baseline["quota-offer"].tp == 1
    test = res["test"]
    assert test.promolint["quota-offer"].tp == 1 and test.baseline["quota-offer"].fn == 1
    assert list(test.promolint) == ["quota-offer", "bandwidth-conditions"]  # same rows as dev


# ---- baseline ----------------------------------------------------------------------

def test_baseline_word_lists_are_well_formed():
    assert set(BASELINE_WORDS) <= set(LABELS)
    for cat, words in BASELINE_WORDS.items():
        assert words and all(w.strip() == w and len(w) >= 2 for w in words), cat
        assert len(set(words)) == len(words), cat


@pytest.mark.parametrize("text, expected", [
    ("限量秒杀，先到先得！", {"quota-offer"}),
    ("千兆宽带 0元装", {"bandwidth-conditions", "undisclosed-limits"}),
    ("１０００Ｍ光宽带", {"bandwidth-conditions"}),            # NFKC folding
    ("支持 5g峰值 速率", {"bandwidth-conditions"}),            # ASCII case folding
    ("本活动最终解释权归XX所有", {"unfair-terms"}),
    ("宽带必须捆绑手机卡", {"forced-bundling"}),
    ("到期自动续费", {"auto-subscription"}),
    ("您好，请问有什么可以帮您？", set()),
])
def test_baseline_is_plain_substring_matching(text, expected):
    assert baseline_categories(text) == expected


def test_baseline_has_no_context_by_design():
    # The traps DOMAIN.md warns about are exactly what plain substring matching gets wrong.
    assert "quota-offer" in baseline_categories("流量不限量：前40GB高速，超出后限速至1Mbps")
    assert "exaggeration" in baseline_categories("第一时间获知套餐余量")
    assert "forced-bundling" in baseline_categories("不强制捆绑，宽带可单独办理")
    assert "undisclosed-limits" in baseline_categories("免费咨询热线10000")
    assert baseline_matches("限量秒杀，先到先得", "quota-offer") == ["限量", "先到先得", "秒杀"]


# ---- gate --------------------------------------------------------------------------

def test_load_gate_defaults_and_overrides(tmp_path):
    p = write(tmp_path, "gate.toml", 'split = "test"\nmin_support = 10\nprecision = 0.9\n'
              'recall = 0.85\n[category.quota-offer]\nprecision = 0.95\n')
    g = load_gate(p)
    assert (g.split, g.min_support) == ("test", 10)
    assert g.thresholds("quota-offer") == (0.95, 0.85)
    assert g.thresholds("forced-bundling") == (0.9, 0.85)


@pytest.mark.parametrize("content, fragment", [
    ("split = 'train'", "split 应为"),
    ("precision = 1.5", "0 到 1 之间"),
    ("min_support = 0", "min_support 应为正整数"),
    ("recall = 0.8\n[category.quota-offer]\nrecall = 0.5", "只能提高门槛"),
    ("[category.nope]\nrecall = 0.9", "未知类别"),
    ("threshold = 1", "未知的键"),
    ("precision = ", "TOML 格式错误"),
])
def test_load_gate_errors(tmp_path, content, fragment):
    p = write(tmp_path, "gate.toml", content)
    with pytest.raises(CorpusError, match=fragment):
        load_gate(p)


def test_check_gate_reports_what_fell_short():
    gate = Gate(path="gate.toml", split="test", min_support=10, precision=0.9, recall=0.85,
                overrides={"forced-bundling": {"recall": 0.95}})
    scores = {
        "quota-offer": CategoryScore("quota-offer", tp=9, fp=2, fn=1),          # P 0.818, R 0.9
        "bandwidth-conditions": CategoryScore("bandwidth-conditions", tp=9, fp=0, fn=1),  # passes
        "forced-bundling": CategoryScore("forced-bundling", tp=18, fp=0, fn=2),  # R 0.9 < 0.95
        "exaggeration": CategoryScore("exaggeration", tp=1, fp=5, fn=8),        # support 9: not gated
    }
    failures = check_gate(gate, scores)
    assert len(failures) == 2
    assert failures[0].startswith("quota-offer：精确率 0.818 低于 0.90")
    assert failures[1].startswith("forced-bundling：召回率 0.900 低于 0.95")
    assert check_gate(gate, {"quota-offer": CategoryScore("quota-offer", tp=10)}) == []


def test_committed_gate_file_is_valid():
    g = load_gate(Path(__file__).resolve().parent.parent / "corpora" / "eval" / "gate.toml")
    assert g.split == "test" and g.precision >= 0.9 and g.recall >= 0.85


# ---- command line ------------------------------------------------------------------

RULE = """
code = "TST001"
name = "quota-without-number"
category = "quota-offer"
severity = "error"
check = "existence"
message = "“{match}”未说明数量"
[trigger]
terms = ["限量", "先到先得"]
exceptions = ["不限量"]
[docs]
what = "测试规则"
why = "测试"
"""


@pytest.fixture
def synthetic(tmp_path):
    """A one-rule pack, a config selecting only it, and a small labelled corpus."""
    write(tmp_path, "pack/pack.toml", 'name = "tst"\n')
    write(tmp_path, "pack/rules/TST001.toml", RULE)
    write(tmp_path, "promolint.toml", 'packs = ["pack"]\nselect = ["TST"]\n')
    c = tmp_path / "corpus"
    write(c, "dev/sms/1.txt", doc_text(["quota-offer"], "【XX移动】限量秒杀！回T退订\n"))
    write(c, "dev/sms/2.txt", doc_text([], "流量不限量：前40GB高速，超出后限速至1Mbps\n"))
    write(c, "dev/web/3.txt", doc_text(["quota-offer"], "名额有限，抓紧办理\n", channel="web"))
    write(c, "test/poster/4.txt", doc_text(["quota-offer"], "标题\n先到先得\n", channel="poster"))
    write(c, "test/poster/5.txt", doc_text([], "本活动限量1000份\n", channel="poster",
                                            note="数量已写明"))
    return tmp_path


def test_cli_json_output(cli, synthetic):
    proc = cli("eval", "corpus", "--format", "json", cwd=synthetic)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {"version", "corpus", "baseline", "splits", "gate"}
    assert data["gate"] is None and data["corpus"] == "corpus"
    dev, test = data["splits"]["dev"], data["splits"]["test"]
    assert (dev["documents"], dev["compliant"]) == (3, 1)
    q = dev["promolint"]["categories"]["quota-offer"]
    assert (q["tp"], q["fp"], q["fn"], q["precision"], q["recall"]) == (1, 0, 1, 1.0, 0.5)
    assert dev["false_negatives"] == [{"path": "corpus/dev/web/3.txt", "category": "quota-offer",
                                       "excerpt": "名额有限，抓紧办理", "note": ""}]
    # the baseline flags 不限量 (substring 限量) and catches 名额有限
    b = dev["baseline"]["categories"]["quota-offer"]
    assert (b["tp"], b["fp"], b["fn"]) == (2, 1, 0)
    fp = test["false_positives"]
    assert len(fp) == 1 and fp[0]["path"] == "corpus/test/poster/5.txt"
    assert fp[0]["findings"] == [{"rule": "TST001", "line": 1, "column": 4, "excerpt": "限量",
                                  "message": "“限量”未说明数量"}]
    assert fp[0]["note"] == "数量已写明"
    assert test["promolint"]["macro"]["precision"] == 0.5


def test_cli_counts_only_findings_that_would_fail_a_run(cli, synthetic):
    # The same rule as an info-level reminder flags nothing under the default fail-on
    # (warning); with fail-on = "info" its findings count again.
    write(synthetic, "pack/rules/TST001.toml", RULE.replace('severity = "error"', 'severity = "info"'))
    data = json.loads(cli("eval", "corpus", "--format", "json", cwd=synthetic).stdout)
    q = data["splits"]["dev"]["promolint"]["categories"]["quota-offer"]
    assert (q["tp"], q["fp"], q["fn"]) == (0, 0, 2)
    write(synthetic, "promolint.toml", 'packs = ["pack"]\nselect = ["TST"]\nfail-on = "info"\n')
    data = json.loads(cli("eval", "corpus", "--format", "json", cwd=synthetic).stdout)
    q = data["splits"]["dev"]["promolint"]["categories"]["quota-offer"]
    assert (q["tp"], q["fp"], q["fn"]) == (1, 0, 1)


def test_cli_line_numbers_are_relative_to_the_body(cli, synthetic):
    data = json.loads(cli("eval", "corpus", "--format", "json", "--split", "test",
                          cwd=synthetic).stdout)
    assert list(data["splits"]) == ["test"]
    tp_doc = data["splits"]["test"]["promolint"]["categories"]["quota-offer"]
    assert tp_doc["tp"] == 1  # 先到先得 on body line 2 (file line 6) was found


def test_cli_text_output(cli, synthetic):
    proc = cli("eval", "corpus", cwd=synthetic)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "corpus · dev" in out and "corpus · test" in out
    assert "quota-offer" in out and "宏平均" in out
    assert "dev 漏报（1）" in out and "corpus/dev/web/3.txt" in out
    assert "test 误报（1）" in out and "TST001 1:4 “限量”" in out


def test_cli_gate_fails_with_a_chinese_message(cli, synthetic):
    write(synthetic, "corpus/gate.toml", "split = 'test'\nmin_support = 1\nprecision = 0.9\nrecall = 0.85\n")
    proc = cli("eval", "corpus", "--gate", "--format", "json", cwd=synthetic)
    assert proc.returncode == 1
    assert "评测门槛未达标（test 划分" in proc.stderr
    assert "quota-offer：精确率 0.500 低于 0.90" in proc.stderr
    gate = json.loads(proc.stdout)["gate"]
    assert gate["passed"] is False and gate["categories"] == ["quota-offer"]


def test_cli_gate_passes_below_min_support(cli, synthetic):
    write(synthetic, "strict.toml", "min_support = 2\n")  # test has 1 flagged document
    proc = cli("eval", "corpus", "--gate", "--gate-file", "strict.toml", "--split", "dev",
               cwd=synthetic)
    assert proc.returncode == 0, proc.stderr
    assert "评测门槛已达标" in proc.stderr


def test_cli_malformed_corpus_exits_2_naming_the_file(cli, synthetic):
    write(synthetic, "corpus/test/sms/bad.txt", '+++\nchannel = "sms"\n+++\n正文\n')
    proc = cli("eval", "corpus", cwd=synthetic)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert "corpus/test/sms/bad.txt: 头部缺少 expect" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("args, fragment", [
    (["--split", "train"], "未知的划分"),
    (["--format", "sarif"], "未知的输出格式"),
    (["missing"], "评测语料目录不存在"),
    (["--gate", "--gate-file", "nope.toml"], "门槛文件不存在"),
])
def test_cli_usage_errors(cli, synthetic, args, fragment):
    argv = ["eval", *args] if args[0] == "missing" else ["eval", "corpus", *args]
    proc = cli(*argv, cwd=synthetic)
    assert proc.returncode == 2
    assert fragment in proc.stderr
