"""A weapon named before a weapon noun is the phrase's weapon, however the parser attached the
name (sentences of our own, real model): codes such as "F-35A" are often parsed as
punctuation or as an adverb of the verb, which hid them from every frame."""
from __future__ import annotations

import pytest

from graphbuilder import extract_text

pytestmark = [pytest.mark.model, pytest.mark.issue(7)]


def _typed(text: str) -> set[tuple[str, str, str]]:
    return {(r.source, r.type, r.target) for r in extract_text(text).relations}


@pytest.mark.parametrize("text, source", [
    ("Denmark received F-35A jets.", "country:DNK"),
    ("Denmark received its first F-35A jets last week.", "country:DNK"),
    ("The Royal Danish Air Force received F-35A jets.", "org:royal-danish-air-force"),
])
def test_a_code_before_a_weapon_noun_is_the_object_s_weapon(text, source):
    assert (source, "OPERATES", "weapon:f-35") in _typed(text)


def test_a_weapon_noun_without_a_name_before_it_gives_no_weapon():
    assert not any(t == "OPERATES" for _, t, _ in _typed("Denmark received new jets from its allies."))


@pytest.mark.parametrize("text, origin", [
    ("Ukrainian forces used American-made HIMARS launchers to strike a Russian ammunition depot.", "country:USA"),
    ("The US-built jets struck targets in Syria.", "country:USA"),
    ("French-made missiles hit the Russian base on Monday.", "country:FRA"),
])
def test_a_country_of_origin_is_no_attacker(text, origin):
    assert not any(s == origin and t == "ATTACKED" for s, t, _ in _typed(text))


@pytest.mark.parametrize("text, backer", [
    ("Iran-backed militias attacked US bases in Syria.", "country:IRN"),
    ("Russian-backed separatists shelled Ukrainian positions overnight.", "country:RUS"),
])
def test_a_backer_is_no_attacker(text, backer):
    assert not any(s == backer and t == "ATTACKED" for s, t, _ in _typed(text))


def test_a_navy_s_own_carrier_is_operated_not_produced():
    found = _typed("The Indian Navy said its new Rafale M jets will arrive next year.")
    assert ("org:indian-navy", "OPERATES", "weapon:rafale") in found
    assert not any(t == "PRODUCED_BY" for _, t, _ in found)
    assert ("weapon:f-35", "PRODUCED_BY", "org:lockheed-martin") in _typed("Lockheed Martin said its F-35 jets are ready.")


@pytest.mark.parametrize("text, supplier, recipient", [
    ("Israel's Elbit Systems will supply Hermes 900 drones to the Philippine Air Force.",
     "org:elbit-systems", "country:PHL"),
    ("Norway delivered NASAMS launchers to the Ukrainian Air Force in the spring.", "country:NOR", "country:UKR"),
])
def test_a_state_s_force_as_recipient_stands_for_its_country(text, supplier, recipient):
    assert (supplier, "SUPPLIES", recipient) in _typed(text)


def test_a_company_as_recipient_is_no_country():
    assert not any(t == "SUPPLIES" for _, t, _ in _typed("Boeing delivered the new jets to Lufthansa in Hamburg."))


def test_a_force_named_with_its_country_keeps_the_country_off_the_weapon():
    found = _typed("US Air Force F-15E fighters will fly to South Korea next month.")
    assert ("org:u-s-air-force", "OPERATES", "weapon:f-15e") in found
    assert not any(t == "PRODUCED_BY" for _, t, _ in found)
    assert ("weapon:storm-shadow", "PRODUCED_BY", "country:GBR") in _typed("British Storm Shadow missiles hit the bridge.")


def test_a_state_force_found_after_its_demonym_is_named_with_it():
    ents = {e.id: e.name for e in extract_text("Indian Air Force Rafale jets flew over the parade.").entities}
    assert ents.get("org:indian-air-force") == "Indian Air Force" and "org:air-force" not in ents
