"""PL901 (discontinued-product) through the real CLI: a product catalogue (TOML) marks
products withdrawn; copy promoting one is flagged at the mention with the replacement
suggested, unless the document is dated before the withdrawal. The fixtures are in
corpora/channels/withdrawn/ (products.toml and four documents)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT

FOLDER = "corpora/channels/withdrawn"
CATALOGUE = f"{FOLDER}/products.toml"


def run(cli, *args: str, cwd: Path = ROOT) -> tuple[int, list[dict], str]:
    proc = cli("check", "--isolated", "--select", "PL901", "--format", "json", *args, cwd=cwd)
    findings = json.loads(proc.stdout)["findings"] if proc.stdout.strip() else []
    return proc.returncode, findings, proc.stderr


def brief(findings: list[dict]) -> list[tuple]:
    return sorted((Path(f["path"]).name, f["line"], f["column"], f["excerpt"]) for f in findings)


def test_withdrawn_products_are_flagged_at_the_mention(cli):
    code, findings, _ = run(cli, "--catalogue", CATALOGUE, FOLDER)
    assert code == 1
    assert brief(findings) == [
        ("hotline.txt", 1, 11, "畅享套餐99元档"),        # an alias, by plan key
        ("hotline.txt", 2, 16, "校园青春卡"),            # withdrawn without a date
        ("poster-2024-05.md", 6, 8, "畅享 99 元/月套餐"),  # spacing and 元/月
    ]
    by_excerpt = {f["excerpt"]: f for f in findings}
    f = by_excerpt["畅享套餐99元档"]
    assert f["category"] == "discontinued-product"
    assert "2024-03-01" in f["message"] and "products.toml" in f["message"]
    assert "畅享129元套餐" in f["suggestion"]          # the replacement
    assert "畅享129元套餐" not in by_excerpt["校园青春卡"]["suggestion"]


def test_dated_documents_and_as_of(cli):
    # poster-2024-01.md is dated 2024-01-15 in its front matter: before the withdrawal.
    code, findings, _ = run(cli, "--catalogue", CATALOGUE, f"{FOLDER}/poster-2024-01.md")
    assert (code, findings) == (0, [])
    # --as-of dates the undated hotline script; the poster's own date still wins.
    code, findings, _ = run(cli, "--catalogue", CATALOGUE, "--as-of", "2024-02-01", FOLDER)
    assert brief(findings) == [
        ("hotline.txt", 2, 16, "校园青春卡"),
        ("poster-2024-05.md", 6, 8, "畅享 99 元/月套餐"),
    ]
    code, findings, _ = run(cli, "--catalogue", CATALOGUE, "--as-of", "2024-03-01",
                            f"{FOLDER}/hotline.txt")
    assert ("hotline.txt", 1, 11, "畅享套餐99元档") in brief(findings)


def test_withdrawal_notices_are_not_promotion(cli):
    code, findings, _ = run(cli, "--catalogue", CATALOGUE, f"{FOLDER}/notice.txt")
    assert (code, findings) == (0, [])


def test_without_a_catalogue_nothing_is_checked(cli):
    assert run(cli, FOLDER)[:2] == (0, [])


def test_configuration_keys(cli, tmp_path):
    cat = tmp_path / "cfg" / "products.toml"
    cat.parent.mkdir()
    cat.write_text((ROOT / CATALOGUE).read_text("utf-8"), "utf-8")
    config = tmp_path / "cfg" / "promolint.toml"
    config.write_text('catalogue = "products.toml"\nas-of = 2024-02-01\nselect = ["PL901"]\n',
                      "utf-8")
    proc = cli("check", "--config", str(config), "--format", "json", f"{FOLDER}/hotline.txt")
    assert [f["excerpt"] for f in json.loads(proc.stdout)["findings"]] == ["校园青春卡"]
    # the command line overrides the configuration
    proc = cli("check", "--config", str(config), "--as-of", "2024-06-01", "--format", "json",
               f"{FOLDER}/hotline.txt")
    assert [f["excerpt"] for f in json.loads(proc.stdout)["findings"]] == ["畅享套餐99元档", "校园青春卡"]


def test_names_match_by_tier_not_by_substring(cli, tmp_path):
    doc = tmp_path / "ad.txt"
    doc.write_text("5G畅享99元套餐上新！\n畅享199元套餐，每月60GB。\n老畅享999尊享版\n推荐冰激凌套餐。\n", "utf-8")
    code, findings, _ = run(cli, "--catalogue", str(ROOT / CATALOGUE), str(doc))
    assert brief(findings) == [("ad.txt", 4, 3, "冰激凌套餐")]


def test_suppression_comment(cli, tmp_path):
    doc = tmp_path / "ad.md"
    doc.write_text("<!-- promolint: ignore PL901 -->\n冰激凌套餐返场！\n", "utf-8")
    assert run(cli, "--catalogue", str(ROOT / CATALOGUE), str(doc))[:2] == (0, [])


BAD_CATALOGUES = [
    ('[[product]]\nname = "甲套餐"\nstatus = "withdrawn"\ncolour = "red"\n', "product[1].colour"),
    ('[[product]]\nname = "甲套餐"\nstatus = "withdrawn"\nwithdrawn_on = "2024-02-30"\n',
     "product[1].withdrawn_on"),
    ('[[product]]\nname = "甲套餐"\nstatus = "withdrawn"\nwithdrawn_on = 20240301\n',
     "product[1].withdrawn_on"),
    ('[[product]]\nname = "甲套餐"\nstatus = "retired"\n', "product[1].status"),
    ('[[product]]\nstatus = "withdrawn"\n', "product[1].name"),
    ('[[product]]\nname = "甲套餐"\nstatus = "on-sale"\nwithdrawn_on = 2024-03-01\n',
     "product[1].withdrawn_on"),
    ('[[product]]\nname = "甲套餐"\nstatus = "on-sale"\n[[product]]\nname = "甲 套餐"\n'
     'status = "withdrawn"\n', "product[2].name"),
    ('[[product]]\nname = "甲套餐"\nstatus = "on-sale"\naliases = "乙套餐"\n', "product[1].aliases"),
    ('products = []\n', "products"),
    ('[[product]\nname = 1\n', "TOML"),
]


@pytest.mark.parametrize("text,key", BAD_CATALOGUES)
def test_invalid_catalogue_is_a_one_line_error(cli, tmp_path, text, key):
    cat = tmp_path / "bad.toml"
    cat.write_text(text, "utf-8")
    code, findings, stderr = run(cli, "--catalogue", str(cat), f"{FOLDER}/hotline.txt")
    assert code == 2 and findings == []
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert str(cat) in stderr and key in stderr and "Traceback" not in stderr


def test_missing_catalogue_and_bad_as_of(cli, tmp_path):
    code, _, stderr = run(cli, "--catalogue", str(tmp_path / "none.toml"), FOLDER)
    assert code == 2 and "none.toml" in stderr
    code, _, stderr = run(cli, "--catalogue", CATALOGUE, "--as-of", "2024-13-01", FOLDER)
    assert code == 2 and "--as-of" in stderr
    config = tmp_path / "promolint.toml"
    config.write_text('as-of = "yesterday"\n', "utf-8")
    proc = cli("check", "--config", str(config), FOLDER)
    assert proc.returncode == 2 and "as-of" in proc.stderr


def test_rule_command_documents_the_rule(cli):
    proc = cli("rule", "PL901")
    assert proc.returncode == 0 and "--catalogue" in proc.stdout and "畅享99元套餐" in proc.stdout
