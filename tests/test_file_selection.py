"""Which files a folder walk lints: .gitignore (nested, negation, anchored, directory-only,
``**``), .git/info/exclude, git's global excludes file, .promolintignore, --no-ignore-files / respect-gitignore,
--include / --exclude, and symlinks that never lead out of the tree. Real folders in
tmp_path, a real ``git init`` repository, real symlinks and the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from promolint.api import Options, iter_files
from promolint.config import Config, ConfigError, load_config_file

FLAGGED = "千兆宽带办理送路由器，名额有限。\n"


def write(path: Path, text: str = FLAGGED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def git_init(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True, capture_output=True)
    return folder


def walked(paths: list[str], cwd: Path, cfg: Config | None = None, **opts) -> list[str]:
    """Display paths of the files a run would lint (errors fail the test)."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        out = []
        for display, path, error in iter_files(paths, cfg or Config(root=cwd), Options(**opts)):
            assert error is None, (display, error)
            out.append(display)
        return out
    finally:
        os.chdir(old)


def linted(cli, *args: str, cwd: Path) -> tuple[int, list[str], dict]:
    """Run the CLI (JSON); the paths that have findings, in report order, and the report."""
    proc = cli("check", "--format", "json", "--select", "PL201", *args, cwd=cwd)
    data = json.loads(proc.stdout)
    return proc.returncode, [f["path"] for f in data["findings"]], data


@pytest.fixture(autouse=True)
def isolated_git_config(tmp_path: Path, monkeypatch) -> Path:
    """No global git configuration or excludes file of the machine leaks into a test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return home


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git work tree with nested ignore files."""
    root = git_init(tmp_path / "repo")
    write(root / ".gitignore", "drafts/*\n!drafts/keep.md\n/top.txt\nbuild/\nlogs/**/old.md\n# comment\n")
    write(root / "a" / ".gitignore", "*.md\n!y.md\n")
    for rel in ("top.txt", "sub/top.txt", "a/x.md", "a/y.md", "a/b/y.md", "a/b/z.md", "a/c.txt",
                "drafts/d.md", "drafts/keep.md", "build/o.txt", "sub/build.txt",
                "logs/old.md", "logs/2024/05/old.md", "logs/2024/new.md"):
        write(root / rel)
    write(root / "notbuild" / "build", "")  # a *file* named build: "build/" is folders only
    return root


def test_nested_gitignore_with_negation_anchoring_and_dir_only(repo):
    assert walked(["."], repo) == [
        "a/c.txt", "a/y.md", "a/b/y.md",          # a/.gitignore: *.md but !y.md
        "drafts/keep.md",                          # drafts/* then !drafts/keep.md
        "logs/2024/new.md",                        # logs/**/old.md ignores both old.md
        "sub/build.txt", "sub/top.txt",            # /top.txt is anchored to the root
    ]


def test_deeper_negation_reincludes_but_not_inside_an_ignored_folder(repo):
    write(repo / "a" / "b" / ".gitignore", "!z.md\n")
    write(repo / "build" / ".gitignore", "!o.txt\n")  # build/ is never entered: git's rule
    files = walked(["."], repo)
    assert "a/b/z.md" in files and "a/x.md" not in files
    assert not [f for f in files if f.startswith("build/")]


def test_git_info_exclude_and_parent_gitignore_of_a_walked_subfolder(repo):
    write(repo / ".git" / "info" / "exclude", "c.txt\n")
    assert walked(["a"], repo) == ["a/y.md", "a/b/y.md"]
    # Walking from inside: the repository root's patterns still apply, relative to it.
    write(repo / "drafts" / "sub" / "deep.md")
    assert walked(["."], repo / "drafts") == ["keep.md"]
    # .gitignore outranks info/exclude.
    write(repo / "a" / ".gitignore", "!c.txt\n*.md\n!y.md\n")
    assert "a/c.txt" in walked(["a"], repo)


