"""Write the graph as one self-contained, offline HTML page (``graph.html``).

Why: a user should *see* what was extracted without starting a server. The page inlines the
vis-network JavaScript and CSS that the ``pyvis`` package ships (read from its installed
package directory at run time, never copied into this repository), plus our own script and
style (``html_view.js``, ``html_view.css``): a colour and a toggle per label and per
relationship type, a side panel with a node's or edge's properties and evidence sentences,
and a search box over names and aliases. The page makes no network request.

Why it opens on the typed relationships: in a real corpus nearly every edge is a MENTIONS
or CO_MENTIONED edge, and drawn together they hide the few typed relations. So those two
types, Document nodes and nodes with no shown relationship start switched off; edge labels
appear on hover and selection only, so they never pile up; and vis-network's layout is
seeded (:data:`LAYOUT_SEED`), so a file opens with the same picture every time. Above
:data:`MAX_NODES` nodes or :data:`MAX_EDGES` edges the page keeps the most connected part
and says so. Building the data is one pass over the edges and one sort: cheap at any size.

Split like every sink: :func:`view_data` (graph -> plain dict, pure), :func:`to_html`
(graph -> page text, pure) and :func:`write_html` (the thin writer).

Every value reaches the page as JSON inside a ``<script type="application/json">`` block
with ``<``, ``>`` and ``&`` escaped, and the glue script only ever sets ``textContent``, so a
name like ``</script><b>`` stays a name.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("country:FRA", label="Country", name="France", aliases=["France"])
>>> page = to_html(g)
>>> "<script src=" in page  # everything is inline: the page works offline
False
"""
from __future__ import annotations

import html
import importlib.util
import json
import os
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx

from ..schema import SEMANTIC_TYPES
from . import temp_path

__all__ = ["LABEL_COLORS", "EDGE_COLORS", "MAX_NODES", "MAX_EDGES", "NOISE_TYPES", "LAYOUT_SEED",
           "view_data", "limit_notice", "to_html", "write_html"]

#: Fill colour per node label (the legend shows the same colours).
LABEL_COLORS: dict[str, str] = {
    "Person": "#4e79a7",
    "Country": "#e15759",
    "Organization": "#f28e2b",
    "Weapon": "#59a14f",
    "Location": "#b07aa1",
    "Document": "#9c9c9c",
}
_OTHER_COLOR = "#bab0ac"

#: Line colour per relationship type (the type toggles show the same colours).
EDGE_COLORS: dict[str, str] = dict(zip(SEMANTIC_TYPES, (
    "#1f3a93", "#2e86c1", "#117a65", "#7d3c98", "#a04000", "#b7950b",
    "#6e2c00", "#c0392b", "#d35400", "#1e8449", "#5b2c6f", "#922b21"))) | {
    "MENTIONS": "#b0b0b0", "CO_MENTIONED": "#c8c8c8"}
_OTHER_EDGE = "#555555"

#: Above this many nodes the page keeps the most connected ones (entities with typed
#: relationships first) and says so; above MAX_EDGES edges, typed relationships first.
MAX_NODES = 1500
MAX_EDGES = 6000
#: Off when the page opens (each has a toggle): the context of the typed relationships.
NOISE_TYPES = ("CO_MENTIONED", "MENTIONS")
_LABELS_OFF = ("Document",)
#: vis-network's layout seed: the same graph opens with the same picture every time.
LAYOUT_SEED = 7

#: Where ``pyvis`` keeps the vis-network build it ships.
_VIS_DIR = "templates/lib/vis-9.1.2"


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the installed ``pyvis`` package, found without importing
    it (importing ``pyvis`` imports IPython: a tenth of a second on every build)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the pyvis package (it ships vis-network) is not installed")
    base = Path(list(spec.submodule_search_locations)[0]) / _VIS_DIR
    js = base.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = base.joinpath("vis-network.css").read_text(encoding="utf-8")
    for text in (js, css):  # would end the inline block early
        if "</script" in text.lower() or "</style" in text.lower():
            raise RuntimeError("vis-network asset cannot be inlined safely")
    return js, css


