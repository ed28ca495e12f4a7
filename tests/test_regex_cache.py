"""The on-disk cache of compiled patterns: reused across processes, same matches as a
fresh compile, never runs code from a tampered file, never breaks a run when unusable."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent

# Compiles one pattern through the cache and prints whether the cache file held it.
PROBE = r"""
import sys
from promolint import regex_cache
held = ((sys.argv[1], 0) in regex_cache._load_entries())
p = regex_cache.compile(sys.argv[1])
print(held, [m.span() for m in p.finditer(sys.argv[2])])
"""


def _probe(env: dict, pattern: str, text: str) -> str:
    proc = subprocess.run([sys.executable, "-c", PROBE, pattern, text], capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_second_process_reads_what_the_first_compiled(tmp_path):
    env = {"PROMOLINT_CACHE_DIR": str(tmp_path)}
    pattern, text = r"(?<!不)限量\d*(?:份|名)?", "限量100份，不限量，限量"
    expected = [m.span() for m in regex.finditer(pattern, text)]
    assert _probe(env, pattern, text) == f"False {expected}"
    assert list(tmp_path.glob("regex-*.pickle"))
    assert _probe(env, pattern, text) == f"True {expected}"


def test_tampered_cache_runs_no_code(tmp_path):
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    path = tmp_path / f"regex-{regex.__version__}.pickle"
    path.write_bytes(pickle.dumps({"patterns": {("a+", 0): pickle.dumps(Evil())},
                                   "derived": Evil()}))
    out = _probe({"PROMOLINT_CACHE_DIR": str(tmp_path)}, "a+", "caab")
    assert out == "False [(1, 3)]"
    assert not marker.exists()


def test_corrupt_or_unwritable_cache_is_ignored(tmp_path):
    (tmp_path / f"regex-{regex.__version__}.pickle").write_bytes(b"\x80\x05garbage")
    assert _probe({"PROMOLINT_CACHE_DIR": str(tmp_path)}, "b+", "abbb") == "False [(1, 4)]"
    (tmp_path / f"regex-{regex.__version__}.pickle").write_bytes(pickle.dumps(
        {"patterns": {("b+", 0): "not bytes", "junk": 1}, "derived": {("k", "b+"): 5}}))
    assert _probe({"PROMOLINT_CACHE_DIR": str(tmp_path)}, "b+", "abbb") == "True [(1, 4)]"
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert _probe({"PROMOLINT_CACHE_DIR": str(blocker / "sub")}, "b+", "abbb") == "False [(1, 4)]"


def test_no_cache_writes_nothing(tmp_path):
    env = {"PROMOLINT_CACHE_DIR": str(tmp_path), "PROMOLINT_NO_CACHE": "1"}
    _probe(env, "c+", "cc")
    _probe(env, "c+", "cc")
    assert not list(tmp_path.iterdir())


def test_cli_run_fills_the_cache_and_gives_the_same_findings(tmp_path):
    env = {**os.environ, "PROMOLINT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "promolint", "check", "--isolated", "--format", "concise",
           str(ROOT / "examples" / "campaign.txt")]
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert first.returncode == 1 and first.stdout
    assert list((tmp_path / "cache").glob("regex-*.pickle"))
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)


# Runs `promolint check` in-process and prints how many patterns it had to compile.
COUNT_COMPILES = r"""
import sys
import regex
compiled = []
real = regex.compile
regex.compile = lambda *a, **k: compiled.append(a[0]) or real(*a, **k)
from promolint.cli import main
sys.argv = ["promolint", "check", "--isolated", "--format", "concise", sys.argv[1]]
try:
    main()
except SystemExit:
    pass
print("COMPILED", len(compiled), file=sys.stderr)
"""


def _compiles(env: dict, path: Path) -> int:
    proc = subprocess.run([sys.executable, "-c", COUNT_COMPILES, str(path)], capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=120, cwd=ROOT)
    assert "Traceback" not in proc.stderr, proc.stderr
    return int(proc.stderr.rsplit("COMPILED", 1)[1])


def test_a_warm_run_compiles_nothing_whatever_the_hash_seed(tmp_path):
    """Every pattern a run uses (rules, checks' module patterns, source readers) comes
    from the cache on the second run, also when the hash seed changes the order of sets."""
    env = {"PROMOLINT_CACHE_DIR": str(tmp_path / "cache")}
    for name, text in (("clean.txt", "欢迎到营业厅咨询办理业务。\n"),
                       ("offer.md", "# 新春特惠\n\n办宽带送路由器，全网最低价！\n")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert _compiles({**env, "PYTHONHASHSEED": "1"}, path) > 0
        assert _compiles({**env, "PYTHONHASHSEED": "2"}, path) == 0


def test_an_overfull_cache_keeps_what_the_run_used(tmp_path):
    """Stale entries of edited packs (patterns and derived values) are dropped once the
    file holds more than MAX_ENTRIES; what this process used stays."""
    from promolint import regex_cache

    path = tmp_path / f"regex-{regex.__version__}.pickle"
    stale = {("anchors", f"stale{i}"): (f"s{i}",) for i in range(regex_cache.MAX_ENTRIES + 10)}
    path.write_bytes(pickle.dumps({"patterns": {}, "derived": stale}))
    probe = ("from promolint import regex_cache\n"
             "regex_cache.compile('kept+')\n"
             "regex_cache.derived('anchors', 'stale3', lambda: None)\n"
             "regex_cache.derived('anchors', 'fresh', lambda: ('x',))\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PROMOLINT_CACHE_DIR": str(tmp_path)}, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    data = pickle.loads(path.read_bytes())
    assert set(data["patterns"]) == {("kept+", 0)}
    assert data["derived"] == {("anchors", "stale3"): ("s3",), ("anchors", "fresh"): ("x",)}
