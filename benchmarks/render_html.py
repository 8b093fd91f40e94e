"""How ``graph.html`` copes with a big graph: page size, write time, headless-Chromium render.

Why: vis-network lays the graph out in the browser; a page that freezes on a real corpus is
no use, and neither is one whose typed relations drown in MENTIONS edges. This writes the
page for a ``graph.json`` from ``graphbuilder build`` (or for a synthetic graph of
``--synthetic N`` entities) and renders it in headless Chromium, reporting the file size, the
time to write it, the wall time until the DOM dump returns, what the page holds
(``view_nodes``, ``view_edges``) and what it shows once laid out (``shown_nodes``,
``shown_edges``, read from the page), and the layout hash (the same on every run).
``--query`` adds a query string, e.g. ``?q=France`` (select a node: its edges get labels) or
``?show=CO_MENTIONED`` (switch a type on).

Usage::

    .venv/bin/python benchmarks/render_html.py OUT/graph.json [--png shot.png] [--query '?q=France']
    .venv/bin/python benchmarks/render_html.py --synthetic 3000
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import networkx as nx  # noqa: E402

from graphbuilder.sinks.html import to_html, view_data  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
_LABELS = ("Person", "Country", "Organization", "Weapon", "Location")
_TYPES = ("LEADER_OF", "SUPPLIES", "OPERATES", "ATTACKED", "MET_WITH", "PART_OF")


def synthetic_graph(n: int, seed: int = 7) -> nx.MultiDiGraph:
    """``n`` entities, n/5 documents, mentions, co-mentions and semantic edges."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    ids = [f"e{i}" for i in range(n)]
    for i, nid in enumerate(ids):
        g.add_node(nid, label=_LABELS[i % len(_LABELS)], name=f"Entity {i}", aliases=[f"E{i}"],
                   documents=["d0"], mentions=rnd.randint(1, 30))
    for d in range(max(1, n // 5)):
        g.add_node(f"d{d}", label="Document", name=f"Document {d}")
        for nid in rnd.sample(ids, min(8, n)):
            g.add_edge(f"d{d}", nid, key="MENTIONS", type="MENTIONS", count=1)
    for _ in range(n):
        a, b = sorted(rnd.sample(ids, 2))
        g.add_edge(a, b, key="CO_MENTIONED", type="CO_MENTIONED", count=1)
        t = rnd.choice(_TYPES)
        g.add_edge(a, b, key=t, type=t, count=1,
                   evidence=[{"document": "d0", "text": "A sentence.", "start": 0, "end": 11}])
    return g


def load_graph_json(path: Path) -> nx.MultiDiGraph:
    data = json.loads(path.read_text(encoding="utf-8"))
    edges_key = "edges" if "edges" in data else "links"
    return nx.node_link_graph(data, directed=True, multigraph=True, edges=edges_key)


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("graph_json", nargs="?", type=Path)
    ap.add_argument("--synthetic", type=int, default=None, metavar="N")
    ap.add_argument("--png", type=Path, default=None, help="also save a screenshot")
    ap.add_argument("--budget", type=int, default=20000, help="virtual time budget, ms")
    ap.add_argument("--query", default="", help="query string for the page, e.g. '?q=France'")
    args = ap.parse_args(argv)
    if args.synthetic:
        g = synthetic_graph(args.synthetic)
    elif args.graph_json:
        g = load_graph_json(args.graph_json)
    else:
        ap.error("give a graph.json or --synthetic N")
    view = view_data(g)
    with tempfile.TemporaryDirectory(prefix="gb-html-") as tmp:
        page = Path(tmp) / "graph.html"
        t0 = time.perf_counter()
        page.write_text(to_html(g), encoding="utf-8")
        write_s = time.perf_counter() - t0
        flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp}/p",
                 "--window-size=1200,800", f"--virtual-time-budget={args.budget}"]
        t0 = time.perf_counter()
        dom = subprocess.run(flags + ["--dump-dom", page.as_uri() + args.query], capture_output=True,
                             text=True, timeout=600).stdout
        render_s = time.perf_counter() - t0
        if args.png:
            subprocess.run(flags + [f"--screenshot={args.png.resolve()}", page.as_uri() + args.query],
                           capture_output=True, timeout=600)
        def attr(name: str) -> str | None:
            m = re.search(rf'{name}="([^"]*)"', dom)
            return m.group(1) if m else None

        result = {"graph_nodes": g.number_of_nodes(), "graph_edges": g.number_of_edges(),
                  "view_nodes": len(view["nodes"]), "view_edges": len(view["edges"]),
                  "html_bytes": page.stat().st_size, "write_s": round(write_s, 2),
                  "render_s": round(render_s, 1), "shown_nodes": attr("data-visible-nodes"),
                  "shown_edges": attr("data-visible-edges"), "layout": attr("data-layout")}
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
