"""PL801 (channel-inconsistency) across documents, through the real CLI on the
multi-file campaigns in corpora/channels/: a poster (Markdown), a hotline script (text)
and a web page (HTML) per campaign.

changxiang-2024  data 20GB in the hotline script vs 30GB; 139元 vs 129元 and a
                 12-month vs 24-month contract on the web page; 无需预存 vs 预存100元
broadband-2024   宽带速率500M in the hotline script for the 千兆 bundle
consistent-2024  the same facts phrased differently (两年/24个月, 百兆/100Mbps, full-width
                 digits, 元每月, 畅享套餐129元档, a 线上专享 price): nothing to report
tiers-2024       畅享129元套餐 and 畅享169元套餐 in different documents: nothing
archive/         one plan in two campaign folders (2023 vs 2024 terms): a difference
                 for the whole run, nothing with --group-by folder
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT

CHANNELS = ROOT / "corpora" / "channels"
CAMPAIGN = "corpora/channels/changxiang-2024"


def check_json(cli, *args: str, cwd: Path = ROOT) -> tuple[int, list[dict]]:
    proc = cli("check", "--isolated", "--select", "PL801", "--format", "json", *args, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)["findings"]


def brief(findings: list[dict]) -> list[tuple]:
    return sorted((f["path"], f["line"], f["column"], f["excerpt"],
                   tuple((r["path"], r["line"], r["column"]) for r in f.get("related", [])))
                  for f in findings)


def test_inconsistent_campaign_reports_each_differing_fact_once(cli):
    code, findings = check_json(cli, CAMPAIGN)
    assert code == 1
    got = brief(findings)
    hotline = f"{CAMPAIGN}/hotline.txt"
    poster = f"{CAMPAIGN}/poster.md"
    web = f"{CAMPAIGN}/web.html"
    assert got == sorted([
        # data: poster 30GB, web 30G通用流量 → the hotline's 20GB is the odd one out
        (hotline, 4, 23, "20GB通用流量", ((poster, 11, 5),)),
        # prepayment: poster and web 预存100元 → the hotline's 无需预存
        (hotline, 4, 50, "无需预存", ((poster, 13, 13),)),
        # price: hotline and poster 129元 → the web page's 139元
        (web, 8, 6, "月费139元", ((hotline, 4, 12),)),
        # contract: poster 24个月 and hotline 两年 → the web page's 12个月
        (web, 9, 6, "合约期12个月", ((hotline, 4, 43),)),
    ])
    by_excerpt = {f["excerpt"]: f for f in findings}
    f = by_excerpt["20GB通用流量"]
    assert f["category"] == "channel-inconsistency" and f["rule"] == "PL801"
    assert "畅享129元套餐" in f["message"] and "20GB" in f["message"] and "30GB" in f["message"]
    assert f"{poster}:11:5" in f["message"]
    assert f["related"][0]["end_column"] > f["related"][0]["column"]
    assert "30GB" in f["related"][0]["message"]
    # voice minutes agree (五百分钟 = 500分钟) and the 169 tier agrees: not reported
    assert not any("分钟" in f["excerpt"] for f in findings)
    assert not any("169" in f["message"] for f in findings)


def test_text_output_names_both_locations(cli):
    proc = cli("check", "--isolated", "--select", "PL801", CAMPAIGN)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    head = next(i for i, line in enumerate(lines)
                if line.startswith(f"{CAMPAIGN}/hotline.txt:4:23: PL801"))
    block = "\n".join(lines[head:head + 6])
    assert "20GB通用流量" in block  # the source line of the finding
    assert f"另见 {CAMPAIGN}/poster.md:11:5" in block


def test_sarif_has_related_locations(cli):
    proc = cli("check", "--isolated", "--select", "PL801", "--format", "sarif", CAMPAIGN)
    assert proc.returncode == 1, proc.stderr
    results = json.loads(proc.stdout)["runs"][0]["results"]
    assert len(results) == 4
    for result in results:
        assert result["ruleId"] == "PL801"
        related = result["relatedLocations"]
        assert len(related) == 1
        region = related[0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["endColumn"] > region["startColumn"]
    data = next(r for r in results if "20GB" in r["message"]["text"])
    loc = data["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == f"{CAMPAIGN}/hotline.txt"
    assert (loc["region"]["startLine"], loc["region"]["startColumn"]) == (4, 23)
    rel = data["relatedLocations"][0]["physicalLocation"]
    assert rel["artifactLocation"]["uri"] == f"{CAMPAIGN}/poster.md"
    assert (rel["region"]["startLine"], rel["region"]["startColumn"]) == (11, 5)


def test_broadband_speed_units_and_tiers(cli):
    code, findings = check_json(cli, "corpora/channels/broadband-2024")
    assert code == 1
    # 千兆 (poster) = 1G (web) ≠ 500M (hotline); the 500M bundle is another plan
    assert brief(findings) == [(
        "corpora/channels/broadband-2024/hotline.txt", 2, 17, "宽带速率500M",
        (("corpora/channels/broadband-2024/poster.md", 3, 13),))]
    assert "1000M" in findings[0]["message"] and "千兆宽带融合套餐" in findings[0]["message"]


@pytest.mark.parametrize("folder", ["consistent-2024", "tiers-2024"])
def test_consistent_copy_and_other_tiers_give_nothing(cli, folder):
    code, findings = check_json(cli, f"corpora/channels/{folder}")
    assert (code, findings) == (0, [])


def test_tiers_are_not_merged_even_when_values_differ(cli, tmp_path):
    (tmp_path / "a.txt").write_text("畅享129元套餐：每月30GB通用流量，月费129元。", "utf-8")
    (tmp_path / "b.txt").write_text("畅享169元套餐：每月60GB通用流量，月费169元。", "utf-8")
    (tmp_path / "c.txt").write_text("千兆宽带融合套餐：宽带速率1000M。", "utf-8")
    (tmp_path / "d.txt").write_text("500M宽带融合套餐：宽带速率500M。", "utf-8")
    assert check_json(cli, ".", cwd=tmp_path) == (0, [])
    # …while the same tier, spelled differently, is compared
    (tmp_path / "e.txt").write_text("畅享 １６９ 元每月套餐：每月50GB通用流量。", "utf-8")
    code, findings = check_json(cli, ".", cwd=tmp_path)
    assert code == 1 and brief(findings) == [("e.txt", 1, 16, "50GB通用流量", (("b.txt", 1, 12),))]


def test_group_by_folder(cli, tmp_path):
    code, findings = check_json(cli, "corpora/channels/archive")
    assert code == 1
    assert {f["path"] for f in findings} == {"corpora/channels/archive/2023-spring/poster.md"}
    assert {f["excerpt"] for f in findings} == {"20GB通用流量", "国内通话300分钟"}
    assert check_json(cli, "--group-by", "folder", "corpora/channels/archive") == (0, [])
    # the same from the configuration file
    (tmp_path / "promolint.toml").write_text('group-by = "folder"\n', "utf-8")
    proc = cli("check", "--config", str(tmp_path / "promolint.toml"), "--select", "PL801",
               "--format", "json", "corpora/channels/archive")
    assert proc.returncode == 0 and json.loads(proc.stdout)["findings"] == []


def test_bad_group_by_is_a_usage_error(cli, tmp_path):
    proc = cli("check", "--isolated", "--group-by", "campaign", CAMPAIGN)
    assert proc.returncode == 2 and "--group-by" in proc.stderr
    (tmp_path / "promolint.toml").write_text('group-by = "campaign"\n', "utf-8")
    proc = cli("check", "--config", str(tmp_path / "promolint.toml"), CAMPAIGN)
    assert proc.returncode == 2 and "group-by" in proc.stderr and len(proc.stderr.splitlines()) == 1


def test_parallel_run_gives_the_same_findings(cli):
    """15 files: enough for the worker pool (parallel.MIN_PARALLEL_TASKS)."""
    files = [p for p in CHANNELS.rglob("*") if p.suffix in (".md", ".txt", ".html")]
    from promolint.parallel import MIN_PARALLEL_TASKS

    assert len(files) >= MIN_PARALLEL_TASKS
    one = check_json(cli, "--jobs", "1", "corpora/channels")
    two = check_json(cli, "--jobs", "2", "corpora/channels")
    assert one == two and one[0] == 1 and len(one[1]) >= 5


def test_selection_severity_and_suppression(cli, tmp_path):
    (tmp_path / "a.txt").write_text("畅享129元套餐：每月30GB通用流量。", "utf-8")
    (tmp_path / "b.txt").write_text("畅享129元套餐：\n每月20GB通用流量。", "utf-8")
    code, findings = check_json(cli, ".", cwd=tmp_path)
    assert code == 1 and [f["path"] for f in findings] == ["b.txt"]
    proc = cli("check", "--isolated", "--ignore", "channel-inconsistency", "--format", "json", ".",
               cwd=tmp_path)
    assert [f for f in json.loads(proc.stdout)["findings"] if f["rule"] == "PL801"] == []
    (tmp_path / "promolint.toml").write_text('[severity]\nPL801 = "info"\n', "utf-8")
    proc = cli("check", "--select", "PL801", "--format", "json", ".", cwd=tmp_path)
    assert proc.returncode == 0
    assert [f["severity"] for f in json.loads(proc.stdout)["findings"]] == ["info"]
    (tmp_path / "promolint.toml").unlink()
    (tmp_path / "b.txt").write_text(
        "畅享129元套餐：\n<!-- promolint: ignore PL801 -->\n每月20GB通用流量。", "utf-8")
    assert check_json(cli, "--report-unused-suppressions", ".", cwd=tmp_path) == (0, [])


def test_rows_of_a_csv_are_documents(cli, tmp_path):
    (tmp_path / "ads.csv").write_text(
        "id,text\nA1,畅享129元套餐：每月30GB通用流量\nA2,畅享129元套餐：每月30GB通用流量\n"
        "A3,畅享129元套餐：每月40GB通用流量\n", "utf-8")
    code, findings = check_json(cli, "--id-column", "id", "ads.csv", cwd=tmp_path)
    assert code == 1 and len(findings) == 1
    f = findings[0]
    assert (f["record"], f["line"], f["column"], f["excerpt"]) == (
        "row 4 (id A3), column text", 1, 12, "40GB通用流量")
    assert f["related"][0]["record"] == "row 2 (id A1), column text"
    assert (f["related"][0]["line"], f["related"][0]["column"]) == (1, 12)


def test_rule_command_documents_the_rule(cli):
    proc = cli("rule", "PL801")
    assert proc.returncode == 0
    assert "PL801 plan-facts-differ" in proc.stdout and "--group-by folder" in proc.stdout


def test_library_api_compares_documents_of_one_text():
    from promolint.api import lint_text

    found = [f for f in lint_text("畅享129元套餐，合约期两年。\n畅享129元套餐，合约期12个月。")
             if f.rule == "PL801"]
    assert [(f.line, f.excerpt) for f in found] == [(2, "合约期12个月")]
    assert found[0].related[0].line == 1

