"""The html reporter: one self-contained page, escaped copy, and a real headless-browser run
(Debian's Chromium driven by Playwright) checking counts, sorting, filtering and links."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from promolint.api import RunReport, lint_text
from promolint.cli import FORMATS
from promolint.models import FileError, Finding, RelatedLocation, Severity
from promolint.report import REPORTERS, html

from conftest import run_cli

HOSTILE = '</script><script>alert(1)</script> <!-- "引号" & \'单引号\' <b>粗</b>'
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SEV_RANK = {"error": 0, "warning": 1, "info": 2}

# Copy for a real run: several rules fire; one file name and its copy are hostile HTML.
COPY = {
    "a.txt": "千兆宽带办理送路由器，名额有限！\n全网最低价，本公司保留最终解释权。\n",
    "b.txt": "不限流量套餐，每月仅需 9 元！\n限量秒杀，先到先得。\n",
    'c "A&B" <1>.txt': '</script><script>window.__pwned = 1</script> 名额有限，快来抢购 & "惊喜"\n',
    "sub/d.txt": "𠮷野家联名卡：名额有限，全网最低价！\n",
    "clean.txt": "本店营业时间为每天九点至二十一点。\n",
}


class _Page(HTMLParser):
    """Collects tags, script elements and the visible text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in: tuple[str, dict] | None = None
        self.ids: dict[str, str] = {}
        self._id_stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in ("script", "style"):
            self._in = (tag, attrs)
            self._buf = []
        if "id" in attrs and tag == "dd":
            self._id_stack.append(attrs["id"])

    def handle_endtag(self, tag):
        if self._in and tag == self._in[0]:
            body = "".join(self._buf)
            if tag == "script":
                self.scripts.append((self._in[1], body))
            else:
                self.styles.append(body)
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._buf.append(data)
            return
        self.text.append(data)
        if self._id_stack:
            self.ids[self._id_stack.pop()] = data


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def _blob(parsed: _Page) -> dict:
    (blob,) = [body for attrs, body in parsed.scripts if attrs.get("id") == html.DATA_ID]
    return json.loads(blob)


def _render(report: RunReport) -> str:
    out = io.StringIO()
    html.render(report, out)
    return out.getvalue()


def _finding(**overrides) -> Finding:
    base = dict(path="a.txt", line=2, column=3, end_line=2, end_column=7, rule="PL201",
                name="quota-without-number", category="quota-offer", severity=Severity.ERROR,
                message="限量促销“名额有限”未说明具体数量", excerpt="名额有限",
                suggestion="写明名额或数量", line_text="快来，名额有限！")
    base.update(overrides)
    return Finding(**base)


def _hostile_report() -> RunReport:
    report = RunReport()
    line = f"前文{HOSTILE}名额有限"
    col = len(f"前文{HOSTILE}") + 1
    report.findings = [_finding(
        path=f"x/{HOSTILE}.txt", record=HOSTILE, name=HOSTILE, message=HOSTILE,
        suggestion=HOSTILE, excerpt="名额有限", line_text=line, column=col, end_column=col + 4,
        related=(RelatedLocation(HOSTILE, 1, 1, 1, 2, record=HOSTILE, message=HOSTILE),))]
    report.errors = [FileError(HOSTILE, HOSTILE)]
    report.encodings = {HOSTILE: "gb18030"}
    report.files = report.documents = 2
    return report


# ---- without a browser --------------------------------------------------------------

def test_html_is_a_registered_format():
    assert "html" in REPORTERS and "html" in FORMATS


def test_hostile_copy_is_escaped_everywhere():
    page = _render(_hostile_report())
    assert "<script>alert(1)" not in page
    assert "<b>粗</b>" not in page
    parsed = _parse(page)
    # Exactly the two scripts of the template: the data blob and the page code.
    assert [a for a, _ in parsed.scripts] == [{"type": "application/json", "id": html.DATA_ID}, {}]
    assert sum(1 for tag, _ in parsed.tags if tag == "script") == 2
    # Copy shown by the page itself (error list, encodings) reads back as the literal text.
    visible = "".join(parsed.text)
    assert visible.count(HOSTILE) >= 3  # error path, error message, encoding path
    # The blob carries no character that could end or alter its element.
    (blob,) = [b for a, b in parsed.scripts if a.get("id") == html.DATA_ID]
    assert not set(blob) & set("<>&")
    assert "\\u003c/script\\u003e" in blob


