"""The command line (typer): parse options, call the API, hand the report to a reporter.

Exit codes: 0 nothing at or above the failing severity; 1 findings; 2 usage,
configuration or I/O error (including any file that could not be checked).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from promolint import __version__, messages
from promolint.config import Config, ConfigError, discover_config, load_config_file
from promolint.engine.rule import RuleError
from promolint.models import Severity

app = typer.Typer(
    name="promolint",
    help="中文电信营销文案合规检查工具：检查隐瞒限制条件、限量未说明、带宽无条件、强制捆绑等问题。",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

FORMATS = ("text", "concise", "json", "jsonl", "sarif", "github", "junit", "html")


def _fail(message: str, code: int = 2) -> None:
    sys.stderr.write(messages.ERROR_PREFIX + message + "\n")
    raise typer.Exit(code)


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out += [p.strip() for p in v.replace("，", ",").split(",") if p.strip()]
    return out


def _utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if enc not in ("utf8", "utf8sig") and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"promolint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="显示版本并退出。")] = False,
) -> None:
    _utf8_stdio()


def _load_config(config: Optional[Path], isolated: bool, first_path: str) -> Config:
    if isolated:
        return Config()
    if config is not None:
        return load_config_file(config)
    start = Path.cwd() if first_path == "-" else Path(first_path)
    return discover_config(start)


@app.command()
def check(
    paths: Annotated[Optional[list[str]], typer.Argument(help="要检查的文件或目录；- 表示标准输入。默认：当前目录。")] = None,
    format: Annotated[str, typer.Option("--format", help="输出格式：" + "|".join(FORMATS))] = "text",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="把报告写入文件。")] = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", help="只启用这些规则（代码、前缀或类别，逗号分隔）。")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="停用这些规则。")] = None,
    extend_select: Annotated[Optional[list[str]], typer.Option("--extend-select", help="在已选规则之外再启用这些规则。")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="配置文件（promolint.toml 或 pyproject.toml）。")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="忽略所有配置文件。")] = False,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", help="遍历目录时跳过匹配这些 glob 的文件和目录（可重复或逗号分隔；在配置的 exclude 之外追加）。")] = None,
    include: Annotated[Optional[list[str]], typer.Option("--include", help="遍历目录时只检查匹配这些 glob 的文件（可重复或逗号分隔，如 '*.md'）。")] = None,
    ignore_files: Annotated[Optional[bool], typer.Option("--ignore-files/--no-ignore-files",
                                                         help="遍历目录时是否遵循 .gitignore、.git/info/exclude 和 .promolintignore（默认遵循；配置项 respect-gitignore）。")] = None,
    statistics: Annotated[bool, typer.Option("--statistics", help="输出每条规则的问题数。")] = False,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="有问题时也以 0 退出。")] = False,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="达到该严重级别才以 1 退出：error|warning|info。")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="并行进程数（默认：全部核心）。")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="只输出问题，不输出摘要和进度。")] = False,
    stdin_filename: Annotated[Optional[str], typer.Option("--stdin-filename", help="报告中标准输入使用的文件名（也决定格式）。")] = None,
    encoding: Annotated[Optional[str], typer.Option("--encoding", help="强制使用的文本编码（如 gbk）。")] = None,
    column: Annotated[Optional[str], typer.Option("--column", help="CSV/TSV 中要检查的文案列名（默认自动判断）。")] = None,
    text_field: Annotated[Optional[str], typer.Option("--field", help="JSONL 中要检查的文案字段，嵌套用点号（如 ad.body）。")] = None,
    id_column: Annotated[Optional[str], typer.Option("--id-column", help="CSV/TSV 中用于在报告里标识每行的列名。")] = None,
    id_field: Annotated[Optional[str], typer.Option("--id-field", help="JSONL 中用于在报告里标识每条记录的字段。")] = None,
    report_unused: Annotated[Optional[bool], typer.Option("--report-unused-suppressions/--no-report-unused-suppressions",
                                                          help="报告没有抑制任何问题的抑制注释（PL001）。")] = None,
    catalogue: Annotated[Optional[Path], typer.Option("--catalogue", help="产品目录文件（TOML），用于检查宣传已下架的产品。")] = None,
    group_by: Annotated[Optional[str], typer.Option("--group-by", help="跨文档比较的范围：run（整次检查，默认）|folder（同一目录）。")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="文案的日期（YYYY-MM-DD），用于判断产品当时是否已下架；文档自带日期（Markdown 前言 date）优先。")] = None,
) -> None:
    """检查文件、目录或标准输入中的营销文案。"""
    from promolint.api import Options, RunReport, build_linter, iter_results
    from promolint.parallel import default_jobs
    from promolint.progress import track
    from promolint.report import REPORTERS, STREAMERS, render

    if format not in REPORTERS:
        _fail(messages.BAD_FORMAT.format(fmt=format, choices="|".join(REPORTERS)))
    if jobs is not None and jobs < 1:
        _fail(messages.BAD_JOBS)
    if fail_on is not None and fail_on not in {s.value for s in Severity}:
        _fail(messages.BAD_FAIL_ON.format(value=fail_on))
    paths = paths or ["."]
    try:
        cfg = _load_config(config, isolated, paths[0])
        opts = Options(select=_split(select) or None, ignore=_split(ignore),
                       extend_select=_split(extend_select), encoding=encoding,
                       column=column, text_field=text_field, id_column=id_column, id_field=id_field,
                       stdin_filename=stdin_filename, report_unused_suppressions=report_unused,
                       catalogue=catalogue, group_by=group_by, as_of=as_of,
                       exclude=_split(exclude), include=_split(include), respect_gitignore=ignore_files)
        threshold = Severity.parse(fail_on) if fail_on else cfg.fail_on
        linter = build_linter(cfg, opts)
    except (ConfigError, RuleError) as exc:
        _fail(str(exc))
    except ValueError as exc:
        _fail(str(exc))
    stdin_bytes = sys.stdin.buffer.read() if "-" in paths else None
    if quiet and format == "text":
        format = "concise"
    # Line formats are written file by file (memory stays flat on an archive), except
    # on a terminal, where they would tear through the progress bar.
    streamer = STREAMERS.get(format) if (output is not None or not sys.stdout.isatty()) else None
    sink = _open_output(output) if output is not None else sys.stdout
    report = RunReport(ruleset=linter.ruleset, keep_findings=streamer is None)
    results = iter_results(paths, cfg, opts, linter=linter, stdin_text=stdin_bytes,
                           jobs=jobs or default_jobs())
    try:
        for res in track(results, total=None, enabled=not quiet):
            report.add(res)
            if streamer is not None and res.findings:
                streamer(res.findings, sink)
        color = output is None and format == "text" and sys.stdout.isatty()
        render(format, report, sink, color=color, statistics=statistics)
        if output is not None:
            sink.close()
    except OSError as exc:
        if output is None:
            raise
        _fail(messages.CANNOT_WRITE.format(path=output, reason=exc.strerror or exc))
    # Files that could not be checked are always named on stderr (whatever the format
    # and also with --quiet), so piping stdout to a file never hides them.
    for e in report.errors:
        sys.stderr.write(f"{e.path}: 错误：{e.message}\n")
    if report.errors:
        raise typer.Exit(2)
    if report.fails(threshold) and not exit_zero:
        raise typer.Exit(1)
    raise typer.Exit(0)


def _open_output(path: Path):
    """The report file, opened before linting starts (a bad path fails at once)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # e.g. reports/ in a fresh CI checkout
        return open(path, "w", encoding="utf-8", newline="\n")
    except OSError as exc:
        _fail(messages.CANNOT_WRITE.format(path=path, reason=exc.strerror or exc))


