"""``html``: one self-contained page (inline CSS and JS, nothing fetched) with summary charts,
a sortable, filterable findings table with highlighted excerpts, rule descriptions and errors."""

from __future__ import annotations

import json
from html import escape
from typing import TextIO

from promolint.categories import CATEGORIES
from promolint.messages import RULE_SECTIONS

TITLE = "promolint 检查报告"
SEVERITIES = ("error", "warning", "info")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
# Code points of the source line kept on each side of a highlighted span, and of the span
# itself: a 5 MB single-line corpus must not copy its whole line into every finding.
CONTEXT = 80
MAX_SPAN = 240
# Bits of a finding's ``cut`` field: what the context shown leaves out.
CUT_BEFORE, CUT_AFTER, CUT_SPAN = 1, 2, 4
DATA_ID = "promolint-data"


def _e(value) -> str:
    return escape(str(value), quote=True)


def context(f) -> tuple[str, str, str, int]:
    """(before, span, after, cut bits) of the finding's span inside its source line.

    Columns are 1-based code points, ``end_column`` exclusive; a span running over more
    lines is shown up to the end of its first line. Without a usable source line the
    excerpt's first line is the span.
    """
    text = f.line_text or ""
    start = f.column - 1
    end = f.end_column - 1 if f.end_line == f.line else len(text)
    cut = 0
    first = (f.excerpt or "").split("\n", 1)[0].rstrip("\r")
    if not text or start < 0 or start > len(text) or end < start or end > len(text) \
            or (first and not first.startswith(text[start:end][:len(first)])):
        before, span, after = "", first, ""
        if f.end_line != f.line:
            cut |= CUT_SPAN
    else:
        before, span, after = text[:start], text[start:end], text[end:]
        if f.end_line != f.line:
            cut |= CUT_SPAN
    if len(before) > CONTEXT:
        before, cut = before[-CONTEXT:], cut | CUT_BEFORE
    if len(span) > MAX_SPAN:
        span, after, cut = span[:MAX_SPAN], "", cut | CUT_SPAN
    if len(after) > CONTEXT:
        after, cut = after[:CONTEXT], cut | CUT_AFTER
    return before, span, after, cut


class _Strings:
    """A table of distinct strings; findings refer to them by index (-1: none)."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, value: str | None) -> int:
        if value is None:
            return -1
        i = self._index.get(value)
        if i is None:
            i = self._index[value] = len(self.items)
            self.items.append(value)
        return i


def _rule_info(report) -> dict[str, dict]:
    """Metadata of every rule that has findings (from the rule set when it knows the rule)."""
    known = report.ruleset.by_code() if report.ruleset else {}
    info: dict[str, dict] = {}
    for f in report.findings:
        if f.rule in info:
            continue
        rule = known.get(f.rule)
        if rule is None:
            info[f.rule] = {"code": f.rule, "name": f.name, "category": f.category,
                            "severity": f.severity.value, "docs": None}
            continue
        info[f.rule] = {
            "code": rule.code, "name": rule.name, "category": rule.category,
            "severity": rule.severity.value,
            "docs": {
                "what": rule.docs.what.strip(), "why": rule.docs.why.strip(),
                "basis": list(rule.docs.basis), "flagged": list(rule.docs.flagged),
                "compliant": list(rule.docs.compliant),
                "suggestion": rule.suggestion.replace("{match}", "……") if rule.suggestion else "",
                "overrides": list(rule.overrides),
            },
        }
    return dict(sorted(info.items()))


def _category_titles(report) -> dict[str, str]:
    titles = dict(CATEGORIES)
    if report.ruleset:
        titles.update(report.ruleset.categories)
    return titles


def data(report) -> dict:
    """The page's embedded data: counts, rules, and every finding as a compact row."""
    strings = _Strings()
    rows = []
    for f in report.findings:
        before, span, after, cut = context(f)
        related = [[strings(r.path), strings(r.record), r.line, r.column, r.end_line, r.end_column,
                    strings(r.message)] for r in f.related]
        rows.append([
            strings(f.path), strings(f.record), f.line, f.column, f.end_line, f.end_column,
            strings(f.rule), strings(f.category), strings(f.severity.value), strings(f.message),
            strings(f.excerpt), strings(f.suggestion), strings(before), strings(span),
            strings(after), cut, related,
        ])
    by_file: dict[str, int] = {}
    by_category: dict[str, int] = {}
    by_severity: dict[str, int] = {}
    for f in report.findings:
        by_file[f.path] = by_file.get(f.path, 0) + 1
        by_category[f.category] = by_category.get(f.category, 0) + 1
        by_severity[f.severity.value] = by_severity.get(f.severity.value, 0) + 1
    titles = _category_titles(report)
    return {
        "version": report.version,
        "summary": {
            "files": report.files, "documents": report.documents,
            "findings": len(report.findings), "errors": len(report.errors),
            "by_rule": report.by_rule(), "by_category": by_category, "by_severity": by_severity,
        },
        "categories": {c: titles.get(c, "") for c in sorted(set(by_category) | set(titles))},
        "rules": {code: {"name": r["name"], "category": r["category"]}
                  for code, r in _rule_info(report).items()},
        "files": sorted(by_file.items(), key=lambda kv: (-kv[1], kv[0])),
        "strings": strings.items,
        # Row layout (see FIELDS in the page script): path, record, line, column, end_line,
        # end_column, rule, category, severity, message, excerpt, suggestion, before, span,
        # after, cut, related.
        "findings": rows,
    }


