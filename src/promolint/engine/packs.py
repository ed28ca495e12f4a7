"""Rule packs: discovery (built-in, configured paths, entry points) and strict loading.

A pack is a folder holding ``pack.toml`` and a ``rules/`` folder of rule files (one
rule per ``.toml`` file, any depth). The built-in packs under the repository's
``checks/`` use exactly this format and load through the same code path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from promolint.categories import CATEGORIES
from promolint.engine.rule import Rule, RuleError, _Reader, decode_rule
from promolint.tomlfile import read_toml

ENTRY_POINT_GROUP = "promolint.checks"
_PACK_KEYS = {"name", "description", "dictionaries", "categories", "rules"}


def builtin_pack_root() -> Path:
    """Folder holding the built-in packs: inside the wheel, or ``checks/`` in a checkout."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "_builtin_checks"
    if installed.is_dir():
        return installed
    checkout = here.parent.parent / "checks"
    if checkout.is_dir():
        return checkout
    raise RuleError("找不到内置规则包（checks/）：安装可能不完整")


def builtin_pack_dirs() -> list[Path]:
    root = builtin_pack_root()
    return sorted(p.parent for p in root.glob("*/pack.toml"))


def entry_point_pack_dirs() -> list[Path]:
    """Packs advertised by installed distributions in the ``promolint.checks`` group.

    The entry point names an object that is a path to the pack folder, or a
    callable returning one.
    """
    dirs = []
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
            value = obj() if callable(obj) else obj
        except Exception as exc:
            raise RuleError(f"入口点 {ep.name} ({ep.value}): 加载失败：{exc}") from None
        dirs.append(Path(value))
    return dirs


def _load_toml(path: Path) -> dict:
    return read_toml(path, RuleError)


@dataclass
class Pack:
    name: str
    path: Path
    description: str
    dictionaries: list[Path]
    categories: dict[str, str] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)


def load_pack(path: Path, trusted: bool = False) -> Pack:
    """Load one pack; ``trusted`` (the built-in packs) defers pattern compilation."""
    path = Path(path)
    manifest = path / "pack.toml"
    if not manifest.is_file():
        raise RuleError(f"{path}: 不是规则包（缺少 pack.toml）")
    r = _Reader(_load_toml(manifest), str(manifest), _PACK_KEYS)
    name = r.get("name", str, required=True)
    categories = dict(CATEGORIES)
    extra = r.get("categories", dict, {})
    for key, title in extra.items():
        if not isinstance(title, str):
            raise RuleError(f"{manifest}.categories.{key}: 应为字符串（类别的中文名称）")
        categories[key] = title
    dictionaries = []
    for pattern in r.get("dictionaries", list, []):
        matched = sorted(path.glob(pattern))
        if not matched:
            raise RuleError(f"{manifest}.dictionaries: 没有文件匹配 {pattern!r}")
        dictionaries.extend(matched)
    rules_dir = path / r.get("rules", str, "rules")
    if not rules_dir.is_dir():
        raise RuleError(f"{manifest}.rules: 找不到规则目录 {rules_dir}")
    pack = Pack(name, path, r.get("description", str, ""), dictionaries, categories)
    for rule_file in sorted(rules_dir.rglob("*.toml")):
        rule = decode_rule(_load_toml(rule_file), rule_file, name, set(categories),
                           validate_patterns=not trusted)
        if rule.check in ("python", "corpus"):
            from promolint.engine.points.python import resolve

            key = "entry"
            try:  # import now: a broken module is an error naming the rule file
                resolve(rule.entry, str(rule.source.parent))
                if rule.compare:
                    key = "compare"
                    resolve(rule.compare, str(rule.source.parent))
            except RuleError as exc:
                raise RuleError(f"{rule.source}.{key}: {exc}") from None
        pack.rules.append(rule)
    return pack


@dataclass
class RuleSet:
    """Every loaded rule, by code, plus the vocabulary jieba must know."""

    rules: list[Rule]
    dictionaries: list[Path]
    categories: dict[str, str]

    def by_code(self) -> dict[str, Rule]:
        return {r.code: r for r in self.rules}

    def vocabulary(self) -> set[str]:
        words: set[str] = set()
        for rule in self.rules:
            words |= rule.vocabulary()
        return words


def load_rules(extra_packs: list[Path] = (), builtin: bool = True,
               entry_points: bool = True) -> RuleSet:
    """Load built-in, entry-point and configured packs; duplicate codes are errors."""
    dirs: list[Path] = []
    trusted: set[Path] = set()
    if builtin:
        dirs += builtin_pack_dirs()
        trusted = {d.resolve() for d in dirs}
    if entry_points:
        dirs += entry_point_pack_dirs()
    dirs += [Path(p) for p in extra_packs]
    seen: dict[str, Rule] = {}
    dictionaries: list[Path] = []
    categories = dict(CATEGORIES)
    rules: list[Rule] = []
    loaded: set[Path] = set()
    for d in dirs:
        key = d.resolve()
        if key in loaded:
            continue
        loaded.add(key)
        pack = load_pack(d, trusted=key in trusted)
        dictionaries += pack.dictionaries
        categories.update(pack.categories)
        for rule in pack.rules:
            if rule.code in seen:
                raise RuleError(
                    f"{rule.source}.code: 规则代码 {rule.code} 重复（已在 {seen[rule.code].source} 中定义）"
                )
            seen[rule.code] = rule
            rules.append(rule)
    rules.sort(key=lambda r: r.code)
    _mark_shared_patterns(rules)
    return RuleSet(rules, dictionaries, categories)


def _mark_shared_patterns(rules: list[Rule]) -> None:
    """Triggers that share a pattern with another rule's trigger are scanned part by
    part, so the shared part is scanned once per document (CheckContext.matches); the
    others are scanned as one alternation, which is cheaper when nothing is shared."""
    owners: dict[str, set[str]] = {}
    for rule in rules:
        if rule.trigger:
            for p in rule.trigger.phrases.patterns:
                owners.setdefault(p, set()).add(rule.code)
    for rule in rules:
        if rule.trigger:
            rule.trigger.phrases.shared = any(
                len(owners[p]) > 1 for p in rule.trigger.phrases.patterns)
