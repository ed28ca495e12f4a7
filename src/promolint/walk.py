"""Which files a folder walk lints: ignore files (.gitignore, .promolintignore,
.git/info/exclude, git's global ``core.excludesFile``), include/exclude globs, and
symlinks that never lead out of the tree.

The walk streams: each folder is listed (sorted) when it is reached, its files are
yielded, then its subfolders are walked one after the other, so linting starts at once
and only the folders still to visit are held. Ignore files follow git's rules (via
``pathspec``'s ``GitIgnoreSpec``): each file's patterns are relative to its folder, the
deepest file that matches a path decides, within a file the last matching pattern wins,
and nothing under an ignored folder can be re-included (the folder is never entered).
In one folder ``.promolintignore`` outranks ``.gitignore``; ``.git/info/exclude`` ranks
below every ``.gitignore`` of its repository, and the user's global excludes file
(``git config core.excludesFile``, by default ``$XDG_CONFIG_HOME/git/ignore``) below
that, as in git. Global excludes apply only inside a git work tree.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path

from pathspec import GitIgnoreSpec

# In rising precedence within one folder.
IGNORE_FILES = (".gitignore", ".promolintignore")


@dataclass(frozen=True)
class Selection:
    """What the walk keeps: globs from the configuration and command line, and whether
    ignore files count."""

    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()       # when given, only files matching one are linted
    respect_ignore_files: bool = True
    config_root: Path | None = None     # folder of the configuration file, if there is one
    skip_dirs: tuple[str, ...] = ()     # folder names never entered (VCS, virtualenvs…)


@dataclass(frozen=True)
class _Frame:
    """The patterns of one ignore file, relative to ``base`` (a folder, as a posix path
    from the top of the walk's ignore scope; ``""`` is the top itself)."""

    base: str
    spec: GitIgnoreSpec
    git: bool  # from git (.gitignore, info/exclude): not inherited by a nested repository


@dataclass
class WalkItem:
    """One thing the walk found: a file to lint, or something it could not read."""

    path: Path
    problem: str | None = None    # what could not be read ("无法列出目录："…), then ``os_error``
    os_error: OSError | None = None


def _ignored(frames: tuple[_Frame, ...], rel: str, is_dir: bool) -> bool:
    """Whether the deepest ignore file that has an opinion on ``rel`` ignores it."""
    for fr in reversed(frames):
        sub = rel[len(fr.base) + 1:] if fr.base else rel
        if not sub:
            continue
        result = fr.spec.check_file(sub + "/" if is_dir else sub)
        if result.include is not None:
            return bool(result.include)
    return False


def _compile(lines: list[str]) -> GitIgnoreSpec:
    try:
        return GitIgnoreSpec.from_lines(lines)
    except ValueError:  # like git, drop the lines that are not valid patterns
        good = []
        for line in lines:
            try:
                GitIgnoreSpec.from_lines([line])
            except ValueError:
                continue
            good.append(line)
        return GitIgnoreSpec.from_lines(good)


def _read_patterns(path: str) -> list[str]:
    """The lines of an ignore file (none when it is not a regular file: a FIFO would
    block); raises OSError when it cannot be read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return []
        data = fh.read(4 * 1024 * 1024)
    text = data.decode("utf-8", "surrogateescape")  # file names are bytes to git as well
    return text.removeprefix("\ufeff").splitlines()


def _git_exclude_file(repo: str) -> str | None:
    """``info/exclude`` of the repository whose work tree is ``repo`` (also for a
    worktree or submodule, whose ``.git`` is a file naming the real git folder)."""
    dot_git = os.path.join(repo, ".git")
    if os.path.isdir(dot_git):
        return os.path.join(dot_git, "info", "exclude")
    try:
        with open(dot_git, encoding="utf-8", errors="replace") as fh:
            first = fh.readline().strip()
    except OSError:
        return None
    if not first.startswith("gitdir:"):
        return None
    gitdir = os.path.join(repo, first[len("gitdir:"):].strip())
    try:
        with open(os.path.join(gitdir, "commondir"), encoding="utf-8", errors="replace") as fh:
            gitdir = os.path.join(gitdir, fh.read().strip())
    except OSError:
        pass
    return os.path.join(gitdir, "info", "exclude")


@lru_cache(maxsize=64)
def _global_exclude_file(repo: str) -> str | None:
    """The user's global git excludes file for the work tree ``repo``: what
    ``git config --path core.excludesFile`` says there (it follows git's own includes
    and ``~``), else git's default ``$XDG_CONFIG_HOME/git/ignore``. Asked once per
    repository and run; without git installed, the default is used."""
    try:
        proc = subprocess.run(["git", "config", "--path", "--get", "core.excludesFile"],
                              cwd=repo, capture_output=True, text=True, timeout=5)
        configured = proc.stdout.strip() if proc.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        configured = ""
    if configured:
        return os.path.join(repo, os.path.expanduser(configured))
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(xdg, "git", "ignore")


def _enter(frames: tuple[_Frame, ...], folder: str, rel: str, names: set[str] | None,
           errors: list[tuple[str, OSError]] | None) -> tuple[_Frame, ...]:
    """The frames in force inside ``folder`` (``rel`` from the top): a nested repository
    drops the git frames above it and brings its own ``info/exclude``; then this folder's
    ignore files. ``names`` are the folder's entries when already listed."""
    def has(name: str) -> bool:
        return name in names if names is not None else os.path.lexists(os.path.join(folder, name))

    out = list(frames)
    sources: list[tuple[str, bool]] = []
    if has(".git"):
        out = [f for f in out if not f.git]
        # In rising precedence: global excludes, then the repository's info/exclude.
        for exclude in (_global_exclude_file(os.path.realpath(folder)), _git_exclude_file(folder)):
            if exclude and os.path.isfile(exclude):
                sources.append((exclude, True))
    sources += [(os.path.join(folder, n), n == ".gitignore") for n in IGNORE_FILES if has(n)]
    for path, git in sources:
        try:
            lines = _read_patterns(path)
        except OSError as exc:
            if errors is not None and not isinstance(exc, (FileNotFoundError, IsADirectoryError)):
                errors.append((path, exc))
            continue
        spec = _compile(lines)
        if spec.patterns:
            out.append(_Frame(rel, spec, git))
    return tuple(out)


def _is_within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _git_root(folder: str) -> str | None:
    for d in (folder, *map(str, Path(folder).parents)):
        if os.path.lexists(os.path.join(d, ".git")):
            return d
    return None


def _join(rel: str, name: str) -> str:
    return f"{rel}/{name}" if rel else name


@dataclass
class _Walker:
    root: Path                  # the folder as named (yielded paths start with it)
    sel: Selection
    root_real: str = ""
    root_rel: str = ""          # the root as seen from the top of the ignore scope
    start: tuple[_Frame, ...] = ()
    errors: list[tuple[str, OSError]] = field(default_factory=list)
    _target_frames: dict[str, tuple[_Frame, ...]] = field(default_factory=dict)
    _linked: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.root_real = os.path.realpath(self.root)
        if not self.sel.respect_ignore_files:
            return
        # Ignore files above the walked folder count up to the git work tree's root or,
        # outside git, up to the folder of the configuration file.
        top = _git_root(self.root_real)
        if top is None and self.sel.config_root is not None:
            cfg_root = os.path.realpath(self.sel.config_root)
            top = cfg_root if _is_within(self.root_real, cfg_root) else None
        if top is None or top == self.root_real:
            return
        self.root_rel = Path(os.path.relpath(self.root_real, top)).as_posix()
        frames: tuple[_Frame, ...] = ()
        rel = ""
        parts = self.root_rel.split("/")
        folder = top
        for part in parts:
            frames = _enter(frames, folder, rel, None, self.errors)
            rel = _join(rel, part)
            folder = os.path.join(folder, part)
            if _ignored(frames, rel, True):
                # The folder was named although ignored from above: walk it as its own
                # tree, so the pattern that ignores it does not ignore all it holds.
                frames = ()
                rel = ""
                self.root_rel = ""
                break
        self.start = frames

    # ---- filters -------------------------------------------------------------------

    def _glob_excluded(self, path: Path, rel_root: str, patterns: tuple[str, ...]) -> bool:
        name = path.name
        return any(fnmatch(name, p) or fnmatch(path.as_posix(), p) or fnmatch(rel_root, p)
                   for p in patterns)

    def _keep_dir(self, path: Path, name: str, rel_root: str, rel: str,
                  frames: tuple[_Frame, ...]) -> bool:
        if name.startswith(".") or name in self.sel.skip_dirs:
            return False
        if self._glob_excluded(path, rel_root, self.sel.exclude):
            return False
        return not _ignored(frames, rel, True)

    def _keep_file(self, path: Path, name: str, rel_root: str, rel: str,
                   frames: tuple[_Frame, ...], suffixes: set[str]) -> bool:
        if name.startswith(".") or os.path.splitext(name)[1].lower() not in suffixes:
            return False
        if self._glob_excluded(path, rel_root, self.sel.exclude):
            return False
        if self.sel.include and not any(
                fnmatch(name, p) or fnmatch(rel_root, p) or fnmatch(path.as_posix(), p)
                for p in self.sel.include):
            return False
        return not _ignored(frames, rel, False)

    def _walk_reaches(self, target_real: str, suffixes: set[str]) -> bool:
        """Whether the walk itself lints ``target_real`` (a real file inside the root)."""
        rel_root = Path(os.path.relpath(target_real, self.root_real)).as_posix()
        parts = rel_root.split("/")
        folder, path, rel = self.root_real, self.root, self.root_rel
        frames = self._frames_of(folder, rel, self.start)
        for i, part in enumerate(parts[:-1]):
            path, folder, rel = path / part, os.path.join(folder, part), _join(rel, part)
            if not self._keep_dir(path, part, "/".join(parts[:i + 1]), rel, frames):
                return False
            frames = self._frames_of(folder, rel, frames)
        return self._keep_file(path / parts[-1], parts[-1], rel_root, _join(rel, parts[-1]),
                               frames, suffixes)

    def _frames_of(self, folder: str, rel: str, above: tuple[_Frame, ...]) -> tuple[_Frame, ...]:
        if not self.sel.respect_ignore_files:
            return ()
        if folder not in self._target_frames:
            self._target_frames[folder] = _enter(above, folder, rel, None, None)
        return self._target_frames[folder]

    # ---- the walk ------------------------------------------------------------------

    def walk(self, suffixes: set[str]) -> Iterator[WalkItem]:
        yield from self._report_errors()
        # (path as named, rel from the top of the ignore scope, rel from root, frames above)
        stack: list[tuple[Path, str, str, tuple[_Frame, ...]]] = [
            (self.root, self.root_rel, "", self.start)]
        while stack:
            path, rel, rel_root, frames = stack.pop()
            try:
                with os.scandir(path) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                yield WalkItem(path, "无法列出目录：", exc)
                continue
            if self.sel.respect_ignore_files:
                frames = _enter(frames, str(path), rel, {e.name for e in entries}, self.errors)
                yield from self._report_errors()
            subdirs = []
            for entry in entries:
                name = entry.name
                child = path / name
                child_rel = _join(rel, name)
                child_rel_root = _join(rel_root, name)
                try:
                    is_link = entry.is_symlink()
                    is_dir = not is_link and entry.is_dir(follow_symlinks=False)
                except OSError:
                    is_link = is_dir = False
                if is_dir:
                    if self._keep_dir(child, name, child_rel_root, child_rel, frames):
                        subdirs.append((child, child_rel, child_rel_root, frames))
                    continue
                if not self._keep_file(child, name, child_rel_root, child_rel, frames, suffixes):
                    continue
                if is_link and not self._follow_link(child, suffixes):
                    continue
                yield WalkItem(child)
            stack.extend(reversed(subdirs))

    def _follow_link(self, link: Path, suffixes: set[str]) -> bool:
        """A symlink found while walking is linted only when it stays inside the tree,
        leads to a file, and that file is not linted anyway under its own name (nor
        through an earlier link). A link that cannot be resolved (dangling, a loop) is
        linted, so the reader reports it, when it points inside the tree."""
        target = os.path.realpath(link)  # never hangs on a loop (it stops resolving)
        if not _is_within(target, self.root_real):
            return False
        try:
            st = os.stat(link)
        except OSError:
            return True
        if stat.S_ISDIR(st.st_mode):
            return False
        if target in self._linked:
            return False
        if stat.S_ISREG(st.st_mode) and self._walk_reaches(target, suffixes):
            return False
        self._linked.add(target)
        return True

    def _report_errors(self) -> Iterator[WalkItem]:
        for path, exc in self.errors:
            yield WalkItem(Path(path), "无法读取忽略文件：", exc)
        self.errors.clear()


def walk_folder(root: Path, sel: Selection, suffixes: set[str]) -> Iterator[WalkItem]:
    """Files to lint under ``root`` (a folder named by the user), in a stable sorted
    order, with the folders and ignore files that could not be read as error items."""
    return _Walker(root, sel).walk(suffixes)
