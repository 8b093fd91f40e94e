// graph.html glue (graphbuilder.sinks.html inlines this file after vis-network).
// Why this shape: a real corpus gives thousands of MENTIONS and CO_MENTIONED edges and a few
// dozen typed relations. So the page starts with the typed relations only, each type and
// each label has a toggle, edge labels appear only on hover or selection (they never pile up),
// and the layout is seeded: the same file opens with the same picture every time. Only nodes
// that are shown take part in the layout; a node shown later starts next to a neighbour and
// settles while the nodes already placed stay fixed. Names reach the page only as text.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gb-data").textContent);
  var root = document.documentElement;
  var byId = {}, edgesOf = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; edgesOf[n.id] = []; });
  data.edges.forEach(function (e) { edgesOf[e.from].push(e); edgesOf[e.to].push(e); });
  function nodeColor(label) { return data.colors[label] || data.colors._other; }
  function edgeColor(type) { return data.edge_colors[type] || data.edge_colors._other; }
  function isNoise(type) { return data.noise_types.indexOf(type) >= 0; }

  // --- what is on: labels, relationship types, nodes without a shown relationship
  var labelOn = {}, typeOn = {}, pinned = {}, lonelyOn = false;
  Object.keys(data.labels).forEach(function (l) { labelOn[l] = data.labels_off.indexOf(l) < 0; });
  Object.keys(data.types).forEach(function (t) { typeOn[t] = !isNoise(t); });
  function edgeShown(e) {
    return typeOn[e.type] && labelOn[byId[e.from].label] && labelOn[byId[e.to].label];
  }
  function visibility() {
    var nodes = {}, edges = {}, linked = {};
    data.edges.forEach(function (e) {
      edges[e.id] = edgeShown(e);
      if (edges[e.id]) { linked[e.from] = true; linked[e.to] = true; }
    });
    data.nodes.forEach(function (n) {
      nodes[n.id] = labelOn[n.label] && (lonelyOn || !!linked[n.id] || !!pinned[n.id]);
    });
    return {nodes: nodes, edges: edges};
  }

  var shown = visibility();
  if (!Object.keys(shown.edges).some(function (k) { return shown.edges[k]; })) {
    lonelyOn = true;  // no typed relation at all: show the entities rather than nothing
    document.getElementById("gb-lonely").checked = true;
    shown = visibility();
  }
  var visNodes = new vis.DataSet(data.nodes.map(function (n) {
    var c = nodeColor(n.label);
    return {id: n.id, label: n.name.length > 40 ? n.name.slice(0, 39) + "\u2026" : n.name,
            shape: "dot", hidden: !shown.nodes[n.id], physics: shown.nodes[n.id],
            size: n.label === "Document" ? 8 : 10 + Math.min(20, Math.sqrt(n.props.mentions || 1) * 3),
            color: {background: c, border: c, highlight: {background: "#ffd54f", border: "#222"},
                    hover: {background: c, border: "#222"}},
            font: {size: 14, strokeWidth: 3, strokeColor: "#ffffff"}};
  }));
  var parallel = {};  // edges between the same two nodes curve apart instead of overlapping
  var visEdges = new vis.DataSet(data.edges.map(function (e) {
    var noise = isNoise(e.type), c = edgeColor(e.type);
    var pair = e.from < e.to ? e.from + "\u0000" + e.to : e.to + "\u0000" + e.from;
    var k = parallel[pair] = (parallel[pair] || 0) + 1;
    var cw = (k % 2 === 1) === (e.from < e.to);  // alternate sides, whatever the direction
    return {id: e.id, from: e.from, to: e.to, label: "", hidden: !shown.edges[e.id],
            smooth: {enabled: true, type: cw ? "curvedCW" : "curvedCCW",
                     roundness: 0.12 + 0.18 * Math.floor((k - 1) / 2)},
            physics: shown.edges[e.id], arrows: e.type === "CO_MENTIONED" ? "" : "to",
            dashes: noise, width: noise ? 1 : 2,
            color: {color: c, highlight: c, hover: c, opacity: noise ? 0.5 : 1},
            font: {size: 12, color: "#222", strokeWidth: 4, strokeColor: "#ffffff", align: "middle"}};
  }));
  var many = data.nodes.length > 300;
  var network = new vis.Network(document.getElementById("gb-network"),
    {nodes: visNodes, edges: visEdges},
    {layout: {randomSeed: data.seed, improvedLayout: false},
     physics: {solver: "forceAtlas2Based",
               forceAtlas2Based: {gravitationalConstant: -80, springLength: 110, avoidOverlap: 0.4},
               stabilization: {enabled: true, iterations: many ? 250 : 500, fit: true}},
     interaction: {hover: true, navigationButtons: false, keyboard: false, tooltipDelay: 200},
     edges: {smooth: {enabled: true, type: "curvedCW", roundness: 0.12}}});

  // --- layout bookkeeping: a hash of the placed positions, read by tests and scripts
  var placed = {};
  function layoutHash() {
    var pos = network.getPositions(), h = 2166136261;
    var text = Object.keys(pos).filter(function (id) { return shown.nodes[id]; }).sort()
      .map(function (id) { return id + ":" + Math.round(pos[id].x) + "," + Math.round(pos[id].y); })
      .join("|");
    for (var i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
    return h.toString(16);
  }
  function mark() {
    var vn = 0, ve = 0;
    Object.keys(shown.nodes).forEach(function (k) { if (shown.nodes[k]) vn++; });
    Object.keys(shown.edges).forEach(function (k) { if (shown.edges[k]) ve++; });
    root.setAttribute("data-node-count", String(Object.keys(network.getPositions()).length));
    root.setAttribute("data-edge-count", String(visEdges.length));
    root.setAttribute("data-visible-nodes", String(vn));
    root.setAttribute("data-visible-edges", String(ve));
    root.setAttribute("data-layout", layoutHash());
  }
  var settling = [], laidOut = false, afterLayout = [];
  function whenLaidOut(fn) { if (laidOut) fn(); else afterLayout.push(fn); }
  network.on("stabilizationIterationsDone", function () {
    network.setOptions({physics: {enabled: false}});
    if (settling.length) {
      visNodes.update(settling.map(function (id) { return {id: id, fixed: false}; }));
      settling = [];
    }
    Object.keys(shown.nodes).forEach(function (id) { if (shown.nodes[id]) placed[id] = true; });
    mark();
    root.setAttribute("data-layout-done", "true");
    laidOut = true;
    afterLayout.splice(0).forEach(function (fn) { fn(); });
  });
  network.on("afterDrawing", function () {
    if (!root.hasAttribute("data-layout-done")) mark();  // e.g. nothing to lay out
    root.setAttribute("data-drawn", "true");
  });

  function apply() {  // show what is on; lay out only the newly shown nodes
    var next = visibility(), fresh = [], nodeUpd = [], edgeUpd = [];
    data.nodes.forEach(function (n) {
      if (next.nodes[n.id] !== shown.nodes[n.id]) {
        nodeUpd.push({id: n.id, hidden: !next.nodes[n.id], physics: next.nodes[n.id]});
      }
      if (next.nodes[n.id] && !placed[n.id]) fresh.push(n.id);
    });
    data.edges.forEach(function (e) {
      if (next.edges[e.id] !== shown.edges[e.id]) {
        edgeUpd.push({id: e.id, hidden: !next.edges[e.id], physics: next.edges[e.id]});
      }
    });
    shown = next;
    var pos = network.getPositions();
    fresh.forEach(function (id, i) {  // start next to a placed neighbour, if there is one
      var near = edgesOf[id].map(function (e) { return e.from === id ? e.to : e.from; })
        .filter(function (o) { return placed[o] && shown.nodes[o]; })[0];
      if (near) {
        var a = (i * 2.399963) % (2 * Math.PI);
        pos[id] = {x: pos[near].x + 60 * Math.cos(a), y: pos[near].y + 60 * Math.sin(a)};
        nodeUpd.push({id: id, x: pos[id].x, y: pos[id].y});
      }
    });
    visNodes.update(nodeUpd);
    visEdges.update(edgeUpd);
    if (fresh.length) {
      settling = Object.keys(placed).filter(function (id) { return shown.nodes[id]; });
      visNodes.update(settling.map(function (id) { return {id: id, fixed: true}; }));
      laidOut = false;
      network.setOptions({physics: {enabled: true}});
      network.stabilize(fresh.length > 300 ? 150 : 300);
    } else {
      mark();
    }
    counts();
  }

  // --- edge labels: only for the hovered edge and the selected node's or edge's edges
  var labelled = {};
  function setLabels(ids) {
    var want = {}, upd = [];
    ids.forEach(function (id) { want[id] = true; });
    Object.keys(labelled).forEach(function (id) { if (!want[id]) upd.push({id: +id, label: ""}); });
    ids.forEach(function (id) { if (!labelled[id]) upd.push({id: id, label: data.edges[id].type}); });
    labelled = want;
    visEdges.update(upd);
  }
  var hovered = null;
  function selectedEdges() {
    var sel = network.getSelection();
    var ids = sel.edges.slice();
    return hovered === null || ids.indexOf(hovered) >= 0 ? ids : ids.concat([hovered]);
  }
  network.on("hoverEdge", function (p) { hovered = p.edge; setLabels(selectedEdges()); });
  network.on("blurEdge", function () { hovered = null; setLabels(selectedEdges()); });
  network.on("select", function () { setLabels(selectedEdges()); });

  // --- toggles: one per label (legend) and one per relationship type, with counts
  function toggle(list, key, swatch, on, flip) {
    var li = document.createElement("li");
    li.setAttribute(list.id === "gb-legend" ? "data-label" : "data-type", key);
    var sw = document.createElement("span");
    sw.className = swatch.cls;
    sw.style.background = swatch.color;
    li.appendChild(sw);
    var label = document.createElement("span");
    li.appendChild(label);
    li.title = "click to hide or show";
    li.classList.toggle("off", !on);
    li.addEventListener("click", function () { li.classList.toggle("off", !flip()); apply(); });
    list.appendChild(li);
    return label;
  }
  var countText = {};
  var labelCounts = data.labels;  // in the whole graph, so every toggle is there
  Object.keys(labelCounts).sort().forEach(function (label) {
    countText["l:" + label] = toggle(document.getElementById("gb-legend"), label,
      {cls: "sw", color: nodeColor(label)}, labelOn[label],
      function () { labelOn[label] = !labelOn[label]; return labelOn[label]; });
  });
  var typeNames = Object.keys(data.types).sort(function (a, b) {
    return (isNoise(a) - isNoise(b)) || (a < b ? -1 : a > b ? 1 : 0);
  });
  typeNames.forEach(function (type) {
    countText["t:" + type] = toggle(document.getElementById("gb-types"), type,
      {cls: "line", color: edgeColor(type)}, typeOn[type],
      function () { typeOn[type] = !typeOn[type]; return typeOn[type]; });
  });
  var lonely = document.getElementById("gb-lonely");
  lonely.addEventListener("change", function () { lonelyOn = lonely.checked; apply(); });
  var stats = document.getElementById("gb-stats");
  function counts() {
    var vl = {}, vt = {}, vn = 0, ve = 0;
    data.nodes.forEach(function (n) { if (shown.nodes[n.id]) { vl[n.label] = (vl[n.label] || 0) + 1; vn++; } });
    data.edges.forEach(function (e) { if (shown.edges[e.id]) { vt[e.type] = (vt[e.type] || 0) + 1; ve++; } });
    Object.keys(labelCounts).forEach(function (l) {
      countText["l:" + l].textContent = l + " (" + (vl[l] || 0) + "/" + labelCounts[l] + ")";
    });
    typeNames.forEach(function (t) {
      countText["t:" + t].textContent = t + " (" + (vt[t] || 0) + "/" + data.types[t] + ")";
    });
    stats.textContent = vn + " nodes and " + ve + " edges shown; counts are shown/all";
  }
  counts();

  // --- side panel
  var panel = document.getElementById("gb-panel");
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function fmt(v) {
    if (Array.isArray(v)) return v.slice(0, 25).map(function (x) {
      return typeof x === "object" && x !== null ? JSON.stringify(x) : String(x); }).join(", ") +
      (v.length > 25 ? ", \u2026 (" + v.length + " in all)" : "");
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
    var rels = edgesOf[id].filter(function (e) { return !isNoise(e.type); });
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
  var datalist = document.getElementById("gb-names");
  var seen = {};
  names.forEach(function (p) {
    var label = byId[p[1]].name;
    if (seen[label]) return;
    seen[label] = true;
    var o = document.createElement("option"); o.value = label; datalist.appendChild(o);
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
    if (!byId[id] || !labelOn[byId[id].label]) return;
    if (!shown.nodes[id]) { pinned[id] = true; apply(); }  // a node found is shown
    showNode(id);
    whenLaidOut(function () {  // the node's place is known only once the layout is done
      network.selectNodes([id]);
      setLabels(selectedEdges());
      network.focus(id, {scale: 1.2});
    });
  }
  var box = document.getElementById("gb-search");
  var msg = document.getElementById("gb-search-msg");
  function search() {
    var id = find(box.value);
    msg.textContent = id || !box.value.trim() ? "" : "no node named like that";
    if (id && !labelOn[byId[id].label]) msg.textContent = byId[id].label + " is switched off";
    if (id) { focusNode(id); root.setAttribute("data-found", id); }
  }
  box.addEventListener("change", search);
  box.addEventListener("keydown", function (ev) { if (ev.key === "Enter") search(); });
  window.graphbuilderView = {network: network, find: find, focusNode: focusNode};
  // ?show=MENTIONS,Document switches those on, as clicks on their toggles would; ?q= searches
  var params = new URLSearchParams(window.location.search);
  (params.get("show") || "").split(",").forEach(function (key) {
    document.querySelectorAll("#gb-legend li, #gb-types li").forEach(function (li) {
      var k = li.getAttribute("data-label") || li.getAttribute("data-type");
      if (k === key && li.classList.contains("off")) li.click();
    });
  });
  var q = params.get("q");
  if (q) { box.value = q; search(); }
})();
