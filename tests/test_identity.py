"""The cross-document identity pass: hand-built extractions (no model), then one real build."""
from __future__ import annotations

import itertools
import json

import pytest

from graphbuilder.graph import build_graph
from graphbuilder.identity import apply_identity, identity_map, is_short_code, person_fits
from graphbuilder.knowledge import slug
from graphbuilder.model import CoMention, DocumentInfo, Entity, Evidence, Extraction, Mention, Relation
from graphbuilder.sinks.node_link import dumps, to_node_link

pytestmark = pytest.mark.issue(6)


def _doc(doc_id: str, names: list[tuple[str, str]], *, aliases: dict[str, tuple[str, ...]] | None = None,
         relations: tuple = (), comentions: tuple = ()) -> Extraction:
    """One document naming ``(label, name)`` pairs, each mentioned once per alias."""
    prefix = {"Person": "person", "Organization": "org", "Weapon": "weapon", "Country": "country"}
    ents, ments, pos = [], [], 0
    for label, name in names:
        eid = f"{prefix[label]}:{slug(name)}" if label != "Country" else f"country:{name[:3].upper()}"
        forms = (aliases or {}).get(name, (name,))
        ents.append(Entity(eid, label, name, tuple(sorted(forms))))
        for form in forms:
            ments.append(Mention(doc_id, pos, pos + len(form), form, label, eid))
            pos += len(form) + 1
    info = DocumentInfo(doc_id, doc_id.upper(), f"{doc_id}.txt", "0" * 64, pos, len(names))
    return Extraction(info, tuple(ents), tuple(ments), tuple(relations), tuple(comentions))


def _rel(doc_id, s, rtype, t, start, rule="r", confidence=0.8, **kw) -> Relation:
    return Relation(s, rtype, t, Evidence(doc_id, f"sentence {start}", start, start + 10), rule,
                    confidence, **kw)


def _passed(extractions) -> tuple[dict, dict]:
    g = build_graph(extractions)
    mapping = identity_map(g)
    return mapping, to_node_link(apply_identity(g, mapping))


def _node(data: dict, node_id: str) -> dict:
    return next(n for n in data["nodes"] if n["id"] == node_id)


def test_identity_surname_joins_unique_full_name():
    mapping, data = _passed([_doc("d1", [("Person", "Vladimir Putin")]),
                             _doc("d2", [("Person", "Putin")])])
    assert mapping == {"person:putin": "person:vladimir-putin"}
    node = _node(data, "person:vladimir-putin")
    assert node["documents"] == ["d1", "d2"]
    assert node["aliases"] == ["Putin", "Vladimir Putin"]
    assert node["mentions"] == 2
    assert node["name"] == "Vladimir Putin"
    assert all(n["id"] != "person:putin" for n in data["nodes"])
    assert {(e["source"], e["target"]) for e in data["edges"] if e["type"] == "MENTIONS"} == {
        ("d1", "person:vladimir-putin"), ("d2", "person:vladimir-putin")}


def test_identity_ambiguous_surname_stays_its_own_node():
    mapping, data = _passed([_doc("d1", [("Person", "Nancy Reagan")]),
                             _doc("d2", [("Person", "Ronald Reagan")]),
                             _doc("d3", [("Person", "Reagan")])])
    assert mapping == {}
    assert {n["id"] for n in data["nodes"] if n.get("label") == "Person"} == {
        "person:nancy-reagan", "person:ronald-reagan", "person:reagan"}


def test_identity_first_word_counts_only_when_no_surname_fits():
    mapping, _ = _passed([_doc("d1", [("Person", "Xi Jinping")]), _doc("d2", [("Person", "Xi")])])
    assert mapping == {"person:xi": "person:xi-jinping"}
    # a surname fit wins over a bare first word
    mapping, _ = _passed([_doc("d1", [("Person", "Wang Yi")]), _doc("d2", [("Person", "Lin Wang")]),
                          _doc("d3", [("Person", "Wang")])])
    assert mapping == {"person:wang": "person:lin-wang"}
    mapping, _ = _passed([_doc("d1", [("Person", "Li Qiang")]), _doc("d2", [("Person", "Li Hui")]),
                          _doc("d3", [("Person", "Li")])])
    assert mapping == {}


def test_identity_family_name_first():
    hyphenated = [_doc("d1", [("Person", "Shin Won-sik")]), _doc("d2", [("Person", "Shin")])]
    assert _passed(hyphenated)[0] == {"person:shin": "person:shin-won-sik"}
    seen_alone = [_doc("d1", [("Person", "Xi Jinping")], aliases={"Xi Jinping": ("Xi Jinping", "Xi")}),
                  _doc("d2", [("Person", "Xi")])]
    assert _passed(seen_alone)[0] == {"person:xi": "person:xi-jinping"}


