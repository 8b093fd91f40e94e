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

import itertools
import json
import re
from pathlib import Path
from collections.abc import Iterator
from typing import Any

import networkx as nx

from . import write_text_atomic

__all__ = ["graphml_ready", "graphml_lines", "write_graphml", "node_labels"]

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


_XML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_HEAD = ('<?xml version=\'1.0\' encoding=\'utf-8\'?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.'
         'graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')


def _cdata(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attrib(text: str) -> str:
    return (_cdata(text).replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;")
            .replace("\t", "&#09;"))


def _kind(value: Any) -> type:
    """The type ``_scalar(value)`` has, without serialising it."""
    return str if isinstance(value, (list, tuple, set, frozenset, dict, str)) else type(value)


def _node_attrs(g: nx.MultiDiGraph, n: Any) -> Iterator[tuple[str, Any]]:
    attrs = g.nodes[n]
    yield from ((k, v) for k, v in attrs.items() if v is not None and k != "labels")
    yield "labels", node_labels(attrs.get("label"))


def _edge_attrs(data: dict, rtype: str) -> Iterator[tuple[str, Any]]:
    yield from ((k, rtype if k == "type" else v) for k, v in data.items()
                if v is not None and k != "label")
    if "type" not in data or data["type"] is None:
        yield "type", rtype
    yield "label", rtype


class _Keys:
    """The ``<key>`` table: one id per (scope, attribute) in order of first use, as networkx
    numbers them, with each attribute's one type (ints next to floats are doubles, other mixes
    strings, as ``graphml_ready`` unifies them)."""

    def __init__(self) -> None:
        self.kinds: dict[tuple[str, str], set[type]] = {}

    def see(self, scope: str, attrs: Iterator[tuple[str, Any]]) -> None:
        for k, v in attrs:
            self.kinds.setdefault((scope, str(k)), set()).add(_kind(v))

    def finish(self) -> None:
        self.ids = {key: f"d{i}" for i, key in enumerate(self.kinds)}
        self.cast: dict[tuple[str, str], type | None] = {}
        for key, kinds in self.kinds.items():
            if len(kinds) < 2:
                self.cast[key] = None
            else:
                self.cast[key] = float if kinds <= {int, float} else str

    def xml(self) -> Iterator[str]:
        for (scope, name), i in reversed(self.ids.items()):
            cast = self.cast[(scope, name)]
            kind = cast or next(iter(self.kinds[(scope, name)]))
            yield (f'  <key id="{i}" for="{scope}" attr.name="{_attrib(name)}" '
                   f'attr.type="{_XML_TYPES[kind]}" />\n')

    def data(self, scope: str, attrs: Iterator[tuple[str, Any]], pad: str) -> Iterator[str]:
        for k, v in attrs:
            key = (scope, str(k))
            v = _scalar(v)
            cast = self.cast[key]
            text = _cdata(str(v if cast is None else cast(v)))
            yield (f'{pad}<data key="{self.ids[key]}">{text}</data>\n' if text else
                   f'{pad}<data key="{self.ids[key]}" />\n')


def _element(open_tag: str, body: list[str], pad: str) -> str:
    if not body:
        return f"{pad}{open_tag} />\n"
    return f"{pad}{open_tag}>\n{''.join(body)}{pad}</{open_tag[1:].split(' ', 1)[0]}>\n"


def _edge_order(g: nx.MultiDiGraph) -> list[tuple[Any, Any, Any, str]]:
    """``(source, target, key, type)`` in the order the file has always listed them: by source;
    for one source, each target at its first (type, target) place, all its edges there."""
    edges = sorted(((s, t, k, d.get("type") or k) for s, t, k, d in g.edges(keys=True, data=True)),
                   key=lambda e: (str(e[0]), e[3], str(e[1])))
    out: list[tuple[Any, Any, Any, str]] = []
    for _, group in itertools.groupby(edges, key=lambda e: str(e[0])):
        by_target: dict[Any, list] = {}
        for e in group:
            by_target.setdefault(e[1], []).append(e)
        for same in by_target.values():
            out.extend(same)
    return out


def graphml_lines(g: nx.MultiDiGraph) -> Iterator[str]:
    """The text of ``graph.graphml``, element by element: the same file networkx's writer makes
    of ``graphml_ready(g)`` (plus APOC's ``labels``/``label`` XML attributes and edge ids
    ``e0``, ``e1``...), without building a copy of the graph or an XML tree of it, so writing
    costs a few elements of memory, not several times the graph's.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", key="MET_WITH", type="MET_WITH")
    >>> print("".join(graphml_lines(g)).splitlines()[-6])
        <edge source="a" target="b" id="e0" label="MET_WITH">
    """
    nodes = sorted(g.nodes, key=str)
    edges = _edge_order(g)
    graph_attrs = {k: v for k, v in g.graph.items()
                   if v is not None and k not in ("id", "node_default", "edge_default")}
    keys = _Keys()
    keys.see("graph", iter(graph_attrs.items()))
    for n in nodes:
        keys.see("node", _node_attrs(g, n))
    for s, t, k, rtype in edges:
        keys.see("edge", _edge_attrs(g.edges[s, t, k], rtype))
    keys.finish()
    yield _HEAD
    yield from keys.xml()
    graph_id = g.graph.get("id")
    open_graph = '<graph edgedefault="directed"' + (f' id="{_attrib(str(_scalar(graph_id)))}"' if graph_id is not None else "")
    head = list(keys.data("graph", iter(graph_attrs.items()), "    "))
    if not head and not nodes and not edges:
        yield f"  {open_graph} />\n</graphml>\n"
        return
    yield f"  {open_graph}>\n"
    yield from head
    for n in nodes:
        body = list(keys.data("node", _node_attrs(g, n), "      "))
        labels = node_labels(g.nodes[n].get("label"))
        yield _element(f'<node id="{_attrib(str(n))}" labels="{_attrib(labels)}"', body, "    ")
    for i, (s, t, k, rtype) in enumerate(edges):
        body = list(keys.data("edge", _edge_attrs(g.edges[s, t, k], rtype), "      "))
        yield _element(f'<edge source="{_attrib(str(s))}" target="{_attrib(str(t))}" id="e{i}" '
                       f'label="{_attrib(str(rtype))}"', body, "    ")
    yield "  </graph>\n</graphml>\n"


def write_graphml(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graph.graphml`` (:func:`graphml_lines`) to ``path`` (UTF-8, atomically).

    >>> import tempfile, pathlib
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", key="MET_WITH", type="MET_WITH")
    >>> p = write_graphml(g, pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
    >>> sorted(nx.read_graphml(p).edges(data="type"))
    [('a', 'b', 'MET_WITH')]
    """
    return write_text_atomic(path, graphml_lines(g))
