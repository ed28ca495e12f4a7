"""The one entry point for the CLI, tests and integrations: lint text or paths.

    >>> from promolint.api import lint_text
    >>> [f.rule for f in lint_text("限量秒杀，先到先得！")]
    ['PL201', 'PL201']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from promolint import __version__
from promolint.config import (
    Config, ConfigError, per_file_ignored, resolve_selection, selector_matches, unknown_selectors,
)
from promolint.engine.crossdoc import Corpus, Fact
from promolint.engine.packs import RuleSet, load_rules
from promolint.engine.runner import Linter
from promolint.models import FileError, Finding, Severity
from promolint.sources import LINTABLE_SUFFIXES, ReadOptions, SourceError, read_bytes, read_file
from promolint.sources import os_reason
from promolint.sources.decode import is_utf8
from promolint.sources.base import Document

STDIN = "-"


@dataclass
class Options:
    """Command-line choices layered over the configuration file."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    encoding: str | None = None
    stdin_filename: str | None = None
    report_unused_suppressions: bool | None = None
    # Which CSV/TSV column and JSONL field hold the copy, and which name each record.
    column: str | None = None
    text_field: str | None = None
    id_column: str | None = None
    id_field: str | None = None
    # Cross-document and catalogue checks (override the configuration when set).
    catalogue: Path | None = None
    group_by: str | None = None
    as_of: str | None = None
    # File selection in folder walks: globs added to the configuration's ``exclude``,
    # globs a file must match to be linted (replacing the configuration's ``include``
    # when given), and whether ignore files count (None: config).
    exclude: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    respect_gitignore: bool | None = None

    def read_options(self) -> ReadOptions:
        return ReadOptions(encoding=self.encoding, column=self.column, field=self.text_field,
                           id_column=self.id_column, id_field=self.id_field)