def _ruleset():
    from promolint.engine.packs import load_rules

    try:
        cfg = discover_config(Path.cwd())
        return load_rules(cfg.packs)
    except (ConfigError, RuleError) as exc:
        _fail(str(exc))


@app.command("rules")
def list_rules(
    format: Annotated[str, typer.Option("--format", help="输出格式：text|json")] = "text",
) -> None:
    """列出全部规则。"""
    ruleset = _ruleset()
    if format == "json":
        import json

        data = [{"code": r.code, "name": r.name, "category": r.category,
                 "severity": r.severity.value, "summary": r.docs.what} for r in ruleset.rules]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if format != "text":
        _fail(messages.BAD_FORMAT.format(fmt=format, choices="text|json"))
    for r in ruleset.rules:
        sys.stdout.write(f"{r.code}  {r.name:<40} {r.category:<22} {r.severity.value:<8}"
                         f" {r.docs.what.splitlines()[0] if r.docs.what else ''}\n")


@app.command("rule")
def show_rule(code: Annotated[str, typer.Argument(help="规则代码，如 PL301。")]) -> None:
    """显示一条规则的完整说明。"""
    from promolint.docs import rule_markdown

    rules = _ruleset().by_code()
    rule = rules.get(code.upper())
    if rule is None:
        _fail(messages.UNKNOWN_RULE.format(code=code))
    sys.stdout.write(rule_markdown(rule))