@lru_cache(maxsize=1)
def _glue() -> tuple[str, str]:
    """Our own script and style (``html_view.js``, ``html_view.css`` beside this module)."""
    here = files("graphbuilder.sinks")
    return (here.joinpath("html_view.js").read_text(encoding="utf-8"),
            here.joinpath("html_view.css").read_text(encoding="utf-8"))


def _plain(value: Any) -> Any:
    """A JSON-ready copy of one attribute value (tuples/sets to lists, others to str)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    return str(value)


def _edge_type(key: Any, attrs: dict) -> str:
    return str(attrs.get("type") or key)


def _kept_nodes(g: nx.MultiDiGraph, max_nodes: int) -> list:
    """The nodes to show, most connected first: typed relationships, then entities before
    documents, then all edges (one pass over the edges, one sort)."""
    typed: dict[Any, int] = dict.fromkeys(g.nodes, 0)
    for s, t, key, attrs in g.edges(keys=True, data=True):
        if _edge_type(key, attrs) not in NOISE_TYPES:
            typed[s] += 1
            typed[t] += 1
    degree = dict(g.degree())
    rank = sorted(g.nodes, key=lambda n: (-typed[n], g.nodes[n].get("label") == "Document",
                                          -degree[n], str(n)))
    return sorted(rank[:max_nodes], key=str)


def _kept_edges(g: nx.MultiDiGraph, shown: set[str], max_edges: int) -> list[tuple]:
    """Edges between shown nodes: typed relationships first, then by count."""
    edges = [(str(s), str(t), _edge_type(key, attrs), attrs)
             for s, t, key, attrs in g.edges(keys=True, data=True)
             if str(s) in shown and str(t) in shown]
    if len(edges) > max_edges:
        edges.sort(key=lambda e: (e[2] in NOISE_TYPES, e[2] == "MENTIONS",
                                  -int(e[3].get("count") or 0), e[0], e[2], e[1]))
        edges = edges[:max_edges]
    return sorted(edges, key=lambda e: (e[0], e[2], e[1]))


def view_data(g: nx.MultiDiGraph, *, max_nodes: int = MAX_NODES,
              max_edges: int = MAX_EDGES, seed: int = LAYOUT_SEED) -> dict:
    """The nodes and edges the page holds, as plain JSON-ready data.

    Everything is on the page (each type and label can be switched on); a graph above
    ``max_nodes`` nodes or ``max_edges`` edges keeps the most connected entities (those with
    typed relationships first, documents last) and ``graph["limited"]`` says so. ``labels``
    and ``types`` count the whole graph.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("d1", label="Document", name="d1")
    >>> g.add_node("person:a", label="Person", name="A")
    >>> g.add_node("country:b", label="Country", name="B")
    >>> _ = g.add_edge("d1", "person:a", key="MENTIONS", type="MENTIONS", count=1)
    >>> _ = g.add_edge("person:a", "country:b", key="LEADER_OF", type="LEADER_OF")
    >>> view = view_data(g, max_nodes=2)
    >>> [n["id"] for n in view["nodes"]], [e["type"] for e in view["edges"]], view["types"]
    (['country:b', 'person:a'], ['LEADER_OF'], {'LEADER_OF': 1, 'MENTIONS': 1})
    >>> limit_notice(view)
    'Large graph: this page holds the 2 most connected of 3 nodes (typed relationships first) and 1 of 2 edges.'
    
    """
    kept = _kept_nodes(g, max_nodes)
    nodes = []
    for nid in kept:
        attrs = g.nodes[nid]
        nodes.append({"id": str(nid), "label": str(attrs.get("label", "")),
                      "name": str(attrs.get("name") or nid),
                      "props": {str(k): _plain(v) for k, v in attrs.items()}})
    edges = []
    for s, t, etype, attrs in _kept_edges(g, {n["id"] for n in nodes}, max_edges):
        edges.append({"id": len(edges), "from": s, "to": t, "type": etype,
                      "props": {str(k): _plain(v) for k, v in attrs.items()}})
    labels: dict[str, int] = {}  # totals of the whole graph: every toggle, even at 0 kept
    for _, label in g.nodes(data="label", default=""):
        labels[str(label)] = labels.get(str(label), 0) + 1
    types: dict[str, int] = {}
    for _, _, key, attrs in g.edges(keys=True, data=True):
        types[_edge_type(key, attrs)] = types.get(_edge_type(key, attrs), 0) + 1
    return {
        "nodes": nodes, "edges": edges, "labels": dict(sorted(labels.items())),
        "types": dict(sorted(types.items())),
        "colors": dict(LABEL_COLORS, _other=_OTHER_COLOR),
        "edge_colors": dict(EDGE_COLORS, _other=_OTHER_EDGE),
        "noise_types": list(NOISE_TYPES), "labels_off": list(_LABELS_OFF), "seed": seed,
        "graph": {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                  "limited": len(nodes) < g.number_of_nodes() or len(edges) < g.number_of_edges()},
    }


def limit_notice(view: dict) -> str:
    """The sentence the page shows when it holds only part of the graph ('' when whole).

    >>> import networkx as nx
    >>> limit_notice(view_data(nx.MultiDiGraph()))
    ''
    """
    if not view["graph"]["limited"]:
        return ""
    total = view["graph"]
    return (f"Large graph: this page holds the {len(view['nodes']):,} most connected of "
            f"{total['nodes']:,} nodes (typed relationships first) and "
            f"{len(view['edges']):,} of {total['edges']:,} edges.")


def _script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<style>{vis_css}</style>
<style>{css}</style>
<script>{vis_js}</script>
</head>
<body>
<div id="gb-app">
  <div id="gb-network"></div>
  <aside id="gb-side">
    <header>
      <h1>{title}</h1>
      <input id="gb-search" type="search" list="gb-names" placeholder="Search name or alias"
             autocomplete="off" aria-label="Search name or alias">
      <datalist id="gb-names"></datalist>
      <div id="gb-search-msg"></div>
      <h3>Labels</h3>
      <ul id="gb-legend" class="gb-toggles"></ul>
      <h3>Relationships</h3>
      <ul id="gb-types" class="gb-toggles"></ul>
      <label class="gb-check"><input id="gb-lonely" type="checkbox"> nodes without a shown
        relationship</label>
      <div id="gb-stats"></div>{notice}
    </header>
    <section id="gb-panel"><p>Click a node or an edge to see its properties and
      evidence.</p></section>
  </aside>
</div>
<script type="application/json" id="gb-data">{data}</script>
<script>{glue}</script>
</body>
</html>
"""


