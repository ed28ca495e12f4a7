"""Compiled ``regex`` patterns kept on disk between runs, so start-up does not recompile them.

Compiling the built-in packs' patterns with the ``regex`` module costs ~0.2 s in every
process that meets a candidate, most of a pre-commit run's 0.3 s budget; the module
can pickle a compiled pattern (its compiled code, not just the source), and loading one
takes ~1/40 of compiling it. Rule triggers, the engine's own patterns and the
built-in checks' module-level patterns go through ``compile`` here.

The cache is one file per ``regex`` version in ``$PROMOLINT_CACHE_DIR`` (default:
``$XDG_CACHE_HOME/promolint`` or ``~/.cache/promolint``); ``PROMOLINT_NO_CACHE=1``
turns it off. Reading it can call nothing but ``regex``'s own pattern constructor and flag
enum (a restricted unpickler), so a tampered file cannot run code; a missing, corrupt or
unwritable cache is silently ignored and patterns are compiled as usual. New patterns
are written once, atomically, when the process exits (forked workers never write).
"""

from __future__ import annotations

import atexit
import io
import os
import pickle
import tempfile
import threading
from pathlib import Path

import regex

MAX_ENTRIES = 4000  # beyond this, only the patterns this process used are kept

_lock = threading.Lock()
_entries: dict[tuple[str, int], bytes] | None = None  # (pattern, flags) -> pickled Pattern
_derived: dict[tuple[str, str], tuple[str, ...] | None] = {}  # (kind, pattern) -> strings
_compiled: dict[tuple[str, int], regex.Pattern] = {}
_derived_used: set[tuple[str, str]] = set()  # the derived values this process asked for
_new = False
_owner_pid = os.getpid()


def cache_file() -> Path | None:
    """Where the cache lives, or None when caching is off."""
    if os.environ.get("PROMOLINT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    base = os.environ.get("PROMOLINT_CACHE_DIR")
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = os.path.join(xdg, "promolint") if xdg else os.path.join(Path.home(), ".cache", "promolint")
    return Path(base) / f"regex-{regex.__version__}.pickle"


class _PatternUnpickler(pickle.Unpickler):
    """Allows exactly two callables: ``regex``'s pattern constructor and its flag enum."""

    def find_class(self, module: str, name: str):
        if module == "regex._regex" and name == "compile":
            from regex import _regex

            return _regex.compile
        if module == "regex._regex_core" and name == "RegexFlag":
            return regex.RegexFlag
        raise pickle.UnpicklingError(f"{module}.{name} 不允许出现在正则缓存中")


def _is_derived_value(value) -> bool:
    return value is None or (isinstance(value, tuple) and all(isinstance(x, str) for x in value))


def _load_entries() -> dict[tuple[str, int], bytes]:
    global _entries
    if _entries is None:
        data = None
        path = cache_file()
        if path is not None:
            try:
                data = _PatternUnpickler(io.BytesIO(path.read_bytes())).load()
            except Exception:  # missing, unreadable, corrupt or tampered: start afresh
                data = None
        # Entries are checked one by one when asked for, not all at load: a cache holds
        # thousands, a run asks for a few hundred (validating all cost ~25 ms a start).
        data = data if isinstance(data, dict) else {}
        derived_values, patterns = data.get("derived"), data.get("patterns")
        _derived.update(derived_values if isinstance(derived_values, dict) else {})
        _entries = patterns if isinstance(patterns, dict) else {}
    return _entries


def derived(kind: str, pattern: str, compute) -> tuple[str, ...] | None:
    """``compute()`` — a tuple of strings or None worked out from a pattern's source
    (e.g. the prefilter's literal anchors) — cached on disk with the compiled patterns."""
    global _new
    key = (kind, pattern)
    with _lock:
        _load_entries()
        _derived_used.add(key)
        if key in _derived and _is_derived_value(_derived[key]):
            return _derived[key]
    value = compute()
    with _lock:
        _derived[key] = value
        _new = True
    return value


def compile(pattern: str, flags: int = 0) -> regex.Pattern:  # noqa: A001 - mirrors regex.compile
    """``regex.compile(pattern, flags)``, from the on-disk cache when it holds it."""
    global _new
    key = (pattern, flags)
    hit = _compiled.get(key)
    if hit is not None:
        return hit
    with _lock:
        blob = _load_entries().get(key)
        compiled = None
        if isinstance(blob, bytes):
            try:
                compiled = _PatternUnpickler(io.BytesIO(blob)).load()
                if not isinstance(compiled, regex.Pattern) or compiled.pattern != pattern:
                    compiled = None
            except Exception:
                compiled = None
        if compiled is None:
            compiled = regex.compile(pattern, flags)  # raises regex.error as usual
            try:
                _entries[key] = pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL)
                _new = True
            except Exception:  # a pattern regex cannot pickle: just not cached
                pass
        _compiled[key] = compiled
        return compiled


def alternation(patterns: str | list[str] | tuple[str, ...] | None) -> regex.Pattern | None:
    """One compiled alternation of a check's option patterns (a string or a list of
    alternatives, each kept whole in its own group); None when there are none."""
    if not patterns:
        return None
    if isinstance(patterns, str):
        patterns = [patterns]
    return compile("|".join(f"(?:{p})" for p in patterns))


def save() -> None:
    """Write the cache if this process compiled something new (called at exit)."""
    global _new
    if not _new or os.getpid() != _owner_pid or _entries is None:
        return
    path = cache_file()
    if path is None:
        return
    entries, derived_values = _entries, _derived
    if len(entries) + len(derived_values) > MAX_ENTRIES:  # stale patterns of edited packs
        entries = {k: v for k, v in entries.items() if k in _compiled}
        derived_values = {k: v for k, v in derived_values.items() if k in _derived_used}
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".regex-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"patterns": entries, "derived": derived_values}, fh,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        _new = False
    except Exception:  # read-only home, full disk: the cache is an optimisation only
        pass


atexit.register(save)
