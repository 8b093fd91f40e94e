"""Throughput: graphbuilder's extraction vs raw spaCy ``nlp.pipe`` over the same news texts.

Why: graphbuilder adds typing, resolution and relation rules on top of the model. This shows
what that costs, as words per second for both and the ratio ours/raw, in one process and with
``--n-process 2`` workers. ``--build`` also runs the full ``graphbuilder build`` over the same
documents into an output folder (``build_news_graph``), whose ``graph.json`` other benchmarks
(the Neo4j load) reuse.

Data (read in place, never copied): ``NEWS/ag_news/test.csv`` (CSV: class, title,
description) and ``NEWS/reuters21578/*.sgm`` (SGML: ``<TITLE>``, ``<BODY>``).

Usage::

    .venv/bin/python benchmarks/speed.py ../shared/data/news --limit 2000
        [--corpus both|ag_news|reuters] [--n-process 1 2] [--batch-size 64]
        [--build OUT_DIR] [--json results.json]

>>> reuters_texts = list(_reuters_docs('<REUTERS NEWID="7"><TEXT><TITLE>A &amp; B</TITLE>'
...                                    '<BODY>Body text.\\n Reuter\\n&#3;</BODY></TEXT></REUTERS>'))
>>> reuters_texts[0]["id"], reuters_texts[0]["text"]
('reuters-7', 'A & B\\n\\nBody text.\\n Reuter')
"""
from __future__ import annotations

import argparse
import csv
import html
import itertools
import json
import re
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

# Run as a script from a checkout: make the package importable without installing it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

__all__ = ["news_docs", "write_news_jsonl", "build_news_graph", "time_raw", "time_ours", "main"]

_REUTERS_RE = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID_RE = re.compile(r'NEWID="(\d+)"')
_CTRL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _tag(body: str, name: str) -> str:
    m = re.search(rf"<{name}\b[^>]*>(.*?)</{name}>", body, re.S)
    return m.group(1) if m else ""


def _clean(text: str) -> str:
    return _CTRL_RE.sub("", html.unescape(text)).strip()


def _reuters_docs(sgml: str) -> Iterator[dict]:
    for attrs, body in _REUTERS_RE.findall(sgml):
        newid = _NEWID_RE.search(attrs)
        title = _clean(_tag(body, "TITLE"))
        text = _clean(_tag(body, "BODY"))
        if not text:
            text = _clean(re.sub(r"<[^>]+>", " ", _tag(body, "TEXT")))
            title, text = "", text or title
        if text:
            full = f"{title}\n\n{text}" if title else text
            yield {"id": f"reuters-{newid.group(1) if newid else 'x'}", "title": title,
                   "text": full}


def _ag_news_docs(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.reader(f), 1):
            if len(row) < 3:
                continue
            title = " ".join(row[1].split())
            desc = row[2].replace("\\", "\n").strip()  # a backslash marks a newline
            yield {"id": f"agnews-{i}", "title": title, "text": f"{title}\n\n{desc}"}


def news_docs(news_dir: str | Path, limit: int | None = None,
              corpus: str = "both") -> list[dict]:
    """News documents as ``{id, title, text}``; ``both`` alternates AG News and Reuters."""
    news_dir = Path(news_dir)
    ag = _ag_news_docs(news_dir / "ag_news" / "test.csv")
    reu = itertools.chain.from_iterable(
        _reuters_docs(p.read_text(encoding="utf-8", errors="replace"))
        for p in sorted((news_dir / "reuters21578").glob("*.sgm")))
    if corpus == "ag_news":
        it = ag
    elif corpus == "reuters":
        it = reu
    else:
        it = (d for pair in itertools.zip_longest(ag, reu) for d in pair if d is not None)
    return list(itertools.islice(it, limit))


def write_news_jsonl(docs: Sequence[dict], path: Path) -> Path:
    """The documents as graphbuilder JSONL input (``id``, ``title``, ``text``)."""
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return path


def build_news_graph(news_dir: str | Path, out_dir: str | Path, limit: int | None = 1000,
                     corpus: str = "both", model: str | None = None) -> Path:
    """Run the full ``graphbuilder build`` over ``limit`` news docs into ``out_dir``.

    Returns the path of the written ``graph.json`` (for the Neo4j load benchmark). The JSONL
    input lives in a temporary directory that is removed afterwards.
    """
    from graphbuilder.api import build

    out_dir = Path(out_dir)
    docs = news_docs(news_dir, limit, corpus)
    with tempfile.TemporaryDirectory(prefix="gb-news-") as tmp:
        src = write_news_jsonl(docs, Path(tmp) / "news.jsonl")
        kwargs = {"model": model} if model else {}
        build([src], out=out_dir, **kwargs)
    return out_dir / "graph.json"


def _words(texts: Sequence[str]) -> int:
    return sum(len(t.split()) for t in texts)


