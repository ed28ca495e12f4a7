"""Generated rule docs (docs/rules/) come from the rules' own metadata and are up to date."""

from __future__ import annotations

from pathlib import Path

import pytest

from promolint.docs import INDEX, render_docs, rule_markdown
from promolint.engine.packs import load_rules
from promolint.engine.rule import CODE_RE
from promolint.messages import RULE_SECTIONS

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"
REGENERATE = "运行 `promolint docs --output docs/rules` 重新生成并提交"


@pytest.fixture(scope="module")
def builtin():
    return load_rules(entry_points=False)


def test_committed_docs_match_the_rules(builtin):
    """Regenerating produces exactly the committed files: no stale, missing or edited page."""
    expected = render_docs(builtin.rules, builtin.categories)
    on_disk = {p.name: p.read_text("utf-8") for p in DOCS.glob("*.md")}
    missing = sorted(set(expected) - set(on_disk))
    stale = sorted(n for n in set(on_disk) - set(expected) if CODE_RE.match(Path(n).stem))
    changed = sorted(n for n in expected if n in on_disk and on_disk[n] != expected[n])
    assert (missing, stale, changed) == ([], [], []), REGENERATE


def test_every_rule_page_has_the_four_sections(builtin):
    for rule in builtin.rules:
        page = rule_markdown(rule)
        for key in ("what", "why", "flagged", "compliant"):
            assert f"## {RULE_SECTIONS[key]}" in page, (rule.code, key)
        assert rule.docs.basis, f"{rule.code}: [docs].basis 为空，缺少法规依据"


def test_index_links_every_rule(builtin):
    index = render_docs(builtin.rules, builtin.categories)[INDEX]
    for rule in builtin.rules:
        assert f"[{rule.code}]({rule.code}.md)" in index


def test_cli_writes_the_same_files_and_removes_stale_pages(tmp_path, builtin, cli):
    (tmp_path / "PL999.md").write_text("old page of a deleted rule", encoding="utf-8")
    (tmp_path / "README.md").write_text("not a rule page: kept", encoding="utf-8")
    proc = cli("docs", "--output", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "PL999.md").exists()
    assert (tmp_path / "README.md").exists()
    expected = render_docs(builtin.rules, builtin.categories)
    for name, content in expected.items():
        assert (tmp_path / name).read_text("utf-8") == content


def test_cli_rule_prints_docs_with_provision(cli):
    proc = cli("rule", "pl601")
    assert proc.returncode == 0, proc.stderr
    assert "# PL601 final-interpretation-right" in proc.stdout
    assert "《侵害消费者权益行为处罚办法》第十二条第六项" in proc.stdout
    assert "本活动最终解释权归中国XX所有" in proc.stdout


def test_cli_docs_unwritable_output_is_a_clean_error(tmp_path, cli):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    proc = cli("docs", "--output", str(blocker / "sub"))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("promolint: 错误：")
