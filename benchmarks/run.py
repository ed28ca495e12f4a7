"""Measure promolint against plain jieba on this machine, in one run (never a timed test).

    python benchmarks/run.py [--quick] [--workdir DIR]

Reports, as medians of repeated runs:
  * throughput of promolint (one process, in-process API) vs ``jieba.lcut`` over the
    same ads — the ratio promolint/jieba (SPEC: ≤ 1.0, aim < 0.5);
  * ``promolint check --jobs 1`` vs ``--jobs N`` on the archive — the speed-up;
  * wall time of ``promolint check`` on one small clean file and one with findings,
    including interpreter start-up (SPEC: 0.3 s and 1.0 s);
  * peak memory (max RSS) of the archive run;
  * where the lint time goes: the share spent inside jieba, and the characters it saw.
``--quick`` uses a small archive and one repetition: a smoke test for CI.

Subprocesses run as an installed tool runs: with bytecode caches allowed (a
``PYTHONDONTWRITEBYTECODE`` in the caller's environment is dropped; pip compiles an
installed wheel's modules) and promolint's compiled-pattern cache warmed by one
untimed run first, as on any machine after its first run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


# Runs the command and reports its own wall time (the wrapper's start-up excluded), exit
# code and peak RSS: RUSAGE_CHILDREN sees only the command and its subprocesses.
_MEASURE = (
    "import resource, subprocess, sys, time;"
    "t0 = time.perf_counter();"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode;"
    "wall = time.perf_counter() - t0;"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc, wall)"
)


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def sh(*args: str) -> tuple[float, float, int]:
    """Run a command; return (wall seconds, peak RSS MB of its largest process, exit code).
    The wall time is the command's own, measured inside the wrapper that reads its RSS."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True,
                          env=ENV)
    outer = time.perf_counter() - t0
    try:
        rss, rc, wall = proc.stdout.split()
        return float(wall), int(rss) / 1024, int(rc)
    except ValueError:
        return outer, 0.0, proc.returncode


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def jieba_share(linter, ads: list[str]) -> tuple[float, int]:
    """(share of lint time spent inside jieba, characters handed to jieba) over ``ads``."""
    from promolint.sources.base import Document

    tokenize = linter.tokenizer._load()
    spent, seen = 0.0, 0

    def timed(text: str):
        nonlocal spent, seen
        t0 = time.perf_counter()
        tokens = list(tokenize(text))
        spent += time.perf_counter() - t0
        seen += len(text)
        return tokens

    linter.tokenizer._impl = timed
    try:
        t0 = time.perf_counter()
        for a in ads:
            linter.lint(Document("b", a, a))
        total = time.perf_counter() - t0
    finally:
        linter.tokenizer._impl = tokenize
    return spent / total, seen


def per_rule_seconds(linter, ads: list[str]) -> dict[str, float]:
    """Seconds each rule's extension point took over ``ads`` (tokenising included)."""
    from collections import Counter

    from promolint.engine import runner
    from promolint.engine.points import POINTS
    from promolint.sources.base import Document

    spent: Counter = Counter()
    saved_points, saved_extract = dict(POINTS), runner._extract

    def timed(fn):
        def call(ctx, rule):
            t0 = time.perf_counter()
            try:
                return list(fn(ctx, rule))
            finally:
                spent[rule.code] += time.perf_counter() - t0
        return call

    for name, fn in saved_points.items():
        POINTS[name] = timed(fn)
    runner._extract = timed(saved_extract)
    try:
        for a in ads:
            linter.lint(Document("b", a, a))
    finally:
        POINTS.update(saved_points)
        runner._extract = saved_extract
    return {code: round(s, 3) for code, s in spent.most_common()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small inputs, one repetition (CI smoke)")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--per-rule", action="store_true", help="also time each rule over the ads")
    args = ap.parse_args()
    files, corpus_mb, repeat = (400, 0.3, 1) if args.quick else (20000, 5.0, 3)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="promolint-bench-"))
    if not (work / "corpus.txt").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(work), "--files", str(files),
                        "--corpus-mb", str(corpus_mb)], check=True)
    promolint = [sys.executable, "-m", "promolint"]
    results: dict[str, object] = {"files": files, "corpus_mb": corpus_mb}

    # 1. Throughput, in-process, both warmed up (dictionary loads excluded from both).
    import jieba
    import logging

    jieba.setLogLevel(logging.WARNING)
    from promolint.api import default_linter
    from promolint.sources.base import Document

    text = (work / "corpus.txt").read_text("utf-8")
    ads = [a for a in text.split("\n\n") if a.strip()]
    chars = sum(len(a) for a in ads)
    jieba.initialize()
    linter = default_linter()
    linter.tokenizer.tokenize("预热")  # load promolint's jieba too
    t_jieba = median_time(lambda: [jieba.lcut(a) for a in ads], repeat)
    t_lint = median_time(lambda: [linter.lint(Document("b", a, a)) for a in ads], repeat)
    results["jieba_lcut_chars_per_s"] = round(chars / t_jieba)
    results["promolint_chars_per_s"] = round(chars / t_lint)
    results["ratio_promolint_over_jieba"] = round(t_lint / t_jieba, 3)
    share, seen = jieba_share(linter, ads)
    results["jieba_share_of_lint_time"] = round(share, 3)
    results["chars_tokenised_share"] = round(seen / chars, 3)
    if args.per_rule:
        results["seconds_per_rule"] = per_rule_seconds(linter, ads)

    # 2. Start-up: one small clean file and one with findings, interpreter included.
    sh(*promolint, "check", "--isolated", str(work / "findings.txt"))  # warm caches, untimed
    runs = max(3, repeat)
    clean = statistics.median(sh(*promolint, "check", "--isolated", str(work / "clean.txt"))[0] for _ in range(runs))
    dirty = statistics.median(sh(*promolint, "check", "--isolated", str(work / "findings.txt"))[0]
                              for _ in range(runs))
    results["wall_clean_small_file_s"] = round(clean, 3)
    results["wall_findings_small_file_s"] = round(dirty, 3)

    # 3. Archive: --jobs 1 vs all cores; peak memory.
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    archive = str(work / "archive")
    base = [*promolint, "check", "--isolated", "--quiet", "--format", "concise", archive]
    w1, rss1, _ = sh(*base, "--jobs", "1")
    wn, rssn, _ = sh(*base, "--jobs", str(cores))
    results["cores"] = cores
    results["archive_jobs1_s"] = round(w1, 2)
    results[f"archive_jobs{cores}_s"] = round(wn, 2)
    results["speedup"] = round(w1 / wn, 2) if wn else None
    results["peak_rss_mb_jobs1"] = round(rss1, 1)
    results[f"peak_rss_mb_jobs{cores}"] = round(rssn, 1)

    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for k, v in results.items():
            print(f"{k:32} {v}")


if __name__ == "__main__":
    main()