@app.command("docs")
def write_docs_cmd(
    output: Annotated[Path, typer.Option("--output", "-o", help="输出目录（默认 docs/rules）。")] = Path("docs/rules"),
    all_packs: Annotated[bool, typer.Option("--all-packs", help="同时包含配置和入口点加载的规则包（默认只含内置规则）。")] = False,
) -> None:
    """根据规则文件生成规则文档：每条规则一页，外加 index.md。"""
    from promolint.docs import write_docs
    from promolint.engine.packs import load_rules

    try:
        ruleset = _ruleset() if all_packs else load_rules(entry_points=False)
    except RuleError as exc:
        _fail(str(exc))
    try:
        written, removed = write_docs(ruleset.rules, output, ruleset.categories)
    except OSError as exc:
        _fail(messages.CANNOT_WRITE.format(path=output, reason=exc.strerror or exc))
    sys.stdout.write(f"已生成 {len(written)} 个文件到 {output}"
                     + (f"，删除 {len(removed)} 个过期页面" if removed else "") + "\n")


@app.command("eval")
def eval_corpus(
    corpus: Annotated[Path, typer.Argument(help="评测语料目录（含 dev/ 与 test/）。")] = Path("corpora/eval"),
    format: Annotated[str, typer.Option("--format", help="输出格式：text|json")] = "text",
    split: Annotated[str, typer.Option("--split", help="显示哪个划分：dev|test|all")] = "all",
    gate: Annotated[bool, typer.Option("--gate", help="按门槛文件检查指标，未达标以 1 退出。")] = False,
    gate_file: Annotated[Optional[Path], typer.Option("--gate-file", help="门槛文件（默认：<语料目录>/gate.toml）。")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="配置文件（promolint.toml 或 pyproject.toml）。")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="忽略所有配置文件。")] = False,
    misses: Annotated[bool, typer.Option("--misses/--no-misses", help="列出误报和漏报（text 格式）。")] = True,
) -> None:
    """在带标注的语料上评测：每个类别的精确率、召回率、F1，并与朴素子串基线对比。"""
    from promolint import evaluate as ev
    from promolint.api import build_linter

    if format not in ("text", "json"):
        _fail(messages.BAD_FORMAT.format(fmt=format, choices="text|json"))
    if split not in ("dev", "test", "all"):
        _fail(f"未知的划分 {split!r}（可用：dev|test|all）")
    try:
        cfg = _load_config(config, isolated, str(corpus))
        linter = build_linter(cfg)
        extra = {r.category for r in linter.ruleset.rules} - set(ev.LABELS) - {"suppression"}
        docs = ev.load_corpus(corpus, (*ev.LABELS, *sorted(extra)))
        the_gate = ev.load_gate(gate_file or corpus / ev.GATE_FILE) if gate else None
    except (ConfigError, RuleError, ev.CorpusError, ValueError) as exc:
        _fail(str(exc))
    shown = list(ev.SPLITS) if split == "all" else [split]
    needed = shown + ([the_gate.split] if the_gate and the_gate.split not in shown else [])
    todo = [d for d in docs if d.split in needed]
    results = ev.evaluate(todo, ev.lint_documents(todo, linter, cfg), needed,
                          labelled={c for d in docs for c in d.expect})
    failures: list[str] = []
    gate_data = None
    if the_gate is not None:
        scores = results[the_gate.split].promolint
        failures = ev.check_gate(the_gate, scores)
        gate_data = {"file": the_gate.path, "split": the_gate.split, "passed": not failures,
                     "categories": ev.gated_categories(the_gate, scores), "failures": failures}
    shown_results = {s: results[s] for s in shown}
    if format == "json":
        ev.render_json(shown_results, sys.stdout, corpus=corpus.as_posix(), version=__version__,
                       gate=gate_data)
    else:
        ev.render_text(shown_results, sys.stdout, corpus=corpus.as_posix(),
                       color=sys.stdout.isatty(), show_misses=misses)
    if the_gate is not None:
        if failures:
            sys.stderr.write(f"promolint: 评测门槛未达标（{the_gate.split} 划分，{the_gate.path}）：\n")
            for line in failures:
                sys.stderr.write(f"  - {line}\n")
            raise typer.Exit(1)
        sys.stderr.write(f"promolint: 评测门槛已达标（{the_gate.split} 划分，"
                         f"{len(gate_data['categories'])} 个类别，{the_gate.path}）\n")
    raise typer.Exit(0)


def main() -> None:
    app()