def to_html(g: nx.MultiDiGraph, *, title: str = "graphbuilder graph",
            max_nodes: int = MAX_NODES, max_edges: int = MAX_EDGES,
            seed: int = LAYOUT_SEED) -> str:
    """The whole page as text: vis-network, our glue script and the graph data inline.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:x", label="Person", name="</script><b>x</b>")
    >>> "</script><b>" in to_html(g)  # the name is data, escaped, not markup
    False
    """
    vis_js, vis_css = _vis_assets()
    glue_js, glue_css = _glue()
    data = view_data(g, max_nodes=max_nodes, max_edges=max_edges, seed=seed)
    notice = limit_notice(data)
    notice = f'\n      <div id="gb-notice">{html.escape(notice)}</div>' if notice else ""
    return _PAGE.format(title=html.escape(title), vis_css=vis_css, css=glue_css, vis_js=vis_js,
                        data=_script_json(data), glue=glue_js, notice=notice)


def write_html(g: nx.MultiDiGraph, path: str | Path, **options: Any) -> Path:
    """Write :func:`to_html` to ``path`` (UTF-8) and return the path.

    >>> import networkx as nx, tempfile, pathlib
    >>> out = write_html(nx.MultiDiGraph(), pathlib.Path(tempfile.mkdtemp()) / "graph.html")
    >>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    path = Path(path)
    tmp = temp_path(path)  # like every sink: never a half-written page at ``path``
    try:
        tmp.write_text(to_html(g, **options), encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