def test_identity_surname_and_family_name_fits_are_counted_together():
    # "Kim" fits "Kim Jong-un" (family name first) and "Ashley Kim" (surname): two fits, no join
    mapping, _ = _passed([_doc("d1", [("Person", "Kim Jong-un")]), _doc("d2", [("Person", "Ashley Kim")]),
                          _doc("d3", [("Person", "Kim")])])
    assert mapping == {}


def test_identity_particle_surname_joins():
    mapping, _ = _passed([_doc("d1", [("Person", "Ursula von der Leyen")]),
                          _doc("d2", [("Person", "von der Leyen")]), _doc("d3", [("Person", "Leyen")])])
    assert mapping == {"person:leyen": "person:ursula-von-der-leyen",
                       "person:von-der-leyen": "person:ursula-von-der-leyen"}


def test_identity_surname_without_its_article_joins():
    mapping, _ = _passed([_doc("d1", [("Person", "Mohammed al-Halbousi")]), _doc("d2", [("Person", "Halbousi")])])
    assert mapping == {"person:halbousi": "person:mohammed-al-halbousi"}


def test_identity_fit_rules():
    assert person_fits("Müller", "Thomas Muller")
    assert not person_fits("Putin", "Putin")
    assert is_short_code("SSU")
    assert not is_short_code("Security Service")


def test_identity_edges_merge_redirect_and_drop_self_loops():
    d1 = _doc("d1", [("Person", "Vladimir Putin"), ("Country", "France"), ("Person", "Sergei Shoigu")],
              relations=(_rel("d1", "person:vladimir-putin", "VISITED", "country:FRA", 0, rule="a",
                              confidence=0.7),))
    d2 = _doc("d2", [("Person", "Putin"), ("Country", "France"), ("Person", "Sergei Shoigu"),
                     ("Person", "Vladimir Putin")],
              relations=(_rel("d2", "person:putin", "VISITED", "country:FRA", 5, rule="b", confidence=0.9),
                         _rel("d2", "person:putin", "MET_WITH", "person:vladimir-putin", 20)),
              comentions=(CoMention("person:putin", "person:sergei-shoigu", Evidence("d2", "s", 5, 15)),
                          CoMention("person:putin", "person:vladimir-putin", Evidence("d2", "s", 20, 30))))
    _, data = _passed([d1, d2])
    edges = {(e["source"], e["type"], e["target"]): e for e in data["edges"]}
    visited = edges[("person:vladimir-putin", "VISITED", "country:FRA")]
    assert visited["count"] == 2
    assert visited["documents"] == ["d1", "d2"]
    assert visited["evidence_keys"] == ["d1:0:10", "d2:5:15"]
    assert [e["document"] for e in visited["evidence"]] == ["d1", "d2"]
    assert visited["rules"] == ["a", "b"]
    assert visited["confidence"] == 0.9
    # lower id -> higher id after the move: sergei-shoigu < vladimir-putin
    assert ("person:sergei-shoigu", "CO_MENTIONED", "person:vladimir-putin") in edges
    assert not any(s == t for s, _, t in edges)
    assert not any("person:putin" in (s, t) for s, _, t in edges)
    mentions = edges[("d2", "MENTIONS", "person:vladimir-putin")]
    assert mentions["count"] == 2  # d2 named both nodes once: one node, two mentions
    assert _node(data, "person:vladimir-putin")["mentions"] == 3


def test_identity_supplies_weapon_ids_follow_the_move():
    d1 = _doc("d1", [("Weapon", "RS-26 Rubezh"), ("Country", "Russia")],
              aliases={"RS-26 Rubezh": ("RS-26 Rubezh", "RS-26")})
    d2 = _doc("d2", [("Weapon", "RS-26"), ("Country", "Russia"), ("Country", "Belarus")],
              relations=(_rel("d2", "country:RUS", "SUPPLIES", "country:BEL", 0, weapon="weapon:rs-26"),))
    mapping, data = _passed([d1, d2])
    assert mapping == {"weapon:rs-26": "weapon:rs-26-rubezh"}
    supplies = next(e for e in data["edges"] if e["type"] == "SUPPLIES")
    assert supplies["weapons"] == ["weapon:rs-26-rubezh"]


