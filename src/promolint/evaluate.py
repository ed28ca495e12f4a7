"""Measure the linter on the labelled corpus: loading, per-category metrics, the naive
substring baseline, the CI gate and the text/JSON rendering of ``promolint eval``.

A corpus is a folder with ``dev/`` and ``test/`` sub-folders of ``*.txt`` documents
(format: ``corpora/README.md``). A document is predicted positive for a category when
any finding on its body has that category; precision, recall and F1 are computed per
category over documents, never over findings.
"""

from __future__ import annotations

import json
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from promolint.categories import CATEGORIES
from promolint.models import Finding
from promolint.tomlfile import read_toml

SPLITS = ("dev", "test")
CHANNELS = ("sms", "wechat", "poster", "web", "hotline", "store", "campus", "app")
HEADER_KEYS = {"channel", "expect", "note"}
DELIMITER = "+++"
GATE_FILE = "gate.toml"

# Categories a document can be labelled with: SPEC's, minus the linter's own bookkeeping.
LABELS = tuple(c for c in CATEGORIES if c != "suppression")


class CorpusError(Exception):
    """A malformed corpus file, corpus folder or gate file; the message names the file."""


# ---- corpus ------------------------------------------------------------------------

@dataclass(frozen=True)
class EvalDocument:
    """One labelled document: where it is, what it should be flagged for, and its body."""

    path: str
    split: str
    channel: str
    expect: frozenset[str]
    body: str
    note: str = ""