def json_for_script(value) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left,
    so neither ``</script>`` nor ``<!--`` in copy can end or alter the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _bars(items: list[tuple[str, str, int, str]], key: str, total: int) -> str:
    """CSS bar chart: (value, label html, count, tooltip) per bar, each a link to the table."""
    if not items:
        return '<p class="empty">没有发现问题。</p>'
    top = max(n for _, _, n, _ in items) or 1
    out = [f'<ol class="chart" data-chart="{_e(key)}">']
    for value, label, n, tip in items:
        pct = 100.0 * n / top
        share = 100.0 * n / total if total else 0.0
        out.append(
            f'<li class="bar" data-{_e(key)}="{_e(value)}">'
            f'<a href="#findings" data-filter-key="{_e(key)}" data-filter-value="{_e(value)}" '
            f'title="{_e(tip)}：{n} 个问题（{share:.1f}%），点击在问题列表中筛选">'
            f'<span class="bar-label">{label}</span>'
            f'<span class="bar-track"><span class="bar-fill" style="width:{pct:.2f}%"></span></span>'
            f'<span class="bar-count">{n}</span></a></li>')
    out.append("</ol>")
    return "".join(out)


def _summary_html(report, d: dict) -> str:
    s = d["summary"]
    cards = [("files", "文件", s["files"]), ("documents", "文档", s["documents"]),
             ("findings", "问题", s["findings"]), ("errors", "无法检查", s["errors"])]
    cards += [(f"severity-{sev}", SEVERITY_ZH[sev], s["by_severity"].get(sev, 0)) for sev in SEVERITIES]
    out = ['<section id="summary"><h2>概览</h2><dl class="cards">']
    for key, label, n in cards:
        cls = f' class="card {key}"'
        out.append(f'<div{cls}><dt>{_e(label)}</dt><dd id="total-{_e(key)}">{n}</dd></div>')
    out.append("</dl>")
    if report.errors:
        out.append(f'<p class="warn">有 {len(report.errors)} 个文件或记录无法检查，'
                   f'见<a href="#errors">无法检查的文件</a>。</p>')
    out.append("</section>")

    total = s["findings"]
    titles = d["categories"]
    cats = sorted(s["by_category"].items(), key=lambda kv: (-kv[1], kv[0]))
    cat_items = [(c, f'<b>{_e(titles.get(c) or c)}</b> <code>{_e(c)}</code>', n, titles.get(c) or c)
                 for c, n in cats]
    rules = d["rules"]
    by_rule = sorted(s["by_rule"].items(), key=lambda kv: (-kv[1], kv[0]))
    rule_items = [(r, f'<code>{_e(r)}</code> {_e(rules.get(r, {}).get("name", ""))}', n,
                   f'{r} {rules.get(r, {}).get("name", "")}') for r, n in by_rule]
    out.append('<section id="charts"><h2>问题分布</h2><div class="charts">')
    out.append(f'<div><h3>按类别</h3>{_bars(cat_items, "category", total)}</div>')
    out.append(f'<div><h3>按规则</h3>{_bars(rule_items, "rule", total)}</div>')
    out.append("</div></section>")
    return "".join(out)


