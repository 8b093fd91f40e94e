"""Peak memory of whole ``graphbuilder build`` processes, and how much of it is the graph itself.

Why: memory should depend neither on the number nor on the length of documents, beyond the
graph the build makes (issue 8). A build's peak RSS alone mixes three things: the fixed cost
(interpreter, model, knowledge), the graph (it must grow with the corpus), and the pipeline's
working memory (which must not). So for each input this prints:

- ``peak``: the build child's peak RSS (``ru_maxrss`` from ``os.wait4``), and the build phase
  (innermost graphbuilder function of the main thread) seen when a 0.1 s sampler inside the
  child saw its largest RSS;
- ``graph``: the graph's own memory, measured in a second child that loads the build's
  ``graph.json`` into the same in-memory structure (``read_node_link``: a networkx
  ``MultiDiGraph`` with the same attributes) and counts the Python heap the graph holds with
  ``tracemalloc`` once the parsed JSON is freed;
- ``peak - graph``: what is not the graph.

Then the ratios between the runs: all stories over 1,000 stories, raw and with the graph's
share removed; one long document over the same text in many documents; and the seconds of a
20 MB document against a 2.2 MB one (near-linear time means about their length ratio).

Inputs (converted on the fly into temporary JSONL/text files, never kept): the shared news
folder's AG News and Reuters-21578 stories, alternating (``speed.news_docs``); the long
documents are the stories joined by blank lines (repeated to reach 20 MB).

Usage::

    .venv/bin/python benchmarks/memory.py --news ../shared/data/news            # everything
    .venv/bin/python benchmarks/memory.py --news ../shared/data/news --runs n1000 all
    .venv/bin/python benchmarks/memory.py --news ../shared/data/news --runs one2.2 many2.2 one20

>>> _size_label(2_200_000), _size_label(20_000_000)
('2.2', '20')
>>> _joined(["ab", "cd"], 9)
'ab\\n\\ncd\\n'
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

__all__ = ["build_peak", "graph_share", "main"]

#: The build child: the CLI's build, with a sampler thread noting RSS and the current phase.
_PROBED_BUILD = """\
import sys, threading, time
state = {"peak": 0, "where": "start"}
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096
def sample(main_id):
    while True:
        r = rss()
        if r > state["peak"]:
            frame = sys._current_frames().get(main_id)
            where = []
            while frame is not None:
                if "graphbuilder" in frame.f_code.co_filename:
                    where.append(frame.f_code.co_name)
                frame = frame.f_back
            state["peak"], state["where"] = r, "/".join(reversed(where[:3]))
        time.sleep(0.1)
threading.Thread(target=sample, args=(threading.get_ident(),), daemon=True).start()
from graphbuilder.cli import main
try:
    main(["build", *sys.argv[1:], "--quiet"])
finally:
    sys.stderr.write("\\nPEAK-AT " + state["where"] + "\\n")
"""

#: The graph child: graph.json into the same in-memory graph; its heap bytes by tracemalloc.
_GRAPH_SHARE = """\
import gc, json, sys, tracemalloc
from graphbuilder.sinks.node_link import read_node_link_data
with open(sys.argv[1], encoding="utf-8") as f:
    text = f.read()
tracemalloc.start()
data = json.loads(text)
del text
g = read_node_link_data(data)
del data
gc.collect()
print(tracemalloc.get_traced_memory()[0], g.number_of_nodes(), g.number_of_edges())
"""


def _size_label(chars: int) -> str:
    return f"{chars / 1_000_000:g}"


def _joined(texts: Sequence[str], chars: int) -> str:
    """The texts joined by blank lines, repeated and cut (at a line end) to about ``chars``."""
    once = "\n\n".join(texts)
    text = "\n\n".join([once] * (chars // (len(once) + 2) + 1))[:chars]
    return text[:text.rfind("\n")] if "\n" in text else text


def build_peak(src: Path, out: Path, extra: Sequence[str] = ()) -> dict:
    """One whole build child over ``src``: seconds, peak RSS (MB) and the phase at the peak."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _PROBED_BUILD, str(src), "--out", str(out), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    rc = os.waitstatus_to_exitcode(status)
    where = next((line[8:] for line in err.splitlines() if line.startswith("PEAK-AT ")), "?")
    if rc != 0:
        raise SystemExit(f"build of {src} failed (exit {rc}):\n{err[-2000:]}")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "peak_at": where}


