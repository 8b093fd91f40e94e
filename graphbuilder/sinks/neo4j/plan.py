"""The load plan: rows from the graph, and batches of (statements, rows) in order.

Why pure: what is written, in which order, and the allow-list check are decided here
without a server; ``load.py`` only runs the batches.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ...errors import AllowListError
from ...schema import ENTITY_LABELS, NODE_LABELS, RELATION_TYPES, SEMANTIC_TYPES
from .queries import ServerCaps, node_statements, rel_statements

__all__ = ["DEFAULT_LOAD_BATCH_SIZE", "MAX_EVIDENCE", "Batch", "plan_load"]

#: Rows per ``UNWIND`` transaction (``--batch-size`` / ``NEO4J_BATCH_SIZE`` override it).
DEFAULT_LOAD_BATCH_SIZE = 2000
#: Evidence sentence texts kept per relationship (every key is kept and counted).
MAX_EVIDENCE = 3

_NODE_KEYS = {"label", "labels", "aliases", "documents", "mentions", "id"}


# --------------------------------------------------------------------------- rows

def _value(v: Any) -> Any:
    """A property value Neo4j can store: scalars, lists of scalars; others as JSON text."""
    if isinstance(v, (list, tuple, set, frozenset)):
        items = sorted(v, key=repr) if isinstance(v, (set, frozenset)) else list(v)
        if all(isinstance(x, str) for x in items) or all(
                isinstance(x, (int, float)) and not isinstance(x, bool) for x in items):
            return items
        return json.dumps(items, ensure_ascii=False, sort_keys=True)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return v


def _strings(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):  # a list that went through GraphML as JSON text
        try:
            v = json.loads(v)
        except ValueError:
            return [v]
    return [str(x) for x in v]


def _node_row(node_id: str, attrs: dict) -> dict:
    props = {k: _value(v) for k, v in attrs.items() if k not in _NODE_KEYS and v is not None}
    if attrs.get("label") == "Document":
        return {"id": str(node_id), "props": props}
    return {"id": str(node_id), "props": props, "aliases": _strings(attrs.get("aliases")),
            "documents": _strings(attrs.get("documents"))}


def _evidence(data: dict) -> tuple[list[str], list[str]]:
    texts, refs = [], []
    for ev in data.get("evidence") or []:
        if isinstance(ev, dict):
            texts.append(str(ev.get("text", "")))
            refs.append(f"{ev.get('document', '')}:{ev.get('start', '')}:{ev.get('end', '')}")
    return texts[:MAX_EVIDENCE], refs[:MAX_EVIDENCE]


def _rel_row(s: str, t: str, rtype: str, data: dict) -> dict:
    row: dict[str, Any] = {"source": str(s), "target": str(t)}
    if rtype == "MENTIONS":
        row["count"] = int(data.get("count") or 0)
        return row
    row["documents"] = _strings(data.get("documents"))
    row["evidence_keys"] = _strings(data.get("evidence_keys"))
    if rtype == "CO_MENTIONED":
        return row
    row["evidence"], row["evidence_refs"] = _evidence(data)
    row["rules"] = _strings(data.get("rules"))
    row["weapons"] = _strings(data.get("weapons"))
    row["confidence"] = float(data.get("confidence") or 0.0)
    row["role"] = data.get("role") or None
    return row


# --------------------------------------------------------------------------- plan

@dataclass(frozen=True)
class Batch:
    """One unit of work: a statement and the rows it unwinds (one transaction)."""

    kind: str  # "nodes" or "relationships"
    key: str  # label or relationship type
    statements: tuple[str, ...]  # run in order, in one transaction
    rows: tuple[dict, ...]
    index: int = 0  # position in the plan, 1-based once planned
    total: int = 0

    def describe(self) -> str:
        """Where this batch sits in the load, for error messages.

        >>> Batch("nodes", "Person", (), ({"id": "p"},), 3, 9).describe()
        'batch 3/9 (Person nodes, 1 rows)'
        """
        return f"batch {self.index}/{self.total} ({self.key} {self.kind}, {len(self.rows)} rows)"


def _label_of(node_id: Any, attrs: dict) -> str:
    label = attrs.get("label")
    if label is None and attrs.get("labels"):  # GraphML style ":Person:Entity"
        parts = [p for p in str(attrs["labels"]).split(":") if p and p != "Entity"]
        label = parts[0] if parts else "Entity"
    if label not in NODE_LABELS or label == "Entity":
        raise AllowListError(f"node {node_id!r} has label {label!r}, not on the allow-list "
                             f"{('Document',) + ENTITY_LABELS}")
    return label


def plan_load(g: nx.MultiDiGraph, batch_size: int = DEFAULT_LOAD_BATCH_SIZE,
              caps: ServerCaps = ServerCaps()) -> list[Batch]:
    """Every batch to run, in order: documents, entities per label, MENTIONS, semantic
    relationships per type, CO_MENTIONED. Raises ``AllowListError`` before anything is sent.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("x", label="Spaceship", name="x")
    >>> plan_load(g)
    Traceback (most recent call last):
    ...
    graphbuilder.errors.AllowListError: node 'x' has label 'Spaceship', not on the allow-list ('Document', 'Person', 'Country', 'Organization', 'Weapon', 'Location')
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    nodes: dict[str, list[dict]] = {}
    for node_id in sorted(g.nodes, key=str):
        attrs = g.nodes[node_id]
        nodes.setdefault(_label_of(node_id, attrs), []).append(_node_row(node_id, attrs))
    rels: dict[str, list[dict]] = {}
    for s, t, key, data in sorted(g.edges(keys=True, data=True),
                                  key=lambda e: (str(e[3].get("type") or e[2]), str(e[0]), str(e[1]))):
        rtype = str(data.get("type") or key)
        if rtype not in RELATION_TYPES:
            raise AllowListError(f"relationship {s!r}-[{rtype}]->{t!r}: type not on the allow-list")
        rels.setdefault(rtype, []).append(_rel_row(s, t, rtype, data))
    work: list[tuple[str, str, str, list[dict]]] = []
    for label in ("Document",) + ENTITY_LABELS:
        if label in nodes:
            work.append(("nodes", label, node_statements(label, caps), nodes[label]))
    for rtype in ("MENTIONS",) + SEMANTIC_TYPES + ("CO_MENTIONED",):
        if rtype in rels:
            work.append(("relationships", rtype, rel_statements(rtype, caps), rels[rtype]))
    chunks = [(kind, key, stmt, tuple(rows[i:i + batch_size]))
              for kind, key, stmt, rows in work for i in range(0, len(rows), batch_size)]
    return [Batch(kind, key, stmt, rows, i, len(chunks))
            for i, (kind, key, stmt, rows) in enumerate(chunks, 1)]