def parse_document(text: str, path: str, split: str,
                   labels: Iterable[str] = LABELS) -> EvalDocument:
    """Split the ``+++`` TOML header from the body and validate the header strictly."""
    allowed = set(labels)
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if lines[0].rstrip("\r") != DELIMITER:
        raise CorpusError(f"{path}: 第 1 行应为 {DELIMITER}（文档以 TOML 头部开始）")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r") == DELIMITER), None)
    if end is None:
        raise CorpusError(f"{path}: 头部没有结束的 {DELIMITER} 行")
    try:
        header = tomllib.loads("\n".join(line.rstrip("\r") for line in lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"{path}: 头部不是合法的 TOML：{exc}") from None
    unknown = sorted(set(header) - HEADER_KEYS)
    if unknown:
        raise CorpusError(f"{path}: 头部有未知的键 {unknown[0]!r}（可用：{', '.join(sorted(HEADER_KEYS))}）")
    channel = header.get("channel")
    if channel not in CHANNELS:
        raise CorpusError(f"{path}: channel 应为 {'|'.join(CHANNELS)} 之一，实际为 {channel!r}")
    if "expect" not in header:
        raise CorpusError(f"{path}: 头部缺少 expect（合规文档写 expect = []）")
    expect = header["expect"]
    if not isinstance(expect, list) or not all(isinstance(c, str) for c in expect):
        raise CorpusError(f"{path}: expect 应为类别字符串数组")
    bad = [c for c in expect if c not in allowed]
    if bad:
        raise CorpusError(f"{path}: expect 中有未知类别 {bad[0]!r}")
    if len(set(expect)) != len(expect):
        raise CorpusError(f"{path}: expect 中有重复的类别")
    note = header.get("note", "")
    if not isinstance(note, str):
        raise CorpusError(f"{path}: note 应为字符串")
    body = "\n".join(lines[end + 1:])
    if not body.strip():
        raise CorpusError(f"{path}: 正文为空")
    return EvalDocument(path=path, split=split, channel=channel, expect=frozenset(expect),
                        body=body, note=note)


def load_corpus(root: Path, labels: Iterable[str] = LABELS) -> list[EvalDocument]:
    """Every ``<root>/{dev,test}/**/*.txt`` document, sorted by path within each split."""
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(f"{root}: 评测语料目录不存在")
    labels = tuple(labels)
    docs: list[EvalDocument] = []
    for split in SPLITS:
        folder = root / split
        if not folder.is_dir():
            continue
        for file in sorted(folder.rglob("*.txt")):
            if any(part.startswith(".") for part in file.relative_to(folder).parts):
                continue
            display = file.as_posix()
            try:
                text = file.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                raise CorpusError(f"{display}: 不是 UTF-8 编码") from None
            except OSError as exc:
                raise CorpusError(f"{display}: 无法读取：{exc.strerror or exc}") from None
            docs.append(parse_document(text, display, split, labels))
    if not docs:
        raise CorpusError(f"{root}: 没有找到评测文档（应为 {root}/dev/**/*.txt 与 {root}/test/**/*.txt）")
    return docs


# ---- naive baseline ----------------------------------------------------------------

# What common ad-law word checkers do: a fixed word list per category, and a document is
# flagged when any word occurs anywhere in it (after NFKC folding and ASCII case folding).
# The words are the literal trigger entries of DOMAIN.md Appendix A; entries with a {N}
# placeholder cannot be plain substrings and are left out, single-character entries
# (送, 赠, 返, 折, 起) are left out because no word list carries them alone, and 限时
# (SPEC.md's quota seed) is added. A handful of literal rates stand in for "{N}M".
BASELINE_WORDS: dict[str, tuple[str, ...]] = {
    "undisclosed-limits": (
        # hidden_conditions.benefit_triggers
        "0元", "零元", "免费", "白送", "赠送", "加赠", "另赠", "返还", "返现", "返话费",
        "半价", "立减", "直降", "低至", "仅需", "只要", "首月", "预存送", "购机送", "办套餐送",
        # unlimited.triggers (SPEC: an unlimited claim hiding its threshold)
        "不限量", "无限流量", "无限量", "流量无限", "不限流量", "流量不限", "无上限", "不封顶",
        "想用就用", "随便用", "随心用", "任性用", "敞开用", "畅享", "畅玩", "无限畅享",
        "流量自由", "不限速", "不降速",
        # SPEC: conditions pushed into the counter only
        "详见营业厅", "以实际办理为准",
    ),
    "quota-offer": (
        "限量", "限额", "名额有限", "数量有限", "先到先得", "送完即止", "赠完为止", "售完即止",
        "抢完为止", "额满即止", "手慢无", "秒杀", "抢购", "每日限量", "首批", "限时",
    ),
    "bandwidth-conditions": (
        "百兆", "千兆", "两千兆", "万兆", "光纤到户", "FTTR", "全屋千兆", "独享带宽", "满速",
        "极速", "秒开", "零卡顿", "不卡顿", "5G峰值", "峰值速率", "最高速率", "全城覆盖",
        "信号全覆盖", "无死角", "满格",
        "100M", "200M", "300M", "500M", "1000M", "2000M", "Mbps", "Gbps", "MB/s",
    ),
    "forced-bundling": (
        # bundling.triggers
        "须同时办理", "必须办理", "需同时开通", "需捆绑", "捆绑", "绑定手机卡方可", "仅限融合",
        "宽带不单独办理", "单宽带不受理", "不办手机卡不能", "须使用指定终端", "须购买指定",
        "方可办理宽带", "不可单独取消", "不可拆分退订",
        # campus.triggers
        "唯一指定", "学校指定", "官方唯一合作", "独家合作", "新生必办", "入学必备", "报到必办",
        "入学须办理", "统一办理", "统一配发", "随录取通知书", "录取通知书内附", "校园网仅限",
        "无法使用校园网", "宿舍宽带仅",
    ),
    "exaggeration": (
        "最好", "最佳", "最优", "最强", "最快", "最稳", "最低价", "最便宜", "最划算", "最省钱",
        "最实惠", "最全", "最先进", "最受欢迎", "最值得", "第一", "No.1", "TOP1", "唯一",
        "独家", "首家", "首选", "全球首发", "全网首发", "国家级", "世界级", "顶级", "极致",
        "极品", "王牌", "冠军", "领先", "遥遥领先", "绝对", "100%", "永久", "终身免费",
        "史上最低", "全网最低", "零延迟", "永不掉线",
    ),
    "unfair-terms": (
        "最终解释权", "解释权归", "保留最终解释权", "享有解释权", "有权随时变更", "有权随时调整",
        "有权修改", "有权终止", "恕不另行通知", "不另行通知", "概不负责", "不承担任何责任",
        "不退不换", "一经办理不得", "不予退还",
    ),
    "auto-subscription": (
        # auto_renewal.triggers
        "默认开通", "默认勾选", "已为您开通", "已为您升级", "自动开通", "自动订购", "自动续订",
        "自动续费", "自动续约", "连续包月", "自动转包月", "自动转为", "自动升级为",
        "不退订即视为同意", "回复任意内容即开通", "点击即开通",
        # free_trial.triggers
        "免费试用", "免费体验", "首月免费", "0元体验", "试用期满", "体验期结束",
    ),
}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


_FOLDED_WORDS = {cat: tuple(_fold(w) for w in words) for cat, words in BASELINE_WORDS.items()}


def baseline_categories(text: str) -> set[str]:
    """The categories whose baseline word list has a word occurring anywhere in ``text``."""
    folded = _fold(text)
    return {cat for cat, words in _FOLDED_WORDS.items() if any(w in folded for w in words)}


def baseline_matches(text: str, category: str) -> list[str]:
    """The baseline words of ``category`` that occur in ``text`` (for explanations)."""
    folded = _fold(text)
    return [w for w, f in zip(BASELINE_WORDS.get(category, ()), _FOLDED_WORDS.get(category, ()))
            if f in folded]


# ---- metrics -----------------------------------------------------------------------

@dataclass
class CategoryScore:
    """Document-level confusion counts of one category and the ratios derived from them."""

    category: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float | None:
        """None when nothing was expected and nothing predicted; 0.0 when only expected."""
        if self.predicted:
            return self.tp / self.predicted
        return 0.0 if self.support else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.support if self.support else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
                "support": self.support, "predicted": self.predicted,
                "precision": _round(self.precision), "recall": _round(self.recall),
                "f1": _round(self.f1)}


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def score(docs: Iterable[EvalDocument], predicted: Mapping[str, Iterable[str]],
          categories: Iterable[str]) -> dict[str, CategoryScore]:
    """Confusion counts per category; ``predicted`` maps document path → categories."""
    scores = {c: CategoryScore(c) for c in categories}
    for doc in docs:
        pred = set(predicted.get(doc.path, ()))
        for cat, s in scores.items():
            if cat in doc.expect:
                if cat in pred:
                    s.tp += 1
                else:
                    s.fn += 1
            elif cat in pred:
                s.fp += 1
            else:
                s.tn += 1
    return scores