def test_json_blob_round_trips():
    report = _hostile_report()
    parsed = _parse(_render(report))
    data = _blob(parsed)
    assert data == json.loads(json.dumps(html.data(report)))
    strings = data["strings"]
    row = data["findings"][0]
    assert strings[row[0]] == f"x/{HOSTILE}.txt"
    assert strings[row[1]] == HOSTILE
    assert strings[row[9]] == HOSTILE
    assert strings[row[13]] == "名额有限"  # the highlighted span
    assert strings[row[16][0][6]] == HOSTILE  # the related location's message


def test_json_for_script_escapes_what_ends_a_script():
    value = {"a": "</SCRIPT></script><!--x-->&amp;\u2028"}
    text = html.json_for_script(value)
    assert not set(text) & set("<>&\u2028")
    assert json.loads(text) == value


def _resource_refs(parsed: _Page) -> list[str]:
    refs = []
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "action", "poster", "srcset", "data", "formaction"):
            if name in attrs:
                refs.append(f"{tag}[{name}]={attrs[name]}")
    return refs


def test_page_references_nothing_outside_itself(linter, tmp_path):
    for name, text in COPY.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    from promolint.api import lint_paths
    from promolint.config import Config

    report = lint_paths([str(tmp_path)], Config(), linter=linter)
    assert report.findings
    parsed = _parse(_render(report))
    for ref in _resource_refs(parsed):
        value = ref.split("=", 1)[1]
        assert value.startswith("#") or value == "data:,", ref
    assert [a.get("rel") for t, a in parsed.tags if t == "link"] == ["icon"]
    assert all("url(" not in s and "@import" not in s for s in parsed.styles)
    assert all(not a.get("src") for a, _ in parsed.scripts)
    # The template itself names no address at all (copy may, as text).
    for part in (html._CSS, html._JS, html._TABLE):
        assert not re.search(r"https?:|//[a-z]", part.replace("// ", "")), part[:80]