@dataclass
class RunReport:
    """Everything a reporter needs; reporters never decide, they only render this."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    files: int = 0
    documents: int = 0
    ruleset: RuleSet | None = None
    version: str = __version__
    # Files decoded from something other than UTF-8: display path → codec name.
    encodings: dict[str, str] = field(default_factory=dict)

    # False when a line reporter (concise, jsonl, github) has already written each file's
    # findings as it finished: they are then only counted, so memory stays flat however
    # many files an archive scan covers.
    keep_findings: bool = True
    streamed: Counter = field(default_factory=Counter)  # (rule, severity) -> findings

    def add(self, res: "FileResult") -> None:
        if res.checked:
            self.files += 1
        if res.encoding and not is_utf8(res.encoding):
            self.encodings[res.display] = res.encoding
        self.documents += res.documents
        if self.keep_findings:
            self.findings += res.findings
        else:
            self.streamed.update((f.rule, f.severity.value) for f in res.findings)
        self.errors += res.errors

    @property
    def finding_count(self) -> int:
        return len(self.findings) + sum(self.streamed.values())

    def by_rule(self) -> dict[str, int]:
        counts = Counter(f.rule for f in self.findings)
        for (rule, _severity), n in self.streamed.items():
            counts[rule] += n
        return dict(sorted(counts.items()))

    def fails(self, threshold: Severity) -> bool:
        """Some finding is at or above ``threshold`` (the exit code's question)."""
        return any(f.severity.rank >= threshold.rank for f in self.findings) or any(
            n and Severity(sev).rank >= threshold.rank for (_rule, sev), n in self.streamed.items())


def build_linter(cfg: Config, opts: Options | None = None, ruleset: RuleSet | None = None) -> Linter:
    """Load packs and resolve the selection; unknown selectors are configuration errors."""
    opts = opts or Options()
    ruleset = ruleset or load_rules(cfg.packs)
    cats = {r.code: r.category for r in ruleset.rules}
    select = opts.select if opts.select else cfg.select
    extend = cfg.extend_select + opts.extend_select
    ignore = cfg.ignore + opts.ignore
    bad = unknown_selectors([s for s in select + extend + ignore], cats)
    bad += [c for c in cfg.severity if c not in cats]
    if bad:
        raise ConfigError(f"未知的规则代码、前缀或类别：{', '.join(dict.fromkeys(bad))}")
    enabled = resolve_selection(cats, select, extend, ignore)
    report_unused = cfg.report_unused_suppressions if opts.report_unused_suppressions is None \
        else opts.report_unused_suppressions
    return Linter(ruleset, enabled, cfg.severity, report_unused_suppressions=report_unused,
                  regex_timeout=cfg.regex_timeout, settings=run_settings(cfg, opts))


def run_settings(cfg: Config, opts: Options) -> dict:
    """What checks may read from ``CheckContext.settings``: the product catalogue (loaded
    and validated now, so a bad file is an error before anything is linted), the date
    the documents speak for (``as_of``) and the cross-document group (``group_by``)."""
    from promolint.catalogue import load_catalogue
    from promolint.config import parse_date
    from promolint.engine.crossdoc import GROUP_BY

    group_by = opts.group_by or cfg.group_by
    if group_by not in GROUP_BY:
        raise ConfigError(f"--group-by 的取值 {group_by!r} 无效（可用：{'|'.join(GROUP_BY)}）")
    as_of = parse_date(opts.as_of, "--as-of") if opts.as_of else cfg.as_of
    path = opts.catalogue or cfg.catalogue
    return {"catalogue": load_catalogue(Path(path)) if path else None, "as_of": as_of,
            "group_by": group_by}


def _ignored_codes(linter: Linter, cfg: Config, path: str) -> set[str]:
    selectors = per_file_ignored(cfg, path)
    if not selectors:
        return set()
    return {r.code for r in linter.rules if any(selector_matches(s, r.code, r.category) for s in selectors)}


def lint_text(text: str, path: str = "<text>", cfg: Config | None = None,
              linter: Linter | None = None) -> list[Finding]:
    """Lint a string as one document (read by ``path``'s suffix when it has one)."""
    cfg = cfg or Config()
    if linter is None:
        linter = build_linter(cfg) if (cfg.path or cfg.packs) else default_linter()
    docs = read_bytes(text.encode("utf-8"), path) if Path(path).suffix else [
        Document(path=path, source=text, text=text)]
    findings: list[Finding] = []
    corpus = Corpus(linter.rules, linter.severity, linter.settings.get("group_by", "run"))
    for doc in docs:
        res = linter.lint(doc, _ignored_codes(linter, cfg, path))
        findings += res.findings
        corpus.add(res.facts)
    if corpus:  # cross-document rules compare the documents of this text (CSV rows…)
        findings = sorted(findings + corpus.findings(), key=Finding.sort_key)
    return findings


@lru_cache(maxsize=1)
def default_linter() -> Linter:
    """The linter for the default configuration, built once (library use and tests)."""
    return build_linter(Config())


def iter_files(paths: Iterable[str], cfg: Config,
               opts: Options | None = None) -> Iterator[tuple[str, Path | None, FileError | None]]:
    """(display path, file, error) for every file to lint, in a stable order, streamed.

    Folders are walked recursively (``promolint.walk``), skipping hidden and VCS
    folders, ``exclude`` globs, what ``.gitignore`` / ``.promolintignore`` ignore, files
    not matching ``include`` and symlinks leading out of the folder; only known
    suffixes are picked up there. Named files (and named symlinks) are always linted.
    """
    from promolint.config import DEFAULT_EXCLUDE
    from promolint.walk import Selection, walk_folder

    opts = opts or Options()
    respect = cfg.respect_gitignore if opts.respect_gitignore is None else opts.respect_gitignore
    selection = Selection(exclude=tuple(cfg.exclude + opts.exclude), include=tuple(opts.include or cfg.include),
                          respect_ignore_files=respect,
                          config_root=cfg.root if cfg.path is not None else None,
                          skip_dirs=DEFAULT_EXCLUDE)
    for raw in paths:
        if raw == STDIN:
            yield STDIN, None, None
            continue
        p = Path(raw)
        try:
            is_dir = p.is_dir()
            present = is_dir or p.exists() or p.is_symlink()
        except OSError as exc:  # e.g. a folder on the way that may not be searched
            yield display_path(raw), None, FileError(display_path(raw), os_reason(exc))
            continue
        if is_dir:
            for item in walk_folder(p, selection, LINTABLE_SUFFIXES):
                where = display_path(str(item.path))
                if item.problem is None:
                    yield where, item.path, None
                else:  # a folder or ignore file that could not be read: never skipped silently
                    yield where, None, FileError(where, item.problem + os_reason(item.os_error))
        elif present:
            yield display_path(raw), p, None
        else:
            yield display_path(raw), None, FileError(display_path(raw), "文件或目录不存在")


def display_path(path: str) -> str:
    """``path`` as reports print it, always one valid line: bytes that are not UTF-8
    (kept by the OS layer as lone surrogates) become ``\\xff``, control characters
    (a newline in a file name) become escapes like ``\\n``."""
    if path.isprintable():
        return path
    out = []
    for ch in path:
        if "\udc80" <= ch <= "\udcff":
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif not ch.isprintable():
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


@dataclass
class FileResult:
    """What linting one file produced (sent back from worker processes)."""

    display: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    documents: int = 0
    checked: bool = True
    encoding: str | None = None  # the codec the file was decoded with, when text
    facts: list[Fact] = field(default_factory=list)  # for cross-document rules


def lint_file(linter: Linter, cfg: Config, opts: Options, display: str, path: Path | None,
              stdin_text: bytes | None = None) -> FileResult:
    """Read and lint one file (or stdin when ``path`` is None); never raises for bad input."""
    try:
        if path is None:  # stdin
            display = display_path(opts.stdin_filename or "-")
            docs = read_bytes(stdin_text or b"", display, opts.encoding, opts.read_options())
        else:
            docs = read_file(path, display, opts.encoding, opts.read_options())
    except SourceError as exc:
        return FileResult(display, errors=[FileError(display, str(exc))])
    result = FileResult(display)
    # Records a reader could not read (bad JSONL lines, short CSV rows); the rest are linted.
    result.errors += [FileError(display, m) for m in getattr(docs, "errors", ())]
    result.encoding = getattr(docs, "encoding", None) or next(
        (d.encoding for d in docs if d.encoding), None)
    ignored = _ignored_codes(linter, cfg, display)
    for doc in docs:
        result.documents += 1
        res = linter.lint(doc, ignored)
        result.findings += res.findings
        result.errors += res.errors
        result.facts += res.facts
    return result


def iter_results(paths: list[str], cfg: Config, opts: Options | None = None,
                 linter: Linter | None = None, stdin_text: bytes | None = None,
                 jobs: int = 1) -> Iterator[FileResult]:
    """Lint every file of ``paths`` on up to ``jobs`` processes; results in a stable order."""
    from promolint.parallel import ordered_map

    opts = opts or Options()
    linter = linter or build_linter(cfg, opts)

    def work(task: tuple[str, Path | None, FileError | None]) -> FileResult:
        display, path, error = task
        if error:  # a path or folder that could not be read: reported in walk order
            return FileResult(display, errors=[error], checked=False)
        return lint_file(linter, cfg, opts, display, path, stdin_text)

    # Cross-document rules: facts arrive with each file; once every file is in, the
    # conflicts come last, as one result that is not a file of its own.
    corpus = Corpus(linter.rules, linter.severity, linter.settings.get("group_by", "run"))
    # The walk is streamed into the workers: linting starts before the last file is found.
    for res in ordered_map(work, iter_files(paths, cfg, opts), jobs):
        corpus.add(res.facts)
        res.facts = []
        yield res
    if corpus:
        findings = corpus.findings()
        if findings:
            yield FileResult("", findings=findings, checked=False)


def lint_paths(paths: list[str], cfg: Config, opts: Options | None = None,
               linter: Linter | None = None, stdin_text: bytes | None = None,
               jobs: int = 1) -> RunReport:
    """Lint files, folders and ``-`` (stdin); errors per file never stop the batch."""
    opts = opts or Options()
    linter = linter or build_linter(cfg, opts)
    report = RunReport(ruleset=linter.ruleset)
    for res in iter_results(paths, cfg, opts, linter, stdin_text, jobs):
        report.add(res)
    return report