def _rules_html(report) -> str:
    info = _rule_info(report)
    titles = _category_titles(report)
    sec = RULE_SECTIONS
    out = ['<section id="rules"><h2>规则说明</h2>']
    if not info:
        out.append('<p class="empty">没有规则命中。</p>')
    for code, r in info.items():
        out.append(f'<article class="rule-doc" id="rule-{_e(code)}">')
        out.append(f'<h3><code>{_e(code)}</code> {_e(r["name"])}</h3>')
        out.append(f'<p class="meta">类别：{_e(r["category"])}（{_e(titles.get(r["category"], ""))}）'
                   f' · 默认级别：{_e(SEVERITY_ZH.get(r["severity"], r["severity"]))}'
                   f' · <a href="#findings" data-filter-key="rule" data-filter-value="{_e(code)}">'
                   f'在问题列表中查看</a></p>')
        docs = r["docs"]
        if docs is None:
            out.append('<p class="empty">规则集中没有这条规则的说明。</p></article>')
            continue
        out.append(f'<h4>{_e(sec["what"])}</h4><p>{_e(docs["what"])}</p>')
        out.append(f'<h4>{_e(sec["why"])}</h4><p>{_e(docs["why"])}</p>')
        for key, items in (("basis", docs["basis"]), ("flagged", docs["flagged"]),
                           ("compliant", docs["compliant"])):
            if items:
                lis = "".join(f"<li>{_e(x)}</li>" for x in items)
                out.append(f'<h4>{_e(sec[key])}</h4><ul class="{key}">{lis}</ul>')
        if docs["suggestion"]:
            out.append(f'<h4>修改建议</h4><p>{_e(docs["suggestion"])}</p>')
        if docs["overrides"]:
            links = "、".join(f'<code>{_e(c)}</code>' for c in docs["overrides"])
            out.append(f'<p class="meta">本规则命中的位置上，不再重复报告 {links} 的问题。</p>')
        out.append("</article>")
    out.append("</section>")
    return "".join(out)


def _errors_html(report) -> str:
    out = ['<section id="errors"><h2>无法检查的文件</h2>']
    if not report.errors:
        out.append('<p class="empty">所有文件都已检查。</p>')
    else:
        out.append(f'<p>共 {len(report.errors)} 项；这些文件或记录没有被检查，其中可能仍有问题。</p>'
                   '<ul class="errors">')
        out += [f'<li><code>{_e(e.path)}</code>：{_e(e.message)}</li>' for e in report.errors]
        out.append("</ul>")
    encodings = getattr(report, "encodings", None) or {}
    if encodings:
        out.append(f'<details><summary>以非 UTF-8 编码读取的文件（{len(encodings)} 个）</summary>'
                   '<ul class="encodings">')
        out += [f'<li><code>{_e(p)}</code>：{_e(enc)}</li>' for p, enc in sorted(encodings.items())]
        out.append("</ul></details>")
    out.append("</section>")
    return "".join(out)


