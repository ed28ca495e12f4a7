"""promolint as a pre-commit hook: the manifest, and the real ``pre-commit try-repo`` run
against a temporary git repository with a flagged and a clean file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from promolint.sources import READERS

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"

FLAGGED = "千兆宽带办理送路由器，名额有限。\n"
CLEAN = "# 营业厅公告\n\n营业厅周一至周日 9:00-18:00 营业，欢迎咨询。\n"

# try-repo builds a virtualenv and installs promolint from the repository (from PyPI:
# hatchling, jieba, typer…): minutes on a cold pip cache.
INSTALL_TIMEOUT = 900


def _hook() -> dict:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    (hook,) = [h for h in hooks if h["id"] == "promolint"]
    return hook


def test_manifest_declares_the_promolint_hook():
    hook = _hook()
    assert hook["entry"] == "promolint check"
    assert hook["language"] == "python"
    assert hook["name"] and hook["description"]


@pytest.mark.parametrize("name", [
    "a.txt", "drafts/poster.md", "x.markdown", "page.html", "page.htm", "UPPER.TXT", "深层/目录/文案.md"])
def test_hook_files_pattern_matches_supported_copy(name):
    assert re.search(_hook()["files"], name)


@pytest.mark.parametrize("name", [
    "script.py", "image.png", "notes.txt.bak", "README", "archive.md.zip", "txt", "a.htmlx"])
def test_hook_files_pattern_skips_other_files(name):
    assert not re.search(_hook()["files"], name)


def test_every_suffix_the_hook_passes_has_a_reader():
    pattern = _hook()["files"]
    for suffix in (".txt", ".md", ".markdown", ".html", ".htm"):
        assert re.search(pattern, "f" + suffix)
        assert suffix in READERS, f"the hook passes {suffix} files but promolint has no reader for them"


# ---- the real pre-commit ------------------------------------------------------------

def _git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout


def _hook_repository(tmp: Path) -> Path:
    """The repository to try: the project root itself when it is a clean git checkout.

    With uncommitted work, try-repo would install HEAD plus changes to *tracked* files
    only (new files are left out), i.e. a tree that exists nowhere; so a snapshot of the
    working tree as it is on disk (tracked and untracked, minus ignored files) is
    committed to a scratch repository instead.
    """
    snap = tmp / "promolint-snapshot"
    if (ROOT / ".git").exists():
        if not _git("status", "--porcelain", cwd=ROOT).strip():
            return ROOT
        snap.mkdir()
        files = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
        for rel in filter(None, files.split("\0")):
            src = ROOT / rel
            if src.is_file():
                (snap / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, snap / rel)
    else:  # an unpacked source tree: copy it without environments and build output
        shutil.copytree(ROOT, snap, ignore=shutil.ignore_patterns(
            ".venv", "venv", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info",
            "build", "dist"))
    _git("init", "-q", ".", cwd=snap)
    _git("add", "-A", cwd=snap)
    _git("commit", "-q", "-m", "snapshot", cwd=snap)
    return snap


@pytest.fixture(scope="module")
def try_repo(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git is not installed: pre-commit needs it")
    base = tmp_path_factory.mktemp("precommit")
    hook_repo = _hook_repository(base)
    work = base / "copy"
    work.mkdir()
    _git("init", "-q", ".", cwd=work)
    (work / "flagged.txt").write_text(FLAGGED, encoding="utf-8")
    (work / "clean.md").write_text(CLEAN, encoding="utf-8")
    _git("add", "flagged.txt", "clean.md", cwd=work)
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "pre-commit-home"),
           "TMPDIR": str(base), "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)
    pre_commit = [sys.executable, "-m", "pre_commit"]

    def run(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*pre_commit, "try-repo", str(hook_repo), "promolint", "--files", *files],
            cwd=work, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)

    return run


def test_flagged_file_fails_the_hook(try_repo):
    proc = try_repo("flagged.txt")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "Failed" in out
    assert "PL201" in out and "flagged.txt" in out
    assert "Traceback" not in out


def test_clean_file_passes_the_hook(try_repo):
    proc = try_repo("clean.md")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Passed" in out
    assert "PL201" not in out
