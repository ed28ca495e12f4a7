"""End-to-end tests of the command line, each through a real ``python -m promolint``
subprocess: exit codes, every output format, stdin, --output, configuration discovery,
rule selection, statistics, suppression comments and the rule documentation commands.

Rules are being added in parallel, so assertions about findings look at PL201
(quota-without-number: 名额有限 with no number) or run with ``--select PL201``.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from test_reporters import check_sarif

FLAGGED = "千兆宽带办理送路由器，名额有限。\n"
CLEAN = "营业厅周一至周日 9:00-18:00 营业，欢迎咨询。\n"
SPEC_FINDING_KEYS = {
    "path", "line", "column", "end_line", "end_column", "record", "rule", "name",
    "category", "severity", "message", "excerpt", "suggestion",
}
HAN = re.compile(r"[\u4e00-\u9fff]")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pl201(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f["rule"] == "PL201"]


def run_json(cli, *args, cwd: Path, input: bytes | None = None) -> tuple[int, dict]:
    proc = cli("check", "--format", "json", *args, cwd=cwd, input=input)
    assert "Traceback" not in proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def assert_usage_error(proc, *needles: str) -> None:
    """Exit 2 with one line of Chinese on stderr, nothing on stdout, never a traceback."""
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert HAN.search(lines[0]), lines[0]
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


@pytest.fixture
def copy(tmp_path) -> Path:
    write(tmp_path / "flagged.txt", FLAGGED)
    write(tmp_path / "clean.txt", CLEAN)
    return tmp_path


# ---- exit codes ----------------------------------------------------------------------

def test_clean_file_exits_0(cli, copy):
    proc = cli("check", "clean.txt", cwd=copy)
    assert proc.returncode == 0, proc.stdout
    assert "发现 0 个问题" in proc.stdout
    assert proc.stderr == ""


def test_findings_exit_1_and_text_shows_location_rule_and_suggestion(cli, copy):
    proc = cli("check", "flagged.txt", "--select", "PL201", cwd=copy)
    assert proc.returncode == 1
    assert "flagged.txt:1:12: PL201" in proc.stdout
    assert "名额有限" in proc.stdout and "建议：" in proc.stdout
    assert proc.stderr == ""


def test_exit_zero(cli, copy):
    proc = cli("check", "flagged.txt", "--exit-zero", cwd=copy)
    assert proc.returncode == 0
    assert "PL201" in proc.stdout


def test_fail_on_threshold_against_severity_overrides(cli, copy):
    write(copy / "promolint.toml", 'select = ["PL201"]\n[severity]\nPL201 = "warning"\n')
    code, data = run_json(cli, "flagged.txt", cwd=copy)
    assert code == 1  # default threshold: warning
    assert {f["severity"] for f in data["findings"]} == {"warning"}
    assert cli("check", "flagged.txt", "--fail-on", "error", cwd=copy).returncode == 0
    write(copy / "promolint.toml", 'select = ["PL201"]\nfail-on = "error"\n[severity]\nPL201 = "info"\n')
    assert cli("check", "flagged.txt", cwd=copy).returncode == 0
    assert cli("check", "flagged.txt", "--fail-on", "info", cwd=copy).returncode == 1


@pytest.mark.parametrize("args, needles", [
    (("check", "flagged.txt", "--format", "yaml"), ("yaml",)),
    (("check", "flagged.txt", "--select", "PL9Z"), ("PL9Z",)),
    (("check", "flagged.txt", "--ignore", "no-such-category"), ("no-such-category",)),
    (("check", "flagged.txt", "--fail-on", "fatal"), ("fatal",)),
    (("check", "flagged.txt", "--jobs", "0"), ("--jobs",)),
    (("check", "flagged.txt", "--config", "missing.toml"), ("missing.toml",)),
    (("check", "flagged.txt", "--output", "flagged.txt/out.json", "--format", "json"), ("flagged.txt/out.json",)),
    (("rule", "PL999"), ("PL999",)),
    (("rules", "--format", "xml"), ("xml",)),
])
def test_usage_errors_exit_2_with_one_chinese_line(cli, copy, args, needles):
    assert_usage_error(cli(*args, cwd=copy), *needles)


def test_missing_file_exits_2_and_is_named_on_stderr_in_every_format(cli, copy):
    for fmt in ("text", "concise", "json", "jsonl", "sarif", "github", "junit"):
        proc = cli("check", "nope.txt", "--format", fmt, cwd=copy)
        assert proc.returncode == 2, fmt
        assert "Traceback" not in proc.stdout + proc.stderr
        assert proc.stderr.strip().splitlines() == ["nope.txt: 错误：文件或目录不存在"], fmt


def test_missing_file_beside_a_flagged_one_still_reports_the_findings(cli, copy):
    proc = cli("check", "flagged.txt", "nope.txt", "--quiet", "--select", "PL201", cwd=copy)
    assert proc.returncode == 2  # an unreadable file outranks findings
    assert proc.stdout.startswith("flagged.txt:1:12: PL201 ")
    assert "nope.txt" in proc.stderr


def test_broken_config_exits_2_naming_the_file(cli, copy):
    write(copy / "promolint.toml", "select = [PL201\n")
    assert_usage_error(cli("check", "flagged.txt", cwd=copy), "promolint.toml", "TOML")


def test_unknown_config_key_exits_2_naming_file_and_key(cli, copy):
    write(copy / "promolint.toml", 'select = ["PL201"]\nignored-rules = ["PL201"]\n')
    assert_usage_error(cli("check", "flagged.txt", cwd=copy), "promolint.toml", "ignored-rules")
    write(copy / "sub" / "pyproject.toml", '[tool.promolint]\nslect = ["PL201"]\n')
    write(copy / "sub" / "a.txt", FLAGGED)
    assert_usage_error(cli("check", "sub/a.txt", cwd=copy), "pyproject.toml", "slect")


def test_wrong_config_value_type_exits_2(cli, copy):
    write(copy / "promolint.toml", 'select = "PL201"\n')
    assert_usage_error(cli("check", "flagged.txt", cwd=copy), "promolint.toml", "select")


def test_version(cli, copy):
    proc = cli("--version", cwd=copy)
    assert proc.returncode == 0
    assert re.fullmatch(r"promolint \d+\.\d+\.\d+\S*\n", proc.stdout)


# ---- output formats -------------------------------------------------------------------

def test_json_shape_is_exactly_the_spec(cli, copy):
    code, data = run_json(cli, "flagged.txt", "clean.txt", cwd=copy)
    assert code == 1
    assert set(data) == {"version", "findings", "errors", "summary"}
    assert isinstance(data["version"], str) and data["version"]
    assert data["errors"] == []
    for f in data["findings"]:
        assert set(f) == SPEC_FINDING_KEYS
    (f,) = pl201(data["findings"])
    assert f == {
        "path": "flagged.txt", "line": 1, "column": 12, "end_line": 1, "end_column": 16,
        "record": None, "rule": "PL201", "name": "quota-without-number",
        "category": "quota-offer", "severity": "error",
        "message": "限量促销“名额有限”未说明具体数量", "excerpt": "名额有限",
        "suggestion": f["suggestion"],
    }
    assert f["suggestion"] and HAN.search(f["suggestion"])
    summary = data["summary"]
    assert summary["files"] == 2
    assert summary["findings"] == len(data["findings"])
    by_rule = summary["by_rule"]
    assert by_rule["PL201"] == 1
    assert sum(by_rule.values()) == len(data["findings"])
    assert list(by_rule) == sorted(by_rule)


def test_json_errors_entries(cli, copy):
    code, data = run_json(cli, "clean.txt", "nope.txt", cwd=copy)
    assert code == 2
    assert data["errors"] == [{"path": "nope.txt", "message": "文件或目录不存在"}]
    assert data["summary"]["files"] == 1


def test_jsonl_lines_are_the_json_findings(cli, copy):
    proc = cli("check", "flagged.txt", "--format", "jsonl", cwd=copy)
    assert proc.returncode == 1
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    _, data = run_json(cli, "flagged.txt", cwd=copy)
    assert lines == data["findings"]
    assert pl201(lines)
    assert cli("check", "clean.txt", "--format", "jsonl", cwd=copy).stdout == ""


def test_sarif_output(cli, copy):
    proc = cli("check", "flagged.txt", "clean.txt", "--format", "sarif", cwd=copy)
    assert proc.returncode == 1
    run = check_sarif(json.loads(proc.stdout))
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "PL201" in rules
    (res,) = [r for r in run["results"] if r["ruleId"] == "PL201"]
    phys = res["locations"][0]["physicalLocation"]
    assert phys["artifactLocation"] == {"uri": "flagged.txt", "uriBaseId": "%SRCROOT%"}
    assert phys["region"]["startColumn"] == 12 and phys["region"]["endColumn"] == 16
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == copy.resolve().as_uri() + "/"


def test_sarif_rules_follow_the_selection(cli, copy):
    proc = cli("check", "clean.txt", "--format", "sarif", "--select", "PL201", cwd=copy)
    run = check_sarif(json.loads(proc.stdout))
    # the driver describes the whole rule set; results only come from selected rules
    assert "PL201" in [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert run["results"] == []


def test_github_output(cli, copy):
    proc = cli("check", "flagged.txt", "--format", "github", "--select", "PL201", cwd=copy)
    assert proc.returncode == 1
    (line,) = proc.stdout.splitlines()
    assert line.startswith("::error file=flagged.txt,line=1,col=12,endLine=1,endColumn=16,"
                           "title=PL201 quota-without-number::限量促销“名额有限”未说明具体数量")


def test_junit_output(cli, copy):
    proc = cli("check", "flagged.txt", "clean.txt", "--format", "junit", "--select", "PL201", cwd=copy)
    assert proc.returncode == 1
    root = ET.fromstring(proc.stdout.encode("utf-8"))
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "flagged.txt"
    assert suite.find("testcase/failure").get("type") == "PL201"


def test_concise_and_quiet(cli, copy):
    concise = cli("check", "flagged.txt", "--format", "concise", "--select", "PL201", cwd=copy)
    quiet = cli("check", "flagged.txt", "-q", "--select", "PL201", cwd=copy)
    expected = "flagged.txt:1:12: PL201 限量促销“名额有限”未说明具体数量\n"
    assert concise.stdout == quiet.stdout == expected


def test_output_file(cli, copy):
    proc = cli("check", "flagged.txt", "--format", "sarif", "-o", "reports/ci/promolint.sarif", cwd=copy)
    assert proc.returncode == 1
    assert proc.stdout == "" and proc.stderr == ""
    written = copy / "reports" / "ci" / "promolint.sarif"
    run = check_sarif(json.loads(written.read_text(encoding="utf-8")))
    assert any(r["ruleId"] == "PL201" for r in run["results"])


# ---- stdin ---------------------------------------------------------------------------

def test_stdin_with_and_without_a_filename(cli, copy):
    code, data = run_json(cli, "-", "--select", "PL201", cwd=copy, input=FLAGGED.encode("utf-8"))
    assert code == 1
    assert [f["path"] for f in data["findings"]] == ["-"]
    code, data = run_json(cli, "-", "--stdin-filename", "drafts/海报.txt", "--select", "PL201",
                          cwd=copy, input=FLAGGED.encode("utf-8"))
    assert code == 1
    assert [(f["path"], f["line"], f["column"]) for f in data["findings"]] == [("drafts/海报.txt", 1, 12)]
    clean = cli("check", "-", cwd=copy, input=CLEAN.encode("utf-8"))
    assert clean.returncode == 0


def test_stdin_filename_meets_per_file_ignores(cli, copy):
    write(copy / "promolint.toml", '[per-file-ignores]\n"legacy/*.txt" = ["PL201"]\n')
    code, data = run_json(cli, "-", "--stdin-filename", "legacy/old.txt", cwd=copy,
                          input=FLAGGED.encode("utf-8"))
    assert pl201(data["findings"]) == []


# ---- configuration -------------------------------------------------------------------

def test_config_discovered_walking_up_from_the_checked_path(cli, tmp_path):
    write(tmp_path / "proj" / "promolint.toml", 'ignore = ["PL201"]\n')
    write(tmp_path / "proj" / "a" / "b" / "x.txt", FLAGGED)
    _, data = run_json(cli, "proj/a/b/x.txt", cwd=tmp_path)
    assert pl201(data["findings"]) == []
    # the same file outside the configured project is flagged
    write(tmp_path / "other" / "x.txt", FLAGGED)
    _, data = run_json(cli, "other/x.txt", cwd=tmp_path)
    assert len(pl201(data["findings"])) == 1


def test_pyproject_tool_section_is_discovered(cli, tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "copy"\n[tool.promolint]\nignore = ["quota-offer"]\n')
    write(tmp_path / "docs" / "x.txt", FLAGGED)
    _, data = run_json(cli, "docs/x.txt", cwd=tmp_path)
    assert pl201(data["findings"]) == []


def test_pyproject_without_a_promolint_section_is_skipped(cli, tmp_path):
    write(tmp_path / "promolint.toml", 'ignore = ["PL201"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[tool.black]\nline-length = 100\n')
    write(tmp_path / "sub" / "x.txt", FLAGGED)
    _, data = run_json(cli, "sub/x.txt", cwd=tmp_path)
    assert pl201(data["findings"]) == []


def test_promolint_toml_wins_over_pyproject_in_the_same_folder(cli, tmp_path):
    write(tmp_path / "promolint.toml", 'select = ["PL201"]\n')
    write(tmp_path / "pyproject.toml", '[tool.promolint]\nignore = ["PL201"]\n')
    write(tmp_path / "x.txt", FLAGGED)
    code, data = run_json(cli, "x.txt", cwd=tmp_path)
    assert code == 1
    assert {f["rule"] for f in data["findings"]} == {"PL201"}


def test_explicit_config_and_isolated(cli, tmp_path):
    write(tmp_path / "promolint.toml", 'ignore = ["PL201"]\n')
    write(tmp_path / "ci" / "strict.toml", 'select = ["PL201"]\n')
    write(tmp_path / "x.txt", FLAGGED)
    _, data = run_json(cli, "x.txt", cwd=tmp_path)
    assert pl201(data["findings"]) == []
    _, data = run_json(cli, "x.txt", "--config", "ci/strict.toml", cwd=tmp_path)
    assert {f["rule"] for f in data["findings"]} == {"PL201"}
    _, data = run_json(cli, "x.txt", "--isolated", cwd=tmp_path)
    assert len(pl201(data["findings"])) == 1
    # --isolated ignores even a broken configuration
    write(tmp_path / "promolint.toml", "this is = not toml [\n")
    assert cli("check", "x.txt", "--isolated", "--select", "PL201", cwd=tmp_path).returncode == 1


def test_per_file_ignores(cli, tmp_path):
    write(tmp_path / "promolint.toml", '[per-file-ignores]\n"legacy/**/*.txt" = ["quota-offer"]\n"*.md" = ["PL2"]\n')
    write(tmp_path / "legacy" / "2019" / "old.txt", FLAGGED)
    write(tmp_path / "current" / "new.txt", FLAGGED)
    write(tmp_path / "current" / "notes.md", FLAGGED)
    _, data = run_json(cli, ".", cwd=tmp_path)
    assert sorted({f["path"] for f in pl201(data["findings"])}) == [str(Path("current/new.txt"))]


def test_severity_override_and_fail_on_from_config(cli, tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.promolint]\nfail-on = "error"\n[tool.promolint.severity]\nPL201 = "warning"\n')
    write(tmp_path / "x.txt", FLAGGED)
    code, data = run_json(cli, "x.txt", "--select", "PL201", cwd=tmp_path)
    assert code == 0
    assert [f["severity"] for f in data["findings"]] == ["warning"]


def test_severity_override_for_an_unknown_rule_is_an_error(cli, tmp_path):
    write(tmp_path / "promolint.toml", '[severity]\nPL999 = "warning"\n')
    write(tmp_path / "x.txt", CLEAN)
    assert_usage_error(cli("check", "x.txt", cwd=tmp_path), "PL999")


# ---- rule selection ------------------------------------------------------------------

PACK_TOML = 'name = "acme"\ndescription = "测试规则包"\n'
ACME_RULE = '''code = "ACM101"
name = "cosmic-claim"
category = "exaggeration"
severity = "warning"
message = "夸张用语“{match}”"
[trigger]
terms = ["宇宙无敌"]
[docs]
what = "“宇宙无敌”之类的夸张用语。"
why = "测试用规则。"
'''


@pytest.fixture
def with_pack(tmp_path) -> Path:
    write(tmp_path / "acme" / "pack.toml", PACK_TOML)
    write(tmp_path / "acme" / "rules" / "ACM101.toml", ACME_RULE)
    write(tmp_path / "x.txt", "宇宙无敌的网速！\n\n千兆宽带，名额有限。\n")
    return tmp_path


def _rules(data: dict) -> set[str]:
    return {f["rule"] for f in data["findings"]}


@pytest.mark.parametrize("selector", ["PL201", "PL2", "quota-offer"])
def test_select_by_code_prefix_and_category(cli, copy, selector):
    _, data = run_json(cli, "flagged.txt", "--select", selector, cwd=copy)
    assert "PL201" in _rules(data)
    assert all(f["category"] == "quota-offer" for f in data["findings"])
    assert all(f["rule"].startswith("PL2") for f in data["findings"])


@pytest.mark.parametrize("selector", ["PL201", "PL2", "quota-offer"])
def test_ignore_by_code_prefix_and_category(cli, copy, selector):
    _, data = run_json(cli, "flagged.txt", "--ignore", selector, cwd=copy)
    assert "PL201" not in _rules(data)


def test_select_and_ignore_take_comma_lists_and_repeat(cli, with_pack):
    write(with_pack / "promolint.toml", 'packs = ["acme"]\n')
    _, data = run_json(cli, "x.txt", "--select", "ACM101,PL201", cwd=with_pack)
    assert _rules(data) == {"ACM101", "PL201"}
    _, data = run_json(cli, "x.txt", "--select", "ACM，PL201", "--ignore", "ACM101", cwd=with_pack)
    assert _rules(data) == {"PL201"}


def test_extend_select_adds_to_the_configured_selection(cli, with_pack):
    write(with_pack / "promolint.toml", 'packs = ["acme"]\nselect = ["ACM"]\n')
    _, data = run_json(cli, "x.txt", cwd=with_pack)
    assert _rules(data) == {"ACM101"}
    _, data = run_json(cli, "x.txt", "--extend-select", "quota-offer", cwd=with_pack)
    assert _rules(data) == {"ACM101"} | {f["rule"] for f in data["findings"] if f["category"] == "quota-offer"}
    assert "PL201" in _rules(data)
    # --select on the command line replaces the configured selection
    _, data = run_json(cli, "x.txt", "--select", "PL201", cwd=with_pack)
    assert _rules(data) == {"PL201"}


def test_most_specific_selector_wins(cli, with_pack):
    write(with_pack / "promolint.toml", 'packs = ["acme"]\n')
    _, data = run_json(cli, "x.txt", "--select", "ACM101", "--ignore", "exaggeration", cwd=with_pack)
    assert _rules(data) == {"ACM101"}


# ---- statistics ----------------------------------------------------------------------

def test_statistics(cli, copy):
    write(copy / "more.txt", "名额有限。\n\n先到先得，送完即止。\n")
    proc = cli("check", "flagged.txt", "more.txt", "--statistics", "--select", "PL201", cwd=copy)
    assert proc.returncode == 1
    stats = [line.split() for line in proc.stdout.splitlines() if re.match(r"\s*\d+\s+PL201\b", line)]
    assert stats == [["3", "PL201", "quota-without-number"]]
    concise = cli("check", "flagged.txt", "more.txt", "--statistics", "--format", "concise",
                  "--select", "PL201", cwd=copy)
    assert concise.stdout.splitlines()[-1].split() == ["3", "PL201", "quota-without-number"]


# ---- suppression comments --------------------------------------------------------------

def _lines(data: dict, rule: str = "PL201") -> list[int]:
    return [f["line"] for f in data["findings"] if f["rule"] == rule]


def test_ignore_comment_suppresses_the_next_line_only(cli, tmp_path):
    write(tmp_path / "x.txt",
          "# promolint: ignore PL201\n名额有限，快来办理。\n\n名额有限，快来办理。\n")
    code, data = run_json(cli, "x.txt", "--select", "PL201", cwd=tmp_path)
    assert _lines(data) == [4]


@pytest.mark.parametrize("odd_break", ["\u2028", "\x0b", "\x0c", "\x85"])
def test_ignore_comment_lines_count_like_findings(cli, tmp_path, odd_break):
    """Characters str.splitlines breaks at but editors (and finding lines) do not must
    not shift a suppression onto the wrong line."""
    write(tmp_path / "x.txt",
          f"说明{odd_break}文字\n\n# promolint: ignore PL601\n本活动最终解释权归本公司所有。\n\n"
          "本活动最终解释权归本公司所有。\n")
    _, data = run_json(cli, "x.txt", "--select", "PL601", cwd=tmp_path)
    assert _lines(data, "PL601") == [6]


def test_ignore_comment_for_another_rule_does_not_suppress(cli, tmp_path):
    write(tmp_path / "x.txt", "<!-- promolint: ignore PL301 -->\n名额有限，快来办理。\n")
    _, data = run_json(cli, "x.txt", "--select", "PL201", cwd=tmp_path)
    assert _lines(data) == [2]


@pytest.mark.parametrize("name", ["x.txt", "x.md", "x.html"])
def test_disable_enable_block(cli, tmp_path, name):
    write(tmp_path / name,
          "<p>名额有限，快来办理。</p>\n\n<!-- promolint-disable PL201 -->\n<p>名额有限，快来办理。</p>\n\n"
          "<p>先到先得。</p>\n<!-- promolint-enable -->\n\n<p>送完即止。</p>\n")
    _, data = run_json(cli, name, "--select", "PL201", cwd=tmp_path)
    assert _lines(data) == [1, 9]


def test_disable_by_category(cli, tmp_path):
    write(tmp_path / "x.txt", "promolint-disable quota-offer\n名额有限。\n\n先到先得。\n")
    _, data = run_json(cli, "x.txt", "--select", "PL201", cwd=tmp_path)
    assert _lines(data) == []


def test_unused_suppression_reported_only_when_asked(cli, tmp_path):
    write(tmp_path / "x.txt",
          "<!-- promolint: ignore PL201 -->\n欢迎咨询。\n<!-- promolint: ignore PL201 -->\n名额有限，快来办理。\n")
    code, data = run_json(cli, "x.txt", "--select", "PL201", cwd=tmp_path)
    assert code == 0 and data["findings"] == []
    code, data = run_json(cli, "x.txt", "--select", "PL201", "--report-unused-suppressions", cwd=tmp_path)
    assert code == 1
    (f,) = data["findings"]
    assert (f["rule"], f["name"], f["category"], f["line"], f["column"]) == (
        "PL001", "unused-suppression", "suppression", 1, 6)
    assert HAN.search(f["message"])
    write(tmp_path / "promolint.toml", "report-unused-suppressions = true\n")
    _, data = run_json(cli, "x.txt", "--select", "PL201", cwd=tmp_path)
    assert [f["rule"] for f in data["findings"]] == ["PL001"]
    _, data = run_json(cli, "x.txt", "--select", "PL201", "--no-report-unused-suppressions", cwd=tmp_path)
    assert data["findings"] == []


# ---- rule documentation ----------------------------------------------------------------

def test_rules_lists_every_rule(cli, copy):
    proc = cli("rules", cwd=copy)
    assert proc.returncode == 0
    line = next(line for line in proc.stdout.splitlines() if line.startswith("PL201"))
    assert "quota-without-number" in line and "quota-offer" in line and "error" in line
    data = json.loads(cli("rules", "--format", "json", cwd=copy).stdout)
    (entry,) = [r for r in data if r["code"] == "PL201"]
    assert entry["name"] == "quota-without-number" and entry["category"] == "quota-offer"
    codes = [r["code"] for r in data]
    assert len(codes) == len(set(codes))
    assert {r["code"] for r in data} == {
        line.split()[0] for line in proc.stdout.splitlines() if line.strip()}


def test_rules_include_configured_packs(cli, with_pack):
    write(with_pack / "promolint.toml", 'packs = ["acme"]\n')
    assert "ACM101" in cli("rules", cwd=with_pack).stdout


@pytest.mark.parametrize("code", ["PL201", "pl201"])
def test_rule_prints_its_documentation(cli, copy, code):
    proc = cli("rule", code, cwd=copy)
    assert proc.returncode == 0
    out = proc.stdout
    assert out.startswith("# PL201 quota-without-number")
    positions = [out.index(f"## {s}") for s in ("规则说明", "为什么违规", "违规示例", "建议写法")]
    assert positions == sorted(positions)
    assert "法规依据" in out and "《" in out


def test_no_arguments_prints_help(cli, copy):
    proc = cli(cwd=copy)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "check" in proc.stdout + proc.stderr


# ---- streaming line formats ------------------------------------------------------------

def _campaign_folder(tmp_path: Path) -> Path:
    for i, text in enumerate(["名额有限，快来办理。\n", "欢迎咨询。\n", "畅享流量不限量！\n本活动最终解释权归本公司所有。\n",
                              "千兆宽带，网速1000M。\n"]):
        write(tmp_path / f"d{i}" / f"ad{i}.txt", text)
    return tmp_path


def test_streamed_line_formats_match_the_collected_json(cli, tmp_path):
    """concise/jsonl/github are written file by file; they must hold the findings of the
    (collected) JSON report, in the same order, and set the same exit code."""
    root = _campaign_folder(tmp_path)
    code, data = run_json(cli, "--isolated", ".", cwd=root)
    expected = data["findings"]
    assert code == 1 and len(expected) >= 4
    concise = cli("check", "--isolated", "--format", "concise", ".", cwd=root)
    assert concise.returncode == 1
    assert concise.stdout.splitlines() == [
        f"{f['path']}:{f['line']}:{f['column']}: {f['rule']} {f['message']}" for f in expected]
    out = root / "reports" / "all.jsonl"
    jsonl = cli("check", "--isolated", "--format", "jsonl", "--output", str(out), ".", cwd=root)
    assert jsonl.returncode == 1 and jsonl.stdout == ""
    assert [json.loads(line) for line in out.read_text("utf-8").splitlines()] == expected
    github = cli("check", "--isolated", "--format", "github", "--statistics", ".", cwd=root)
    lines = github.stdout.splitlines()
    assert len([ln for ln in lines if ln.startswith("::")]) == len(expected)
    assert any(ln.split()[:2] == ["1", "PL601"] for ln in lines)  # statistics from counts


def test_streamed_exit_code_follows_fail_on(cli, tmp_path):
    root = _campaign_folder(tmp_path)
    severities = {f["severity"] for f in run_json(cli, "--isolated", ".", cwd=root)[1]["findings"]}
    proc = cli("check", "--isolated", "--format", "concise", "--fail-on", "error", ".", cwd=root)
    assert proc.returncode == (1 if "error" in severities else 0)
    proc = cli("check", "--isolated", "--format", "concise", "--fail-on", "info", ".", cwd=root)
    assert proc.returncode == 1