def test_identity_acronym_joins_the_one_name_that_defined_it():
    defined = _doc("d1", [("Organization", "Defense Conseil Example")],
                   aliases={"Defense Conseil Example": ("Defense Conseil Example", "DCX")})
    mapping, _ = _passed([defined, _doc("d2", [("Organization", "DCX")])])
    assert mapping == {"org:dcx": "org:defense-conseil-example"}
    other = _doc("d3", [("Organization", "Dutch Cargo Exchange")],
                 aliases={"Dutch Cargo Exchange": ("Dutch Cargo Exchange", "DCX")})
    mapping, _ = _passed([defined, other, _doc("d2", [("Organization", "DCX")])])
    assert mapping == {}


def test_identity_knowledge_base_nodes_never_move():
    # "NATO" is a knowledge-base organization: an alias elsewhere does not pull it away
    claims = _doc("d1", [("Organization", "North Atlantic Example")],
                  aliases={"North Atlantic Example": ("North Atlantic Example", "NATO")})
    mapping, _ = _passed([claims, _doc("d2", [("Organization", "NATO")])])
    assert mapping == {}


def _corpus() -> list[Extraction]:
    return [
        _doc("d1", [("Person", "Vladimir Putin"), ("Country", "France")],
             relations=(_rel("d1", "person:vladimir-putin", "VISITED", "country:FRA", 0),)),
        _doc("d2", [("Person", "Putin"), ("Country", "France"), ("Person", "Reagan")],
             relations=(_rel("d2", "person:putin", "VISITED", "country:FRA", 3, role="x"),),
             comentions=(CoMention("person:putin", "person:reagan", Evidence("d2", "s", 3, 9)),)),
        _doc("d3", [("Person", "Nancy Reagan"), ("Person", "Ronald Reagan")]),
        _doc("d4", [("Person", "Shin Won-sik"), ("Organization", "Example Arms Agency")],
             aliases={"Example Arms Agency": ("Example Arms Agency", "EAA")}),
        _doc("d5", [("Person", "Shin"), ("Organization", "EAA"), ("Person", "Putin")],
             comentions=(CoMention("org:eaa", "person:putin", Evidence("d5", "s", 0, 9)),)),
    ]


def test_identity_same_result_whatever_the_order():
    corpus = _corpus()
    results = set()
    for order in itertools.permutations(corpus):
        mapping, data = _passed(order)
        results.add((json.dumps(mapping), dumps(data)))
    assert len(results) == 1
    mapping = json.loads(results.pop()[0])
    assert mapping == {"org:eaa": "org:example-arms-agency", "person:putin": "person:vladimir-putin",
                       "person:shin": "person:shin-won-sik"}


def test_identity_in_place_and_copy_agree():
    g = build_graph(_corpus())
    mapping = identity_map(g)
    copied = dumps(to_node_link(apply_identity(g, mapping)))
    before = dumps(to_node_link(g))
    assert dumps(to_node_link(g)) == before  # the copy left the input alone
    assert dumps(to_node_link(apply_identity(g, mapping, in_place=True))) == copied


@pytest.mark.model
def test_identity_build_joins_across_documents(tmp_path):
    from graphbuilder.api import build
    src = tmp_path / "in"
    src.mkdir()
    texts = {
        "a.txt": "Russian President Vladimir Putin visited Belarus on Monday.\n",
        "b.txt": "Putin said on Tuesday that the talks with Belarus went well.\n",
        "c.txt": "Former first lady Nancy Reagan spoke in California.\n",
        "d.txt": "Former President Ronald Reagan visited Germany in 1987.\n",
        "e.txt": "Reagan was remembered at the ceremony in Washington.\n",
        "f.txt": "Chinese President Xi Jinping arrived in Moscow on Monday for talks.\n",
        "g.txt": "Xi told reporters in Beijing that the visit had gone well.\n",
    }
    for name, text in texts.items():
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build([src], out)
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    persons = {n["id"]: n for n in data["nodes"] if n.get("label") == "Person"}
    assert "person:putin" not in persons
    assert persons["person:vladimir-putin"]["documents"] == ["a", "b"]
    assert "person:xi" not in persons
    assert persons["person:xi-jinping"]["documents"] == ["f", "g"]
    assert "person:reagan" in persons
    assert persons["person:reagan"]["documents"] == ["e"]
    lines = [json.loads(x) for x in (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {m["entity"] for m in lines if m["text"] == "Putin"} == {"person:vladimir-putin"}
    assert {m["entity"] for m in lines if m["text"] == "Reagan"} == {"person:reagan"}