_TABLE = """
<section id="findings"><h2>问题列表</h2>
<noscript><p class="warn">问题列表需要启用 JavaScript 才能显示；概览、图表、规则说明和无法检查的文件不受影响。</p></noscript>
<div class="filters" role="search">
<label>搜索 <input id="f-search" type="search" placeholder="文件、规则、说明或原文"></label>
<label>类别 <select id="f-category"><option value="">全部类别</option></select></label>
<label>规则 <select id="f-rule"><option value="">全部规则</option></select></label>
<label>级别 <select id="f-severity"><option value="">全部级别</option></select></label>
<span id="f-file" class="chip" hidden>文件：<code id="f-file-name"></code>
<button type="button" id="f-file-clear" title="取消按文件筛选">×</button></span>
<button type="button" id="f-clear">清除筛选</button>
</div>
<p class="status"><span id="f-status" aria-live="polite"></span>
<label>每页 <select id="f-pagesize"><option>50</option><option selected>100</option><option>200</option><option>500</option></select> 条</label></p>
<table id="findings-table">
<thead><tr>
<th data-sort="path" aria-sort="none"><button type="button">文件</button></th>
<th data-sort="record" aria-sort="none"><button type="button">记录</button></th>
<th data-sort="position" aria-sort="none"><button type="button">位置</button></th>
<th data-sort="rule" aria-sort="none"><button type="button">规则</button></th>
<th data-sort="category" aria-sort="none"><button type="button">类别</button></th>
<th data-sort="severity" aria-sort="none"><button type="button">级别</button></th>
<th data-sort="message" aria-sort="none"><button type="button">说明与原文</button></th>
</tr></thead>
<tbody id="findings-body"></tbody>
</table>
<nav class="pager" aria-label="分页">
<button type="button" id="p-prev">上一页</button>
<span id="p-info"></span>
<button type="button" id="p-next">下一页</button>
</nav>
</section>
<section id="files"><h2>有问题的文件</h2>
<p>按问题数从多到少排列；点击文件名在问题列表中只看这个文件。</p>
<ol id="file-list" class="files"></ol>
<button type="button" id="file-more" hidden>显示更多</button>
</section>
"""

_CSS = """
:root{--fg:#1d2330;--muted:#5f6b7a;--bg:#fff;--panel:#f5f7fa;--line:#dde3ea;--accent:#2f6fd6;
--error:#c62828;--warning:#b26a00;--info:#0b7285;--mark:#ffe08a;--focus:#fff3c4}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ee;--muted:#9aa5b1;--bg:#15181d;--panel:#1e232a;
--line:#323a44;--accent:#7aa7ff;--error:#ff6b6b;--warning:#f0a43a;--info:#4fc3d9;--mark:#6b5500;--focus:#3a3320}}
*{box-sizing:border-box}
body{margin:0;font:14px/1.6 system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB",
"Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif;color:var(--fg);background:var(--bg)}
header,main{max-width:1280px;margin:0 auto;padding:0 20px}
header{padding-top:16px}
h1{font-size:22px;margin:8px 0}
h2{font-size:18px;margin:28px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:12px 0 6px}
h4{font-size:14px;margin:10px 0 2px;color:var(--muted)}
a{color:var(--accent)}
code,.ctx{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Noto Sans Mono CJK SC",monospace}
nav.toc a{margin-right:14px}
.muted,.meta{color:var(--muted)}
.warn{color:var(--warning)}
.empty{color:var(--muted);font-style:italic}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:96px}
.card dt{color:var(--muted);font-size:12px}
.card dd{margin:0;font-size:22px;font-weight:600}
.card.severity-error dd{color:var(--error)}.card.severity-warning dd{color:var(--warning)}
.card.severity-info dd{color:var(--info)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:24px}
.chart{list-style:none;margin:0;padding:0}
.chart a{display:grid;grid-template-columns:minmax(160px,50%) 1fr 3.5em;gap:8px;align-items:center;
padding:3px 4px;border-radius:4px;color:inherit;text-decoration:none}
.chart a:hover,.chart a:focus{background:var(--panel)}
.bar-label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar-track{background:var(--panel);border-radius:3px;height:14px;overflow:hidden}
.bar-fill{display:block;height:100%;background:var(--accent);min-width:2px}
.bar-count{text-align:right;font-variant-numeric:tabular-nums}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin-bottom:6px}
.filters input,.filters select,.status select{font:inherit;padding:3px 6px;max-width:260px}
.chip{background:var(--panel);border:1px solid var(--line);border-radius:12px;padding:1px 4px 1px 10px}
.chip button{border:0;background:none;cursor:pointer;font-size:16px;color:var(--muted)}
.status{display:flex;justify-content:space-between;color:var(--muted);margin:4px 0}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border-bottom:1px solid var(--line);padding:6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--panel);position:sticky;top:0}
th button{font:inherit;font-weight:600;border:0;background:none;color:inherit;cursor:pointer;padding:0}
th[aria-sort=ascending] button::after{content:" ▲"}
th[aria-sort=descending] button::after{content:" ▼"}
th:nth-child(1){width:15%}th:nth-child(2){width:9%}th:nth-child(3){width:7%}
th:nth-child(4){width:10%}th:nth-child(5){width:11%}th:nth-child(6){width:6%}
tr.focus td{background:var(--focus)}
.sev{font-weight:600}.sev-error{color:var(--error)}.sev-warning{color:var(--warning)}.sev-info{color:var(--info)}
.rule-name{display:block;color:var(--muted);font-size:12px}
.ctx{white-space:pre-wrap;tab-size:4;background:var(--panel);border-left:3px solid var(--line);
padding:2px 8px;margin:4px 0}
.ctx mark{background:var(--mark);color:inherit;border-radius:2px;padding:0 1px}
.ctx mark.empty-span{padding:0;border-left:2px solid var(--error)}
.ctx .cut{color:var(--muted)}
.sugg{margin:2px 0}.sugg b,.rel b{color:var(--muted);font-weight:normal}
.rel{margin:2px 0;padding-left:1.2em}
.pager{display:flex;gap:12px;align-items:center;justify-content:center;margin:10px 0}
.files li{margin:2px 0}
.files .n{color:var(--muted);margin-left:6px}
.rule-doc{border:1px solid var(--line);border-radius:6px;padding:4px 14px 10px;margin:12px 0}
.rule-doc:target{outline:2px solid var(--accent)}
.errors li{margin:2px 0}
footer{max-width:1280px;margin:30px auto;padding:0 20px;color:var(--muted);font-size:12px}
"""

