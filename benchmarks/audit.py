"""Precision audit: a random, reproducible sample of the relations a build finds, for a person to judge.

Why: the dev set is small and was looked at while writing the rules; the relations users load
into Neo4j come from news nobody tuned on. Reading a fixed-seed random sample of the semantic
relationships of a real corpus (never MENTIONS or CO_MENTIONED), each with the rules that fired,
its confidence and the sentence that states it, is the honest way to estimate their precision
and to see which kinds of errors remain.

DATA is either the shared news corpus folder (``ag_news/test.csv`` and ``reuters21578/*.sgm``,
converted on the fly as ``benchmarks/speed.py`` does; nothing is copied) or any folder or file
``graphbuilder build`` reads.

Usage::

    .venv/bin/python benchmarks/audit.py ../shared/data/news --limit 2000 --sample 100 --seed 7
    .venv/bin/python benchmarks/audit.py my_articles/ --sample 50 --json sample.json

>>> edges = [("a", "b", "CO_MENTIONED", {}), ("a", "b", "SUPPLIES", {"evidence": []}),
...          ("d", "a", "MENTIONS", {})]
>>> [e[2] for e in semantic_edges(edges)]
['SUPPLIES']
>>> len(sample_edges([(str(i), "x", "ATTACKED", {}) for i in range(10)], 3, seed=1))
3
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

__all__ = ["semantic_edges", "sample_edges", "build_graph_of", "format_item", "main"]

#: Edge types that are bookkeeping, not statements of the text.
NON_SEMANTIC = frozenset({"MENTIONS", "CO_MENTIONED"})


def semantic_edges(edges: Iterable[tuple]) -> list[tuple]:
    """The ``(source, target, type, data)`` edges that are semantic relationships, in a stable
    order (so that a seed gives the same sample whatever order the graph was built in)."""
    out = [e for e in edges if e[2] not in NON_SEMANTIC]
    return sorted(out, key=lambda e: (e[2], e[0], e[1]))


def sample_edges(edges: Sequence[tuple], n: int, seed: int = 0) -> list[tuple]:
    """``n`` edges drawn at random without replacement with a fixed seed (all when fewer)."""
    if len(edges) <= n:
        return list(edges)
    return random.Random(seed).sample(list(edges), n)


def _is_news(data: Path) -> bool:
    return (data / "ag_news" / "test.csv").is_file() or (data / "reuters21578").is_dir()


def build_graph_of(data: str | Path, limit: int | None = None, corpus: str = "both",
                   model: str | None = None, **options):
    """Build the graph of ``data`` in memory (no output folder) and return it.

    The news corpus is converted to a temporary JSONL file (removed afterwards); any other
    path goes to ``build`` as it is. ``options`` go to ``build`` (e.g. ``min_confidence``).
    """
    from graphbuilder.api import build

    kwargs = dict(options)
    if model:
        kwargs["model"] = model
    data = Path(data)
    if not _is_news(data):
        return build([data], out=None, **kwargs).graph
    from speed import news_docs, write_news_jsonl

    with tempfile.TemporaryDirectory(prefix="gb-audit-") as tmp:
        src = write_news_jsonl(news_docs(data, limit, corpus), Path(tmp) / "news.jsonl")
        return build([src], out=None, **kwargs).graph


def _name(g, node: str) -> str:
    d = g.nodes[node] if node in g else {}
    return f"{d.get('name', node)} [{d.get('label', '?')}]"


def format_item(i: int, g, edge: tuple, width: int = 100) -> str:
    """One numbered, human-readable line block: the relation, rules, confidence, evidence."""
    s, t, rtype, d = edge
    extra = [f"role={d['role']}"] if d.get("role") else []
    extra += [f"weapons={','.join(d['weapons'])}"] if d.get("weapons") else []
    head = (f"{i:3d}. {_name(g, s)} -{rtype}-> {_name(g, t)}  "
            f"rule={','.join(d.get('rules', []))} conf={d.get('confidence', 0):.2f} "
            f"count={d.get('count', 0)} {' '.join(extra)}")
    lines = [head.rstrip()]
    for ev in d.get("evidence", [])[:2]:
        body = " ".join(ev["text"].split())
        lines += textwrap.wrap(f"[{ev['document']}] {body}", width, initial_indent="      ",
                               subsequent_indent="      ")
    return "\n".join(lines)


def _record(g, edge: tuple) -> dict:
    s, t, rtype, d = edge
    return {"source": s, "source_name": _name(g, s), "type": rtype, "target": t,
            "target_name": _name(g, t), "rules": d.get("rules", []),
            "confidence": d.get("confidence"), "role": d.get("role", ""),
            "weapons": d.get("weapons", []), "evidence": d.get("evidence", [])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", help="the shared news folder, or any folder/file build reads")
    ap.add_argument("--sample", type=int, default=100, help="relations to draw (default 100)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--limit", type=int, default=None, help="news: first N stories only")
    ap.add_argument("--corpus", choices=("both", "ag_news", "reuters"), default="both")
    ap.add_argument("--model", default=None)
    ap.add_argument("--min-confidence", type=float, default=None,
                    help="passed to build (default: the build default)")
    ap.add_argument("--json", type=Path, default=None, help="also save the sample as JSON")
    args = ap.parse_args(argv)
    options = {} if args.min_confidence is None else {"min_confidence": args.min_confidence}
    print(f"building {args.data} (limit={args.limit}) ...", file=sys.stderr)
    g = build_graph_of(args.data, args.limit, args.corpus, args.model, **options)
    edges = semantic_edges(g.edges(keys=True, data=True))
    chosen = sample_edges(edges, args.sample, args.seed)
    docs = sum(1 for _, d in g.nodes(data=True) if d.get("label") == "Document")
    print(f"# {len(chosen)} of {len(edges)} semantic relationships from {docs} documents "
          f"(seed {args.seed})\n")
    for i, e in enumerate(chosen, 1):
        print(format_item(i, g, e))
    if args.json:
        args.json.write_text(json.dumps([_record(g, e) for e in chosen], indent=1,
                                        ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
