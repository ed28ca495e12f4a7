"""Generate a reproducible synthetic archive of promotional copy for benchmarks.

    python benchmarks/generate.py OUT_DIR [--files 20000] [--corpus-mb 5] [--seed 7]

Writes OUT_DIR/archive/NNNNN.txt (one ad of ~250 characters each, mixing compliant
and violating sentences) and OUT_DIR/corpus.txt (one large file of the same kind of
text). Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

CLEAN = [
    "欢迎莅临本营业厅，客服热线10086，免费咨询。",
    "宽带测速请使用官方测速工具，有线直连测试结果更准确。",
    "本月账单已出，请登录APP查看详单。",
    "新开通的5G基站已覆盖本小区，信号持续优化中。",
    "营业时间为每天9:00至18:00，节假日正常营业。",
    "办理业务请携带本人有效身份证件。",
    "月费59元，含国内通用流量30GB、国内通话200分钟，合约期12个月。",
    "本套餐为组合优惠，各单项业务资费见营业厅公示，可单独办理宽带。",
    "如对活动有疑问，可拨打客服热线咨询。",
    "第一时间为您处理故障，维修人员将在24小时内上门。",
    "最近一次缴费记录可在APP中查询。",
    "活动时间：2025年6月1日至6月30日，限新入网用户。",
    "赠送话费分12个月返还，每月返还20元，当月有效。",
    "全屋光纤组网需另行购买设备，价格以营业厅公示为准。",
    "副卡可绑定主卡共享流量，最多可添加3张副卡。",
]
RISKY = [
    "千兆宽带0元装，速来办理！",
    "限量秒杀，先到先得！",
    "畅享流量不限量，全国随心用。",
    "办理宽带须同时办理手机号，单宽带不受理。",
    "全网最低价，网速最快，信号最好。",
    "本活动最终解释权归本公司所有。",
    "首月免费体验视频会员，次月起自动续费。",
    "充100送100，名额有限，送完即止。",
    "5G峰值速率高达2Gbps，下载一部电影只需3秒。",
    "新生报到必须办理校园卡，其他运营商无法使用校园网。",
]
HEADERS = ["【XX移动】", "【XX电信】", "【XX联通】", "", "", "暑期大促：", "好消息！"]


def ad(rng: random.Random, target: int = 250) -> str:
    parts = [rng.choice(HEADERS)]
    while sum(len(p) for p in parts) < target:
        parts.append(rng.choice(RISKY) if rng.random() < 0.15 else rng.choice(CLEAN))
        if rng.random() < 0.3:
            parts.append("\n")
    return "".join(parts).strip() + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--files", type=int, default=20000)
    ap.add_argument("--corpus-mb", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    archive = args.out / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    for i in range(args.files):
        (archive / f"{i:05d}.txt").write_text(ad(rng), encoding="utf-8")
    target = int(args.corpus_mb * 1024 * 1024)
    chunks, size = [], 0
    while size < target:
        a = ad(rng)
        chunks.append(a + "\n")
        size += len((a + "\n").encode("utf-8"))
    (args.out / "corpus.txt").write_text("".join(chunks), encoding="utf-8")
    (args.out / "clean.txt").write_text("".join(CLEAN[:6]) + "\n", encoding="utf-8")
    (args.out / "findings.txt").write_text("".join(RISKY[:4]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