@dataclass(frozen=True)
class Macro:
    """Unweighted means over the categories that have at least one expected document."""

    precision: float | None
    recall: float | None
    f1: float | None
    categories: int

    def to_dict(self) -> dict:
        return {"precision": _round(self.precision), "recall": _round(self.recall),
                "f1": _round(self.f1), "categories": self.categories}


def macro(scores: Mapping[str, CategoryScore]) -> Macro:
    rows = [s for s in scores.values() if s.support]
    if not rows:
        return Macro(None, None, None, 0)
    n = len(rows)
    return Macro(sum(s.precision or 0.0 for s in rows) / n, sum(s.recall or 0.0 for s in rows) / n,
                 sum(s.f1 or 0.0 for s in rows) / n, n)


# ---- evaluation --------------------------------------------------------------------

@dataclass
class Miss:
    """A false positive (with the findings that caused it) or a false negative."""

    kind: str  # "fp" | "fn"
    path: str
    category: str
    excerpt: str
    note: str = ""
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = {"path": self.path, "category": self.category, "excerpt": self.excerpt,
                "note": self.note}
        if self.kind == "fp":
            data["findings"] = [{"rule": f.rule, "line": f.line, "column": f.column,
                                 "excerpt": f.excerpt, "message": f.message} for f in self.findings]
        return data


@dataclass
class SplitResult:
    name: str
    documents: int
    flagged: int
    promolint: dict[str, CategoryScore]
    baseline: dict[str, CategoryScore]
    false_positives: list[Miss]
    false_negatives: list[Miss]

    def to_dict(self) -> dict:
        return {
            "documents": self.documents,
            "compliant": self.documents - self.flagged,
            "promolint": {"categories": {c: s.to_dict() for c, s in self.promolint.items()},
                          "macro": macro(self.promolint).to_dict()},
            "baseline": {"categories": {c: s.to_dict() for c, s in self.baseline.items()},
                         "macro": macro(self.baseline).to_dict()},
            "false_positives": [m.to_dict() for m in self.false_positives],
            "false_negatives": [m.to_dict() for m in self.false_negatives],
        }


