"""Incremental builds: a grown folder rebuilt with ``--incremental`` vs from scratch.

Why: ``--incremental`` must give the files a full build gives, in a fraction of its time when
little changed. The script writes N news stories as ``.txt`` files, builds the first
``(1 - new) * N`` of them once, then adds the rest and times, alternately, whole
``graphbuilder build`` processes (model load included in both, as a user pays it):

- **full**: ``graphbuilder build DOCS --out FULL`` into an empty folder;
- **incremental**: ``graphbuilder build DOCS --out INC --incremental``, INC a fresh copy of
  the earlier build's folder (so every repetition starts from the same state).

It prints each pair (wall and CPU seconds), the medians of the ratio incremental/full, and
whether ``graph.json``, ``mentions.jsonl`` and ``graph.graphml`` are byte-identical between
the two.

Usage (data read in place from the shared folder, never copied into the repository)::

    .venv/bin/python benchmarks/incremental.py ../shared/data/news --limit 1000 --new 0.2
        [--corpus reuters|ag_news|both] [--repeat 3] [--json results.json]

>>> _split(10, 0.2)
(8, 2)
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.speed import news_docs  # noqa: E402

__all__ = ["main", "run_build"]


def _split(n: int, new: float) -> tuple[int, int]:
    added = max(1, round(n * new))
    return n - added, added


def _write_docs(docs: Sequence[dict], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for d in docs:
        (folder / f"{d['id']}.txt").write_text(d["text"] + "\n", encoding="utf-8")


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_build(docs: Path, out: Path, *extra: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one whole ``graphbuilder build`` process; CPU time (user + system
    of the process and its workers) hardly depends on what else the machine runs."""
    cmd = [sys.executable, "-m", "graphbuilder", "build", str(docs), "--out", str(out), "-q", *extra]
    t0, c0 = time.perf_counter(), _child_cpu()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds, cpu = time.perf_counter() - t0, _child_cpu() - c0
    if done.returncode != 0:
        raise SystemExit(f"build failed: {done.stderr.strip()}")
    print(done.stdout.splitlines()[1] if "--incremental" in extra else done.stdout.splitlines()[0],
          file=sys.stderr)
    return seconds, cpu


def _same(a: Path, b: Path, name: str) -> bool:
    return (a / name).read_bytes() == (b / name).read_bytes()


def main(argv: Sequence[str] | None = None) -> dict:
    """Run the benchmark; print a table; return the numbers."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("news_dir", type=Path)
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--new", type=float, default=0.2, help="share of documents added")
    ap.add_argument("--corpus", default="reuters", choices=["reuters", "ag_news", "both"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    docs = news_docs(args.news_dir, args.limit, args.corpus)
    if len(docs) < 2:
        raise SystemExit(f"no news stories found under {args.news_dir}")
    n_old, n_new = _split(len(docs), args.new)
    with tempfile.TemporaryDirectory(prefix="gb-incremental-") as tmp:
        tmp = Path(tmp)
        folder, base = tmp / "docs", tmp / "base"
        _write_docs(docs[:n_old], folder)
        run_build(folder, base)
        _write_docs(docs[n_old:], folder)
        pairs = []
        for i in range(args.repeat):
            full, inc = tmp / f"full{i}", tmp / f"inc{i}"
            shutil.copytree(base, inc)
            order = [("full", full, ()), ("incremental", inc, ("--incremental",))]
            runs = {name: run_build(folder, out, *extra)
                    for name, out, extra in (order if i % 2 == 0 else order[::-1])}
            (fw, fc), (iw, ic) = runs["full"], runs["incremental"]
            pairs.append({"full": fw, "incremental": iw, "full_cpu": fc, "incremental_cpu": ic})
            print(f"run {i + 1}: full {fw:.1f} s ({fc:.1f} s CPU), incremental {iw:.1f} s "
                  f"({ic:.1f} s CPU), ratio {iw / fw:.2f} wall, {ic / fc:.2f} CPU")
        same = {name: _same(tmp / "full0", tmp / "inc0", name)
                for name in ("graph.json", "mentions.jsonl", "graph.graphml")}
    ratio = statistics.median(p["incremental"] / p["full"] for p in pairs)
    cpu_ratio = statistics.median(p["incremental_cpu"] / p["full_cpu"] for p in pairs)
    result = {"documents": len(docs), "old": n_old, "new": n_new, "pairs": pairs,
              "median_ratio": ratio, "median_cpu_ratio": cpu_ratio, "identical": same}
    print(f"{len(docs)} documents ({n_new} new): incremental/full median ratio {ratio:.2f} wall, "
          f"{cpu_ratio:.2f} CPU; "
          f"identical: {', '.join(k for k, v in same.items() if v) or 'none'}"
          f"{'; DIFFERENT: ' + ', '.join(k for k, v in same.items() if not v) if not all(same.values()) else ''}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