def test_global_git_excludes_file_ranks_below_info_exclude(repo, isolated_git_config, tmp_path):
    home = isolated_git_config
    write(home / ".config" / "git" / "ignore", "*.txt\n")  # git's default location
    assert walked(["."], repo) == ["a/y.md", "a/b/y.md", "drafts/keep.md", "logs/2024/new.md"]
    # info/exclude outranks the global file; a .gitignore outranks both.
    write(repo / ".git" / "info" / "exclude", "!sub/top.txt\n")
    write(repo / "a" / ".gitignore", "*.md\n!y.md\n!c.txt\n")
    assert walked(["."], repo) == ["a/c.txt", "a/y.md", "a/b/y.md", "drafts/keep.md",
                                   "logs/2024/new.md", "sub/top.txt"]
    # Outside a git work tree the global file does not apply (as in git).
    write(tmp_path / "plain" / "x.txt")
    assert walked(["."], tmp_path / "plain") == ["x.txt"]


def test_core_excludes_file_from_git_config(repo, isolated_git_config, cli):
    home = isolated_git_config
    write(home / ".gitconfig", "[core]\n\texcludesFile = ~/my-ignore\n")
    write(home / "my-ignore", "a/\nsub/\n")
    write(home / ".config" / "git" / "ignore", "*.md\n")  # not read: core.excludesFile wins
    expected = ["drafts/keep.md", "logs/2024/new.md"]
    assert walked(["."], repo) == expected
    code, paths, data = linted(cli, ".", cwd=repo)
    assert code == 1 and data["errors"] == [] and paths == expected


def test_a_folder_named_on_the_command_line_is_walked_even_when_ignored(repo):
    assert walked(["build"], repo) == ["build/o.txt"]
    # "drafts/*" ignores what drafts holds, not the folder: that still applies inside.
    assert walked(["drafts"], repo) == ["drafts/keep.md"]


def test_nested_repository_does_not_inherit_the_outer_gitignore(repo):
    inner = git_init(repo / "vendor" / "inner")
    write(inner / "top.txt")
    write(inner / "a" / "x.md")
    write(repo / ".gitignore", "*.txt\n", )
    files = walked(["vendor"], repo)
    assert files == ["vendor/inner/top.txt", "vendor/inner/a/x.md"]


def test_promolintignore_without_git_and_its_precedence(tmp_path):
    root = tmp_path / "archive"  # no git anywhere above tmp_path's archive
    for rel in ("keep.md", "old/a.md", "old/b.md", "x/skip.txt", "x/y/skip.txt", "x/y/ok.md"):
        write(root / rel)
    write(root / ".promolintignore", "old/\n**/skip.txt\n")
    write(root / "x" / ".gitignore", "ok.md\n")
    write(root / "x" / ".promolintignore", "!ok.md\n")  # outranks .gitignore in the same folder
    assert walked(["."], root) == ["keep.md", "x/y/ok.md"]


def test_ignore_file_with_bom_crlf_and_invalid_lines(tmp_path):
    write(tmp_path / "a.md")
    write(tmp_path / "b.md")
    write(tmp_path / "c.md")
    (tmp_path / ".gitignore").write_bytes(b"\xef\xbb\xbfa.md\r\n!\r\nb\\\r\nc.md\r\n")
    assert walked(["."], tmp_path) == ["b.md"]


def test_config_respect_gitignore_false_and_wrong_type(tmp_path):
    write(tmp_path / "promolint.toml", "respect-gitignore = false\n")
    cfg = load_config_file(tmp_path / "promolint.toml")
    write(tmp_path / ".gitignore", "*.md\n")
    write(tmp_path / "a.md")
    assert walked(["."], tmp_path, cfg) == ["a.md"]
    assert walked(["."], tmp_path, cfg, respect_gitignore=True) == []
    write(tmp_path / "promolint.toml", 'respect-gitignore = "no"\n')
    with pytest.raises(ConfigError, match="respect-gitignore"):
        load_config_file(tmp_path / "promolint.toml")


def test_cli_gitignore_default_and_no_ignore_files(repo, cli):
    code, paths, data = linted(cli, ".", cwd=repo)
    assert code == 1 and data["errors"] == []
    assert sorted(paths) == sorted(["a/c.txt", "a/y.md", "a/b/y.md", "drafts/keep.md",
                                    "logs/2024/new.md", "sub/build.txt", "sub/top.txt"])
    code, paths, _ = linted(cli, "--no-ignore-files", ".", cwd=repo)
    assert code == 1
    assert {"top.txt", "a/x.md", "drafts/d.md", "build/o.txt", "logs/old.md"} <= set(paths)
    assert len(paths) == 14