def graph_share(graph_json: Path) -> dict:
    """The heap (MB) of ``graph_json`` loaded as the build's in-memory graph, nodes, edges."""
    r = subprocess.run([sys.executable, "-c", _GRAPH_SHARE, str(graph_json)], capture_output=True,
                       text=True, cwd=ROOT, check=True)
    heap, nodes, edges = (int(x) for x in r.stdout.split())
    return {"graph_mb": heap / 2**20, "nodes": nodes, "edges": edges}


def _inputs(news: Path, runs: Sequence[str], tmp: Path) -> dict[str, Path]:
    from speed import news_docs, write_news_jsonl
    docs = news_docs(news, None, "both")
    out: dict[str, Path] = {}
    for run in runs:
        if run == "all" or run.startswith("n"):
            n = len(docs) if run == "all" else int(run[1:])
            out[run] = write_news_jsonl(docs[:n], tmp / f"{run}.jsonl")
        elif run.startswith(("one", "many")):
            chars = int(float(run.removeprefix("one").removeprefix("many")) * 1_000_000)
            if run.startswith("one"):
                (tmp / run).mkdir()
                out[run] = tmp / run / "doc.txt"
                out[run].write_text(_joined([d["text"] for d in docs], chars), encoding="utf-8")
            else:  # the same amount of text, in the corpus's own stories
                picked, total = [], 0
                for d in docs:
                    if total >= chars:
                        break
                    picked.append(d)
                    total += len(d["text"]) + 2
                out[run] = write_news_jsonl(picked, tmp / f"{run}.jsonl")
        else:
            raise SystemExit(f"unknown run {run!r} (n<N>, all, one<MB>, many<MB>)")
    return out


def _ratios(results: dict[str, dict]) -> list[str]:
    lines = []
    small = next((k for k in results if k.startswith("n")), None)
    if small and "all" in results:
        a, b = results[small], results["all"]
        lines.append(f"all/{small} peak: {b['peak_mb'] / a['peak_mb']:.2f}x raw, "
                     f"{b['rest_mb'] / a['rest_mb']:.2f}x with the graph's share removed "
                     f"(graph {a['graph_mb']:.0f} -> {b['graph_mb']:.0f} MB)")
    for k in results:
        if k.startswith("one") and "many" + k[3:] in results:
            lines.append(f"{k}/many{k[3:]} peak: "
                         f"{results[k]['peak_mb'] / results['many' + k[3:]]['peak_mb']:.2f}x")
    ones = sorted((float(k[3:]), k) for k in results if k.startswith("one"))
    if len(ones) > 1:
        (s_mb, s), (l_mb, big) = ones[0], ones[-1]
        lines.append(f"{big} vs {s} seconds: {results[big]['seconds'] / results[s]['seconds']:.1f}x "
                     f"for {l_mb / s_mb:.1f}x the length")
    return lines


def main(argv: Sequence[str] | None = None) -> dict:
    """Run the builds one after another (never two at once), print each and the ratios."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--news", type=Path, required=True, help="the shared news folder")
    ap.add_argument("--runs", nargs="+", default=["n1000", "all", "one2.2", "many2.2", "one20"],
                    help="n<N> first N stories, all, one<MB> one long document, many<MB> stories")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args(argv)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="gb-memory-") as tmp:
        inputs = _inputs(args.news, args.runs, Path(tmp))
        for run, src in inputs.items():
            out = Path(tmp) / f"out-{run}"
            r = build_peak(src, out)
            r.update(graph_share(out / "graph.json"))
            r["rest_mb"] = r["peak_mb"] - r["graph_mb"]
            results[run] = r
            print(f"{run:>8}: {r['seconds']:7.1f} s, peak {r['peak_mb']:6.0f} MB "
                  f"(at {r['peak_at']}), graph {r['graph_mb']:5.0f} MB "
                  f"({r['nodes']} nodes, {r['edges']} edges), peak - graph {r['rest_mb']:6.0f} MB",
                  flush=True)
    for line in _ratios(results):
        print(line)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
