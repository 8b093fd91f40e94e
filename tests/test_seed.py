"""The seed article end to end: the facts the product promises, each with evidence."""
from pathlib import Path

import networkx as nx
import pytest

from graphbuilder.api import build

pytestmark = pytest.mark.model

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed")
    return build([SEEDS], out).graph, out


def _node(g, label, name):
    hits = [n for n, d in g.nodes(data=True) if d.get("label") == label and d.get("name") == name]
    return hits[0] if len(hits) == 1 else None


@pytest.mark.parametrize("label,name", [
    ("Person", "Emmanuel Macron"), ("Person", "Keir Starmer"), ("Person", "Jean-Noel Barrot"),
    ("Person", "Donald Trump"), ("Country", "France"), ("Country", "United Kingdom"),
    ("Country", "Ukraine"), ("Country", "Russia"), ("Organization", "Défense Conseil International"),
    ("Organization", "Le Monde"), ("Weapon", "Storm Shadow"), ("Weapon", "Su-24"),
])
def test_seed_has_entity(seed_graph, label, name):
    assert _node(seed_graph[0], label, name) is not None


def test_seed_dci_alias(seed_graph):
    g = seed_graph[0]
    assert "DCI" in g.nodes[_node(g, "Organization", "Défense Conseil International")]["aliases"]


def test_seed_scalp_is_one_weapon(seed_graph):
    g = seed_graph[0]
    scalp = [n for n, d in g.nodes(data=True) if "Scalp" in d.get("aliases", [])]
    assert [g.nodes[n]["label"] for n in scalp] == ["Weapon"]


@pytest.mark.parametrize("label,name", [("Person", "Kyiv"), ("Person", "Scalp"),
                                        ("Organization", "Scalp"), ("Country", "Paris")])
def test_seed_has_no_wrong_entity(seed_graph, label, name):
    g = seed_graph[0]
    assert not any(d.get("label") == label and name in [d.get("name"), *d.get("aliases", [])]
                   for _, d in g.nodes(data=True))


@pytest.mark.parametrize("src,rtype,dst", [
    (("Person", "Emmanuel Macron"), "LEADER_OF", ("Country", "France")),
    (("Person", "Keir Starmer"), "LEADER_OF", ("Country", "United Kingdom")),
    (("Person", "Jean-Noel Barrot"), "OFFICIAL_OF", ("Country", "France")),
    (("Weapon", "Storm Shadow"), "PRODUCED_BY", ("Country", "United Kingdom")),
    (("Weapon", "SCALP EG"), "PRODUCED_BY", ("Country", "France")),
    (("Person", "Keir Starmer"), "VISITED", ("Country", "France")),
])
def test_seed_has_relation_with_evidence(seed_graph, src, rtype, dst):
    g = seed_graph[0]
    s, t = _node(g, *src), _node(g, *dst)
    assert g.has_edge(s, t, key=rtype)
    ev = g.edges[s, t, rtype]["evidence"]
    text = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    assert ev and all(text[e["start"]:e["end"]] == e["text"] for e in ev)


def test_seed_outputs_are_deterministic(seed_graph, tmp_path):
    build([SEEDS], tmp_path)
    assert (tmp_path / "graph.json").read_bytes() == (seed_graph[1] / "graph.json").read_bytes()


def test_seed_graphml_round_trip(seed_graph):
    g = nx.read_graphml(seed_graph[1] / "graph.graphml")
    assert g.nodes["person:emmanuel-macron"]["labels"] == ":Person:Entity"
