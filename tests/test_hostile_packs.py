"""Hostile rule packs and configuration through the real CLI.

Before linting: a malformed TOML file, an unknown key, a wrong type, a duplicate rule
code, a pattern that does not compile, a python check whose module fails to import —
each exits 2 with ONE line on stderr naming the file and the key (and the line where
the TOML parser gives one), and nothing is linted.
While linting: a check that raises, or a user pattern that backtracks catastrophically
on any of its paths (trigger, exceptions, context, disclosure, negation cues), fails
that rule for that document only; the run goes on and the other findings stay."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

GOOD = "好词"  # what the well-behaved rule HX100 flags


def rule_toml(code: str, name: str, *, check: str = "existence", top: str = "",
              trigger: str = f'terms = ["{GOOD}"]', extra: str = "") -> str:
    trig = f"[trigger]\n{trigger}\n" if trigger is not None else ""
    return (f'code = "{code}"\nname = "{name}"\ncategory = "exaggeration"\ncheck = "{check}"\n'
            f'message = "测试规则"\n{top}\n{trig}{extra}\n[docs]\nwhat = "测试"\nwhy = "测试"\n')


def make_pack(root: Path, name: str, rules: dict[str, str], files: dict[str, str] | None = None,
              manifest: str | None = None) -> Path:
    pack = root / name
    (pack / "rules").mkdir(parents=True)
    (pack / "pack.toml").write_text(manifest if manifest is not None else f'name = "{name}"\n',
                                    encoding="utf-8")
    for fname, text in {**rules, **(files or {})}.items():
        (pack / "rules" / fname).write_text(text, encoding="utf-8")
    return pack


def setup(tmp_path: Path, rules: dict[str, str] | None = None, config: str | None = None,
          files: dict[str, str] | None = None, manifest: str | None = None) -> Path:
    rules = {"HX100.toml": rule_toml("HX100", "good-word"), **(rules or {})}
    make_pack(tmp_path, "pack", rules, files, manifest)
    (tmp_path / "promolint.toml").write_text(
        config if config is not None else 'packs = ["pack"]\nselect = ["HX"]\n', encoding="utf-8")
    (tmp_path / "ad.txt").write_text(f"这是{GOOD}。\n", encoding="utf-8")
    return tmp_path


def fails_before_linting(proc, *needles: str) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stdout == ""
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


CONFIG_CASES = {
    "malformed": ('packs = ["pack"]\nselect ["HX"]\n', ("promolint.toml", "TOML", "line 2")),
    "unknown-key": ('packs = ["pack"]\nselects = ["HX"]\n', ("promolint.toml.selects", "未知")),
    "wrong-type": ('packs = ["pack"]\nselect = "HX"\n', ("promolint.toml.select",)),
    "wrong-type-packs": ('packs = "pack"\n', ("promolint.toml.packs",)),
    "regex-timeout-type": ('packs = ["pack"]\nregex-timeout = "fast"\n', ("promolint.toml.regex-timeout",)),
    "regex-timeout-range": ('packs = ["pack"]\nregex-timeout = 0\n', ("promolint.toml.regex-timeout",)),
    "missing-pack": ('packs = ["nowhere"]\n', ("nowhere", "pack.toml")),
    "unknown-selector": ('packs = ["pack"]\nselect = ["HX9"]\n', ("HX9",)),
}


@pytest.mark.parametrize("case", sorted(CONFIG_CASES))
def test_bad_config_exits_2_naming_file_and_key(tmp_path, cli, case):
    config, needles = CONFIG_CASES[case]
    setup(tmp_path, config=config)
    fails_before_linting(cli("check", "--format", "json", "ad.txt", cwd=tmp_path), *needles)


RULE_CASES = {
    "malformed-toml": ({"HX200.toml": 'code = "HX200"\nname = oops\n'},
                       ("HX200.toml", "TOML", "line 2")),
    "unknown-top-key": ({"HX200.toml": rule_toml("HX200", "x-rule", top='colour = "red"')},
                        ("HX200.toml.colour", "未知")),
    "unknown-trigger-key": ({"HX200.toml": rule_toml("HX200", "x-rule", trigger='termz = ["a"]')},
                            ("HX200.toml.trigger.termz",)),
    "wrong-type-terms": ({"HX200.toml": rule_toml("HX200", "x-rule", trigger='terms = "好词"')},
                         ("HX200.toml.trigger.terms", "字符串数组")),
    "wrong-type-severity": ({"HX200.toml": rule_toml("HX200", "x-rule", top="severity = 3")},
                            ("HX200.toml.severity",)),
    "wrong-type-window": ({"HX200.toml": rule_toml("HX200", "x-rule",
                                                   trigger='terms = ["a"]\nnegation_window = "3"')},
                          ("HX200.toml.trigger.negation_window",)),
    "bad-trigger-pattern": ({"HX200.toml": rule_toml("HX200", "x-rule", trigger="patterns = ['(a']")},
                            ("HX200.toml.trigger.patterns[0]", "无法编译")),
    "bad-exception-pattern": ({"HX200.toml": rule_toml(
        "HX200", "x-rule", trigger="terms = ['a']\nexception_patterns = ['[z']")}, ("HX200.toml.trigger", "无法编译")),
    "bad-context-pattern": ({"HX200.toml": rule_toml(
        "HX200", "x-rule", trigger="terms = ['a']\ncontext_patterns = ['a{2,1}']")}, ("HX200.toml.trigger", "无法编译")),
    "bad-negation-cue": ({"HX200.toml": rule_toml(
        "HX200", "x-rule", trigger="terms = ['a']\nnegation_cues = ['(?<']")},
        ("HX200.toml.trigger.negation_cues", "无法编译")),
    "bad-disclosure-pattern": ({"HX200.toml": rule_toml(
        "HX200", "x-rule", check="conditional", extra="[disclosure]\npatterns = ['*x']")},
        ("HX200.toml.disclosure", "无法编译")),
    "import-raises": ({"HX200.toml": rule_toml("HX200", "x-rule", check="python", trigger=None,
                                               top='entry = "broken.py:run"')},
                      ("HX200.toml.entry", "broken.py", "ZeroDivisionError")),
    "import-exits": ({"HX200.toml": rule_toml("HX200", "x-rule", check="python", trigger=None,
                                              top='entry = "exits.py:run"')},
                     ("HX200.toml.entry", "SystemExit")),
    "import-syntax-error": ({"HX200.toml": rule_toml("HX200", "x-rule", check="python", trigger=None,
                                                     top='entry = "syntax.py:run"')},
                            ("HX200.toml.entry", "SyntaxError")),
    "entry-missing-file": ({"HX200.toml": rule_toml("HX200", "x-rule", check="python", trigger=None,
                                                    top='entry = "nope.py:run"')},
                           ("HX200.toml.entry", "nope.py")),
    "entry-missing-function": ({"HX200.toml": rule_toml("HX200", "x-rule", check="python", trigger=None,
                                                        top='entry = "fine.py:absent"')},
                               ("HX200.toml.entry", "absent")),
}

PY_FILES = {
    "broken.py": "x = 1\nraise ZeroDivisionError('第一行\\n第二行')\n",
    "exits.py": "import sys\nsys.exit(0)\n",
    "syntax.py": "def run(ctx, rule:\n    pass\n",
    "fine.py": "def run(ctx, rule):\n    return []\n",
}


@pytest.mark.parametrize("case", sorted(RULE_CASES))
def test_bad_rule_exits_2_naming_file_and_key(tmp_path, cli, case):
    rules, needles = RULE_CASES[case]
    setup(tmp_path, rules=rules, files=PY_FILES)
    fails_before_linting(cli("check", "ad.txt", cwd=tmp_path), *needles)
    # the same error for the commands that only list or show rules
    fails_before_linting(cli("rules", cwd=tmp_path), needles[0])


def test_malformed_pack_manifest(tmp_path, cli):
    setup(tmp_path, manifest='name = "pack"\ndictionaries = [1, 2]\n')
    fails_before_linting(cli("check", "ad.txt", cwd=tmp_path), "pack.toml.dictionaries")
    (tmp_path / "pack" / "pack.toml").write_text('name = "pack\n', encoding="utf-8")
    fails_before_linting(cli("check", "ad.txt", cwd=tmp_path), "pack.toml", "TOML", "line 1")


def test_duplicate_rule_code_across_packs(tmp_path, cli):
    setup(tmp_path, config='packs = ["pack", "other"]\n')
    make_pack(tmp_path, "other", {"dup.toml": rule_toml("HX100", "same-code")})
    line = fails_before_linting(cli("check", "ad.txt", cwd=tmp_path), "HX100", "重复")
    assert str(Path("other/rules/dup.toml")) in line and str(Path("pack/rules/HX100.toml")) in line
    # and a built-in code reused by a user pack
    (tmp_path / "other" / "rules" / "dup.toml").write_text(rule_toml("PL201", "same-code"), encoding="utf-8")
    fails_before_linting(cli("check", "ad.txt", cwd=tmp_path), "PL201", "重复")


def test_check_that_raises_fails_that_rule_for_that_document_only(tmp_path, cli):
    setup(tmp_path, rules={"HX300.toml": rule_toml(
        "HX300", "raises", check="python", trigger=None, top='entry = "boom.py:run"')},
          files={"boom.py": "def run(ctx, rule):\n"
                            "    if '爆' in ctx.text:\n"
                            "        raise RuntimeError('多行\\n错误信息')\n"
                            "    return []\n"})
    (tmp_path / "boom.txt").write_text(f"爆炸：{GOOD}\n", encoding="utf-8")
    proc = cli("check", "--format", "json", "--jobs", "1", "ad.txt", "boom.txt", cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert [(f["path"], f["rule"]) for f in data["findings"]] == [("ad.txt", "HX100"), ("boom.txt", "HX100")]
    (err,) = data["errors"]
    assert err["path"] == "boom.txt" and "HX300" in err["message"] and "RuntimeError" in err["message"]
    assert "\n" not in err["message"]
    assert [ln for ln in proc.stderr.splitlines() if ln] == [f"boom.txt: 错误：{err['message']}"]


# (a+)+$ backtracks exponentially on a run of a's that does not reach the end.
CATASTROPHIC = "(a+)+$"
RUN = "a" * 4000 + "!"


def test_catastrophic_user_patterns_time_out_on_every_path(tmp_path, cli):
    """Each rule puts the catastrophic pattern on one path and a document reaches it;
    a short budget (regex-timeout) keeps the test quick. Every such rule is reported as
    failed for that document; the good rule's findings in both documents stay."""
    rules = {
        "HX401.toml": rule_toml("HX401", "cat-trigger", trigger=f"patterns = ['{CATASTROPHIC}']"),
        "HX402.toml": rule_toml("HX402", "cat-exception", trigger=(
            f"terms = ['触发']\nboundary = 'none'\nexception_patterns = ['{CATASTROPHIC}']")),
        "HX403.toml": rule_toml("HX403", "cat-context", trigger=(
            f"terms = ['触发']\nboundary = 'none'\ncontext_patterns = ['{CATASTROPHIC}']")),
        "HX404.toml": rule_toml("HX404", "cat-disclosure", check="conditional",
                                trigger="terms = ['触发']\nboundary = 'none'",
                                extra=f"[disclosure]\npatterns = ['{CATASTROPHIC}']\nscope = 'sentence'"),
        # the cue search only sees the dozen characters before a trigger, so it cannot
        # run away; the rule must simply finish
        "HX405.toml": rule_toml("HX405", "cat-cue", trigger=(
            f"terms = ['触发']\nboundary = 'none'\nnegation_cues = ['{CATASTROPHIC}']")),
    }
    setup(tmp_path, rules=rules, config='packs = ["pack"]\nselect = ["HX"]\nregex-timeout = 0.2\n')
    (tmp_path / "slow.txt").write_text(f"{GOOD}\n触发{RUN}\n", encoding="utf-8")
    proc = cli("check", "--format", "json", "--jobs", "1", "ad.txt", "slow.txt", cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    failed = sorted(e["message"].split()[1] for e in data["errors"] if e["path"] == "slow.txt")
    assert failed == ["HX401", "HX402", "HX403", "HX404"]
    assert all("超时" in e["message"] for e in data["errors"])
    assert [(f["path"], f["rule"]) for f in data["findings"] if f["rule"] == "HX100"] == [
        ("ad.txt", "HX100"), ("slow.txt", "HX100")]
    assert {f["rule"] for f in data["findings"]} <= {"HX100", "HX405"}


def test_many_sentences_share_one_budget_per_rule(tmp_path, cli):
    """A catastrophic context pattern met in 200 sentences: the rule's budget is spent
    once for the document, not once per sentence (which would take minutes)."""
    rules = {"HX403.toml": rule_toml("HX403", "cat-context", trigger=(
        f"terms = ['触发']\nboundary = 'none'\ncontext_patterns = ['{CATASTROPHIC}']"))}
    setup(tmp_path, rules=rules, config='packs = ["pack"]\nselect = ["HX"]\nregex-timeout = 0.2\n')
    (tmp_path / "many.txt").write_text(f"{GOOD}\n" + f"触发{'a' * 200}!\n" * 200, encoding="utf-8")
    proc = cli("check", "--format", "json", "many.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert [e["message"].split()[1] for e in data["errors"]] == ["HX403"]
    assert [f["rule"] for f in data["findings"]] == ["HX100"]