def test_context_counts_code_points_and_keeps_lines_short():
    # An astral character before the span: columns are code points, not UTF-16 units.
    f = _finding(line_text="𠮷野家：名额有限！", column=5, end_column=9)
    assert html.context(f) == ("𠮷野家：", "名额有限", "！", 0)
    # A span running onto the next line is shown to the end of its first line.
    f = _finding(line_text="限量：名额", column=4, end_line=3, end_column=3, excerpt="名额\n有限")
    assert html.context(f) == ("限量：", "名额", "", html.CUT_SPAN)
    # An empty span keeps its place.
    f = _finding(line_text="abc", column=2, end_column=2, excerpt="")
    assert html.context(f) == ("a", "", "bc", 0)
    # Long lines are cut around the span.
    long = "甲" * 500 + "名额有限" + "乙" * 500
    f = _finding(line_text=long, column=501, end_column=505)
    before, span, after, cut = html.context(f)
    assert (before, span, after) == ("甲" * html.CONTEXT, "名额有限", "乙" * html.CONTEXT)
    assert cut == html.CUT_BEFORE | html.CUT_AFTER
    # Without a usable source line the excerpt is the span.
    f = _finding(line_text="", column=1, end_column=5)
    assert html.context(f) == ("", "名额有限", "", 0)
    f = _finding(line_text="短", column=9, end_column=13)
    assert html.context(f) == ("", "名额有限", "", 0)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A real CLI run over a few files: the JSON report and the HTML report of it."""
    root = tmp_path_factory.mktemp("html-report")
    copy = root / "copy"
    for name, text in COPY.items():
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        (copy / name).write_text(text, encoding="utf-8")
    (copy / "broken.docx").write_bytes(b"not a zip archive")
    (copy / "gbk.txt").write_bytes("限量抢购，先到先得！".encode("gbk"))
    results = {}
    for fmt in ("json", "html"):
        out = root / f"report.{fmt}"
        proc = run_cli("check", "--isolated", "copy", "--format", fmt, "--output", str(out), cwd=root)
        assert proc.returncode == 2, proc.stderr  # findings, and one file could not be checked
        results[fmt] = out
    report = json.loads(results["json"].read_text(encoding="utf-8"))
    assert report["findings"] and report["errors"]
    assert "PL201" in report["summary"]["by_rule"]
    return report, results["html"]


def test_static_counts_match_json_report(run):
    report, page = run
    parsed = _parse(page.read_text(encoding="utf-8"))
    summary = report["summary"]
    assert int(parsed.ids["total-findings"]) == summary["findings"] == len(report["findings"])
    assert int(parsed.ids["total-files"]) == summary["files"]
    assert int(parsed.ids["total-documents"]) == summary["documents"]
    assert int(parsed.ids["total-errors"]) == summary["errors"]
    severities = Counter(f["severity"] for f in report["findings"])
    for sev in ("error", "warning", "info"):
        assert int(parsed.ids[f"total-severity-{sev}"]) == severities[sev]
    data = _blob(parsed)
    assert data["summary"]["by_rule"] == summary["by_rule"]
    assert len(data["findings"]) == len(report["findings"])
    # Each rule that fired has its description section.
    ids = {a.get("id") for _, a in parsed.tags}
    assert {f"rule-{code}" for code in summary["by_rule"]} <= ids
    visible = "".join(parsed.text)
    for err in report["errors"]:
        assert err["path"] in visible and err["message"] in visible
    for path, enc in summary["encodings"].items():
        assert path in visible and enc in visible


# ---- in a real browser --------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("browser test needs Debian's Chromium at /usr/bin/chromium "
                    "(apt-get install chromium); .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="browser test needs playwright (pip install -e '.[test]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Opened:
    """A page opened from a file, with everything it logged and every request it made."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.problems.append(f"console.{m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"requestfailed: {r.url}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready='1']")

    def rows(self) -> list[dict]:
        return self.page.eval_on_selector_all("#findings-body tr[data-index]", """rows => rows.map(r => ({
            index: +r.dataset.index, rule: r.dataset.rule, category: r.dataset.category,
            severity: r.dataset.severity, path: r.dataset.path,
            pos: r.querySelector('.pos').textContent,
            mark: r.querySelector('.ctx mark').textContent,
            ctx: r.querySelector('.ctx').textContent}))""")

    def count(self) -> int:
        return int(self.page.get_attribute("#f-status", "data-count"))

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def opened(browser, run):
    page = Opened(browser, run[1])
    yield page
    page.close()


def test_page_loads_offline_without_console_errors(opened):
    assert opened.page.title() == html.TITLE
    assert opened.problems == []
    assert all(u.startswith(("file:", "data:")) for u in opened.requests), opened.requests
    assert opened.page.evaluate("window.__pwned") is None


def test_counts_shown_match_json_report(opened, run):
    report = run[0]
    page = opened.page
    summary = report["summary"]
    assert int(page.inner_text("#total-findings")) == len(report["findings"])
    assert int(page.inner_text("#total-errors")) == len(report["errors"])
    assert int(page.inner_text("#total-files")) == summary["files"]
    shown_cats = {li.get_attribute("data-category"): int(li.query_selector(".bar-count").inner_text())
                  for li in page.query_selector_all("li.bar[data-category]")}
    assert shown_cats == Counter(f["category"] for f in report["findings"])
    shown_rules = {li.get_attribute("data-rule"): int(li.query_selector(".bar-count").inner_text())
                   for li in page.query_selector_all("li.bar[data-rule]")}
    assert shown_rules == summary["by_rule"]
    assert opened.count() == len(report["findings"])
    assert len(opened.rows()) == len(report["findings"])  # fewer than one page
    files = {li.get_attribute("data-path"): li.inner_text()
             for li in page.query_selector_all("#file-list li[data-path]")}
    assert set(files) == {f["path"] for f in report["findings"]}
    for path, n in Counter(f["path"] for f in report["findings"]).items():
        assert files[path].endswith(f"{n} 个问题")
    errors = page.inner_text("#errors")
    assert all(e["path"] in errors for e in report["errors"])