def test_cli_include_and_exclude(repo, cli):
    write(repo / "promolint.toml", 'exclude = ["sub"]\n')
    _, paths, _ = linted(cli, "--include", "*.md", ".", cwd=repo)
    assert sorted(paths) == ["a/b/y.md", "a/y.md", "drafts/keep.md", "logs/2024/new.md"]
    # --exclude is repeatable, takes commas, and extends the configuration's exclude.
    _, paths, _ = linted(cli, "--exclude", "b", "--exclude", "logs,*.txt", ".", cwd=repo)
    assert sorted(paths) == ["a/y.md", "drafts/keep.md"]
    # Globs also match the path inside the walked folder.
    _, paths, _ = linted(cli, "--include", "2024/*", "logs", cwd=repo)
    assert paths == ["logs/2024/new.md"]


def test_config_include_and_its_command_line_override(repo, cli):
    write(repo / "promolint.toml", 'include = ["*.txt"]\n')
    cfg = load_config_file(repo / "promolint.toml")
    assert walked(["."], repo, cfg) == ["a/c.txt", "sub/build.txt", "sub/top.txt"]
    assert walked(["."], repo, cfg, include=["logs/2024/*"]) == ["logs/2024/new.md"]
    _, paths, _ = linted(cli, ".", cwd=repo)
    assert paths == ["a/c.txt", "sub/build.txt", "sub/top.txt"]
    _, paths, _ = linted(cli, "--include", "keep.md", ".", cwd=repo)
    assert paths == ["drafts/keep.md"]
    write(repo / "promolint.toml", 'include = "*.md"\n')
    proc = cli("check", ".", cwd=repo)
    assert proc.returncode == 2 and "include" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_help_documents_file_selection(cli):
    out = cli("check", "--help").stdout
    for flag in ("--exclude", "--include", "--no-ignore-files", ".gitignore", ".promolintignore"):
        assert flag in out


def test_explicit_files_are_always_linted(repo, cli, tmp_path):
    outside = write(tmp_path / "outside.md")
    os.symlink(outside, repo / "link-out.md")
    code, paths, data = linted(cli, "--exclude", "*.md", "--include", "*.txt",
                               "a/x.md", "top.txt", "link-out.md", "drafts/d.md", cwd=repo)
    assert code == 1 and data["errors"] == []
    assert paths == ["a/x.md", "top.txt", "link-out.md", "drafts/d.md"]


def test_symlinks_out_of_the_tree_are_skipped_without_error(tmp_path, cli):
    outside = tmp_path / "outside"
    write(outside / "secret.md")
    root = tmp_path / "tree"
    write(root / "real.md")
    os.symlink(outside / "secret.md", root / "file-out.md")
    os.symlink("../outside/secret.md", root / "relative-out.md")
    os.symlink(outside, root / "dir-out")
    os.symlink("/nonexistent/elsewhere.md", root / "dangling-out.md")
    code, paths, data = linted(cli, ".", cwd=root)
    assert (code, paths, data["errors"], data["summary"]["files"]) == (1, ["real.md"], [], 1)


def test_symlinks_inside_the_tree_lint_each_file_once(tmp_path):
    root = tmp_path / "tree"
    write(root / "a" / "real.md")
    write(root / "notes" / "draft.bak")           # not a lintable suffix: walk skips it
    os.symlink("a/real.md", root / "alias.md")    # target reached by the walk
    os.symlink("a", root / "a-again")             # folder link: not descended
    os.symlink("notes/draft.bak", root / "draft.md")   # target not reached: linted as the link
    os.symlink("notes/draft.bak", root / "draft2.md")  # same target again: not twice
    os.symlink("../draft.md", root / "a" / "chain.md")  # link to a link, same real file
    assert walked(["."], root) == ["draft.md", "a/real.md"]


