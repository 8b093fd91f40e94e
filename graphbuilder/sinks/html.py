"""Write the graph as one self-contained, offline HTML page (``graph.html``).

Why: a user should *see* what was extracted without starting a server. The page inlines the
vis-network JavaScript and CSS that the ``pyvis`` package ships (read from its installed
package directory at run time, never copied into this repository), plus a small glue script
of our own: a colour per label with a legend, a side panel with a node's or edge's
properties and evidence sentences, and a search box over names and aliases. The page makes
no network request.

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
import json
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx

__all__ = ["LABEL_COLORS", "LARGE_GRAPH", "view_data", "to_html", "write_html"]

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

#: Above this many nodes the view drops Document nodes, MENTIONS and CO_MENTIONED edges
#: (they dwarf the semantic graph) and shortens the layout work.
LARGE_GRAPH = 2000

#: Where ``pyvis`` keeps the vis-network build it ships.
_VIS_DIR = "templates/lib/vis-9.1.2"
_NOISE_TYPES = frozenset({"MENTIONS", "CO_MENTIONED"})


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the installed ``pyvis`` package."""
    base = files("pyvis").joinpath(_VIS_DIR)
    js = base.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = base.joinpath("vis-network.css").read_text(encoding="utf-8")
    for text in (js, css):  # would end the inline block early
        if "</script" in text.lower() or "</style" in text.lower():
            raise RuntimeError("vis-network asset cannot be inlined safely")
    return js, css


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


def view_data(g: nx.MultiDiGraph, *, max_nodes: int = LARGE_GRAPH,
              keep_context: bool | None = None) -> dict:
    """The nodes and edges the page shows, as plain JSON-ready data.

    ``keep_context`` keeps Document nodes, MENTIONS and CO_MENTIONED edges; by default they
    are kept only when the graph has at most ``max_nodes`` nodes.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("d1", label="Document", name="d1")
    >>> g.add_node("person:a", label="Person", name="A")
    >>> _ = g.add_edge("d1", "person:a", key="MENTIONS", type="MENTIONS", count=1)
    >>> len(view_data(g)["edges"]), len(view_data(g, max_nodes=1)["edges"])  # big: dropped
    (1, 0)
    """
    large = g.number_of_nodes() > max_nodes
    keep = (not large) if keep_context is None else keep_context
    nodes = []
    for nid, attrs in g.nodes(data=True):
        label = str(attrs.get("label", ""))
        if label == "Document" and not keep:
            continue
        props = {str(k): _plain(v) for k, v in attrs.items()}
        nodes.append({"id": str(nid), "label": label,
                      "name": str(attrs.get("name") or nid), "props": props})
    shown = {n["id"] for n in nodes}
    edges = []
    for s, t, key, attrs in g.edges(keys=True, data=True):
        etype = str(attrs.get("type") or key)
        if (etype in _NOISE_TYPES and not keep) or str(s) not in shown or str(t) not in shown:
            continue
        props = {str(k): _plain(v) for k, v in attrs.items()}
        edges.append({"id": len(edges), "from": str(s), "to": str(t), "type": etype,
                      "props": props})
    return {
        "nodes": nodes,
        "edges": edges,
        "colors": dict(LABEL_COLORS, _other=_OTHER_COLOR),
        "graph": {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                  "large": large, "context_dropped": not keep},
    }


def _script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_CSS = """
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; color: #222; }
#gb-app { display: flex; height: 100vh; }
#gb-network { flex: 1; min-width: 0; background: #fff; }
#gb-side { width: 340px; border-left: 1px solid #ddd; display: flex; flex-direction: column;
  background: #fafafa; }
#gb-side header { padding: 10px 12px; border-bottom: 1px solid #ddd; }
#gb-side h1 { font-size: 16px; margin: 0 0 6px; }
#gb-search { width: 100%; box-sizing: border-box; padding: 6px; font-size: 14px; }
#gb-search-msg { font-size: 12px; color: #a33; min-height: 1em; }
#gb-legend { list-style: none; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap;
  gap: 4px 10px; }
#gb-legend li { cursor: pointer; user-select: none; font-size: 13px; }
#gb-legend li.off { opacity: 0.35; text-decoration: line-through; }
#gb-legend .sw { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
  margin-right: 4px; vertical-align: -1px; }
#gb-stats { font-size: 12px; color: #666; margin-top: 6px; }
#gb-panel { padding: 10px 12px; overflow: auto; flex: 1; }
#gb-panel h2 { font-size: 15px; margin: 0 0 4px; word-break: break-word; }
#gb-panel .kind { color: #666; font-size: 12px; margin-bottom: 8px; }
#gb-panel dl { margin: 0; }
#gb-panel dt { font-weight: 600; font-size: 12px; color: #555; margin-top: 6px; }
#gb-panel dd { margin: 0; word-break: break-word; }
#gb-panel blockquote { margin: 6px 0; padding: 4px 8px; border-left: 3px solid #ccc;
  background: #fff; font-size: 13px; }
#gb-panel .doc { color: #888; font-size: 11px; }
#gb-panel a { color: #1a5fb4; cursor: pointer; text-decoration: underline; }
"""

