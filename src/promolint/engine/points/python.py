"""Python checks: a function named by a rule's ``entry`` ("file.py:func" inside the pack,
or "package.module:func") receives the CheckContext and the Rule and yields Hits."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from promolint.engine.context import CheckContext, Hit
from promolint.engine.rule import Rule, RuleError


@lru_cache(maxsize=None)
def resolve(entry: str, pack_dir: str) -> Callable[[CheckContext, Rule], Iterable[Hit]]:
    target, _, func = entry.partition(":")
    if not func:
        raise RuleError(f"entry {entry!r}: 应为 \"文件.py:函数\" 或 \"模块:函数\"")
    if target.endswith(".py"):
        path = Path(pack_dir) / target
        if not path.is_file():
            raise RuleError(f"entry {entry!r}: 找不到文件 {path}")
        mod_name = f"promolint_pack_{abs(hash(str(path)))}"
        spec = importlib.util.spec_from_file_location(mod_name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[mod_name] = module
        try:
            spec.loader.exec_module(module)
        except (Exception, SystemExit) as exc:  # a broken user module is a rule error, not a crash
            raise RuleError(f"entry {entry!r}: 加载失败：{_one_line(exc)}") from None
    else:
        try:
            module = importlib.import_module(target)
        except (Exception, SystemExit) as exc:
            raise RuleError(f"entry {entry!r}: 无法导入：{_one_line(exc)}") from None
    fn = getattr(module, func, None)
    if not callable(fn):
        raise RuleError(f"entry {entry!r}: 模块中没有可调用的 {func}")
    return fn


def _one_line(exc: BaseException) -> str:
    """``Type: message`` on one line (the CLI prints it as a one-line error)."""
    return f"{type(exc).__name__}: " + " ".join(str(exc).split())[:300]


def run(ctx: CheckContext, rule: Rule) -> list[Hit]:
    fn = resolve(rule.entry, str(rule.source.parent))
    return list(fn(ctx, rule))
