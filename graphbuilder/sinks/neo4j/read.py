"""Reading back: user queries as plain Python rows, and the whole graph in the shape
``graphbuilder.graph`` builds (for ``export``).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from ...schema import ENTITY_LABELS
from .load import translate_error
from .queries import query_text

__all__ = ["run_query", "read_graph"]

_LIST_KEYS = ("documents", "evidence_keys", "rules", "weapons")


def _plain(value: Any) -> Any:
    """Driver values (nodes, relationships, paths, temporal) as JSON-friendly Python."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"type": value.type, **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def run_query(driver, cypher: str, *, database: str = "neo4j",
              params: dict | None = None) -> tuple[list[str], list[list[Any]]]:
    """Run one user statement (auto-commit); return column names and plain-Python rows."""
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        with driver.session(database=database) as session:
            result = session.run(cypher, params or {})
            keys = list(result.keys())
            rows = [[_plain(v) for v in record.values()] for record in result]
    except (Neo4jError, DriverError) as exc:
        raise translate_error(exc, database=database, what="the query") from None
    return keys, rows


def _label_from(labels: Iterable[str]) -> str:
    labels = sorted(labels)
    for label in ("Document",) + ENTITY_LABELS:
        if label in labels:
            return label
    others = [x for x in labels if x != "Entity"]
    return others[0] if others else (labels[0] if labels else "")


def _graph_from_records(nodes: Iterable[dict], rels: Iterable[dict]) -> nx.MultiDiGraph:
    """Pure part of ``read_graph``: rebuild the graph.py shape from exported records.

    >>> g = _graph_from_records(
    ...     [{"id": "p", "labels": ["Entity", "Person"], "props": {"id": "p", "name": "P"}},
    ...      {"id": "c", "labels": ["Country", "Entity"], "props": {"id": "c", "name": "C"}}],
    ...     [{"source": "p", "type": "LEADER_OF", "target": "c",
    ...       "props": {"evidence": ["P leads C."], "evidence_refs": ["d1:0:10"], "count": 1}}])
    >>> g.nodes["p"]["label"], g.edges["p", "c", "LEADER_OF"]["evidence"]
    ('Person', [{'document': 'd1', 'text': 'P leads C.', 'start': 0, 'end': 10}])
    """
    g = nx.MultiDiGraph()
    for rec in nodes:
        props = dict(rec["props"])
        node_id = rec.get("id") or rec.get("element_id")
        props.pop("id", None)
        attrs = {"label": _label_from(rec["labels"]), **props}
        for key in ("aliases", "documents"):
            if isinstance(attrs.get(key), list):
                attrs[key] = sorted(attrs[key])
        g.add_node(node_id, **attrs)
    for rec in rels:
        props = dict(rec["props"])
        rtype = rec["type"]
        texts = props.pop("evidence", None)
        refs = props.pop("evidence_refs", None)
        if texts is not None:
            evidence = []
            for text, ref in zip(texts, refs or [""] * len(texts)):
                doc, _, span = str(ref).rpartition(":")
                doc, _, start = doc.rpartition(":")
                evidence.append({"document": doc, "text": text,
                                 "start": int(start) if start.isdigit() else 0,
                                 "end": int(span) if span.isdigit() else 0})
            props["evidence"] = sorted(evidence, key=lambda e: (e["document"], e["start"]))
        for key in _LIST_KEYS:
            if isinstance(props.get(key), list):
                props[key] = sorted(props[key])
        g.add_edge(rec["source"], rec["target"], key=rtype, type=rtype, **props)
    return g


def read_graph(driver, database: str = "neo4j") -> nx.MultiDiGraph:
    """The whole graph on the server, in the shape ``graphbuilder.graph`` builds."""
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        with driver.session(database=database) as session:
            nodes = session.execute_read(
                lambda tx: [r.data() for r in tx.run(query_text("export_nodes"))])
            rels = session.execute_read(
                lambda tx: [r.data() for r in tx.run(query_text("export_relationships"))])
    except (Neo4jError, DriverError) as exc:
        raise translate_error(exc, database=database) from None
    return _graph_from_records(nodes, rels)