def excerpt(text: str, limit: int = 90) -> str:
    """The text on one line, whitespace collapsed, cut to ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _finding_line(body: str, finding: Finding) -> str:
    lines = body.split("\n")
    return lines[finding.line - 1].rstrip("\r") if 0 < finding.line <= len(lines) else ""


def evaluate(docs: list[EvalDocument], findings: Mapping[str, list[Finding]],
             splits: Iterable[str] = SPLITS,
             baseline: Callable[[str], set[str]] = baseline_categories,
             labelled: Iterable[str] = ()) -> dict[str, SplitResult]:
    """Score the linter's findings and the baseline on each split of ``docs``.

    The rows are the categories that are expected (in ``docs`` or in ``labelled``, the
    labels of the whole corpus) or predicted by either method, in SPEC order.
    """
    predicted = {path: {f.category for f in fs} for path, fs in findings.items()}
    base_pred = {d.path: baseline(d.body) for d in docs}
    seen = {c for d in docs for c in d.expect} | set(labelled)
    seen |= {c for p in predicted.values() for c in p} | {c for p in base_pred.values() for c in p}
    categories = [c for c in LABELS if c in seen] + sorted(seen - set(LABELS) - {"suppression"})
    results: dict[str, SplitResult] = {}
    for split in splits:
        part = [d for d in docs if d.split == split]
        fps: list[Miss] = []
        fns: list[Miss] = []
        for d in part:
            pred = predicted.get(d.path, set())
            for cat in categories:
                if cat in pred and cat not in d.expect:
                    causes = [f for f in findings.get(d.path, []) if f.category == cat]
                    fps.append(Miss("fp", d.path, cat, excerpt(_finding_line(d.body, causes[0])),
                                    d.note, causes))
                elif cat in d.expect and cat not in pred:
                    fns.append(Miss("fn", d.path, cat, excerpt(d.body), d.note))
        results[split] = SplitResult(
            name=split, documents=len(part), flagged=sum(1 for d in part if d.expect),
            promolint=score(part, predicted, categories),
            baseline=score(part, base_pred, categories),
            false_positives=fps, false_negatives=fns)
    return results


def lint_documents(docs: list[EvalDocument], linter, cfg) -> dict[str, list[Finding]]:
    """Lint every body with the real linter (line 1 = the first line after the header).

    A document counts as flagged by the findings that would fail a run: those at or above
    the configuration's ``fail-on`` severity (default warning). An ``info`` finding
    (PL505's reminder to keep proof of a sourced ranking) is advice on compliant copy."""
    from promolint.api import lint_text

    floor = cfg.fail_on.rank
    return {d.path: [f for f in lint_text(d.body, path=d.path, cfg=cfg, linter=linter)
                     if f.severity.rank >= floor] for d in docs}


# ---- gate --------------------------------------------------------------------------

@dataclass(frozen=True)
class Gate:
    """Minimum precision and recall per category on one split (corpora/eval/gate.toml)."""

    path: str
    split: str = "test"
    min_support: int = 10
    precision: float = 0.90
    recall: float = 0.85
    overrides: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def thresholds(self, category: str) -> tuple[float, float]:
        o = self.overrides.get(category, {})
        return o.get("precision", self.precision), o.get("recall", self.recall)


_GATE_KEYS = {"split", "min_support", "precision", "recall", "category"}


def _ratio(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise CorpusError(f"{where}: 应为 0 到 1 之间的数")
    return float(value)


def load_gate(path: Path) -> Gate:
    """Read and validate a gate file; per-category entries may only raise the bar."""
    path = Path(path)
    where = path.as_posix()
    data = read_toml(path, CorpusError, "门槛文件", where)
    unknown = sorted(set(data) - _GATE_KEYS)
    if unknown:
        raise CorpusError(f"{where}: 未知的键 {unknown[0]!r}（可用：{', '.join(sorted(_GATE_KEYS))}）")
    split = data.get("split", "test")
    if split not in SPLITS:
        raise CorpusError(f"{where}: split 应为 {'|'.join(SPLITS)} 之一")
    min_support = data.get("min_support", 10)
    if isinstance(min_support, bool) or not isinstance(min_support, int) or min_support < 1:
        raise CorpusError(f"{where}: min_support 应为正整数")
    precision = _ratio(data.get("precision", 0.90), f"{where}: precision")
    recall = _ratio(data.get("recall", 0.85), f"{where}: recall")
    overrides: dict[str, dict[str, float]] = {}
    table = data.get("category", {})
    if not isinstance(table, dict):
        raise CorpusError(f"{where}: category 应为表（[category.<类别>]）")
    for cat, entry in table.items():
        if cat not in LABELS:
            raise CorpusError(f"{where}: 未知类别 category.{cat}")
        if not isinstance(entry, dict) or set(entry) - {"precision", "recall"}:
            raise CorpusError(f"{where}: category.{cat} 只能有 precision 和 recall")
        o = {k: _ratio(v, f"{where}: category.{cat}.{k}") for k, v in entry.items()}
        for k, base in (("precision", precision), ("recall", recall)):
            if k in o and o[k] < base:
                raise CorpusError(f"{where}: category.{cat}.{k} = {o[k]} 低于总门槛 {base}；"
                                  "单个类别只能提高门槛，不能降低")
        overrides[cat] = o
    return Gate(where, split, min_support, precision, recall, overrides)


def check_gate(gate: Gate, scores: Mapping[str, CategoryScore]) -> list[str]:
    """What fell short, one Chinese line per metric; empty when the gate passes."""
    failures: list[str] = []
    for cat, s in scores.items():
        if s.support < gate.min_support:
            continue
        need_p, need_r = gate.thresholds(cat)
        p, r = s.precision or 0.0, s.recall or 0.0
        if p < need_p:
            failures.append(f"{cat}：精确率 {p:.3f} 低于 {need_p:.2f}（误报 {s.fp} 篇，预测为正 {s.predicted} 篇）")
        if r < need_r:
            failures.append(f"{cat}：召回率 {r:.3f} 低于 {need_r:.2f}（漏报 {s.fn} 篇，共 {s.support} 篇应标出）")
    return failures


def gated_categories(gate: Gate, scores: Mapping[str, CategoryScore]) -> list[str]:
    return [c for c, s in scores.items() if s.support >= gate.min_support]


# ---- rendering ---------------------------------------------------------------------

def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def render_json(results: Mapping[str, SplitResult], out: TextIO, *, corpus: str,
                version: str, gate: dict | None = None) -> None:
    data = {
        "version": version,
        "corpus": corpus,
        "baseline": "substring",
        "splits": {name: r.to_dict() for name, r in results.items()},
        "gate": gate,
    }
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def render_text(results: Mapping[str, SplitResult], out: TextIO, *, corpus: str,
                color: bool = False, show_misses: bool = True) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, force_terminal=color, no_color=not color, highlight=False,
                      emoji=False, markup=False, width=None if color else 150, soft_wrap=False)
    for name, r in results.items():
        title = (f"{corpus} · {name}：{r.documents} 篇文档（应标出 {r.flagged} 篇，合规 "
                 f"{r.documents - r.flagged} 篇）")
        table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", show_edge=False)
        table.add_column("类别")
        table.add_column("正例", justify="right")
        for head in ("精确率", "召回率", "F1", "误报", "漏报"):
            table.add_column(f"promolint {head}" if head == "精确率" else head, justify="right")
        for head in ("精确率", "召回率", "F1"):
            table.add_column(f"基线 {head}" if head == "精确率" else head, justify="right")
        for cat, s in r.promolint.items():
            b = r.baseline[cat]
            table.add_row(cat, str(s.support), _fmt(s.precision), _fmt(s.recall), _fmt(s.f1),
                          str(s.fp), str(s.fn), _fmt(b.precision), _fmt(b.recall), _fmt(b.f1))
        m, bm = macro(r.promolint), macro(r.baseline)
        table.add_section()
        table.add_row(f"宏平均（{m.categories} 类）", "", _fmt(m.precision), _fmt(m.recall),
                      _fmt(m.f1), "", "", _fmt(bm.precision), _fmt(bm.recall), _fmt(bm.f1))
        console.print(table)
        console.print()
        if not show_misses:
            continue
        if r.false_positives:
            console.print(Text(f"{name} 误报（{len(r.false_positives)}）：", style="bold yellow"))
            for miss in r.false_positives:
                console.print(Text(f"  {miss.path}  [{miss.category}]", style="bold"))
                console.print(Text(f"      {miss.excerpt}", style="dim"))
                for f in miss.findings:
                    console.print(Text(f"      ← {f.rule} {f.line}:{f.column} “{f.excerpt}” {f.message}"))
            console.print()
        if r.false_negatives:
            console.print(Text(f"{name} 漏报（{len(r.false_negatives)}）：", style="bold red"))
            for miss in r.false_negatives:
                console.print(Text(f"  {miss.path}  [{miss.category}]", style="bold"))
                console.print(Text(f"      {miss.excerpt}", style="dim"))
                if miss.note:
                    console.print(Text(f"      标注说明：{miss.note}"))
            console.print()
    console.print(Text("基线：对 DOMAIN.md 附录 A 各类别触发词做纯子串匹配（不分词、不看上下文）。",
                       style="dim"))