def time_raw(texts: Sequence[str], model: str, batch_size: int,
             n_process: int) -> tuple[float, float]:
    """(wall, main-process CPU) seconds for raw ``nlp.pipe`` (all components) over ``texts``.

    Model load and warm-up are excluded. CPU time is only meaningful with one process.
    """
    import spacy

    nlp = spacy.load(model)
    list(nlp.pipe(texts[:8]))  # warm up
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - t0, time.process_time() - c0


def time_ours(docs: Sequence[dict], model: str, batch_size: int,
              n_process: int) -> tuple[float, float, int]:
    """(wall, main-process CPU seconds, extractions) for graphbuilder's extraction."""
    from graphbuilder import pipeline
    from graphbuilder.model import Document

    documents = [Document(d["id"], d["text"], d["title"], "news") for d in docs]
    pipeline.load_pipeline(model)  # load once (cached; forked workers inherit it)
    list(pipeline.extract_documents(documents[:8], model=model))  # warm up
    kwargs = {"model": model, "batch_size": batch_size, "n_process": n_process}
    t0, c0 = time.perf_counter(), time.process_time()
    n = sum(1 for _ in pipeline.extract_documents(documents, **kwargs))
    return time.perf_counter() - t0, time.process_time() - c0, n


def main(argv: Sequence[str] | None = None) -> dict:
    """Run the benchmark; print a table to stdout; return the results."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="Example: benchmarks/speed.py ../shared/data/news "
                                        "--limit 2000 --n-process 1 2")
    ap.add_argument("news_dir", type=Path)
    ap.add_argument("--limit", type=int, default=1000, help="documents (default 1000)")
    ap.add_argument("--corpus", choices=("both", "ag_news", "reuters"), default="both")
    ap.add_argument("--model", default=None, help="spaCy model (default: graphbuilder's)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--n-process", type=int, nargs="+", default=[1, 2],
                    help="worker counts to measure (default: 1 2)")
    ap.add_argument("--only", choices=("raw", "ours"), default=None)
    ap.add_argument("--build", type=Path, default=None, metavar="OUT_DIR",
                    help="also run the full graphbuilder build into OUT_DIR and time it")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args(argv)
    if args.model is None:
        from graphbuilder.settings import DEFAULT_MODEL
        args.model = DEFAULT_MODEL

    docs = news_docs(args.news_dir, args.limit, args.corpus)
    texts = [d["text"] for d in docs]
    words = _words(texts)
    print(f"{len(docs)} documents ({args.corpus}), {words} words, model {args.model}, "
          f"batch size {args.batch_size}", file=sys.stderr)
    rows = []
    for n in args.n_process:
        row = {"n_process": n}
        if args.only != "ours":
            row["raw_s"], cpu = time_raw(texts, args.model, args.batch_size, n)
            row["raw_wps"] = words / row["raw_s"]
            if n == 1:
                row["raw_cpu_wps"] = words / cpu
        if args.only != "raw":
            row["ours_s"], cpu, row["extractions"] = time_ours(docs, args.model,
                                                                args.batch_size, n)
            row["ours_wps"] = words / row["ours_s"]
            if n == 1:
                row["ours_cpu_wps"] = words / cpu
        if "raw_wps" in row and "ours_wps" in row:
            row["ratio"] = row["ours_wps"] / row["raw_wps"]
        if "raw_cpu_wps" in row and "ours_cpu_wps" in row:
            row["cpu_ratio"] = row["ours_cpu_wps"] / row["raw_cpu_wps"]
        rows.append(row)
        print(f"n_process={n}: " + ", ".join(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}"
                                             for k, v in row.items()), file=sys.stderr)

    cols = [("raw_wps", "raw words/s"), ("ours_wps", "ours words/s"), ("ratio", "ours/raw"),
            ("raw_cpu_wps", "raw words/cpu-s"), ("ours_cpu_wps", "ours words/cpu-s"),
            ("cpu_ratio", "cpu ours/raw")]
    print(f"{'n_process':>9} " + " ".join(f"{title:>16}" for _, title in cols))
    for r in rows:
        cells = [f"{r[k]:16.2f}" if k.endswith("ratio") and k in r else
                 f"{r[k]:16.0f}" if k in r else f"{'-':>16}" for k, _ in cols]
        print(f"{r['n_process']:>9} " + " ".join(cells))

    report = {"documents": len(docs), "words": words, "corpus": args.corpus,
              "model": args.model, "batch_size": args.batch_size, "runs": rows}
    if args.build:
        t0 = time.perf_counter()
        graph_json = build_news_graph(args.news_dir, args.build, args.limit, args.corpus,
                                      args.model)
        secs = time.perf_counter() - t0
        data = json.loads(graph_json.read_text(encoding="utf-8"))
        report["build"] = {"seconds": secs, "words_per_s": words / secs,
                           "nodes": len(data["nodes"]), "edges": len(data["edges"]),
                           "graph_json": str(graph_json)}
        print(f"full build: {secs:.1f}s, {words / secs:.0f} words/s, {len(data['nodes'])} nodes, "
              f"{len(data['edges'])} edges -> {graph_json}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
