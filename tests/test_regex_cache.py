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
