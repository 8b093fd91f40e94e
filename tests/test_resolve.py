"""Resolution on hand-built candidates: no spaCy model needed."""
import pickle

import pytest

from graphbuilder.model import Candidate
from graphbuilder.resolve import person_name, resolve

pytestmark = pytest.mark.issue(6)


def _ids(text, cands):
    ents, ments = resolve("d", text, cands)
    return {e.id: e for e in ents}, [m.entity for m in ments]


def test_resolve_surname_joins_full_name():
    text = "Anna Kowalska spoke. Kowalska left."
    _, ids = _ids(text, [Candidate(0, 13, "Anna Kowalska", "Person"), Candidate(21, 29, "Kowalska", "Person")])
    assert ids == ["person:anna-kowalska", "person:anna-kowalska"]


def test_resolve_ambiguous_surname_stays_alone():
    text = "Ann Ode and Bob Ode met. Ode spoke."
    cands = [Candidate(0, 7, "Ann Ode", "Person"), Candidate(12, 19, "Bob Ode", "Person"),
             Candidate(25, 28, "Ode", "Person")]
    _, ids = _ids(text, cands)
    assert ids[2] == "person:ode"


def test_resolve_titles_and_suffixes_stripped():
    assert person_name("Defence Minister Anna Kowalska") == "Anna Kowalska"
    assert person_name("Mr. John Smith Jr.") == "John Smith"


def test_resolve_uses_the_knowledge_base_reference():
    # the ref decides the entry, even where the written form alone would not find it
    ents, ids = _ids("the Gauls", [Candidate(4, 9, "Gauls", "Country", ref="country:FRA")])
    assert ids == ["country:FRA"]
    assert ents["country:FRA"].name == "France"
    assert ents["country:FRA"].prop("iso2") == "FR"


def test_resolve_weapon_ref_gives_kb_properties():
    ents, ids = _ids("a Viper jet", [Candidate(2, 7, "Viper", "Weapon", ref="weapon:f-16")])
    assert ids == ["weapon:f-16"]
    assert ents["weapon:f-16"].prop("category") == "aircraft"


def test_resolve_ref_of_another_type_is_ignored():
    _, ids = _ids("France", [Candidate(0, 6, "France", "Weapon", ref="country:FRA")])
    assert ids == ["weapon:france"]


def test_resolve_acronym_in_brackets_joins_long_name():
    text = "The Harbour Defence Agency (HDA) said. HDA added."
    cands = [Candidate(4, 25, "Harbour Defence Agency", "Organization"),
             Candidate(39, 42, "HDA", "Organization")]
    _, ids = _ids(text, cands)
    assert ids == ["org:harbour-defence-agency", "org:harbour-defence-agency"]


def test_resolve_acronym_from_initials_ignores_stop_words():
    text = "Board of Naval Research staff. BNR said."
    cands = [Candidate(0, 23, "Board of Naval Research", "Organization"),
             Candidate(31, 34, "BNR", "Organization")]
    _, ids = _ids(text, cands)
    assert ids[1] == "org:board-of-naval-research"


def test_resolve_state_body_resolves_under_its_qualified_name():
    _, ids = _ids("Ruritanian Navy", [Candidate(11, 15, "Navy", "Organization", name="Ruritanian Navy")])
    assert ids == ["org:ruritanian-navy"]


def test_resolve_unknown_weapon_plural_is_singular():
    _, ids = _ids("XK-7s", [Candidate(0, 5, "XK-7s", "Weapon", source="designation")])
    assert ids == ["weapon:xk-7"]


def test_candidate_is_frozen_and_picklable():
    c = Candidate(0, 5, "Su-24", "Weapon", "weapon:su-24", "kb")
    assert pickle.loads(pickle.dumps(c)) == c
    with pytest.raises(AttributeError):
        c.text = "x"
