"""graph.json, graph.graphml and mentions.jsonl: contract, determinism and round trips."""
from __future__ import annotations

import json
import random

import networkx as nx

from graphbuilder.model import Mention
from graphbuilder.sinks.graphml import graphml_ready, write_graphml
from graphbuilder.sinks.mentions import FIELDS, MentionWriter
from graphbuilder.sinks.node_link import read_node_link, to_node_link, write_json


def _shuffled_copy(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    nodes = list(g.nodes(data=True))
    edges = list(g.edges(keys=True, data=True))
    random.Random(7).shuffle(nodes)
    random.Random(7).shuffle(edges)
    h = nx.MultiDiGraph()
    h.add_nodes_from(nodes)
    h.add_edges_from(edges)
    return h


def test_node_link_entity_nodes_carry_contract_fields(hand_graph):
    data = to_node_link(hand_graph)
    ents = [n for n in data["nodes"] if n["label"] != "Document"]
    assert {"country:FRA", "country:UKR", "person:emmanuel-macron", "weapon:scalp-eg",
            "org:mbda"} <= {n["id"] for n in ents}
    for n in ents:
        assert {"id", "label", "name", "aliases", "documents", "mentions"} <= set(n)
    ukr = next(n for n in ents if n["id"] == "country:UKR")
    assert ukr["documents"] == ["doc-a", "doc-b"]
    assert ukr["iso3"] == "UKR"
    scalp = next(n for n in ents if n["id"] == "weapon:scalp-eg")
    assert (scalp["category"], scalp["manufacturer"]) == ("cruise missile", "MBDA")


def test_node_link_edges_carry_type_and_documents_not_key(hand_graph):
    edges = to_node_link(hand_graph)["edges"]
    assert all({"source", "target", "type", "documents"} <= set(e) for e in edges)
    assert all("key" not in e for e in edges)
    sup = [e for e in edges if e["type"] == "SUPPLIES"]
    assert [(e["source"], e["target"], e["documents"]) for e in sup] == [
        ("country:FRA", "country:UKR", ["doc-a"])]
    leader = next(e for e in edges if e["type"] == "LEADER_OF")
    assert leader["evidence"][0]["text"].startswith("French President Emmanuel Macron")
    mentions = [e for e in edges if e["type"] == "MENTIONS"]
    assert all(e["documents"] == [e["source"]] for e in mentions)


def test_node_link_is_sorted(hand_graph):
    data = to_node_link(hand_graph)
    ids = [n["id"] for n in data["nodes"]]
    assert ids == sorted(ids)
    keys = [(e["source"], e["type"], e["target"]) for e in data["edges"]]
    assert keys == sorted(keys)


def test_node_link_json_is_byte_identical_for_the_same_graph(hand_graph, tmp_path):
    a = write_json(to_node_link(hand_graph), tmp_path / "a.json")
    b = write_json(to_node_link(_shuffled_copy(hand_graph)), tmp_path / "b.json")
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes().endswith(b"}\n")


def test_node_link_json_keeps_unicode_readable(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("person:jean-noel-barrot", label="Person", name="Jean-Noël Barrot",
               aliases=["Barrot"], documents=["d"])
    raw = write_json(to_node_link(g), tmp_path / "g.json").read_text(encoding="utf-8")
    assert "Jean-Noël Barrot" in raw


def test_node_link_round_trip_restores_graph(hand_graph, tmp_path):
    path = write_json(to_node_link(hand_graph), tmp_path / "graph.json")
    back = read_node_link(path)
    assert set(back.edges(keys=True)) == set(hand_graph.edges(keys=True))
    assert back.nodes["country:UKR"]["aliases"] == hand_graph.nodes["country:UKR"]["aliases"]
    assert to_node_link(back) == json.loads(path.read_text(encoding="utf-8"))


def test_node_link_is_readable_by_networkx(hand_graph, tmp_path):
    path = write_json(to_node_link(hand_graph), tmp_path / "graph.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    g = nx.node_link_graph(data, edges="edges")
    assert g.number_of_nodes() == hand_graph.number_of_nodes()
    assert g.number_of_edges() == hand_graph.number_of_edges()


def test_graphml_round_trip_keeps_labels_types_and_aliases(hand_graph, tmp_path):
    path = write_graphml(hand_graph, tmp_path / "graph.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert set(back.nodes) == set(hand_graph.nodes)
    assert back.nodes["country:FRA"]["labels"] == ":Country:Entity"
    assert back.nodes["doc-a"]["labels"] == ":Document"
    assert back.nodes["country:FRA"]["label"] == "Country"
    assert json.loads(back.nodes["country:UKR"]["aliases"]) == ["Ukraine"]
    types = sorted((s, t, d["type"]) for s, t, d in back.edges(data=True))
    assert types == sorted((s, t, d["type"]) for s, t, d in hand_graph.edges(data=True))
    assert all(d["label"] == d["type"] for _, _, d in back.edges(data=True))


def test_graphml_xml_elements_carry_apoc_labels(hand_graph, tmp_path):
    import xml.etree.ElementTree as ET
    path = write_graphml(hand_graph, tmp_path / "graph.graphml")
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(path).getroot()
    nodes = {n.get("id"): n.get("labels") for n in root.iterfind(".//g:node", ns)}
    assert nodes["country:UKR"] == ":Country:Entity"
    edges = [e for e in root.iterfind(".//g:edge", ns)]
    assert {"MENTIONS", "CO_MENTIONED", "SUPPLIES", "LEADER_OF"} <= {e.get("label") for e in edges}
    assert len({e.get("id") for e in edges}) == len(edges)  # unique edge ids


def test_graphml_ready_drops_none_and_stringifies_lists():
    g = nx.MultiDiGraph()
    g.add_node("weapon:x", label="Weapon", name="X", aliases=["X", "X-1"], origin=None)
    g.add_edge("weapon:x", "country:FRA", key="PRODUCED_BY", type="PRODUCED_BY",
               evidence=[{"document": "d", "text": "t", "start": 0, "end": 1}])
    ready = graphml_ready(g)
    assert "origin" not in ready.nodes["weapon:x"]
    assert ready.nodes["weapon:x"]["aliases"] == '["X", "X-1"]'
    edge = ready.edges["weapon:x", "country:FRA", "PRODUCED_BY"]
    assert isinstance(edge["evidence"], str)
    assert edge["label"] == "PRODUCED_BY"
    assert g.nodes["weapon:x"]["aliases"] == ["X", "X-1"]  # the input is not changed


def test_graphml_mixed_attribute_types_are_unified(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("a", label="Weapon", name="A", confidence=1)
    g.add_node("b", label="Weapon", name="B", confidence=0.5)
    g.add_node("c", label="Weapon", name="C", category="tank")
    g.add_node("d", label="Weapon", name="D", category=3)
    back = nx.read_graphml(write_graphml(g, tmp_path / "g.graphml"))
    assert back.nodes["a"]["confidence"] == 1.0
    assert back.nodes["d"]["category"] == "3"


def test_graphml_strips_characters_xml_cannot_hold(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("a", label="Person", name="Bad\x0bName\x00")
    back = nx.read_graphml(write_graphml(g, tmp_path / "g.graphml"))
    assert back.nodes["a"]["name"] == "BadName"


def test_graphml_is_deterministic(hand_graph, tmp_path):
    a = write_graphml(hand_graph, tmp_path / "a.graphml")
    b = write_graphml(_shuffled_copy(hand_graph), tmp_path / "b.graphml")
    assert a.read_bytes() == b.read_bytes()


def test_mentions_writer_one_json_line_per_mention(tmp_path):
    path = tmp_path / "mentions.jsonl"
    with MentionWriter(path) as w:
        w.write([Mention("d1", 0, 6, "France", "Country", "country:FRA", 0),
                 Mention("d1", 11, 18, "Germany", "Country", "country:DEU", 0)])
        w.write([Mention("d2", 0, 5, "Kyïv", "Location", "location:kyiv", 0)])
        assert not path.exists()  # appears complete, on close
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 3
    assert all(tuple(r) == FIELDS for r in rows)
    assert rows[1] == {"document": "d1", "start": 11, "end": 18, "text": "Germany",
                       "label": "Country", "entity": "country:DEU"}
    assert "Kyïv" in lines[2]


def test_mentions_writer_leaves_nothing_on_error(tmp_path):
    path = tmp_path / "mentions.jsonl"
    try:
        with MentionWriter(path) as w:
            w.write([Mention("d1", 0, 1, "F", "Country", "country:FRA")])
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert list(tmp_path.iterdir()) == []
