"""The extraction store: every document's ``Extraction``, kept in the build folder.

Why: an incremental build re-merges the stored extractions of unchanged documents with the
fresh ones of new and changed documents, in input order, through the same merge a full build
runs, so its ``graph.json`` equals a full rebuild's byte for byte. Each line of the store
(``.graphbuilder/extractions.jsonl.gz``) is one document's extraction as plain JSON: the
frozen dataclasses of ``graphbuilder.model`` as positional lists, decoded by their own type
hints (JSON, not pickle: loading a store runs no code). The first line is a header with the
versions the extractions depend on; a store whose header differs is not reused.

>>> from graphbuilder.model import DocumentInfo, Entity, Extraction
>>> ex = Extraction(DocumentInfo("d1", "T", "d1.txt", "0" * 64, 5, 1),
...                 entities=(Entity("country:FRA", "Country", "France", ("France",), (("iso3", "FRA"),)),))
>>> decode_extraction(json.loads(json.dumps(encode_extraction(ex)))) == ex
True
"""
from __future__ import annotations

import collections
import dataclasses
import gzip
import hashlib
import json
import operator
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from . import model
from .model import Extraction

__all__ = ["STORE", "FORMAT", "schema_fingerprint", "encode_extraction", "decode_extraction",
           "StoreWriter", "read_store", "store_key", "Reuse"]

#: The store's file name inside the build folder's state folder.
STORE = "extractions.jsonl.gz"
#: Version of the line layout; bump it when the layout (not the records) changes.
FORMAT = 1


def _fields(cls: type) -> list[tuple[str, Any]]:
    hints = typing.get_type_hints(cls, vars(model))
    return [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]


def schema_fingerprint() -> str:
    """Every record class's field names and types: a store of other records is not read.

    >>> "Extraction(document:" in schema_fingerprint()
    True
    """
    seen: list[type] = []

    def visit(tp: Any) -> None:
        if dataclasses.is_dataclass(tp) and tp not in seen:
            seen.append(tp)
            for _, hint in _fields(tp):
                visit(hint)
        for arg in typing.get_args(tp):
            visit(arg)

    visit(Extraction)
    return ";".join(f"{c.__name__}(" + ",".join(f"{n}:{h}" for n, h in _fields(c)) + ")"
                    for c in seen)


def _encoder(tp: Any) -> Callable[[Any], Any] | None:
    """A function that turns a value of type ``tp`` into JSON lists (None: the value as is)."""
    if dataclasses.is_dataclass(tp):
        parts = [(operator.attrgetter(n), _encoder(h)) for n, h in _fields(tp)]
        return lambda v: [g(v) if f is None else f(g(v)) for g, f in parts]
    if typing.get_origin(tp) is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _encoder(args[0])
            return list if item is None else (lambda v: [item(x) for x in v])
        each = [_encoder(a) for a in args]
        if all(f is None for f in each):
            return list
        return lambda v: [x if f is None else f(x) for f, x in zip(each, v)]
    _scalar(tp)
    return None


_SCALARS = (str, int, float, bool, type(None))


def _scalar(tp: Any) -> None:
    """Refuse a type the store cannot hold as plain JSON (say so when a record grows one)."""
    if tp in _SCALARS:
        return
    if typing.get_origin(tp) in (typing.Union, types.UnionType) and all(
            a in _SCALARS for a in typing.get_args(tp)):
        return
    raise TypeError(f"the extraction store cannot hold values of type {tp!r}")


_ENCODE = _encoder(Extraction)


def encode_extraction(ex: Extraction) -> list:
    """``ex`` as nested JSON lists (field order of the dataclasses).

    >>> from graphbuilder.model import DocumentInfo
    >>> encode_extraction(Extraction(DocumentInfo("d", "", "", "0", 1, 1)))
    [['d', '', '', '0', 1, 1], [], [], [], []]
    """
    return _ENCODE(ex)


def _decoder(tp: Any) -> Callable[[Any], Any] | None:
    """A function that rebuilds a value of type ``tp`` from its JSON form (None: as is)."""
    if dataclasses.is_dataclass(tp):
        parts = [_decoder(h) for _, h in _fields(tp)]
        return lambda v: tp(*[x if f is None else f(x) for f, x in zip(parts, v)])
    if typing.get_origin(tp) is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return tuple if item is None else (lambda v: tuple(item(x) for x in v))
        each = [_decoder(a) for a in args]
        if all(f is None for f in each):
            return tuple
        return lambda v: tuple(x if f is None else f(x) for f, x in zip(each, v))
    _scalar(tp)
    return None


_DECODE = _decoder(Extraction)


def decode_extraction(data: list) -> Extraction:
    """The ``Extraction`` back from :func:`encode_extraction`'s JSON form."""
    return _DECODE(data)


def store_key(doc_id: str, sha256: str, title: str) -> str:
    """What must be unchanged for a stored extraction to be reused: id, text hash and title
    (the source path may move: it is only recorded, never read by the extraction).

    >>> store_key("d1", "ab", "T")
    'd1\\x00ab\\x00T'
    """
    return f"{doc_id}\0{sha256}\0{title}"


