"""The graph as networkx node-link JSON (``graph.json``), and back.

Why a pure transform plus a thin writer: ``to_node_link`` decides the contract (sorted nodes
and edges, the fields every consumer and the scorer read) and is tested without files;
``write_json`` only serialises, byte-identically for identical input, so two builds of the
same documents can be compared with ``cmp``.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("country:FRA", label="Country", name="France", aliases=["France"], documents=["d1"])
>>> g.add_node("person:emmanuel-macron", label="Person", name="Emmanuel Macron",
...            aliases=["Macron"], documents=["d1"])
>>> _ = g.add_edge("person:emmanuel-macron", "country:FRA", key="LEADER_OF", type="LEADER_OF",
...                documents=["d1"])
>>> data = to_node_link(g)
>>> [n["id"] for n in data["nodes"]], data["edges"][0]["type"]
(['country:FRA', 'person:emmanuel-macron'], 'LEADER_OF')
>>> sorted(read_node_link_data(data).edges(keys=True))
[('person:emmanuel-macron', 'country:FRA', 'LEADER_OF')]
"""
from __future__ import annotations

import json
from pathlib import Path
from collections.abc import Iterator
from typing import Any

import networkx as nx

from . import write_text_atomic

__all__ = ["to_node_link", "write_json", "write_graph_json", "graph_json_text", "dumps", "read_node_link", "read_node_link_data"]


def _jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def to_node_link(g: nx.MultiDiGraph) -> dict:
    """Node-link data with key ``edges``: nodes sorted by id, edges by (source, type, target).

    Every entity node carries ``id``, ``label``, ``name``, ``aliases``, ``documents``; every
    edge ``source``, ``target``, ``type``, ``documents`` (for ``MENTIONS`` the document itself),
    then the remaining attributes. The networkx edge key is not written: it equals ``type``.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("d1", label="Document", name="d1")
    >>> _ = g.add_edge("d1", "country:FRA", key="MENTIONS", type="MENTIONS", count=2)
    >>> to_node_link(g)["edges"]
    [{'source': 'd1', 'target': 'country:FRA', 'type': 'MENTIONS', 'documents': ['d1'], 'count': 2}]
    """
    return {"directed": True, "multigraph": True, "graph": _jsonable(dict(g.graph)),
            "nodes": list(_node_items(g)), "edges": list(_edge_items(g))}


def _node_items(g: nx.MultiDiGraph) -> Iterator[dict]:
    for node_id in sorted(g.nodes, key=str):
        attrs = {k: _jsonable(v) for k, v in g.nodes[node_id].items() if v is not None}
        item = {"id": node_id}
        if attrs.get("label", "Document") != "Document":
            item.update({"label": attrs.get("label"), "name": attrs.get("name", str(node_id)),
                         "aliases": attrs.get("aliases", []),
                         "documents": attrs.get("documents", [])})
        item.update((k, v) for k, v in attrs.items() if k != "id")
        yield item


def _edge_items(g: nx.MultiDiGraph) -> Iterator[dict]:
    """The edge items sorted by (source, type, target), each made when it is reached."""
    order = sorted(((str(s), d.get("type") or k, str(t), s, t, k)
                    for s, t, k, d in g.edges(keys=True, data=True)), key=lambda e: e[:3])
    for _, rtype, _, s, t, key in order:
        data = g.edges[s, t, key]
        default_docs = [s] if rtype == "MENTIONS" else []
        item = {"source": s, "target": t, "type": rtype,
                "documents": _jsonable(data.get("documents", default_docs))}
        item.update((k, _jsonable(v)) for k, v in data.items()
                    if v is not None and k not in ("source", "target", "type", "key", "documents"))
        yield item


def _nested(value: Any, depth: int) -> str:
    """``value`` as ``dumps`` writes it ``depth`` levels deep (JSON text has no raw newline
    inside a string, so every newline is indentation)."""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n" + " " * depth)


def _items(items: Iterator[dict]) -> Iterator[str]:
    first = next(items, None)
    if first is None:
        yield "[]"
        return
    yield "[\n  " + _nested(first, 2)
    for item in items:
        yield ",\n  " + _nested(item, 2)
    yield "\n ]"


def graph_json_text(g: nx.MultiDiGraph) -> Iterator[str]:
    """``dumps(to_node_link(g))`` in pieces, one node or edge at a time: the same bytes without
    holding a copy of the whole graph, or its whole text, in memory.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("d1", "country:FRA", key="MENTIONS", type="MENTIONS", count=2)
    >>> "".join(graph_json_text(g)) == dumps(to_node_link(g))
    True
    """
    yield '{\n "directed": true,\n "edges": '
    yield from _items(_edge_items(g))
    yield ',\n "graph": ' + _nested(_jsonable(dict(g.graph)), 1) + ',\n "multigraph": true,\n "nodes": '
    yield from _items(_node_items(g))
    yield "\n}\n"


def write_graph_json(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graph.json`` for ``g`` (:func:`graph_json_text`) atomically."""
    return write_text_atomic(path, graph_json_text(g))


def dumps(data: dict) -> str:
    """The exact text ``write_json`` writes: UTF-8 friendly, indent 1, sorted keys, final newline.

    >>> dumps({"b": "Žilina", "a": [1]})
    '{\\n "a": [\\n  1\\n ],\\n "b": "Žilina"\\n}\\n'
    """
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_json(data: dict, path: str | Path) -> Path:
    """Write ``data`` to ``path`` atomically (a temporary file renamed into place).

    >>> import tempfile, pathlib
    >>> p = write_json({"nodes": [], "edges": []}, pathlib.Path(tempfile.mkdtemp()) / "g.json")
    >>> p.read_text(encoding="utf-8").endswith("}\\n")
    True
    """
    return write_text_atomic(path, [dumps(data)])


def read_node_link_data(data: dict) -> nx.MultiDiGraph:
    """The graph back from node-link data (edge key = ``type``), the inverse of ``to_node_link``.

    >>> read_node_link_data({"nodes": [{"id": "a", "label": "Country"}], "edges": []}).nodes["a"]
    {'label': 'Country'}
    """
    g = nx.MultiDiGraph()
    g.graph.update(data.get("graph") or {})
    for node in data.get("nodes", []):
        attrs = {k: v for k, v in node.items() if k != "id"}
        g.add_node(node["id"], **attrs)
    for edge in data.get("edges", data.get("links", [])):
        attrs = {k: v for k, v in edge.items() if k not in ("source", "target", "key")}
        rtype = attrs.get("type") or edge.get("key")
        attrs["type"] = rtype
        g.add_edge(edge["source"], edge["target"], key=rtype, **attrs)
    return g


def read_node_link(path: str | Path) -> nx.MultiDiGraph:
    """Read a ``graph.json`` written by ``write_json(to_node_link(g), path)``.

    >>> import tempfile, pathlib
    >>> p = write_json({"nodes": [{"id": "a"}], "edges": []}, pathlib.Path(tempfile.mkdtemp()) / "g.json")
    >>> list(read_node_link(p))
    ['a']
    """
    with open(path, encoding="utf-8") as f:
        return read_node_link_data(json.load(f))
