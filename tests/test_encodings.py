"""Encodings: UTF-8 (BOM or not), UTF-16 with BOM, GB18030/GBK and Big5 detected on
short real ads, ``--encoding`` forcing one, the JSON report naming non-UTF-8 files,
and undecodable or binary input as a one-line error for that file only."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from promolint.sources.decode import SourceError, decode_text

# Real-looking short Chinese ads, 30–200 characters.
SIMPLIFIED = [
    "限时抢购，名额有限！办理即送100元话费，先到先得，详情请咨询当地营业厅或拨打客服热线。",
    "千兆宽带新装特惠，首年仅需199元，名额有限，快来营业厅办理吧！详询10000号。",
    "校园卡限量发售，每月30GB定向流量，学生专享优惠价，新生凭录取通知书即可办理。",
    "尊敬的客户，您的套餐即将到期，续约即享8折优惠，请在本月底前登录掌上营业厅办理续约手续。",
    "【暑期特惠】老用户升级融合套餐，宽带提速至500M，再送一年视频会员，活动时间7月1日至8月31日。",
    "5G畅享套餐月费129元，含国内通用流量60GB、通话500分钟，超出部分按标准资费收取，合约期24个月。",
    "充值满100元返20元话费券，每位用户限参与一次，话费券有效期30天，逾期作废，不可兑换现金。",
    "家庭亲情网最多可添加8名成员，成员间通话免费，主卡每月需承担10元功能费，可随时退订。",
    ("新春献礼，全家共享！即日起至2月28日，办理任意一款融合套餐，即可获赠智能路由器一台，"
     "数量有限，送完即止。本活动仅限本地新入网用户参与，需签订两年在网协议，提前解约需按协议"
     "支付违约金。流量当月有效，不可结转，套餐内语音仅限国内通话，港澳台及国际长途另行计费。"),
]
TRADITIONAL = [
    "限時搶購，名額有限！辦理即送100元話費，先到先得，詳情請洽各地門市或撥打客服專線。",
    "光纖寬頻新裝特惠，首年每月只要599元，名額有限，快到門市辦理吧！",
    "學生專案限量發售，每月30GB行動上網，憑學生證即可申辦，合約期間兩年。",
    "親愛的用戶，您的資費方案即將到期，續約即享八折優惠，請於本月底前完成續約手續。",
]


@pytest.mark.parametrize("text", SIMPLIFIED)
@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_short_gbk_ads_detected(text, codec):
    assert decode_text(text.encode(codec)) == (text, "gb18030")


@pytest.mark.parametrize("text", TRADITIONAL)
def test_short_big5_ads_detected(text):
    assert decode_text(text.encode("big5")) == (text, "big5")


def test_gbk_detection_on_many_ad_fragments():
    """Fragments of every length from 30 to 200 characters of real-looking copy."""
    rng = random.Random(20240601)
    corpus = "".join(SIMPLIFIED)
    misses = []
    for _ in range(400):
        n = rng.randint(30, 200)
        start = rng.randrange(0, max(1, len(corpus) - n))
        frag = corpus[start:start + n]
        if decode_text(frag.encode("gbk")) != (frag, "gb18030"):
            misses.append(frag)
    assert misses == []


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_valid_utf8_is_never_misdetected(text):
    if text.startswith("\ufeff"):  # its UTF-8 bytes are a BOM: read as one, and dropped
        assert decode_text(text.encode("utf-8")) == (text[1:], "utf-8-sig")
    else:
        assert decode_text(text.encode("utf-8")) == (text, "utf-8")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SIMPLIFIED), min_size=1, max_size=3), st.integers(0, 40))
def test_gbk_with_ascii_prefix_detected(parts, n):
    text = "ID-2024 " * n + "\n".join(parts)
    assert decode_text(text.encode("gbk")) == (text, "gb18030")


@pytest.mark.parametrize("data, expected", [
    (b"\xef\xbb\xbf" + "名额有限".encode(), ("名额有限", "utf-8-sig")),
    ("\ufeff名额有限".encode("utf-16-le"), ("名额有限", "utf-16")),
    ("\ufeff名额有限".encode("utf-16-be"), ("名额有限", "utf-16")),
    (b"", ("", "utf-8")),
    (b"\xef\xbb\xbf", ("", "utf-8-sig")),
])
def test_boms(data, expected):
    assert decode_text(data) == expected


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL"),
    ("限时特惠，名额有限，先到先得".encode("utf-16-le"), "UTF-16"),
    ("限时特惠 1000M 宽带，名额有限".encode("utf-16-be"), "UTF-16"),
    ("名额有限，快来办理".encode()[:-1], "截断"),
    ("名额有限，快来办理".encode()[:7] + b"\xff\xfe" + "先到先得".encode(), "UTF-8"),
    (random.Random(3).randbytes(2000).replace(b"\x00", b"\x01"), "编码"),
])
def test_undecodable_is_a_one_line_error(data, reason):
    with pytest.raises(SourceError) as exc:
        decode_text(data)
    assert reason in str(exc.value)
    assert "\n" not in str(exc.value)


def test_forced_encoding():
    assert decode_text("名额有限".encode("gbk"), "GBK") == ("名额有限", "gbk")
    assert decode_text("名额有限".encode("utf-16-le"), "utf-16-le") == ("名额有限", "utf-16-le")
    with pytest.raises(SourceError, match="未知的编码"):
        decode_text(b"abc", "no-such-codec")
    with pytest.raises(SourceError, match="无法按 utf-8 解码"):
        decode_text("名额有限".encode("gbk"), "utf-8")


def _write_batch(tmp_path):
    ad = "暑期特惠，名额有限，快来办理"
    (tmp_path / "gbk.txt").write_bytes(("第一行\n" + ad).encode("gbk"))
    (tmp_path / "big5.txt").write_bytes("限時搶購，限量秒殺！".encode("big5"))
    (tmp_path / "u16.txt").write_bytes(("\ufeff" + ad).encode("utf-16-le"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + ad.encode())
    (tmp_path / "plain.txt").write_bytes(ad.encode())
    (tmp_path / "ads.csv").write_bytes(("编号,文案\nA-1," + ad + "\n").encode("gbk"))
    (tmp_path / "ads.jsonl").write_bytes(json.dumps({"text": ad}, ensure_ascii=False).encode("gb18030") + b"\n")
    (tmp_path / "nul.txt").write_bytes(b"abc\x00def")
    (tmp_path / "nobom16.txt").write_bytes(ad.encode("utf-16-le"))
    (tmp_path / "broken.txt").write_bytes(ad.encode()[:-2])


def test_batch_reports_encodings_and_errors(tmp_path, cli):
    _write_batch(tmp_path)
    proc = cli("check", "--isolated", "--select", "PL201", "--format", "json", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert data["summary"]["encodings"] == {
        "ads.csv": "gb18030", "ads.jsonl": "gb18030", "big5.txt": "big5",
        "gbk.txt": "gb18030", "u16.txt": "utf-16",
    }
    found = sorted((f["path"], f["record"], f["line"], f["column"]) for f in data["findings"])
    assert found == [
        ("ads.csv", "row 2, column 文案", 1, 6),
        ("ads.jsonl", "line 1, field text", 1, 6),
        ("big5.txt", None, 1, 6),  # 限量
        ("bom.txt", None, 1, 6),
        ("gbk.txt", None, 2, 6),
        ("plain.txt", None, 1, 6),
        ("u16.txt", None, 1, 6),
    ]
    errors = {e["path"]: e["message"] for e in data["errors"]}
    assert set(errors) == {"nul.txt", "nobom16.txt", "broken.txt"}
    assert "NUL" in errors["nul.txt"]
    assert "UTF-16" in errors["nobom16.txt"]
    assert "UTF-8" in errors["broken.txt"]
    # each bad file: one line on stderr naming it
    for name in errors:
        lines = [ln for ln in proc.stderr.splitlines() if ln.startswith(name + ":")]
        assert len(lines) == 1


def test_forced_encoding_through_cli(tmp_path, cli):
    (tmp_path / "a.txt").write_bytes("名额有限".encode("gbk"))
    (tmp_path / "b.txt").write_bytes("名额有限".encode("utf-16-le"))
    proc = cli("check", "--isolated", "--select", "PL201", "--format", "json",
               "--encoding", "utf-16-le", "a.txt", "b.txt", cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert proc.returncode == 2
    assert [f["path"] for f in data["findings"]] == ["b.txt"]
    assert data["summary"]["encodings"] == {"b.txt": "utf-16-le"}
    assert [e["path"] for e in data["errors"]] == ["a.txt"]
    proc = cli("check", "--isolated", "--select", "PL201", "--encoding", "gbk", "a.txt", cwd=tmp_path)
    assert proc.returncode == 1


def test_stdin_gbk(cli):
    proc = cli("check", "--isolated", "--select", "PL201", "--format", "json", "-",
               input="限时特惠，名额有限".encode("gbk"))
    data = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert data["summary"]["encodings"] == {"-": "gb18030"}
    assert [(f["line"], f["column"]) for f in data["findings"]] == [(1, 6)]


def test_stdin_binary_is_an_error(cli):
    proc = cli("check", "--isolated", "-", input=b"\x00\x01\x02\x03binary")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "NUL" in proc.stderr


# ---- Traditional Chinese: folded to Simplified for matching, reported as written -------

BIG5_AD = "【XX電信】寬頻網速高達1000M！\n名額有限，先到先得。\n本活動最終解釋權歸本公司所有。\n"


def test_big5_traditional_copy_is_matched_by_simplified_rules(tmp_path, cli):
    (tmp_path / "hk.txt").write_bytes(BIG5_AD.encode("big5"))
    proc = cli("check", "--isolated", "--format", "json", "hk.txt", cwd=tmp_path)
    data = json.loads(proc.stdout)
    found = {(f["rule"], f["line"], f["column"], f["excerpt"]) for f in data["findings"]}
    assert {("PL301", 1, 13, "1000M"), ("PL201", 2, 1, "名額有限"),
            ("PL601", 3, 4, "最終解釋權")} <= found
    assert data["summary"]["encodings"] == {"hk.txt": "big5"}


# Copy written in Traditional characters on purpose (Hong Kong and Taiwan roaming packs,
# a rule case for 已為您自動生效, a Guangdong WeChat post typed with 揀/搵 among Simplified
# text): folding is what these test.
# (the ak- batch is copy by non-marketers, who mix in a Traditional character now and then)
TRADITIONAL_ON_PURPOSE = {"p-007.txt", "p-027.txt", "p-035.txt", "ab-009.txt", "PL702.toml",
                          "ak-001.txt", "ak-003.txt", "ak-004.txt", "ak-007.txt", "ak-014.txt",
                          "ak-021.txt", "ak-022.txt", "ak-023.txt",
                          "aw-003.txt"}  # 孃孃 (Sichuanese for auntie) folds to 娘娘


def test_traditional_folding_leaves_simplified_corpora_untouched():
    """The one-to-one table holds no character of the Simplified corpora, so folding
    changes nothing there (the claim in text/normalize.py); the Traditional copy folds
    to text without a Traditional character left."""
    from promolint.text.normalize import _T2S, normalize

    root = Path(__file__).resolve().parent.parent / "corpora"
    seen = set()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".txt", ".toml", ".md", ".html"):
            text = path.read_text("utf-8")
            if path.name in TRADITIONAL_ON_PURPOSE:
                seen.add(path.name)
                assert set(text) & set(_T2S), path  # still Traditional: keep the list true
                assert not set(normalize(text).text) & set(_T2S), path
            else:
                assert not set(text) & set(_T2S), path
    assert seen == TRADITIONAL_ON_PURPOSE
    assert all(len(k) == len(v) == 1 for k, v in _T2S.items())