def test_rows_highlight_each_span_in_its_line(opened, run):
    findings = run[0]["findings"]
    rows = opened.rows()
    assert [r["index"] for r in rows] == list(range(len(findings)))
    for row in rows:
        f = findings[row["index"]]
        assert (row["path"], row["rule"], row["category"], row["severity"]) == \
            (f["path"], f["rule"], f["category"], f["severity"])
        assert row["pos"] == f"{f['line']}:{f['column']}"
        assert row["mark"] == f["excerpt"].split("\n")[0]
        assert f["excerpt"] in row["ctx"] or f["end_line"] != f["line"]
    hostile = [r for r in rows if r["path"].endswith('c "A&B" <1>.txt')]
    assert hostile and hostile[0]["ctx"].startswith("</script><script>window.__pwned = 1</script>")
    assert opened.page.evaluate("window.__pwned") is None


def test_clicking_headers_sorts_rows(opened):
    page = opened.page
    before = sorted(r["index"] for r in opened.rows())
    page.click("th[data-sort=severity] button")
    ranks = [SEV_RANK[r["severity"]] for r in opened.rows()]
    assert ranks == sorted(ranks) and len(set(ranks)) > 1
    assert page.get_attribute("th[data-sort=severity]", "aria-sort") == "ascending"
    page.click("th[data-sort=severity] button")
    ranks = [SEV_RANK[r["severity"]] for r in opened.rows()]
    assert ranks == sorted(ranks, reverse=True)
    assert page.get_attribute("th[data-sort=severity]", "aria-sort") == "descending"
    page.click("th[data-sort=position] button")
    positions = [tuple(map(int, r["pos"].split(":"))) for r in opened.rows()]
    assert positions == sorted(positions)
    page.click("th[data-sort=rule] button")
    rules = [r["rule"] for r in opened.rows()]
    assert rules == sorted(rules)
    assert sorted(r["index"] for r in opened.rows()) == before  # same rows, new order
    assert opened.problems == []


def test_chart_bars_filter_the_table(opened, run):
    findings = run[0]["findings"]
    page = opened.page
    for cat, n in Counter(f["category"] for f in findings).items():
        page.click(f"li.bar[data-category='{cat}'] a")
        rows = opened.rows()
        assert {r["category"] for r in rows} == {cat}
        assert len(rows) == n == opened.count()
        assert page.input_value("#f-category") == cat
    page.click("li.bar[data-rule='PL201'] a")
    rows = opened.rows()
    assert {r["rule"] for r in rows} == {"PL201"}
    assert len(rows) == sum(f["rule"] == "PL201" for f in findings)
    assert page.input_value("#f-category") == ""  # a bar shows exactly its own findings
    page.click("#f-clear")
    assert opened.count() == len(findings)
    assert opened.problems == []


def test_search_and_selects_filter_the_table(opened, run):
    findings = run[0]["findings"]
    page = opened.page
    page.fill("#f-search", "名额有限")
    expected = [i for i, f in enumerate(findings)
                if any("名额有限" in (f.get(k) or "") for k in
                       ("path", "record", "rule", "name", "category", "message", "excerpt", "suggestion"))]
    page.wait_for_function(f"document.getElementById('f-status').dataset.count == '{len(expected)}'")
    assert [r["index"] for r in opened.rows()] == expected
    page.fill("#f-search", "")
    page.select_option("#f-severity", "warning")
    page.wait_for_function("document.getElementById('f-search').value === ''")
    warnings = [i for i, f in enumerate(findings) if f["severity"] == "warning"]
    # The debounced empty search may land after the select; wait for the final state.
    page.wait_for_function(f"document.getElementById('f-status').dataset.count == '{len(warnings)}'")
    assert [r["index"] for r in opened.rows()] == warnings
    page.select_option("#f-rule", "PL201")
    both = [i for i in warnings if findings[i]["rule"] == "PL201"]
    assert opened.count() == len(both)


