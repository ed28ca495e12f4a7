"""Hostile input through the real CLI: every bad file is named once with a one-line
reason (stderr and the JSON ``errors`` list), the good files' findings survive, the
exit code is 2 whenever a file could not be checked, and there is never a traceback.
All files are generated at test time by tests/hostile.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from hostile import GOOD_AD, QUOTA, build_batch, snapshot

CHECK = ("check", "--isolated", "--select", "PL201", "--jobs", "1")


def error_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if "错误：" in ln]


def assert_clean_failure(proc) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    return build_batch(tmp_path_factory.mktemp("hostile") / "batch")


@pytest.fixture(scope="module")
def batch_json(batch):
    from conftest import run_cli

    proc = run_cli(*CHECK, "--format", "json", ".", cwd=batch.root)
    return proc, json.loads(proc.stdout)


def test_every_bad_file_is_one_error_and_good_findings_survive(batch, batch_json):
    proc, data = batch_json
    assert_clean_failure(proc)
    errors: dict[str, list[str]] = {}
    for e in data["errors"]:
        errors.setdefault(e["path"], []).append(e["message"])
    assert set(errors) == set(batch.errors)
    for path, reason in batch.errors.items():
        assert any(reason in m for m in errors[path]), (path, errors[path])
    assert all("\n" not in m and m for ms in errors.values() for m in ms)
    found: dict[str, int] = {}
    for f in data["findings"]:
        found[f["path"]] = found.get(f["path"], 0) + 1
        assert f["excerpt"] == QUOTA
    assert found == batch.good
    # empty and BOM-only files are valid (empty) text: checked, nothing to report
    for name in batch.clean:
        assert name not in errors and name not in found


def test_text_output_names_each_bad_file_on_one_stderr_line(batch, cli):
    proc = cli(*CHECK, ".", cwd=batch.root)
    assert_clean_failure(proc)
    lines = error_lines(proc.stderr)
    for path in batch.errors:
        mine = [ln for ln in lines if ln.startswith(path + ": 错误：")]
        assert mine, path
    # one line per error: the count matches the JSON errors list exactly
    assert len(lines) == len(json.loads(cli(*CHECK, "--format", "json", ".", cwd=batch.root).stdout)["errors"])
    for shown in batch.good:
        assert shown in proc.stdout


def test_jsonl_bad_lines_are_numbered_and_good_lines_kept(batch, batch_json):
    _, data = batch_json
    msgs = [e["message"] for e in data["errors"] if e["path"] == "mixed.jsonl"]
    assert sorted(m.split(":")[0] for m in msgs) == ["line 2", "line 3", "line 4", "line 5"]
    records = [f["record"] for f in data["findings"] if f["path"] == "mixed.jsonl"]
    assert records == ["line 1, field text", "line 6, field text"]


def test_csv_huge_field_and_ragged_rows(batch, batch_json):
    _, data = batch_json
    located = [(f["record"], f["column"]) for f in data["findings"] if f["path"] == "ragged.csv"]
    assert located == [("row 2, column 文案", 1), ("row 4, column 文案", 2 * (10 * 1024 * 1024 // 6) + 2),
                       ("row 5, column 文案", 3)]


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "jsonl", "sarif", "github", "junit"])
def test_odd_file_names_print_in_every_format(tmp_path, cli, fmt):
    root = tmp_path / "names"
    root.mkdir()
    (root / "空 格 🎉.txt").write_text(GOOD_AD, encoding="utf-8")
    with open(os.path.join(os.fsencode(root), b"bad-\xff\xfe.txt"), "wb") as fh:
        fh.write(GOOD_AD.encode())
    os.symlink("nowhere.txt", root / "坏链接 🔗.txt")
    proc = cli(*CHECK, "--format", fmt, ".", cwd=root)
    assert_clean_failure(proc)
    assert "坏链接 🔗.txt: 错误：" in proc.stderr
    from urllib.parse import quote

    for shown in ("空 格 🎉.txt", "bad-\\xff\\xfe.txt"):
        # as is, JSON-escaped, or as a SARIF URI
        assert any(form in proc.stdout for form in (shown, shown.replace("\\", "\\\\"), quote(shown))), shown


def test_stdin_that_is_not_text_beside_a_good_file(tmp_path, cli):
    (tmp_path / "good.txt").write_text(GOOD_AD, encoding="utf-8")
    for data, reason in ((os.urandom(4096) + b"\x00", "NUL"),
                         ("限时特惠，名额有限，先到先得".encode("utf-16-le"), "UTF-16"),
                         (GOOD_AD.encode()[:-1], "UTF-8"),
                         (b"\xc0\xc1\xf5\xff" * 10, "编码")):
        proc = cli(*CHECK, "--format", "json", "--stdin-filename", "粘贴.txt", "-", "good.txt",
                   input=data, cwd=tmp_path)
        assert_clean_failure(proc)
        out = json.loads(proc.stdout)
        assert [e["path"] for e in out["errors"]] == ["粘贴.txt"]
        assert reason in out["errors"][0]["message"]
        assert [f["path"] for f in out["findings"]] == ["good.txt"]
        assert error_lines(proc.stderr) == [f"粘贴.txt: 错误：{out['errors'][0]['message']}"]


def test_long_tokens_and_a_line_without_punctuation(tmp_path, cli):
    """A 1 MB run of one hanzi, a 1 MB ASCII word: tokenised in bounded windows.

    The hanzi is not one the rule's patterns start on: a 1 MB run of 限 makes PL201's
    disclosure pattern try a match at every position (~2.5 s on an idle machine), which
    under load runs out of the rule's time budget. That budget is tested on its own
    (test_rule_budget.py); this test is about tokenising and locating."""
    n = 1024 * 1024
    (tmp_path / "han.txt").write_text("嗯" * n + "，" + QUOTA, encoding="utf-8")
    (tmp_path / "word.txt").write_text("a" * n + " " + QUOTA, encoding="utf-8")
    (tmp_path / "mixed.txt").write_text(("宽带" * 600 + QUOTA) * 300, encoding="utf-8")
    proc = cli(*CHECK, "--format", "json", ".", cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert data["errors"] == []
    pl201 = [(f["path"], f["column"]) for f in data["findings"] if f["rule"] == "PL201"]
    assert ("han.txt", n + 2) in pl201 and ("word.txt", n + 2) in pl201
    # once_per = "sentence": the line is one sentence, so one finding, the first
    assert [c for p, c in pl201 if p == "mixed.txt"] == [1201]


def test_a_50_mb_line(tmp_path, cli):
    """One 50 MB line with no sentence end anywhere: finishes in bounded memory (the
    line is one sentence and one paragraph) and finds the ad at its very end.

    The filler holds no rule anchor, so only the rules the ad itself wakes up scan the
    50 MB (each at roughly 10 MB/s); copy dense with triggers costs that per rule. The
    cross-document plan extractor (channel-inconsistency) is left out: it is linear but
    scans at about 1.5 MB/s, which alone would take half a minute here."""
    filler = ("lorem ipsum dolor sit amet consectetur adipiscing elit " * 20000)[: 1024 * 1024]
    text = filler * 50 + "限时特惠，" + QUOTA
    path = tmp_path / "one-line.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 50 * 1024 * 1024
    proc = cli("check", "--isolated", "--ignore", "channel-inconsistency", "--format", "json",
               "one-line.txt", cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert data["errors"] == []
    assert ("PL201", len(text) - len(QUOTA) + 1) in {(f["rule"], f["column"]) for f in data["findings"]}


def test_a_file_that_vanishes_after_discovery(tmp_path, cli):
    """A python check deletes a later file of the batch while the first one is linted."""
    pack = tmp_path / "pack"
    (pack / "rules").mkdir(parents=True)
    (pack / "pack.toml").write_text('name = "vanish"\n', encoding="utf-8")
    (pack / "rules" / "VX001.toml").write_text(
        'code = "VX001"\nname = "remove-victim"\ncategory = "exaggeration"\ncheck = "python"\n'
        'entry = "remove.py:run"\nmessage = "x"\n[docs]\nwhat = "x"\nwhy = "x"\n', encoding="utf-8")
    victim = tmp_path / "docs" / "b-victim.txt"
    (pack / "rules" / "remove.py").write_text(
        "import os\n"
        "def run(ctx, rule):\n"
        "    if 'REMOVE-VICTIM' in ctx.text and os.path.exists(%r):\n"
        "        os.remove(%r)\n"
        "    return []\n" % (str(victim), str(victim)), encoding="utf-8")
    (tmp_path / "promolint.toml").write_text('packs = ["pack"]\nselect = ["PL201", "VX"]\n',
                                              encoding="utf-8")
    victim.parent.mkdir()
    (victim.parent / "a-first.txt").write_text("REMOVE-VICTIM " + GOOD_AD, encoding="utf-8")
    victim.write_text(GOOD_AD, encoding="utf-8")
    (victim.parent / "c-last.txt").write_text(GOOD_AD, encoding="utf-8")
    proc = cli("check", "--jobs", "1", "--format", "json", "docs", cwd=tmp_path)
    assert_clean_failure(proc)
    data = json.loads(proc.stdout)
    assert not victim.exists()
    assert [(e["path"], "被删除" in e["message"]) for e in data["errors"]] == [("docs/b-victim.txt", True)]
    assert [f["path"] for f in data["findings"]] == ["docs/a-first.txt", "docs/c-last.txt"]


# As root, permissions do not block reads; without these two capabilities they do.
DROP_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def _run_without_dac(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    prefix = DROP_DAC if os.geteuid() == 0 else []
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run([*prefix, sys.executable, "-m", "promolint", *args], capture_output=True,
                          cwd=cwd, env=env, timeout=120)
    proc.stdout, proc.stderr = proc.stdout.decode(), proc.stderr.decode()
    return proc


def test_unreadable_files_and_folders(tmp_path):
    """chmod 000 blocks an ordinary user; as root the CLI runs without the capabilities
    that let root read anything (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)."""
    secret = tmp_path / "secret.txt"
    secret.write_text(GOOD_AD, encoding="utf-8")
    secret.chmod(0o000)
    if os.geteuid() == 0:
        try:
            probe = subprocess.run([*DROP_DAC, "cat", str(secret)], capture_output=True, timeout=30)
        except OSError as exc:
            pytest.skip(f"running as root and setpriv is unavailable ({exc}): cannot make a file unreadable")
        if probe.returncode == 0 or b"Permission denied" not in probe.stderr:
            pytest.skip("running as root and dropping CAP_DAC_OVERRIDE is not permitted here: "
                        "permissions cannot make a file unreadable")
    (tmp_path / "good.txt").write_text(GOOD_AD, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(GOOD_AD, encoding="utf-8")
    locked.chmod(0o000)
    try:
        proc = _run_without_dac([*CHECK, "--format", "json", "."], tmp_path)
        assert_clean_failure(proc)
        data = json.loads(proc.stdout)
        errors = {e["path"]: e["message"] for e in data["errors"]}
        assert errors == {"secret.txt": "没有读取权限", "locked": "无法列出目录：没有读取权限"}
        assert [f["path"] for f in data["findings"]] == ["good.txt"]
        assert sorted(error_lines(proc.stderr)) == ["locked: 错误：无法列出目录：没有读取权限",
                                                    "secret.txt: 错误：没有读取权限"]
        # named explicitly, below a folder that cannot be searched
        proc = _run_without_dac([*CHECK, "locked/inside.txt", "good.txt"], tmp_path)
        assert_clean_failure(proc)
        assert error_lines(proc.stderr) == ["locked/inside.txt: 错误：没有读取权限"]
        assert "good.txt" in proc.stdout
    finally:
        locked.chmod(0o755)
        secret.chmod(0o644)


def test_special_paths_named_explicitly(tmp_path, cli):
    (tmp_path / "good.txt").write_text(GOOD_AD, encoding="utf-8")
    (tmp_path / "folder.txt").mkdir()
    os.mkfifo(tmp_path / "pipe.md")
    proc = cli(*CHECK, "folder.txt/", "pipe.md", "missing.txt", "/dev/null", "good.txt", cwd=tmp_path)
    assert_clean_failure(proc)
    lines = error_lines(proc.stderr)
    assert any(ln.startswith("pipe.md: 错误：不是普通文件") for ln in lines)
    assert any(ln.startswith("missing.txt: 错误：") for ln in lines)
    assert any(ln.startswith("/dev/null: 错误：不是普通文件") for ln in lines)
    assert "good.txt" in proc.stdout


def test_checked_files_are_never_written(batch, tmp_path, cli):
    before = snapshot(batch.root)
    for args in (["--statistics", "--report-unused-suppressions"],
                 ["--format", "sarif", "--output", str(tmp_path / "r.sarif")],
                 ["--format", "json", "--output", str(tmp_path / "out" / "r.json"), "--jobs", "2"]):
        proc = cli(*CHECK, *args, ".", cwd=batch.root)
        assert "Traceback" not in proc.stderr
        assert proc.returncode == 2
    assert snapshot(batch.root) == before
    assert (tmp_path / "out" / "r.json").is_file()
