"""Each rule's time budget per document (engine/budget.py): a timer in the main thread
(which also stops a runaway Python check), a timeout on every regex call elsewhere, and
the host's own SIGALRM handler left alone."""

from __future__ import annotations

import json
import signal
import threading

from promolint.engine.packs import load_rules
from promolint.engine.runner import Linter
from promolint.sources.base import Document

from test_hostile_packs import CATASTROPHIC, GOOD, RUN, make_pack, rule_toml, setup


def test_a_python_check_that_never_returns_is_stopped(tmp_path, cli):
    """No regex call to time out: only the timer can stop this check. The other rule's
    findings stay, and the next document is linted."""
    setup(tmp_path, rules={"HX300.toml": rule_toml(
        "HX300", "spins", check="python", trigger=None, top='entry = "spin.py:run"')},
          files={"spin.py": "def run(ctx, rule):\n"
                            "    while '转' in ctx.text:\n"
                            "        try:\n"
                            "            pass\n"
                            "        except Exception:\n"  # swallowing it does not help
                            "            pass\n"
                            "    return []\n"},
          config='packs = ["pack"]\nselect = ["HX"]\nregex-timeout = 0.2\n')
    (tmp_path / "spin.txt").write_text(f"转：{GOOD}\n", encoding="utf-8")
    proc = cli("check", "--format", "json", "--jobs", "1", "spin.txt", "ad.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert [(e["path"], e["message"].split()[1]) for e in data["errors"]] == [("spin.txt", "HX300")]
    assert "超时" in data["errors"][0]["message"]
    assert [(f["path"], f["rule"]) for f in data["findings"]] == [("spin.txt", "HX100"), ("ad.txt", "HX100")]


def test_worker_processes_keep_the_budget(tmp_path, cli):
    setup(tmp_path, rules={"HX401.toml": rule_toml("HX401", "cat", trigger=f"patterns = ['{CATASTROPHIC}']")},
          config='packs = ["pack"]\nselect = ["HX"]\nregex-timeout = 0.2\n')
    for i in range(4):
        (tmp_path / f"slow{i}.txt").write_text(f"{GOOD}\n{RUN}\n", encoding="utf-8")
    proc = cli("check", "--format", "json", "--jobs", "2", ".", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert sorted(e["path"] for e in data["errors"]) == [f"slow{i}.txt" for i in range(4)]
    assert len([f for f in data["findings"] if f["rule"] == "HX100"]) == 5


def _linter(tmp_path) -> Linter:
    pack = make_pack(tmp_path, "pack", {
        "HX100.toml": rule_toml("HX100", "good-word"),
        "HX401.toml": rule_toml("HX401", "cat", trigger=f"patterns = ['{CATASTROPHIC}']")})
    return Linter(load_rules([pack], builtin=False, entry_points=False), regex_timeout=0.2)


def _codes(result) -> tuple[list[str], list[str]]:
    return [f.rule for f in result.findings], [e.message.split()[1] for e in result.errors]


def test_outside_the_main_thread_each_regex_call_is_bounded(tmp_path):
    linter = _linter(tmp_path)
    doc = Document("slow.txt", f"{GOOD}\n{RUN}\n", f"{GOOD}\n{RUN}\n")
    out = []
    worker = threading.Thread(target=lambda: out.append(linter.lint(doc)))
    worker.start()
    worker.join(60)
    assert not worker.is_alive()
    assert _codes(out[0]) == (["HX100"], ["HX401"])


def test_the_hosts_alarm_handler_is_kept(tmp_path):
    """A host application's own SIGALRM handler is neither replaced nor called; the
    linter falls back to per-call timeouts. Without one, the default is restored."""
    linter = _linter(tmp_path)
    doc = Document("slow.txt", f"{GOOD}\n{RUN}\n", f"{GOOD}\n{RUN}\n")
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    assert _codes(linter.lint(doc)) == (["HX100"], ["HX401"])
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)

    rang = []

    def host(signum, frame):
        rang.append(signum)

    signal.signal(signal.SIGALRM, host)
    try:
        assert _codes(linter.lint(doc)) == (["HX100"], ["HX401"])
        assert signal.getsignal(signal.SIGALRM) is host and not rang
    finally:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def test_loading_jieba_is_not_charged_to_the_rule(tmp_path):
    """The first rule that needs token boundaries loads jieba's dictionary (~0.2 s and
    more): that neither spends nor interrupts the rule's budget, however short it is,
    in the main thread (timer) or another (per-call timeouts)."""
    pack = make_pack(tmp_path, "pack", {"HX100.toml": rule_toml("HX100", "good-word")})
    ruleset = load_rules([pack], builtin=False, entry_points=False)
    doc = Document("ad.txt", f"这是{GOOD}。\n", f"这是{GOOD}。\n")
    # 50 ms: far below loading the dictionary, far above the rule's own work even on a
    # loaded machine (1 ms failed there now and then, a context switch being enough)
    linter = Linter(ruleset, regex_timeout=0.05)
    assert not linter.tokenizer.loaded
    assert _codes(linter.lint(doc)) == (["HX100"], [])
    assert linter.tokenizer.loaded

    other = Linter(ruleset, regex_timeout=0.05)
    out = []
    worker = threading.Thread(target=lambda: out.append(other.lint(doc)))
    worker.start()
    worker.join(60)
    assert _codes(out[0]) == (["HX100"], [])