def test_rule_codes_and_file_list_link_to_their_sections(opened, run):
    findings = run[0]["findings"]
    page = opened.page
    code = findings[0]["rule"]
    page.click("#findings-body tr[data-index='0'] td.rule a")
    assert page.evaluate("location.hash") == f"#rule-{code}"
    article = page.locator(f"#rule-{code}")
    assert article.is_visible()
    from promolint.api import default_linter

    rule = default_linter().ruleset.by_code()[code]
    text = article.inner_text()
    assert rule.name in text and " ".join(rule.docs.what.split())[:20] in " ".join(text.split())
    # The rule's own link leads back to its findings.
    article.locator("a[data-filter-key=rule]").click()
    assert {r["rule"] for r in opened.rows()} == {code}
    # The file list filters by file.
    path = next(f["path"] for f in findings if f["path"].endswith("a.txt"))
    page.click(f"#file-list li[data-path='{path}'] a")
    rows = opened.rows()
    assert {r["path"] for r in rows} == {path}
    assert len(rows) == sum(f["path"] == path for f in findings)
    assert page.is_visible("#f-file") and page.inner_text("#f-file-name") == path
    page.click("#f-file-clear")
    assert opened.count() == len(findings)


@pytest.fixture(scope="module")
def large_page(tmp_path_factory, linter):
    """20,000 findings (real findings copied over 1,000 files), some with related locations."""
    seed = [f for f in lint_text("千兆宽带办理送路由器，名额有限！全网最低价，本公司保留最终解释权。",
                                 path="seed.txt")]
    assert len(seed) >= 3
    findings = []
    for i in range(20_000):
        f = seed[i % len(seed)]
        path = f"archive/{i // 20:04d}.txt"
        related = ()
        if i % 997 == 0:
            related = (RelatedLocation(f"archive/{(i // 20 + 1) % 1000:04d}.txt", 1 + i % 7, 1, 1 + i % 7, 3,
                                       message="另一渠道的宣传"),)
        findings.append(replace(f, path=path, line=1 + i % 7, end_line=1 + i % 7, related=related))
    findings.sort(key=Finding.sort_key)
    report = RunReport(ruleset=linter.ruleset)
    report.findings = findings
    report.files = report.documents = 1000
    page = tmp_path_factory.mktemp("html-large") / "large.html"
    with open(page, "w", encoding="utf-8") as fh:
        html.render(report, fh)
    return report, page


def test_twenty_thousand_findings_are_paged(browser, large_page):
    report, path = large_page
    opened = Opened(browser, path)
    page = opened.page
    try:
        assert opened.problems == []
        assert int(page.inner_text("#total-findings")) == 20_000 == opened.count()
        rows = opened.rows()
        assert [r["index"] for r in rows] == list(range(100))
        assert all(r["mark"] == report.findings[r["index"]].excerpt and "跨行" not in r["ctx"]
                   for r in rows)
        page.click("#p-next")
        assert [r["index"] for r in opened.rows()] == list(range(100, 200))
        page.select_option("#f-pagesize", "500")
        assert len(opened.rows()) == 500
        page.click("li.bar[data-rule='PL201'] a")
        n = report.by_rule()["PL201"]
        assert opened.count() == n and {r["rule"] for r in opened.rows()} == {"PL201"}
        page.click("th[data-sort=path] button")
        page.click("th[data-sort=path] button")
        assert opened.rows()[0]["path"] == max(f.path for f in report.findings if f.rule == "PL201")
        # A related location leads to that file's findings, the nearest one marked.
        page.click("#f-clear")
        link = page.locator("a.related-link").first
        target = link.get_attribute("data-goto-path")
        line = int(link.get_attribute("data-goto-line"))
        link.click()
        rows = opened.rows()
        assert {r["path"] for r in rows} == {target}
        focus = page.locator("#findings-body tr.focus")
        assert focus.count() == 1 and focus.get_attribute("data-path") == target
        assert int(focus.locator(".pos").inner_text().split(":")[0]) >= line
        assert opened.problems == []
    finally:
        opened.close()