class StoreWriter:
    """Write a store: the header, then one line per extraction (compressed, fast level)."""

    def __init__(self, path: str | Path, header: dict[str, Any]) -> None:
        self.path = Path(path)
        self._file = gzip.open(self.path, "wt", encoding="utf-8", compresslevel=1, newline="\n")
        self._file.write(json.dumps({"format": FORMAT, **header}, sort_keys=True) + "\n")

    def write(self, ex: Extraction, line: str | None = None) -> None:
        """Append ``ex`` (or ``line``, its already encoded form from an earlier store)."""
        self._file.write((line if line is not None else
                          json.dumps(encode_extraction(ex), ensure_ascii=False)) + "\n")

    def close(self) -> None:
        """Finish the file."""
        self._file.close()


def read_store(path: str | Path, header: dict[str, Any]) -> tuple[dict[str, str], str]:
    """Stored extraction lines by :func:`store_key`, and "" when ``path`` holds a store of
    ``header``'s versions; else ``({}, reason)`` with why it cannot be reused.

    >>> read_store("/no/such/store.jsonl.gz", {})
    ({}, 'no earlier build to reuse')
    """
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            head = json.loads(f.readline() or "null")
            why = _mismatch(head, {"format": FORMAT, **header})
            if why:
                return {}, why
            lines: dict[str, str] = {}
            for line in f:
                line = line.rstrip("\n")
                info = json.loads(line)[0]  # DocumentInfo: id, title, source, sha256, ...
                lines[store_key(info[0], info[3], info[1])] = line
            return lines, ""
    except FileNotFoundError:
        return {}, "no earlier build to reuse"
    except (OSError, EOFError, ValueError, IndexError, TypeError) as err:
        return {}, f"the earlier build's extraction store is unreadable ({err})"


def _mismatch(head: Any, want: dict[str, Any]) -> str:
    if not isinstance(head, dict):
        return "the earlier build's extraction store has no header"
    for key, value in want.items():
        if head.get(key) != value:
            was = head.get(key)
            shown = f" ({was} -> {value})" if isinstance(value, str) and len(value) < 40 else ""
            return f"{key.replace('_', ' ')} changed since the earlier build{shown}"
    return ""


class Reuse:
    """Interleave stored extractions (unchanged documents) with fresh ones, in input order.

    ``stream(docs, extract)`` yields one ``Extraction`` per document of ``docs``: the stored
    one when its key is in ``stored``, else the one ``extract`` (the pipeline) returns for it;
    only the new and changed documents reach ``extract``. Counts ``reused`` and ``processed``.

    >>> from graphbuilder.model import Document, DocumentInfo
    >>> import hashlib
    >>> sha = hashlib.sha256(b"old").hexdigest()
    >>> line = json.dumps(encode_extraction(Extraction(DocumentInfo("a", "T", "x", sha, 3, 1))))
    >>> r = Reuse({store_key("a", sha, "T"): line})
    >>> fresh = lambda ds: (Extraction(DocumentInfo(d.id, d.title, d.source, "-", 0, 0)) for d in ds)
    >>> [e.document.id for e in r.stream([Document("a", "old", "T", "a.txt"), Document("b", "new")], fresh)]
    ['a', 'b']
    >>> r.reused, r.processed
    (1, 1)
    >>> none_for_b = lambda ds: (Extraction(DocumentInfo(d.id, "", "", "-", 0, 0)) for d in ds if d.id != "b")
    >>> [e.document.id for e in Reuse({}).stream([Document("b", "x"), Document("c", "y")], none_for_b)]
    ['c']
    """

    def __init__(self, stored: dict[str, str]) -> None:
        self.stored = stored
        self.reused = 0
        self.processed = 0
        self.words = 0  # words of the processed documents
        self.line: str | None = None  # the stored line of the extraction yielded last, if kept

    def _pick(self, docs: Iterable[model.Document], pending) -> Iterator[model.Document]:
        for d in docs:
            line = None
            if self.stored:
                sha = hashlib.sha256(d.text.encode("utf-8")).hexdigest()
                line = self.stored.get(store_key(d.id, sha, d.title))
            if line is None:
                pending.append(d.id)  # a new or changed document: ``extract`` returns it
                yield d
            else:
                pending.append((line, d.source))

    def _stored(self, item: tuple[str, str]) -> Extraction:
        line, source = item
        ex = decode_extraction(json.loads(line))
        self.reused += 1
        if ex.document.source == source:
            self.line = line
            return ex
        self.line = None
        return dataclasses.replace(ex, document=dataclasses.replace(ex.document, source=source))

    def stream(self, docs: Iterable[model.Document],
               extract: Callable[[Iterable[model.Document]], Iterable[Extraction]]) -> Iterator[Extraction]:
        """Yield every document's extraction in input order (see the class).

        ``extract`` returns extractions in the order of its input (every engine does); one
        that gives none for a document only drops that document, never shifts the others.
        """
        pending: collections.deque = collections.deque()  # thread-safe: a pool may read docs
        for ex in extract(self._pick(docs, pending)):
            while True:
                item = pending.popleft()
                if isinstance(item, tuple):
                    yield self._stored(item)
                elif item == ex.document.id:
                    break
            self.line = None
            self.processed += 1
            self.words += ex.document.words
            yield ex
        while pending:
            item = pending.popleft()
            if isinstance(item, tuple):
                yield self._stored(item)
