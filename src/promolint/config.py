"""Configuration: discovery (promolint.toml, [tool.promolint] in pyproject.toml), strict
validation and the rule selection it implies.

Discovery walks up from the first checked path; in one folder ``promolint.toml``
wins over ``pyproject.toml``. Relative paths in a config file (packs, per-file-ignores
globs) are relative to the folder holding it.
"""

from __future__ import annotations

import datetime
import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from promolint.models import Severity
from promolint.tomlfile import read_toml


class ConfigError(Exception):
    """An invalid configuration; the message names the file and key."""


_KEYS = {
    "select", "ignore", "extend-select", "extend-ignore", "packs", "per-file-ignores",
    "severity", "fail-on", "exclude", "extend-exclude", "report-unused-suppressions",
    "catalogue", "group-by", "as-of", "regex-timeout", "respect-gitignore", "include",
}

DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__")


@dataclass
class Config:
    path: Path | None = None            # the file it came from, if any
    root: Path = field(default_factory=Path.cwd)
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    packs: list[Path] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING
    exclude: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)  # folder walks lint only files matching one
    respect_gitignore: bool = True      # folder walks skip what .gitignore / .promolintignore ignore
    report_unused_suppressions: bool = False
    regex_timeout: float = 2.0          # seconds of regex time per rule and document (per 1M chars)
    catalogue: Path | None = None       # product catalogue TOML (discontinued-product)
    group_by: str = "run"               # cross-document groups: run | folder
    as_of: datetime.date | None = None  # the date undated documents speak for


