"""Whole-process harness: ``graphbuilder build`` against plain ``spacy.load`` + ``nlp.pipe``.

Why whole processes: a user pays for everything a run does (imports, model and knowledge
loading, the pipe, merging, writing every output), and the floor of that cost is the model's
own: a process that loads the same model with its full default pipeline and pipes the same
texts, doing nothing with the docs (the *anchor*). Each arm runs as a child process, the arms
alternate ``--repeat`` times (so a noisy machine hurts both alike), and the harness prints, per
run, the wall time, words per second and the child's peak memory (``ru_maxrss`` from
``os.wait4``: the largest single process of the child's tree), then each pair's ratio and the
median ratio.

Arms (``--arms A B``; the ratio is B's speed over A's):
  ``anchor``      plain spaCy: ``spacy.load(model)``, the whole default pipeline, ``nlp.pipe(texts)``;
  ``build``       ``graphbuilder build INPUT --out TMP --quiet``;
  ``build-nN``    the same with ``--n-process N``;
  ``dask``        the same with ``--dask local`` (needs ``graphbuilder[dask]``).
Every build arm's ``graph.json`` is compared byte for byte with the first build arm's.

Input: a folder, a JSONL file, or ``--news DIR`` (the shared Reuters-21578 / AG News files,
converted on the fly into a temporary JSONL, never kept), optionally ``--as-one`` (all texts
joined into one document, to see whether memory depends on document length).

Usage::

    .venv/bin/python benchmarks/harness.py --news ../shared/data/news --corpus reuters --limit 1000
    .venv/bin/python benchmarks/harness.py --news ../shared/data/news --corpus reuters --limit 1000 \\
        --arms build build-n2
    .venv/bin/python benchmarks/harness.py docs/ --arms build --repeat 1

>>> _arm_command("build-n2", Path("in.jsonl"), Path("out"), "m")[-2:]
['--n-process', '2']
>>> round(_median([1.0, 3.0, 2.0]), 1)
2.0
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

__all__ = ["prepare_input", "run_arm", "main"]

#: The anchor process: the model's whole default pipeline over the texts, nothing else.
_ANCHOR = """\
import json, sys
import spacy
nlp = spacy.load(sys.argv[2])
with open(sys.argv[1], encoding="utf-8") as f:
    texts = [json.loads(line)["text"] for line in f]
for _ in nlp.pipe(texts):
    pass
"""


def _median(values: Sequence[float]) -> float:
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def prepare_input(args: argparse.Namespace, tmp: Path) -> tuple[Path, Path, int, int]:
    """(input for the build, JSONL of the same texts for the anchor, documents, words)."""
    if args.news:
        from speed import news_docs, write_news_jsonl
        docs = news_docs(args.news, args.limit, args.corpus)
        if args.as_one:
            docs = [{"id": "all", "title": "", "text": "\n\n".join(d["text"] for d in docs)}]
        src = write_news_jsonl(docs, tmp / "input.jsonl")
        texts = [d["text"] for d in docs]
        anchor_src = src
    else:
        from graphbuilder.documents import read_documents
        from graphbuilder.model import Document
        texts = [d.text for d in read_documents([args.input]) if isinstance(d, Document)]
        src = args.input
        anchor_src = tmp / "anchor.jsonl"
        with anchor_src.open("w", encoding="utf-8") as f:
            for t in texts:
                f.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
    if args.as_one and not args.news:
        raise SystemExit("--as-one needs --news")
    return src, anchor_src, len(texts), sum(len(t.split()) for t in texts)


def _arm_command(arm: str, src: Path, out: Path, model: str) -> list[str]:
    if arm == "anchor":
        return [sys.executable, "-c", _ANCHOR, str(src), model]
    cmd = [sys.executable, "-m", "graphbuilder", "build", str(src), "--out", str(out), "--quiet",
           "--model", model]
    if arm.startswith("build-n"):
        cmd += ["--n-process", arm.removeprefix("build-n")]
    elif arm == "dask":
        cmd += ["--dask", "local"]
    elif arm != "build":
        raise SystemExit(f"unknown arm {arm!r}")
    return cmd


def run_arm(cmd: list[str]) -> dict:
    """Run one child to the end: wall seconds, peak RSS (MB) of its largest process, exit code."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": wall, "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024, "rc": proc.returncode,
            "stderr": err.decode("utf-8", "replace")[-2000:]}