def test_symlink_loops_do_not_hang_and_are_reported(tmp_path, cli):
    write(tmp_path / "ok.md")
    os.symlink("loop-b.md", tmp_path / "loop-a.md")
    os.symlink("loop-a.md", tmp_path / "loop-b.md")
    os.symlink(".", tmp_path / "here")  # a folder loop: never descended
    proc = cli("check", "--format", "json", "--select", "PL201", ".", cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert proc.returncode == 2
    assert [f["path"] for f in data["findings"]] == ["ok.md"]
    assert sorted(e["path"] for e in data["errors"]) == ["loop-a.md", "loop-b.md"]


def test_walk_streams_in_sorted_order(tmp_path):
    """The second folder is listed only after the first file was handed out."""
    for rel in ("b/2.md", "b/1.md", "a.md", "c/z/9.md", "c/0.md"):
        write(tmp_path / rel)
    files = iter_files([str(tmp_path)], Config(root=tmp_path))
    first = next(files)
    assert first[0] == str(tmp_path / "a.md")
    write(tmp_path / "c" / "y" / "late.md")  # created while the walk is under way
    rest = [display for display, _path, _error in files]
    prefix = str(tmp_path) + os.sep
    assert [r.removeprefix(prefix) for r in rest] == ["b/1.md", "b/2.md", "c/0.md", "c/y/late.md",
                                                      "c/z/9.md"]


def test_ignore_file_that_is_a_fifo_or_a_folder_is_passed_over(tmp_path):
    write(tmp_path / "a.md")
    os.mkfifo(tmp_path / ".gitignore")  # opening it for reading would block forever
    (tmp_path / "sub" / ".promolintignore").mkdir(parents=True)
    write(tmp_path / "sub" / "b.md")
    assert walked(["."], tmp_path) == ["a.md", "sub/b.md"]


def test_unreadable_ignore_file_and_folder_are_reported(tmp_path):
    """As root, the CLI runs without the capabilities that let root read anything."""
    from test_hostile_input import DROP_DAC

    write(tmp_path / "a.md")
    bad = write(tmp_path / "sub" / ".gitignore", "*\n")
    write(tmp_path / "sub" / "b.md")
    locked = tmp_path / "locked"
    write(locked / "c.md")
    bad.chmod(0)
    locked.chmod(0)
    prefix = DROP_DAC if os.geteuid() == 0 else []
    try:
        if prefix:
            probe = subprocess.run([*prefix, "cat", str(bad)], capture_output=True, timeout=30)
            if probe.returncode == 0:
                pytest.skip("running as root and dropping CAP_DAC_OVERRIDE is not permitted here")
        proc = subprocess.run([*prefix, sys.executable, "-m", "promolint", "check", "--format", "json",
                               "--select", "PL201", "."], capture_output=True, cwd=tmp_path,
                              env={**os.environ, "NO_COLOR": "1"}, timeout=120)
    finally:
        bad.chmod(0o644)
        locked.chmod(0o755)
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert {e["path"]: e["message"] for e in data["errors"]} == {
        "sub/.gitignore": "无法读取忽略文件：没有读取权限", "locked": "无法列出目录：没有读取权限"}
    # The folder whose ignore file could not be read is still walked (without its patterns).
    assert [f["path"] for f in data["findings"]] == ["a.md", "sub/b.md"]


def test_linting_starts_before_the_walk_ends(tmp_path, linter):
    """iter_results lints the first file before later folders are listed; a folder that
    cannot be read is reported in its place in the walk (here: a file, not a folder)."""
    from promolint.api import iter_results

    write(tmp_path / "a.md")
    write(tmp_path / "b" / "1.md")
    results = iter_results([str(tmp_path / "a.md"), str(tmp_path / "missing"), str(tmp_path)],
                           Config(root=tmp_path), linter=linter, jobs=1)
    first = next(results)
    assert first.display.endswith("a.md") and first.findings
    write(tmp_path / "c" / "late.md")  # created after linting began
    rest = [(Path(r.display).name, bool(r.errors)) for r in results]
    assert rest == [("missing", True), ("a.md", False), ("1.md", False), ("late.md", False)]
