"""Cost per document near-linear in its length (issue 8): the document-level resolution passes
look names up in indexes built once per document, never scan every name for every name.

The counts are of real calls of the real helpers (wrapped, not replaced), so they say how the
work grows with the document, whatever the machine's speed."""
from __future__ import annotations

import itertools
import string

import pytest

from graphbuilder import resolve as res
from graphbuilder.model import Candidate

pytestmark = pytest.mark.issue(8)

_SYLLABLES = ["ka", "lo", "mi", "ra", "tu", "ve", "no", "si"]


def _word(i: int) -> str:
    """A distinct made-up capitalised word for each ``i``."""
    out = ""
    while True:
        out += _SYLLABLES[i % len(_SYLLABLES)]
        i //= len(_SYLLABLES)
        if not i:
            return out.capitalize()


def _document(n: int) -> tuple[str, list[Candidate]]:
    """A made-up document of ``n`` sentences naming people, bodies with and without their
    acronyms, and short forms of both, as a long archive file does."""
    parts, cands, pos = [], [], 0

    def say(text: str, label: str | None = None) -> None:
        nonlocal pos
        if label:
            cands.append(Candidate(pos, pos + len(text), text, label))
        parts.append(text)
        pos += len(text)

    for i in range(n):
        first, last, body = _word(i), _word(i + 7 * n), f"{_word(3 * i)} {_word(5 * i + 1)} Council"
        acr = "".join(w[0] for w in body.split()).upper()
        say("Minister ")
        say(f"{first} {last}", "Person")
        say(" of the ")
        say(body, "Organization")
        say(f" ({acr}) met ")
        say(acr, "Organization")
        say(" staff; ")
        say(last, "Person")
        say(" said the ")
        say(f"{_word(5 * i + 1)} Council", "Organization")
        say(" agreed.\n")
    return "".join(parts), cands


def _calls(monkeypatch, n: int) -> int:
    counts = {"calls": 0}
    for name in ("slug", "_initials", "_surname_keys"):
        real = getattr(res, name)

        def counted(*a, _real=real, **k):
            counts["calls"] += 1
            return _real(*a, **k)
        monkeypatch.setattr(res, name, counted)
    text, cands = _document(n)
    res.resolve("d", text, cands)
    monkeypatch.undo()
    return counts["calls"]


def test_scale_resolution_helpers_grow_linearly_with_the_document(monkeypatch):
    small, large = _calls(monkeypatch, 100), _calls(monkeypatch, 400)
    # four times the names: about four times the calls (scanning all names for each name
    # would make it sixteen)
    assert large <= 5 * small, (small, large)


def _scan_acronyms(orgs, defined):
    """The definition by scan, to check the index against."""
    out = {}
    for short in orgs:
        if short.isupper() and short not in defined and short not in out:
            longs = [o for o in orgs if o != short and len(o.split()) > 1 and res._initials(o) == short]
            if len(set(longs)) == 1:
                out[short] = longs[0]
    return out


def _scan_defined(text, orgs):
    out = {}
    names = sorted(set(orgs), key=len, reverse=True)
    for m in res._PAREN_ACRONYM.finditer(text):
        before = text[max(0, m.start() - 150):m.start()].rstrip()
        name = next((n for n in names if before.endswith(n)), None)
        if name is not None and m.group(1) not in out:
            out[m.group(1)] = name
    return out


def _scan_join(name, full_names):
    key = res.slug(name)
    if " " in name:
        longer = {f for f in full_names if f != name and res.slug(f).endswith("-" + key)}
        return longer.pop() if len(longer) == 1 else name
    last = {f for f in full_names if key in res._surname_keys(f.split()[-1])}
    if len(last) == 1:
        return last.pop()
    if last:
        return name
    first = {f for f in full_names if res.slug(f.split()[0]) == key}
    return first.pop() if len(first) == 1 else name


def test_scale_indexed_acronyms_agree_with_a_scan_of_every_name():
    text, cands = _document(60)
    # clashing initials too: two bodies share "KLC", one acronym stands alone
    text += "Kamo Lira Corps (KLC) and Kilo Lune Corps and KLC and the Tuve Council (TC) and TC."
    orgs = [c.text for c in cands if c.label == "Organization"] + [
        "Kamo Lira Corps", "Kilo Lune Corps", "KLC", "Tuve Council", "TC", "Council", "TC"]
    defined = res._defined_acronyms(text, orgs)
    assert defined == _scan_defined(text, orgs) and defined["TC"] == "Tuve Council"
    assert res._acronyms(orgs, {}) == _scan_acronyms(orgs, {})
    assert "KLC" not in res._acronyms(orgs, {})
    assert res._acronyms(orgs, defined) == _scan_acronyms(orgs, defined)


@pytest.mark.parametrize("short", ["Reagan", "Xi", "von Garlem", "Garlem", "Halbousi", "Lo", "Kalo",
                                   "Mira Tu", "Nobody"])
