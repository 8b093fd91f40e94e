"""Coreference inside a document (relations/coref.py) on the real parser and NER.

Sentences are our own. Each positive case states a relation only through a pronoun or a
description; each negative case is one where guessing would be wrong (a tie, a wrong type, a
role the person was never given, a quotation with two possible speakers).
"""
from __future__ import annotations

import pytest

from graphbuilder.api import extract_text
from graphbuilder.relations.coref import _quote_regions, coref_table, resolve_refs

pytestmark = [pytest.mark.model, pytest.mark.issue(7)]


def _refs(text: str) -> dict[str, str]:
    """Referring word -> entity id, for every reference resolved in ``text``."""
    from graphbuilder.ner import candidates
    from graphbuilder.pipeline import load_pipeline
    from graphbuilder.resolve import resolve

    doc = load_pipeline()(text)
    entities, mentions = resolve("t", text, candidates(doc))
    refs = resolve_refs(doc, mentions, {e.id: e for e in entities})
    return {doc[i].text: m.entity for i, m in refs.items()}


def _rels(text: str) -> set[tuple[str, str, str]]:
    return {(r.source, r.type, r.target) for r in extract_text(text).relations}


def test_coref_table_words_are_data():
    table = coref_table()
    assert table["pronoun"]["he"]["labels"] == ["Person"]
    assert table["description"]["country"]["labels"] == ["Country"]
    assert _quote_regions('a "b" c') == [(2, 5)]


@pytest.mark.parametrize("text, rel", [
    ("Saab is a Swedish defence company. It will deliver Gripen jets to Hungary next year.",
     ("org:saab", "SUPPLIES", "country:HUN")),
    ("Lockheed Martin builds fighter jets in Texas. The company said it would deliver F-16 jets "
     "to Poland in March.", ("org:lockheed-martin", "SUPPLIES", "country:POL")),
    ("German Defence Minister Boris Pistorius spoke in Berlin on Monday. The minister visited "
     "Lithuania on Tuesday.", ("person:boris-pistorius", "VISITED", "country:LTU")),
    ("Boris Pistorius spoke in Vilnius on Monday. \u201cHe visited Ukraine last week,\u201d an aide "
     "said.", ("person:boris-pistorius", "VISITED", "country:UKR")),
])
def test_coref_relation_through_pronoun_or_description_points_at_the_name(text, rel):
    rels = [r for r in extract_text(text).relations if (r.source, r.type, r.target) == rel]
    assert rels, _rels(text)
    second = text.index(". ") + 2
    assert rels[0].evidence.start >= second  # the evidence is the sentence that states it


def test_coref_possessive_takes_the_subject_of_its_clause():
    refs = _refs("Sweden's Saab said it will expand its factory in Linkoping.")
    assert refs.get("it") == "org:saab"
    assert refs.get("its") == "org:saab"


def test_coref_possessive_follows_an_unresolved_subject_pronoun():
    refs = _refs("The company said it has opened Harbor Retirement Apartments next to its Harbor "
                 "Health Center in Tampa.")
    assert "its" not in refs


def test_coref_possessed_name_needs_a_part_word():
    refs = _refs("Microsoft Corp said it will release an update to its Windows operating system.")
    assert "its" not in refs
    rels = _rels("General Motors Corp said its Pontiac Division will cut prices.")
    assert ("org:pontiac-division", "PART_OF", "org:general-motors") in rels


def test_coref_source_after_according_to_is_not_the_company():
    refs = _refs("Baykar builds the Akinci drone in Istanbul. According to Reuters, the company "
                 "sent drones to Sudan.")
    assert refs.get("company") == "org:baykar"


def test_coref_tie_between_two_subjects_resolves_nothing():
    text = "Emmanuel Macron said Olaf Scholz was tired. He visited Poland on Monday."
    assert "He" not in _refs(text)
    assert not {r for r in _rels(text) if r[1] == "VISITED"}


def test_coref_wrong_type_is_never_an_antecedent():
    text = "Hungary wants new fighter jets. The company will deliver Gripen jets to Hungary."
    assert "company" not in _refs(text)


def test_coref_description_needs_the_role_the_person_was_given():
    text = "Boris Pistorius spoke in Berlin on Monday. The minister visited Lithuania on Tuesday."
    assert "minister" not in _refs(text)
    assert ("person:boris-pistorius", "VISITED", "country:LTU") not in _rels(text)


def test_coref_no_guess_across_a_quote_with_two_candidates():
    text = ("Boris Pistorius thanked Lars Rasmussen in Berlin. \u201cHe visited Ukraine last week,\u201d "
            "an aide said.")
    assert "He" not in _refs(text)
    assert not {r for r in _rels(text) if r[1] == "VISITED"}


def test_coref_they_after_a_list_keeps_every_conjunct():
    rels = _rels("The Netherlands and Denmark said on Sunday they will give F-16 jets to Ukraine.")
    assert ("country:NLD", "SUPPLIES", "country:UKR") in rels
    assert ("country:DNK", "SUPPLIES", "country:UKR") in rels


def test_coref_pleonastic_it_has_no_antecedent():
    refs = _refs("Baykar signed a deal with Saudi Arabia. It was the biggest export contract ever.")
    assert "It" not in refs