_JS = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("promolint-data").textContent);
  var S = D.strings;
  // Row layout of D.findings (keep in step with data() in promolint/report/html.py).
  var PATH = 0, RECORD = 1, LINE = 2, COL = 3, ELINE = 4, ECOL = 5, RULE = 6, CAT = 7,
      SEV = 8, MSG = 9, EXCERPT = 10, SUGG = 11, BEFORE = 12, SPAN = 13, AFTER = 14, CUT = 15,
      REL = 16;
  var CUT_BEFORE = 1, CUT_AFTER = 2, CUT_SPAN = 4;
  var SEV_ZH = {error: "错误", warning: "警告", info: "提示"};
  var SEV_RANK = {error: 0, warning: 1, info: 2};
  var rows = D.findings;
  var collator = new Intl.Collator("zh-CN", {numeric: true});
  function s(i) { return i < 0 ? "" : S[i]; }
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  var state = {search: "", category: "", rule: "", severity: "", file: "",
               sortKey: "", sortDir: 1, page: 0, pageSize: 100, focus: -1};
  var order = [];        // indexes of rows after filtering and sorting
  var haystack = null;   // lower-cased search text per row, built on first search

  function compareStr(a, b) { return a === b ? 0 : collator.compare(a, b); }
  var SORTS = {
    path: function (a, b) { return compareStr(s(a[PATH]), s(b[PATH])); },
    record: function (a, b) { return compareStr(s(a[RECORD]), s(b[RECORD])); },
    position: function (a, b) { return (a[LINE] - b[LINE]) || (a[COL] - b[COL]); },
    rule: function (a, b) { return compareStr(s(a[RULE]), s(b[RULE])); },
    category: function (a, b) { return compareStr(s(a[CAT]), s(b[CAT])); },
    severity: function (a, b) { return SEV_RANK[s(a[SEV])] - SEV_RANK[s(b[SEV])]; },
    message: function (a, b) { return compareStr(s(a[MSG]), s(b[MSG])); }
  };

  function buildHaystack() {
    haystack = rows.map(function (r) {
      var rule = D.rules[s(r[RULE])] || {};
      return [s(r[PATH]), s(r[RECORD]), s(r[RULE]), rule.name || "", s(r[CAT]),
              s(r[MSG]), s(r[EXCERPT]), s(r[SUGG])].join("\n").toLowerCase();
    });
  }

  function recompute() {
    var q = state.search.trim().toLowerCase();
    if (q && !haystack) buildHaystack();
    var ri = state.rule, ca = state.category, sv = state.severity, fi = state.file;
    order = [];
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (ri && s(r[RULE]) !== ri) continue;
      if (ca && s(r[CAT]) !== ca) continue;
      if (sv && s(r[SEV]) !== sv) continue;
      if (fi && s(r[PATH]) !== fi) continue;
      if (q && haystack[i].indexOf(q) < 0) continue;
      order.push(i);
    }
    if (state.sortKey) {
      var cmp = SORTS[state.sortKey], dir = state.sortDir;
      order.sort(function (a, b) { return (cmp(rows[a], rows[b]) * dir) || (a - b); });
    }
  }

  function contextNode(r) {
    var box = el("div", "ctx");
    var cut = r[CUT];
    if (cut & CUT_BEFORE) box.appendChild(el("span", "cut", "…"));
    box.appendChild(document.createTextNode(s(r[BEFORE])));
    var span = s(r[SPAN]);
    var mark = el("mark", span ? "" : "empty-span", span);
    mark.title = "第 " + r[LINE] + " 行第 " + r[COL] + " 列至第 " + r[ELINE] + " 行第 " + r[ECOL] + " 列";
    box.appendChild(mark);
    if (cut & CUT_SPAN) box.appendChild(el("span", "cut", "…（跨行，下略）"));
    box.appendChild(document.createTextNode(s(r[AFTER])));
    if (cut & CUT_AFTER) box.appendChild(el("span", "cut", "…"));
    return box;
  }

  function where(path, record, line, col) {
    return path + (record ? " [" + record + "]" : "") + ":" + line + ":" + col;
  }

  function fileLink(path) {
    var a = el("a", "file-link", path);
    a.href = "#findings";
    a.setAttribute("data-filter-key", "file");
    a.setAttribute("data-filter-value", path);
    a.title = "只看这个文件的问题";
    return a;
  }

  function rowNode(i) {
    var r = rows[i], tr = document.createElement("tr");
    var rule = s(r[RULE]), cat = s(r[CAT]), sev = s(r[SEV]), path = s(r[PATH]);
    tr.setAttribute("data-index", i);
    tr.setAttribute("data-rule", rule);
    tr.setAttribute("data-category", cat);
    tr.setAttribute("data-severity", sev);
    tr.setAttribute("data-path", path);
    if (i === state.focus) tr.className = "focus";
    var td = el("td"); td.appendChild(fileLink(path)); tr.appendChild(td);
    tr.appendChild(el("td", "record", s(r[RECORD])));
    tr.appendChild(el("td", "pos", r[LINE] + ":" + r[COL]));
    td = el("td", "rule");
    var a = el("a", null, rule);
    a.href = "#rule-" + rule;
    a.title = "查看规则说明";
    td.appendChild(a);
    td.appendChild(el("span", "rule-name", (D.rules[rule] || {}).name || ""));
    tr.appendChild(td);
    td = el("td", "category", cat);
    td.appendChild(el("span", "rule-name", D.categories[cat] || ""));
    tr.appendChild(td);
    tr.appendChild(el("td", "sev sev-" + sev, SEV_ZH[sev] || sev));
    td = el("td", "message");
    td.appendChild(el("div", "msg", s(r[MSG])));
    td.appendChild(contextNode(r));
    if (r[SUGG] >= 0 && s(r[SUGG])) {
      var p = el("p", "sugg");
      p.appendChild(el("b", null, "建议："));
      p.appendChild(document.createTextNode(s(r[SUGG])));
      td.appendChild(p);
    }
    if (r[REL] && r[REL].length) {
      var ul = el("ul", "rel");
      r[REL].forEach(function (x) {
        var li = el("li");
        li.appendChild(el("b", null, "另见："));
        var link = el("a", "related-link", where(s(x[0]), s(x[1]), x[2], x[3]));
        link.href = "#findings";
        link.setAttribute("data-goto-path", s(x[0]));
        link.setAttribute("data-goto-record", s(x[1]));
        link.setAttribute("data-goto-line", x[2]);
        link.title = "在问题列表中定位这个位置";
        li.appendChild(link);
        if (s(x[6])) li.appendChild(document.createTextNode(" " + s(x[6])));
        ul.appendChild(li);
      });
      td.appendChild(ul);
    }
    tr.appendChild(td);
    return tr;
  }

  function render() {
    var body = $("findings-body");
    var total = order.length, size = state.pageSize;
    var pages = Math.max(1, Math.ceil(total / size));
    if (state.page >= pages) state.page = pages - 1;
    if (state.page < 0) state.page = 0;
    var start = state.page * size, end = Math.min(total, start + size);
    var frag = document.createDocumentFragment();
    if (!total) {
      var tr = el("tr"), td = el("td", "empty", rows.length ? "没有符合筛选条件的问题。" : "没有发现问题。");
      td.colSpan = 7; tr.appendChild(td); frag.appendChild(tr);
    }
    for (var k = start; k < end; k++) frag.appendChild(rowNode(order[k]));
    body.textContent = "";
    body.appendChild(frag);
    var filtered = total !== rows.length;
    $("f-status").textContent = total
      ? "显示第 " + (start + 1) + "–" + end + " 条，共 " + total + " 条" + (filtered ? "（全部 " + rows.length + " 条）" : "")
      : "共 0 条" + (filtered ? "（全部 " + rows.length + " 条）" : "");
    $("f-status").setAttribute("data-count", total);
    $("p-info").textContent = "第 " + (state.page + 1) + " / " + pages + " 页";
    $("p-prev").disabled = state.page === 0;
    $("p-next").disabled = state.page >= pages - 1;
    $("f-file").hidden = !state.file;
    $("f-file-name").textContent = state.file;
    $("f-search").value = state.search;
    $("f-category").value = state.category;
    $("f-rule").value = state.rule;
    $("f-severity").value = state.severity;
    document.querySelectorAll("#findings-table th[data-sort]").forEach(function (th) {
      var key = th.getAttribute("data-sort");
      th.setAttribute("aria-sort", key === state.sortKey ? (state.sortDir > 0 ? "ascending" : "descending") : "none");
    });
  }

  function update() { state.focus = -1; recompute(); render(); }

  function setOnly(key, value) {
    state.search = ""; state.category = ""; state.rule = ""; state.severity = ""; state.file = "";
    state[key] = value;
    state.page = 0;
    update();
  }

  function gotoLocation(path, record, line) {
    state.search = ""; state.category = ""; state.rule = ""; state.severity = "";
    state.file = path; state.sortKey = ""; state.sortDir = 1;
    recompute();
    var best = -1;
    for (var k = 0; k < order.length; k++) {
      var r = rows[order[k]];
      if (s(r[RECORD]) === record && r[LINE] >= line) { best = k; break; }
    }
    if (best < 0 && order.length) best = 0;
    state.page = best < 0 ? 0 : Math.floor(best / state.pageSize);
    state.focus = best < 0 ? -1 : order[best];
    render();
  }

  function fillSelect(id, entries) {
    var sel = $(id);
    entries.forEach(function (e) {
      var o = el("option", null, e[1]);
      o.value = e[0];
      sel.appendChild(o);
    });
  }

  var filesShown = 0;
  function moreFiles() {
    var list = $("file-list"), end = Math.min(D.files.length, filesShown + 100);
    for (; filesShown < end; filesShown++) {
      var f = D.files[filesShown], li = el("li");
      li.setAttribute("data-path", f[0]);
      li.appendChild(fileLink(f[0]));
      li.appendChild(el("span", "n", f[1] + " 个问题"));
      list.appendChild(li);
    }
    $("file-more").hidden = filesShown >= D.files.length;
    $("file-more").textContent = "显示更多（还有 " + (D.files.length - filesShown) + " 个文件）";
  }

  function init() {
    var sm = D.summary;
    fillSelect("f-category", Object.keys(sm.by_category).sort().map(function (c) {
      return [c, c + "（" + (D.categories[c] || "") + "）· " + sm.by_category[c]];
    }));
    fillSelect("f-rule", Object.keys(sm.by_rule).sort().map(function (r) {
      return [r, r + " " + ((D.rules[r] || {}).name || "") + " · " + sm.by_rule[r]];
    }));
    fillSelect("f-severity", ["error", "warning", "info"].filter(function (v) {
      return sm.by_severity[v];
    }).map(function (v) { return [v, SEV_ZH[v] + " · " + sm.by_severity[v]]; }));
    if (!D.files.length) $("file-list").appendChild(el("li", "empty", "没有发现问题。"));
    moreFiles();
    $("file-more").addEventListener("click", moreFiles);

    var timer = 0;
    $("f-search").addEventListener("input", function (ev) {
      clearTimeout(timer);
      var v = ev.target.value;
      timer = setTimeout(function () { state.search = v; state.page = 0; update(); }, 150);
    });
    ["category", "rule", "severity"].forEach(function (key) {
      $("f-" + key).addEventListener("change", function (ev) {
        state[key] = ev.target.value; state.page = 0; update();
      });
    });
    $("f-file-clear").addEventListener("click", function () { state.file = ""; state.page = 0; update(); });
    $("f-clear").addEventListener("click", function () {
      state.search = ""; state.category = ""; state.rule = ""; state.severity = ""; state.file = "";
      state.page = 0; update();
    });
    $("f-pagesize").addEventListener("change", function (ev) {
      state.pageSize = parseInt(ev.target.value, 10) || 100; state.page = 0; render();
    });
    $("p-prev").addEventListener("click", function () { state.page--; render(); });
    $("p-next").addEventListener("click", function () { state.page++; render(); });
    document.querySelectorAll("#findings-table th[data-sort] button").forEach(function (b) {
      b.addEventListener("click", function () {
        var key = b.parentNode.getAttribute("data-sort");
        if (state.sortKey === key) state.sortDir = -state.sortDir;
        else { state.sortKey = key; state.sortDir = 1; }
        state.page = 0;
        update();
      });
    });
    document.addEventListener("click", function (ev) {
      var t = ev.target.closest ? ev.target.closest("[data-filter-key],[data-goto-path]") : null;
      if (!t) return;
      ev.preventDefault();
      if (t.hasAttribute("data-goto-path")) {
        gotoLocation(t.getAttribute("data-goto-path"), t.getAttribute("data-goto-record"),
                     parseInt(t.getAttribute("data-goto-line"), 10) || 1);
      } else {
        setOnly(t.getAttribute("data-filter-key"), t.getAttribute("data-filter-value"));
      }
      $("findings").scrollIntoView();
    });
    update();
    document.body.setAttribute("data-ready", "1");
  }

  init();
})();
"""


def render(report, out: TextIO, *, color: bool = False, statistics: bool = False) -> None:
    d = data(report)
    s = d["summary"]
    head = (f"共检查 {s['files']} 个文件（{s['documents']} 篇文档），发现 {s['findings']} 个问题"
            + (f"，{s['errors']} 个文件或记录无法检查" if s["errors"] else "") + "。")
    out.write("<!DOCTYPE html>\n")
    # The page quotes flagged copy (findings, rule examples): when it is written inside a
    # folder that is checked later, it must not be reported as copy itself.
    out.write("<!-- 本文件是 promolint 生成的检查报告，其中引用的文案不再重复检查。 -->\n"
              "<!-- promolint-disable -->\n")
    out.write("<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
    out.write('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    # An empty inline icon, so that no browser asks for /favicon.ico.
    out.write('<link rel="icon" href="data:,">\n')
    out.write(f"<title>{_e(TITLE)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n")
    out.write(f'<header><h1>{_e(TITLE)}</h1><p class="muted" id="headline">{_e(head)}</p>'
              '<nav class="toc"><a href="#summary">概览</a><a href="#charts">问题分布</a>'
              '<a href="#findings">问题列表</a><a href="#files">文件</a><a href="#rules">规则说明</a>'
              '<a href="#errors">无法检查的文件</a></nav></header>\n<main>\n')
    out.write(_summary_html(report, d))
    out.write(_TABLE)
    out.write(_rules_html(report))
    out.write(_errors_html(report))
    out.write(f'\n</main>\n<footer>由 promolint {_e(report.version)} 生成。'
              '本页面不依赖网络，可离线查看和转发。</footer>\n')
    out.write(f'<script type="application/json" id="{DATA_ID}">')
    out.write(json_for_script(d))
    out.write("</script>\n<script>")
    out.write(_JS)
    out.write("</script>\n</body>\n</html>\n")
