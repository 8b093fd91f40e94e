"""Merge per-document extractions into one graph.

Why a separate stage: extraction is per document and pure; identity across documents is
decided here, by node id alone. The same id seen again unites aliases, documents, mentions
and evidence; one edge per (source, type, target), never duplicated. Sinks read this graph.

Shape (``networkx.MultiDiGraph``, edge key = relationship type):

- entity node ``id`` -> ``label``, ``name``, ``aliases`` (sorted), ``documents`` (sorted),
  ``mentions`` (int) and the entity's extra properties (``iso3``, ``category``...);
- document node ``id`` -> ``label="Document"``, ``name``, ``title``, ``source``, ``sha256``,
  ``chars``, ``words``;
- ``MENTIONS`` document -> entity with ``count``;
- semantic edges with ``type``, ``documents``, ``evidence`` (a few ``{document, text, start,
  end}``), ``evidence_keys`` (every supporting sentence as ``doc:start:end``), ``count``,
  ``rules``, ``confidence``, ``role``, ``weapons``;
- ``CO_MENTIONED`` lower id -> higher id with ``count``, ``documents``, ``evidence_keys``.

>>> from graphbuilder.model import DocumentInfo, Entity, Extraction
>>> g = new_graph()
>>> info = DocumentInfo("d1", "", "d1.txt", "0" * 64, 10, 2)
>>> add_extraction(g, Extraction(info, entities=(Entity("country:FRA", "Country", "France", ("France",)),)))
>>> g.nodes["country:FRA"]["documents"]
['d1']
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable

import networkx as nx

from .model import Evidence, Extraction
from .schema import check_label, check_type

__all__ = ["new_graph", "add_extraction", "build_graph", "MAX_EVIDENCE", "evidence_key"]

#: Evidence sentences kept per relationship (all are counted, a few are stored).
MAX_EVIDENCE = 3


def new_graph() -> nx.MultiDiGraph:
    """An empty graph in the shape every sink expects."""
    return nx.MultiDiGraph()


def evidence_key(ev: Evidence) -> str:
    """A stable key for one supporting sentence.

    >>> evidence_key(Evidence("d1", "A b.", 10, 14))
    'd1:10:14'
    """
    return f"{ev.document}:{ev.start}:{ev.end}"


def _union(old: list, new: Iterable) -> list:
    return sorted(set(old) | set(new))


def _add_sorted(items: list, item) -> bool:
    """Insert ``item`` into the sorted list ``items`` unless present; True when inserted.

    In place and by bisection: a relationship seen in thousands of sentences, or an entity in
    thousands of documents, must not be re-sorted at every new one.

    >>> xs = ["a", "c"]; _add_sorted(xs, "b"), _add_sorted(xs, "b"), xs
    (True, False, ['a', 'b', 'c'])
    """
    i = bisect.bisect_left(items, item)
    if i < len(items) and items[i] == item:
        return False
    items.insert(i, item)
    return True


def _add_doc_node(g: nx.MultiDiGraph, ex: Extraction) -> None:
    d = ex.document
    g.add_node(d.id, label=check_label("Document"), name=d.title or d.id, title=d.title,
               source=d.source, sha256=d.sha256, chars=d.chars, words=d.words)


def _add_entity(g: nx.MultiDiGraph, ent, doc_id: str, count: int) -> None:
    check_label(ent.label)
    if ent.id in g:
        node = g.nodes[ent.id]
        node["aliases"] = _union(node["aliases"], ent.aliases)
        _add_sorted(node["documents"], doc_id)
        node["mentions"] += count
        for k, v in ent.props:
            node.setdefault(k, v)
    else:
        g.add_node(ent.id, label=ent.label, name=ent.name, aliases=sorted(set(ent.aliases)),
                   documents=[doc_id], mentions=count, **dict(ent.props))


def _add_edge(g: nx.MultiDiGraph, s: str, t: str, rtype: str, ev: Evidence,
              with_text: bool = True) -> dict:
    check_type(rtype)
    if not g.has_edge(s, t, key=rtype):
        g.add_edge(s, t, key=rtype, type=rtype, documents=[], evidence_keys=[], count=0)
        if with_text:
            g.edges[s, t, rtype]["evidence"] = []
    data = g.edges[s, t, rtype]
    if _add_sorted(data["evidence_keys"], evidence_key(ev)):
        data["count"] = len(data["evidence_keys"])
        _add_sorted(data["documents"], ev.document)
        if with_text and (len(data["evidence"]) < MAX_EVIDENCE
                          or (ev.document, ev.start) < (data["evidence"][-1]["document"], data["evidence"][-1]["start"])):
            evs = data["evidence"] + [{"document": ev.document, "text": ev.text,
                                       "start": ev.start, "end": ev.end}]
            evs.sort(key=lambda e: (e["document"], e["start"]))
            data["evidence"] = evs[:MAX_EVIDENCE]
    return data


def add_extraction(g: nx.MultiDiGraph, ex: Extraction) -> None:
    """Merge one document's extraction into ``g`` (idempotent for the same extraction)."""
    doc_id = ex.document.id
    if doc_id in g and g.nodes[doc_id].get("label") == "Document":
        return  # the same document id twice: the reader keeps ids unique, so this is a re-run
    _add_doc_node(g, ex)
    counts: dict[str, int] = {}
    for m in ex.mentions:
        counts[m.entity] = counts.get(m.entity, 0) + 1
    for ent in ex.entities:
        _add_entity(g, ent, doc_id, counts.get(ent.id, 0))
        g.add_edge(doc_id, ent.id, key="MENTIONS", type="MENTIONS", count=counts.get(ent.id, 0))
    for r in ex.relations:
        data = _add_edge(g, r.source, r.target, r.type, r.evidence)
        _add_sorted(data.setdefault("rules", []), r.rule)
        data["confidence"] = max(data.get("confidence", 0.0), r.confidence)
        if r.role and not data.get("role"):
            data["role"] = r.role
        if r.weapon:
            _add_sorted(data.setdefault("weapons", []), r.weapon)
    for c in ex.comentions:
        _add_edge(g, c.a, c.b, "CO_MENTIONED", c.evidence, with_text=False)


def build_graph(extractions: Iterable[Extraction]) -> nx.MultiDiGraph:
    """Merge many extractions into a new graph.

    >>> build_graph([]).number_of_nodes()
    0
    """
    g = new_graph()
    for ex in extractions:
        add_extraction(g, ex)
    return g
