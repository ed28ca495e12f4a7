"""The machine output formats (jsonl, sarif, github, junit) rendered from real RunReports."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest

from promolint.api import RunReport, lint_text
from promolint.models import FileError, Finding, RelatedLocation, Severity
from promolint.report import REPORTERS, github, jsonl, junit, render, sarif

FLAGGED = "千兆宽带办理送路由器，名额有限。"


def _pl201(text: str = FLAGGED, path: str = "drafts/海报 1.txt") -> list[Finding]:
    found = [f for f in lint_text(text, path=path) if f.rule == "PL201"]
    assert found, "PL201 should flag the sample"
    return found


def _finding(**overrides) -> Finding:
    base = dict(path="a.txt", line=2, column=3, end_line=2, end_column=7, rule="PL201",
                name="quota-without-number", category="quota-offer", severity=Severity.ERROR,
                message="限量促销“名额有限”未说明具体数量", excerpt="名额有限",
                suggestion="写明名额或数量", line_text="快来，名额有限！")
    base.update(overrides)
    return Finding(**base)


def _report(findings=(), errors=(), linter=None, files=1) -> RunReport:
    report = RunReport(ruleset=linter.ruleset if linter else None)
    report.findings = list(findings)
    report.errors = list(errors)
    report.files = files
    report.documents = files
    return report


def _render(fmt: str, report: RunReport) -> str:
    out = io.StringIO()
    render(fmt, report, out)
    return out.getvalue()


def test_every_spec_format_is_registered():
    for fmt in ("text", "concise", "json", "jsonl", "sarif", "github", "junit"):
        assert fmt in REPORTERS


# ---- jsonl -------------------------------------------------------------------------

def test_jsonl_one_finding_object_per_line_same_as_json(linter):
    findings = _pl201() + [_finding(path="b.txt", related=(RelatedLocation("c.txt", 1, 1, 1, 3),))]
    report = _report(findings, linter=linter)
    lines = _render("jsonl", report).splitlines()
    assert len(lines) == len(findings)
    as_json = json.loads(_render("json", report))["findings"]
    assert [json.loads(line) for line in lines] == as_json


def test_jsonl_keeps_one_object_per_line_with_unicode_line_separators():
    # U+2028/U+2029/U+0085 are line breaks for str.splitlines(); json.dumps leaves them raw.
    f = _finding(message="第一行\u2028第二行\u2029第三行\x85尾", excerpt="a\nb")
    text = _render("jsonl", _report([f, f]))
    lines = text.splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["message"] == "第一行\u2028第二行\u2029第三行\x85尾"
    assert json.loads(lines[0])["excerpt"] == "a\nb"


def test_jsonl_empty_report_writes_nothing():
    assert _render("jsonl", _report()) == ""


# ---- github ------------------------------------------------------------------------

def test_github_workflow_command_for_a_real_finding():
    f = _pl201(path="drafts/poster.txt")[0]
    line = _render("github", _report([f])).splitlines()[0]
    assert line.startswith(
        f"::error file=drafts/poster.txt,line={f.line},col={f.column},"
        f"endLine={f.end_line},endColumn={f.end_column},title=PL201 quota-without-number::")
    message = line.split("::", 2)[2]
    assert message.startswith(f.message)
    assert "%0A建议：" in message  # the suggestion on a second annotation line


@pytest.mark.parametrize("severity, command", [
    (Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")])
def test_github_command_by_severity(severity, command):
    line = _render("github", _report([_finding(severity=severity)]))
    assert line.startswith(f"::{command} file=a.txt,")


def test_github_escaping_of_data_and_properties():
    f = _finding(path="dir,x/a:b%.txt", message="100%满意\r\n第二行", suggestion="")
    line = _render("github", _report([f])).rstrip("\n")
    assert "\n" not in line and "\r" not in line
    head, message = line.split("::", 2)[1:]
    assert "file=dir%2Cx/a%3Ab%25.txt," in head
    assert message == "100%25满意%0D%0A第二行"
    # the property list still splits cleanly on its separators
    props = dict(p.split("=", 1) for p in head.split(" ", 1)[1].split(","))
    assert props["line"] == "2" and props["title"] == "PL201 quota-without-number"


def test_github_record_findings_name_the_file_only_and_put_the_record_in_the_message():
    f = _finding(path="ads.csv", record="row 12, column text", line=1, column=5, end_column=9)
    line = _render("github", _report([f])).rstrip("\n")
    head, message = line.split("::", 2)[1:]
    assert "line=" not in head and "col=" not in head
    assert head == "error file=ads.csv,title=PL201 quota-without-number"
    assert message.startswith("[row 12, column text] 第 1 行第 5 列：")


def test_github_errors_are_annotations_too():
    text = _render("github", _report(errors=[FileError("x.bin", "不是文本文件")]))
    assert text == "::error file=x.bin,title=promolint::无法检查：不是文本文件\n"


# ---- junit -------------------------------------------------------------------------

def test_junit_suite_per_file_and_failure_per_finding():
    findings = [_finding(path="a.txt"), _finding(path="a.txt", line=5), _finding(path="b/c.md")]
    report = _report(findings, errors=[FileError("bad.txt", "文件或目录不存在")], files=3)
    text = _render("junit", report)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "3", "1")
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"a.txt", "b/c.md", "bad.txt"}
    a = suites["a.txt"]
    assert a.get("tests") == "2" and a.get("failures") == "2"
    cases = a.findall("testcase")
    assert [c.get("line") for c in cases] == ["2", "5"]
    failure = cases[0].find("failure")
    assert failure.get("type") == "PL201"
    assert failure.get("message") == "限量促销“名额有限”未说明具体数量"
    assert "a.txt:2:3" in failure.text and "建议：写明名额或数量" in failure.text
    error = suites["bad.txt"].find("testcase/error")
    assert error is not None and error.get("message") == "文件或目录不存在"


def test_junit_clean_run_has_one_passing_testcase():
    root = ET.fromstring(_render("junit", _report(files=4)).encode("utf-8"))
    cases = list(root.iter("testcase"))
    assert len(cases) == 1
    assert cases[0].find("failure") is None and cases[0].find("error") is None
    assert "4" in cases[0].get("name")


def test_junit_is_well_formed_with_control_characters_and_markup_in_the_copy():
    f = _finding(message="含控制字符\x0b和\x00<b>&\"标记\"</b>", excerpt="\x1b[31m", line_text="")
    root = ET.fromstring(_render("junit", _report([f])).encode("utf-8"))
    failure = next(root.iter("failure"))
    assert failure.get("message") == "含控制字符\ufffd和\ufffd<b>&\"标记\"</b>"


# ---- sarif -------------------------------------------------------------------------

LEVELS = {"error", "warning", "note", "none"}


def _check_region(region: dict) -> None:
    for key in ("startLine", "startColumn", "endLine", "endColumn"):
        assert isinstance(region[key], int) and region[key] >= 1, key
    assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])


def _check_location(loc: dict) -> None:
    phys = loc["physicalLocation"]
    art = phys["artifactLocation"]
    assert isinstance(art["uri"], str) and art["uri"]
    if "uriBaseId" in art:
        assert art["uriBaseId"] == "%SRCROOT%"
        assert not art["uri"].startswith("/")
    else:
        assert art["uri"].startswith("file://")
    if "region" in phys:
        _check_region(phys["region"])


def check_sarif(log: dict) -> dict:
    """Structural validation of the parts of SARIF 2.1.0 promolint writes; returns the run."""
    assert log["version"] == "2.1.0"
    assert isinstance(log["$schema"], str)
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "promolint" and isinstance(driver["version"], str)
    assert run["columnKind"] == "unicodeCodePoints"
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)), "rule ids are unique"
    for r in rules:
        assert isinstance(r["name"], str)
        for key in ("shortDescription", "fullDescription"):
            assert isinstance(r[key]["text"], str) and r[key]["text"]
        assert isinstance(r["help"]["text"], str) and isinstance(r["help"]["markdown"], str)
        assert r["defaultConfiguration"]["level"] in LEVELS
        assert isinstance(r["properties"]["category"], str)
    for res in run["results"]:
        assert res["ruleId"] == rules[res["ruleIndex"]]["id"], "ruleIndex points at ruleId"
        assert res["level"] in LEVELS
        assert isinstance(res["message"]["text"], str) and res["message"]["text"]
        assert len(res["locations"]) == 1
        for loc in res["locations"] + res.get("relatedLocations", []):
            _check_location(loc)
        for rel in res.get("relatedLocations", []):
            assert isinstance(rel["id"], int)
        fps = res["partialFingerprints"]
        assert fps and all(isinstance(v, str) and v for v in fps.values())
    inv = run["invocations"]
    assert len(inv) == 1 and isinstance(inv[0]["executionSuccessful"], bool)
    for note in inv[0]["toolExecutionNotifications"]:
        assert note["level"] in LEVELS and note["message"]["text"]
    return run


def _sarif(report: RunReport) -> dict:
    return json.loads(_render("sarif", report))


def test_sarif_describes_every_rule_of_the_ruleset(linter):
    run = check_sarif(_sarif(_report(linter=linter)))
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) >= {r.code for r in linter.ruleset.rules}
    pl201 = rules["PL201"]
    assert pl201["name"] == "quota-without-number"
    assert pl201["properties"]["category"] == "quota-offer"
    assert pl201["defaultConfiguration"]["level"] == "error"
    for section in ("规则说明", "为什么违规", "违规示例", "建议写法"):
        assert section in pl201["help"]["markdown"]
    assert run["results"] == []
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_result_for_a_real_finding(linter):
    f = _pl201(path="drafts/海报 1.txt")[0]
    run = check_sarif(_sarif(_report([f], linter=linter)))
    (res,) = run["results"]
    assert res["ruleId"] == "PL201" and res["level"] == "error"
    assert res["message"]["text"].startswith(f.message)
    phys = res["locations"][0]["physicalLocation"]
    assert phys["artifactLocation"] == {"uri": "drafts/%E6%B5%B7%E6%8A%A5%201.txt", "uriBaseId": "%SRCROOT%"}
    region = phys["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
        f.line, f.column, f.end_line, f.end_column)
    assert region["snippet"]["text"] == f.excerpt == "名额有限"
    # columns count code points: the span is exactly the excerpt's length
    assert region["endColumn"] - region["startColumn"] == len("名额有限")


@pytest.mark.parametrize("severity, level", [
    (Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "note")])
def test_sarif_levels(severity, level, linter):
    run = check_sarif(_sarif(_report([_finding(severity=severity)], linter=linter)))
    assert run["results"][0]["level"] == level


def test_sarif_uris_for_absolute_and_dot_relative_paths(linter):
    findings = [_finding(path="/srv/copy/a b.txt"), _finding(path="./x/y.txt")]
    run = check_sarif(_sarif(_report(findings, linter=linter)))
    arts = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert arts[0] == {"uri": "file:///srv/copy/a%20b.txt"}
    assert arts[1] == {"uri": "x/y.txt", "uriBaseId": "%SRCROOT%"}


def test_sarif_record_goes_to_logical_location_not_to_a_file_region(linter):
    f = _finding(path="ads.csv", record="row 12, column text", line=1, column=5, end_column=9)
    run = check_sarif(_sarif(_report([f], linter=linter)))
    (res,) = run["results"]
    loc = res["locations"][0]
    assert "region" not in loc["physicalLocation"]
    assert loc["logicalLocations"][0]["name"] == "row 12, column text"
    assert res["properties"]["record"] == "row 12, column text"
    assert res["properties"]["recordRegion"]["startColumn"] == 5


def test_sarif_related_locations(linter):
    rel = RelatedLocation("b.md", 4, 2, 4, 6, message="另一渠道写的是 129 元")
    run = check_sarif(_sarif(_report([_finding(related=(rel,))], linter=linter)))
    (related,) = run["results"][0]["relatedLocations"]
    assert related["id"] == 1
    assert related["message"]["text"] == "另一渠道写的是 129 元"
    assert related["physicalLocation"]["region"]["startLine"] == 4


def test_sarif_unused_suppression_and_unknown_rules_get_descriptors(linter):
    pl001 = _finding(rule="PL001", name="unused-suppression", category="suppression",
                     severity=Severity.WARNING)
    other = _finding(rule="XY123", name="from-a-plugin", category="exaggeration")
    run = check_sarif(_sarif(_report([pl001, other], linter=linter)))
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "PL001" in ids and "XY123" in ids


def test_sarif_fingerprints_are_stable_and_ignore_line_moves(linter):
    a = _finding(line=2)
    moved = _finding(line=40, end_line=40)
    other_text = _finding(line=2, line_text="别的句子，名额有限！")
    fp = lambda *fs: [r["partialFingerprints"] for r in _sarif(_report(fs, linter=linter))["runs"][0]["results"]]
    assert fp(a) == fp(a)
    assert fp(a) == fp(moved)
    assert fp(a) != fp(other_text)
    # the same finding twice in one file gets two distinct fingerprints
    twice = fp(a, moved)
    assert twice[0] != twice[1]


def test_sarif_errors_become_notifications(linter):
    report = _report(errors=[FileError("x.bin", "不是文本文件")], linter=linter)
    run = check_sarif(_sarif(report))
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert note["level"] == "error" and "不是文本文件" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "x.bin"


def test_sarif_artifact_location_helper():
    assert sarif.artifact_location("a/b c.txt") == {"uri": "a/b%20c.txt", "uriBaseId": "%SRCROOT%"}
    assert sarif.artifact_location("/a/b.txt") == {"uri": "file:///a/b.txt"}
    assert sarif.artifact_location("C:\\copy\\a.txt") == {"uri": "file:///C:/copy/a.txt"}


def test_machine_formats_ignore_statistics_but_github_appends_them(linter):
    report = _report([_finding()], linter=linter)
    for fmt, parse in (("json", json.loads), ("sarif", json.loads),
                       ("junit", lambda t: ET.fromstring(t.encode("utf-8")))):
        out = io.StringIO()
        render(fmt, report, out, statistics=True)
        parse(out.getvalue())  # still one parseable document
    out = io.StringIO()
    jsonl.render(report, out, statistics=True)
    assert all(json.loads(line) for line in out.getvalue().splitlines())
    out = io.StringIO()
    github.render(report, out, statistics=True)
    assert out.getvalue().splitlines()[-1].split() == ["1", "PL201", "quota-without-number"]