# Our glue: legend, search, side panel, and ``data-node-count`` once vis-network has drawn.
_GLUE_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gb-data").textContent);
  var colors = data.colors;
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  function color(label) { return colors[label] || colors._other; }
  var visNodes = new vis.DataSet(data.nodes.map(function (n) {
    return {id: n.id, label: n.name.length > 40 ? n.name.slice(0, 39) + "\u2026" : n.name, group: n.label, shape: "dot",
            size: n.label === "Document" ? 8 : 10 + Math.min(20, Math.sqrt(n.props.mentions || 1) * 3),
            color: {background: color(n.label), border: color(n.label),
                    highlight: {background: "#ffd54f", border: "#222"}},
            font: {size: 14}};
  }));
  var visEdges = new vis.DataSet(data.edges.map(function (e) {
    var noise = e.type === "MENTIONS" || e.type === "CO_MENTIONED";
    return {id: e.id, from: e.from, to: e.to, label: e.type,
            arrows: e.type === "CO_MENTIONED" ? "" : "to", dashes: noise,
            color: {color: noise ? "#cccccc" : "#555555", highlight: "#d08000"},
            font: {size: noise ? 9 : 11, color: noise ? "#999" : "#333", strokeWidth: 3}};
  }));
  var big = data.nodes.length > 300;
  var network = new vis.Network(document.getElementById("gb-network"),
    {nodes: visNodes, edges: visEdges},
    {physics: {solver: "forceAtlas2Based",
               forceAtlas2Based: {gravitationalConstant: -60, springLength: 120},
               stabilization: {enabled: true, iterations: big ? 200 : 600, fit: true}},
     layout: {improvedLayout: !big},
     interaction: {hover: true, navigationButtons: false, keyboard: false},
     edges: {smooth: big ? false : {type: "dynamic"}}});
  var root = document.documentElement;
  function mark() {  // how many nodes the layout placed: tests and scripts read these
    root.setAttribute("data-node-count", String(Object.keys(network.getPositions()).length));
    root.setAttribute("data-edge-count", String(visEdges.length));
  }
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: {enabled: false}});
    mark();
  });
  network.on("afterDrawing", function () {
    mark();
    root.setAttribute("data-drawn", "true");
  });

  // --- legend: one entry per label present; a click hides/shows that label
  var counts = {};
  data.nodes.forEach(function (n) { counts[n.label] = (counts[n.label] || 0) + 1; });
  var hidden = {};
  var legend = document.getElementById("gb-legend");
  Object.keys(counts).sort().forEach(function (label) {
    var li = document.createElement("li");
    var sw = document.createElement("span");
    sw.className = "sw"; sw.style.background = color(label);
    li.appendChild(sw);
    li.appendChild(document.createTextNode(label + " (" + counts[label] + ")"));
    li.title = "click to hide or show";
    li.addEventListener("click", function () {
      hidden[label] = !hidden[label];
      li.classList.toggle("off", hidden[label]);
      visNodes.update(data.nodes.filter(function (n) { return n.label === label; })
        .map(function (n) { return {id: n.id, hidden: !!hidden[label]}; }));
    });
    legend.appendChild(li);
  });
  var stats = document.getElementById("gb-stats");
  stats.textContent = data.nodes.length + " nodes, " + data.edges.length + " edges shown" +
    (data.graph.context_dropped && data.graph.nodes > data.nodes.length
      ? " (documents, mentions and co-mentions left out of this large graph: " +
        data.graph.nodes + " nodes in all)" : "");

  // --- side panel
  var panel = document.getElementById("gb-panel");
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function fmt(v) {
    if (Array.isArray(v)) return v.map(function (x) {
      return typeof x === "object" && x !== null ? JSON.stringify(x) : String(x); }).join(", ");
    if (typeof v === "object" && v !== null) return JSON.stringify(v);
    return String(v);
  }
  function props(obj, skip) {
    var dl = el("dl");
    Object.keys(obj).sort().forEach(function (k) {
      if (skip.indexOf(k) >= 0) return;
      dl.appendChild(el("dt", k));
      dl.appendChild(el("dd", fmt(obj[k])));
    });
    return dl;
  }
  function evidence(list) {
    var box = el("div");
    (list || []).forEach(function (ev) {
      var q = el("blockquote", ev.text);
      q.appendChild(el("div", ev.document + " [" + ev.start + ":" + ev.end + "]", "doc"));
      box.appendChild(q);
    });
    return box;
  }
  function nodeLink(id) {
    var a = el("a", byId[id] ? byId[id].name : id);
    a.addEventListener("click", function () { focusNode(id); });
    return a;
  }
  function showNode(id) {
    var n = byId[id];
    if (!n) return;
    panel.replaceChildren(el("h2", n.name), el("div", n.label + " \u00b7 " + n.id, "kind"),
                          props(n.props, ["name"]));
    var rels = data.edges.filter(function (e) {
      return (e.from === id || e.to === id) && e.type !== "MENTIONS" && e.type !== "CO_MENTIONED";
    });
    if (rels.length) {
      panel.appendChild(el("h2", "Relationships"));
      rels.forEach(function (e) {
        var line = el("div");
        line.appendChild(nodeLink(e.from));
        line.appendChild(document.createTextNode(" \u2014" + e.type + "\u2192 "));
        line.appendChild(nodeLink(e.to));
        panel.appendChild(line);
        panel.appendChild(evidence(e.props.evidence));
      });
    }
  }
  function showEdge(eid) {
    var e = data.edges[eid];
    if (!e) return;
    var head = el("div", "", "kind");
    head.appendChild(nodeLink(e.from));
    head.appendChild(document.createTextNode(" \u2192 "));
    head.appendChild(nodeLink(e.to));
    panel.replaceChildren(el("h2", e.type), head, props(e.props, ["evidence", "type"]));
    if (e.props.evidence && e.props.evidence.length) {
      panel.appendChild(el("h2", "Evidence"));
      panel.appendChild(evidence(e.props.evidence));
    }
  }
  network.on("click", function (p) {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
  });

  // --- search by name or alias (exact match first, then prefix, then substring)
  var names = [];
  data.nodes.forEach(function (n) {
    names.push([n.name.toLowerCase(), n.id]);
    (n.props.aliases || []).forEach(function (a) { names.push([String(a).toLowerCase(), n.id]); });
  });
  var dl = document.getElementById("gb-names");
  var seen = {};
  names.forEach(function (p) {
    var label = byId[p[1]].name;
    if (seen[label]) return;
    seen[label] = true;
    var o = document.createElement("option"); o.value = label; dl.appendChild(o);
  });
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) return null;
    var tests = [function (s) { return s === q; },
                 function (s) { return s.indexOf(q) === 0; },
                 function (s) { return s.indexOf(q) >= 0; }];
    for (var i = 0; i < tests.length; i++) {
      for (var j = 0; j < names.length; j++) if (tests[i](names[j][0])) return names[j][1];
    }
    return null;
  }
  function focusNode(id) {
    if (byId[id] && hidden[byId[id].label]) return;
    network.selectNodes([id]);
    network.focus(id, {scale: 1.4, animation: {duration: 400}});
    showNode(id);
  }
  var box = document.getElementById("gb-search");
  var msg = document.getElementById("gb-search-msg");
  function search() {
    var id = find(box.value);
    msg.textContent = id || !box.value.trim() ? "" : "no node named like that";
    if (id) { focusNode(id); root.setAttribute("data-found", id); }
  }
  box.addEventListener("change", search);
  box.addEventListener("keydown", function (ev) { if (ev.key === "Enter") search(); });
  window.graphbuilderView = {network: network, find: find, focusNode: focusNode};
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { box.value = q; search(); }
})();
"""

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
      <ul id="gb-legend"></ul>
      <div id="gb-stats"></div>
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
            max_nodes: int = LARGE_GRAPH, keep_context: bool | None = None) -> str:
    """The whole page as text: vis-network, our glue script and the graph data inline.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person:x", label="Person", name="</script><b>x</b>")
    >>> "</script><b>" in to_html(g)  # the name is data, escaped, not markup
    False
    """
    vis_js, vis_css = _vis_assets()
    data = view_data(g, max_nodes=max_nodes, keep_context=keep_context)
    return _PAGE.format(title=html.escape(title), vis_css=vis_css, css=_CSS, vis_js=vis_js,
                        data=_script_json(data), glue=_GLUE_JS)


def write_html(g: nx.MultiDiGraph, path: str | Path, **options: Any) -> Path:
    """Write :func:`to_html` to ``path`` (UTF-8) and return the path.

    >>> import networkx as nx, tempfile, pathlib
    >>> out = write_html(nx.MultiDiGraph(), pathlib.Path(tempfile.mkdtemp()) / "graph.html")
    >>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    path = Path(path)
    path.write_text(to_html(g, **options), encoding="utf-8")
    return path