def test_scale_indexed_short_names_agree_with_a_scan_of_every_full_name(short):
    full = ["Nancy Reagan", "Ronald Reagan", "Xi Jinping", "Tom von Garlem", "Mohammed al-Halbousi",
            "Lo Kalo", "Vemi Lo", "Ana Mira Tu"] + [f"{_word(i)} {_word(i + 50)}" for i in range(40)]
    assert res.join_short_name(short, res.FullNames(full)) == _scan_join(short, full)
    assert res.join_short_name(short, full) == _scan_join(short, full)


# ------------------------------------------------------------------ sinks that stream the graph

def _reference_graphml(g, path):
    """The file as networkx's tree writer makes it of ``graphml_ready(g)``, with APOC's XML
    attributes and numbered edge ids: what ``write_graphml`` wrote before it streamed."""
    from networkx.readwrite.graphml import GraphMLWriter

    from graphbuilder.sinks.graphml import graphml_ready

    class Apoc(GraphMLWriter):
        def add_nodes(self, G, graph_element):
            super().add_nodes(G, graph_element)
            for el in graph_element.iter("node"):
                el.set("labels", G.nodes[el.get("id")]["labels"])

        def add_edges(self, G, graph_element):
            super().add_edges(G, graph_element)
            for i, el in enumerate(graph_element.iter("edge")):
                el.set("label", el.get("id"))
                el.set("id", f"e{i}")

    writer = Apoc(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(graphml_ready(g))
    with open(path, "wb") as f:
        writer.dump(f)
    return path.read_bytes()


def _awkward_graph():
    import networkx as nx

    g = nx.MultiDiGraph()
    g.add_node('org:a"b', label="Organization", name='A & <B> "quoted"\nnext\tline', aliases=["x;y", "\\z"],
               documents=["d1"], mentions=2, confidence=1)
    g.add_node("org:c", label="Organization", name="", aliases=[], documents=["d1"], mentions=1,
               confidence=0.5, category=3)
    g.add_node("org:d", label="Organization", name="Bad\x0bName\x00", category="tank", flag=True)
    g.add_node("d1", label="Document", name="d1", title="", source="d1.txt")
    for s, t, k in [("org:c", 'org:a"b', "PART_OF"), ("org:c", "org:d", "CO_MENTIONED"),
                    ("org:c", 'org:a"b', "CO_MENTIONED"), ("d1", "org:c", "MENTIONS")]:
        g.add_edge(s, t, key=k, type=k, documents=["d1"], count=1, evidence=[{"text": "a<b"}])
    return g


def test_scale_streamed_graphml_is_the_file_the_tree_writer_made(hand_graph, tmp_path):
    from graphbuilder.sinks.graphml import write_graphml

    for i, g in enumerate([hand_graph, _awkward_graph()]):
        assert write_graphml(g, tmp_path / f"s{i}.graphml").read_bytes() == \
            _reference_graphml(g, tmp_path / f"r{i}.graphml")


def test_scale_streamed_graph_json_is_the_file_write_json_made(hand_graph, tmp_path):
    from graphbuilder.sinks.node_link import to_node_link, write_graph_json, write_json

    for i, g in enumerate([hand_graph, _awkward_graph()]):
        g.graph["note"] = {"why": ["nested\nvalue"]}
        assert write_graph_json(g, tmp_path / f"s{i}.json").read_bytes() == \
            write_json(to_node_link(g), tmp_path / f"r{i}.json").read_bytes()


def _big_graph(n: int):
    import networkx as nx

    g = nx.MultiDiGraph()
    for i in range(n):
        g.add_node(f"person:p{i}", label="Person", name=f"P {i}", aliases=[f"P {i}", f"Mr {i}"],
                   documents=[f"d{i % 50}"], mentions=3)
    for i in range(n - 1):
        g.add_edge(f"person:p{i}", f"person:p{i + 1}", key="CO_MENTIONED", type="CO_MENTIONED",
                   documents=[f"d{i % 50}"], evidence_keys=[f"d{i % 50}:{i}:{i + 40}"], count=1)
    return g


def test_scale_writing_the_graph_takes_a_fraction_of_the_graphs_own_memory(tmp_path):
    import tracemalloc

    from graphbuilder.sinks.graphml import write_graphml
    from graphbuilder.sinks.node_link import write_graph_json

    tracemalloc.start()
    try:
        g = _big_graph(3000)
        graph_bytes = tracemalloc.get_traced_memory()[0]
        for write in (write_graph_json, write_graphml):
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            write(g, tmp_path / "out")
            # a copy of the graph, its whole text or an XML tree of it would be more than all of it
            assert tracemalloc.get_traced_memory()[1] - before < 0.5 * graph_bytes, write.__name__
    finally:
        tracemalloc.stop()
