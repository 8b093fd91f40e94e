"""Benchmark: batched ``UNWIND ... MERGE`` loading versus one row per transaction.

Builds a large graph from the news corpora in ``../shared/data/news`` (AG News CSV and
Reuters-21578 SGML, converted to a temporary JSONL the pipeline reads), or reads one built
before (``--graph graph.json``), then loads it into the test Bolt server twice on the same
server in one run: batched (``--batch-size``) and one row per transaction (batch size 1).
Between the two the database is emptied. It reports rows per second, relationships per
second, and the ratio. A short warm-up load runs first so the server's JIT is warm for both.

The server is a fresh ArcadeDB started like the test fixture (stopped by its pid at the
end), or the server in ``NEO4J_URI``/``NEO4J_USER``/``NEO4J_PASSWORD`` when set (its
database is emptied: use a scratch server).

With ``--twice`` it checks the load at scale instead: the graph is loaded batched into an
empty database, then loaded again into the same one; it reports the time of each load, the
nodes per label and relationships per type after each, and whether the second load changed
any count or any property (the whole graph is read back after each load and compared).

Usage:
    .venv/bin/python benchmarks/neo4j_load.py ../shared/data/news --limit 3000 --save-graph /tmp/news.json
    .venv/bin/python benchmarks/neo4j_load.py --graph out/graph.json --json result.json
    .venv/bin/python benchmarks/neo4j_load.py --graph out/graph.json --twice
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from graphbuilder.sinks import neo4j as sink  # noqa: E402



def news_graph(news_dir: Path, limit: int | None, save: Path | None):
    """Build the news graph with ``speed.build_news_graph`` (one place reads the corpora)."""
    from speed import build_news_graph
    from graphbuilder.sinks.node_link import read_node_link

    with tempfile.TemporaryDirectory(prefix="gb-news-out-") as tmp:
        path = build_news_graph(news_dir, save.parent if save else Path(tmp), limit)
        if save and path != save:
            path.replace(save)
            path = save
        return read_node_link(path)


def wipe(driver, database: str) -> None:
    """Empty the database in chunks (one huge DETACH DELETE is slow on some servers)."""
    while True:
        with driver.session(database=database) as s:
            n = s.run("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n").single()["n"]
        if not n:
            return


def timed_load(driver, g, database: str, batch_size: int) -> dict:
    """Load ``g`` and time node and relationship batches separately."""
    marks: list[tuple[str, int, float]] = []
    sink.apply_schema(driver, database)
    start = time.perf_counter()
    summary = sink.load_graph(driver, g, database=database, batch_size=batch_size,
                              on_batch=lambda b: marks.append((b.kind, len(b.rows), time.perf_counter())))
    prev, spent, rows = start, {"nodes": 0.0, "relationships": 0.0}, {"nodes": 0, "relationships": 0}
    for kind, n, t in marks:
        spent[kind] += t - prev
        rows[kind] += n
        prev = t
    total = time.perf_counter() - start
    return {
        "batch_size": batch_size, "seconds": round(total, 2),
        "nodes": rows["nodes"], "relationships": rows["relationships"],
        "rows_per_s": round((rows["nodes"] + rows["relationships"]) / total, 1),
        "nodes_per_s": round(rows["nodes"] / spent["nodes"], 1) if spent["nodes"] else None,
        "relationships_per_s": round(rows["relationships"] / spent["relationships"], 1)
        if spent["relationships"] else None,
        "created": [summary.nodes_created, summary.relationships_created],
    }


def graph_counts(driver, database: str) -> dict:
    """Nodes per label and relationships per type, as the server counts them."""
    with driver.session(database=database) as s:
        nodes = {r["label"]: r["n"] for r in s.run(
            "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n")}
        rels = {r["type"]: r["n"] for r in s.run(
            "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")}
    return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}


def load_twice(driver, g, database: str, batch_size: int) -> dict:
    """Load ``g`` twice into one database: times, counts, and whether the reload changed anything."""
    import hashlib

    from graphbuilder.sinks.node_link import dumps, to_node_link

    runs = []
    for _ in range(2):
        load = timed_load(driver, g, database, batch_size)
        t = time.perf_counter()
        text = dumps(to_node_link(sink.read_graph(driver, database)))
        runs.append({"load": load, "counts": graph_counts(driver, database),
                     "read_back_seconds": round(time.perf_counter() - t, 2),
                     "sha256": hashlib.sha256(text.encode()).hexdigest()})
        print(f"load {len(runs)}: {runs[-1]}", file=sys.stderr)
    first, second = runs
    return {"first": first, "second": second,
            "counts_unchanged": first["counts"] == second["counts"],
            "graph_unchanged": first["sha256"] == second["sha256"],
            "created_by_second": second["load"]["created"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("news", type=Path, nargs="?",
                    help="the news corpus folder (ag_news/, reuters21578/), e.g. ../shared/data/news")
    ap.add_argument("--graph", type=Path, help="a built graph.json (skips NLP)")
    ap.add_argument("--limit", type=int, default=None, help="news documents to build from")
    ap.add_argument("--batch-size", type=int, default=sink.DEFAULT_LOAD_BATCH_SIZE)
    ap.add_argument("--save-graph", type=Path, help="write the built graph.json here")
    ap.add_argument("--json", type=Path, help="write the results here")
    ap.add_argument("--twice", action="store_true",
                    help="load twice into one database and compare (no single-row run)")
    args = ap.parse_args(argv)
    if not args.graph and not args.news:
        ap.error("give the news folder or --graph")

    t = time.perf_counter()
    if args.graph:
        from graphbuilder.sinks.node_link import read_node_link
        g = read_node_link(args.graph)
    else:
        g = news_graph(args.news, args.limit, args.save_graph)
    print(f"graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} relationships "
          f"({time.perf_counter() - t:.1f} s to get it)", file=sys.stderr)

    from neo4j_server import start_arcadedb, stop_server  # tests/neo4j_server.py

    server, workdir = None, None
    if os.environ.get("NEO4J_URI"):
        uri, user = os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j")
        password, database = os.environ.get("NEO4J_PASSWORD", ""), os.environ.get("NEO4J_DATABASE", "neo4j")
    else:
        workdir = tempfile.TemporaryDirectory(prefix="gb-bench-")
        # three empty databases in one JVM: warm-up, batched, single-row (no slow wipes)
        server = start_arcadedb(Path(workdir.name), heap="2g",
                                databases=("neo4j", "gbwarmup", "gbsingle"))
        uri, user, password, database = server.uri, server.user, server.password, server.database
    if args.twice:
        try:
            with sink.connect(uri, user, password, database) as driver:
                if not server:
                    wipe(driver, database)
                result = {"server": uri if not server else "ArcadeDB (arcadedb-embedded, local)",
                          "graph": {"nodes": g.number_of_nodes(), "relationships": g.number_of_edges()},
                          **load_twice(driver, g, database, args.batch_size)}
        finally:
            if server:
                stop_server(server)
                workdir.cleanup()
        print(json.dumps(result, indent=1))
        if args.json:
            args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        return 0 if result["counts_unchanged"] and result["graph_unchanged"] else 1
    try:
        warm_db, single_db = (("gbwarmup", "gbsingle") if server else (database, database))
        # one driver per database: ArcadeDB's Bolt server keeps a connection on the first
        # database it used, whatever a later session asks for
        with sink.connect(uri, user, password, warm_db) as warm:
            # warm-up (the server's JIT): the whole graph batched, and a slice row by row
            sub = g.subgraph(list(g.nodes)[: max(50, g.number_of_nodes() // 20)]).copy()
            t = time.perf_counter()
            sink.load_graph(warm, g, database=warm_db, batch_size=args.batch_size)
            sink.load_graph(warm, sub, database=warm_db, batch_size=1)
            print(f"warm-up    : {time.perf_counter() - t:.1f} s", file=sys.stderr)
            if not server:
                wipe(warm, database)
        with sink.connect(uri, user, password, database) as driver:
            batched = timed_load(driver, g, database, args.batch_size)
            print(f"batched    : {batched}", file=sys.stderr)
            if not server:
                wipe(driver, database)
        with sink.connect(uri, user, password, single_db) as driver:
            single = timed_load(driver, g, single_db, 1)
            print(f"single-row : {single}", file=sys.stderr)
    finally:
        if server:
            stop_server(server)
            workdir.cleanup()
    result = {
        "server": uri if not server else "ArcadeDB (arcadedb-embedded, local)",
        "graph": {"nodes": g.number_of_nodes(), "relationships": g.number_of_edges()},
        "batched": batched, "single_row": single,
        "ratio_rows_per_s": round(batched["rows_per_s"] / single["rows_per_s"], 1),
        "ratio_relationships_per_s": round(batched["relationships_per_s"] / single["relationships_per_s"], 1),
    }
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    import signal
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server on kill too
    sys.exit(main())