def _pairs(args, src, anchor_src, words, tmp) -> list[dict]:
    runs = []
    reference = None
    for rep in range(args.repeat):
        pair = {}
        for arm in args.arms:
            out = tmp / f"out-{arm}"
            shutil.rmtree(out, ignore_errors=True)
            r = run_arm(_arm_command(arm, anchor_src if arm == "anchor" else src, out, args.model))
            if r["rc"] != 0:
                raise SystemExit(f"{arm} failed (exit {r['rc']}):\n{r['stderr']}")
            r["wps"] = words / r["seconds"]
            r["cpu_wps"] = words / r["cpu_seconds"]
            if arm != "anchor":
                data = (out / "graph.json").read_bytes()
                reference = reference or data
                r["identical"] = data == reference
            pair[arm] = r
            print(f"run {rep + 1} {arm:>9}: {r['seconds']:7.2f} s {r['wps']:8.0f} words/s, "
                  f"cpu {r['cpu_seconds']:7.2f} s {r['cpu_wps']:8.0f} words/cpu-s, peak {r['peak_mb']:7.0f} MB"
                  + ("" if "identical" not in r else f" graph.json identical: {r['identical']}"),
                  flush=True)
        a, b = args.arms[0], args.arms[-1]
        pair["ratio"] = pair[b]["wps"] / pair[a]["wps"]
        pair["cpu_ratio"] = pair[b]["cpu_wps"] / pair[a]["cpu_wps"]
        print(f"run {rep + 1} ratio {b}/{a}: wall {pair['ratio']:.3f}, cpu {pair['cpu_ratio']:.3f}",
              flush=True)
        runs.append(pair)
    return runs


def main(argv: Sequence[str] | None = None) -> dict:
    """Run the alternated pairs; print each run and the median ratio; return the results."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="Example: benchmarks/harness.py --news ../shared/data/news "
                                        "--corpus reuters --limit 1000")
    ap.add_argument("input", type=Path, nargs="?", help="a folder or JSONL file (or use --news)")
    ap.add_argument("--news", type=Path, help="the shared news folder (Reuters-21578, AG News)")
    ap.add_argument("--corpus", choices=("both", "ag_news", "reuters"), default="reuters")
    ap.add_argument("--limit", type=int, default=1000, help="news documents (default 1000)")
    ap.add_argument("--as-one", action="store_true", help="join the news texts into one document")
    ap.add_argument("--arms", nargs="+", default=["anchor", "build"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--model", default=None, help="spaCy model (default: graphbuilder's)")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args(argv)
    if (args.input is None) == (args.news is None):
        ap.error("give one INPUT or --news DIR")
    if args.model is None:
        from graphbuilder.settings import DEFAULT_MODEL
        args.model = DEFAULT_MODEL
    with tempfile.TemporaryDirectory(prefix="gb-harness-") as tmp:
        src, anchor_src, n_docs, words = prepare_input(args, Path(tmp))
        print(f"{n_docs} documents, {words} words, model {args.model}, arms {' '.join(args.arms)}",
              flush=True)
        runs = _pairs(args, src, anchor_src, words, Path(tmp))
    ratios = [r["ratio"] for r in runs]
    cpu_ratios = [r["cpu_ratio"] for r in runs]
    peaks = {arm: max(r[arm]["peak_mb"] for r in runs) for arm in args.arms}
    print(f"median ratio {args.arms[-1]}/{args.arms[0]}: {_median(ratios):.3f} "
          f"(runs: {', '.join(f'{x:.3f}' for x in ratios)}); peak MB: "
          + ", ".join(f"{a} {p:.0f}" for a, p in peaks.items()))
    print(f"median cpu ratio {args.arms[-1]}/{args.arms[0]}: {_median(cpu_ratios):.3f} "
          f"(runs: {', '.join(f'{x:.3f}' for x in cpu_ratios)}; CPU time of the whole process "
          f"tree, workers included)")
    report = {"documents": n_docs, "words": words, "model": args.model, "arms": args.arms,
              "runs": runs, "median_ratio": _median(ratios),
              "median_cpu_ratio": _median(cpu_ratios), "peak_mb": peaks}
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
