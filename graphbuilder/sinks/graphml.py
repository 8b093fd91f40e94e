"""The graph as GraphML (``graph.graphml``) for networkx, Gephi, yEd and Neo4j APOC.

Why a pure transform plus a thin writer: GraphML holds only scalars, so ``graphml_ready``
turns lists and dicts into JSON strings, drops ``None`` and adds what APOC's
``apoc.import.graphml(file, {readLabels: true, storeNodeIds: true})`` reads: node labels
(``:Person:Entity``) and the relationship type (``label``). The writer puts both also on the
XML elements themselves (``<node labels=...>``, ``<edge label=...>``), which is where APOC
looks for them; networkx ignores those XML attributes and reads the data keys. Edge ids are
``e0``, ``e1``... (unique per file, as Gephi needs); the type is in ``type`` and ``label``.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("country:FRA", label="Country", name="France", aliases=["France", "French"])
>>> ready = graphml_ready(g)
>>> ready.nodes["country:FRA"]["labels"], ready.nodes["country:FRA"]["aliases"]
(':Country:Entity', '["France", "French"]')
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from . import temp_path

__all__ = ["graphml_ready", "write_graphml", "node_labels"]

# characters XML 1.0 cannot carry, even escaped
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def node_labels(label: str | None) -> str:
    """APOC's label string: entities also carry ``Entity``; documents only ``Document``.

    >>> node_labels("Person"), node_labels("Document")
    (':Person:Entity', ':Document')
    """
    if not label or label == "Document":
        return f":{label or 'Document'}"
    return f":{label}:Entity"


def _scalar(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        if isinstance(value, (set, frozenset)):
            value = sorted(value, key=repr)
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str):
        return _XML_BAD.sub("", value)
    return value


def _unify(items: list[dict]) -> None:
    """Give each attribute one GraphML type: ints become floats next to floats, else strings."""
    kinds: dict[str, set[type]] = {}
    for attrs in items:
        for k, v in attrs.items():
            kinds.setdefault(k, set()).add(type(v))
    for k, types in kinds.items():
        if len(types) < 2:
            continue
        to_float = types <= {int, float}
        for attrs in items:
            if k in attrs:
                attrs[k] = float(attrs[k]) if to_float else str(attrs[k])


def graphml_ready(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``g`` that GraphML can hold: sorted, scalars only, with ``labels``/``label``.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", key="MET_WITH", type="MET_WITH", documents=["d1"], role=None)
    >>> graphml_ready(g).edges["a", "b", "MET_WITH"]
    {'type': 'MET_WITH', 'documents': '["d1"]', 'label': 'MET_WITH'}
    """
    out = nx.MultiDiGraph()
    out.graph.update({k: _scalar(v) for k, v in g.graph.items() if v is not None})
    nodes = []
    for n in sorted(g.nodes, key=str):
        attrs = {k: _scalar(v) for k, v in g.nodes[n].items() if v is not None and k != "labels"}
        attrs["labels"] = node_labels(g.nodes[n].get("label"))
        nodes.append((n, attrs))
    edges = []
    for s, t, key, data in g.edges(keys=True, data=True):
        rtype = data.get("type") or key
        attrs = {k: _scalar(v) for k, v in data.items() if v is not None}
        attrs["type"] = rtype
        attrs["label"] = rtype
        edges.append((s, t, rtype, attrs))
    edges.sort(key=lambda e: (str(e[0]), e[2], str(e[1])))
    _unify([attrs for _, attrs in nodes])
    _unify([e[3] for e in edges])
    out.add_nodes_from(nodes)
    for s, t, rtype, attrs in edges:
        out.add_edge(s, t, key=rtype, **attrs)
    return out


class _ApocWriter(GraphMLWriter):
    """networkx's writer, plus ``labels``/``label`` XML attributes APOC reads."""

    def add_nodes(self, G, graph_element):
        super().add_nodes(G, graph_element)
        for el in graph_element.iter("node"):
            labels = G.nodes[el.get("id")].get("labels")
            if labels:
                el.set("labels", labels)

    def add_edges(self, G, graph_element):
        super().add_edges(G, graph_element)
        # networkx writes the key (the type) as the edge id; GraphML tools such as Gephi
        # need ids unique per file, so edges are numbered in their (sorted) order instead.
        for i, el in enumerate(graph_element.iter("edge")):
            el.set("label", el.get("id"))
            el.set("id", f"e{i}")


def write_graphml(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graphml_ready(g)`` to ``path`` (UTF-8, atomically).

    >>> import tempfile, pathlib
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", key="MET_WITH", type="MET_WITH")
    >>> p = write_graphml(g, pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
    >>> sorted(nx.read_graphml(p).edges(data="type"))
    [('a', 'b', 'MET_WITH')]
    """
    path = Path(path)
    ready = graphml_ready(g)
    writer = _ApocWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(ready)
    tmp = temp_path(path)
    with open(tmp, "wb") as f:
        writer.dump(f)
    os.replace(tmp, path)
    return path