def parse_date(value, where: str) -> datetime.date:
    """A TOML date or a YYYY-MM-DD string; ConfigError naming ``where`` otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(f"{where}: 日期 {value!r} 无效（应为 YYYY-MM-DD，如 2024-05-01）")


def _strings(value, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: 应为字符串数组")
    return list(value)


def parse_config(data: dict, path: Path | None, where: str) -> Config:
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}.{unknown[0]}: 未知的配置项（可用：{', '.join(sorted(_KEYS))}）")
    root = path.parent if path else Path.cwd()
    cfg = Config(path=path, root=root)
    if "select" in data:
        cfg.select = _strings(data["select"], f"{where}.select")
    cfg.ignore = _strings(data.get("ignore", []), f"{where}.ignore") + _strings(
        data.get("extend-ignore", []), f"{where}.extend-ignore")
    cfg.extend_select = _strings(data.get("extend-select", []), f"{where}.extend-select")
    cfg.packs = [root / p for p in _strings(data.get("packs", []), f"{where}.packs")]
    cfg.exclude = _strings(data.get("exclude", []), f"{where}.exclude") + _strings(
        data.get("extend-exclude", []), f"{where}.extend-exclude")
    cfg.include = _strings(data.get("include", []), f"{where}.include")
    pfi = data.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(f"{where}.per-file-ignores: 应为表（glob = [规则代码…]）")
    for glob, codes in pfi.items():
        cfg.per_file_ignores[glob] = _strings(codes, f"{where}.per-file-ignores.{glob}")
    sev = data.get("severity", {})
    if not isinstance(sev, dict):
        raise ConfigError(f"{where}.severity: 应为表（规则代码 = \"error|warning|info\"）")
    for code, level in sev.items():
        try:
            cfg.severity[code] = Severity.parse(level if isinstance(level, str) else "")
        except ValueError:
            raise ConfigError(f"{where}.severity.{code}: 应为 error、warning 或 info") from None
    if "fail-on" in data:
        try:
            cfg.fail_on = Severity.parse(data["fail-on"] if isinstance(data["fail-on"], str) else "")
        except ValueError:
            raise ConfigError(f"{where}.fail-on: 应为 error、warning 或 info") from None
    if "report-unused-suppressions" in data:
        if not isinstance(data["report-unused-suppressions"], bool):
            raise ConfigError(f"{where}.report-unused-suppressions: 应为 true 或 false")
        cfg.report_unused_suppressions = data["report-unused-suppressions"]
    if "respect-gitignore" in data:
        if not isinstance(data["respect-gitignore"], bool):
            raise ConfigError(f"{where}.respect-gitignore: 应为 true 或 false")
        cfg.respect_gitignore = data["respect-gitignore"]
    if "regex-timeout" in data:
        value = data["regex-timeout"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 600:
            raise ConfigError(f"{where}.regex-timeout: 应为 0 到 600 之间的秒数（如 2.0）")
        cfg.regex_timeout = float(value)
    if "catalogue" in data:
        if not isinstance(data["catalogue"], str) or not data["catalogue"]:
            raise ConfigError(f"{where}.catalogue: 应为产品目录文件的路径（字符串）")
        cfg.catalogue = root / data["catalogue"]
    if "group-by" in data:
        if data["group-by"] not in ("run", "folder"):
            raise ConfigError(f"{where}.group-by: 应为 \"run\" 或 \"folder\"")
        cfg.group_by = data["group-by"]
    if "as-of" in data:
        cfg.as_of = parse_date(data["as-of"], f"{where}.as-of")
    return cfg


def load_config_file(path: Path) -> Config:
    path = Path(path)
    data = read_toml(path, ConfigError, "配置文件")
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("promolint", {})
        return parse_config(data, path.resolve(), f"{path}[tool.promolint]")
    return parse_config(data, path.resolve(), str(path))


def discover_config(start: Path) -> Config:
    """The nearest promolint.toml or pyproject.toml with [tool.promolint] above ``start``."""
    start = Path(start).resolve()
    folder = start if start.is_dir() else start.parent
    for d in (folder, *folder.parents):
        candidate = d / "promolint.toml"
        if candidate.is_file():
            return load_config_file(candidate)
        pyproject = d / "pyproject.toml"
        if pyproject.is_file():
            try:
                with pyproject.open("rb") as fh:
                    has = "promolint" in tomllib.load(fh).get("tool", {})
            except (tomllib.TOMLDecodeError, OSError):
                has = False
            if has:
                return load_config_file(pyproject)
    return Config()


# ---- selection ---------------------------------------------------------------------

def selector_matches(selector: str, code: str, category: str) -> bool:
    """A selector is ALL, a rule code, a code prefix (PL3) or a category id."""
    return selector == "ALL" or code.startswith(selector) or selector == category


def resolve_selection(codes_categories: dict[str, str], select: list[str],
                      extend_select: list[str], ignore: list[str]) -> set[str]:
    """Enabled rule codes; the most specific selector wins (ruff's rule)."""
    def specificity(sel: str, code: str) -> int:
        if sel == "ALL":
            return 0
        if sel in codes_categories.values() and not code.startswith(sel):
            return 1
        return 1 + len(sel)

    enabled = set()
    for code, cat in codes_categories.items():
        best_on = max((specificity(s, code) for s in select + extend_select
                       if selector_matches(s, code, cat)), default=-1)
        best_off = max((specificity(s, code) for s in ignore
                        if selector_matches(s, code, cat)), default=-1)
        if best_on >= 0 and best_on > best_off:
            enabled.add(code)
    return enabled


def unknown_selectors(selectors: list[str], codes_categories: dict[str, str]) -> list[str]:
    """Selectors that select nothing: a typo should be an error, not a silent no-op."""
    bad = []
    for s in selectors:
        if not any(selector_matches(s, c, cat) for c, cat in codes_categories.items()):
            bad.append(s)
    return bad


def per_file_ignored(cfg: Config, path: str) -> list[str]:
    """Selectors ignored for ``path`` by per-file-ignores (globs relative to the config)."""
    if not cfg.per_file_ignores:
        return []
    p = Path(path)
    try:
        rel = p.resolve().relative_to(cfg.root).as_posix()
    except ValueError:
        rel = p.as_posix()
    out = []
    for glob, codes in cfg.per_file_ignores.items():
        if fnmatch.fnmatch(rel, glob) or PurePosixPath(rel).match(glob) or fnmatch.fnmatch(p.name, glob):
            out += codes
    return out
