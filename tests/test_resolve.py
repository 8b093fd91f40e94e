"""Resolution on hand-built candidates: no spaCy model needed."""
import pickle

import pytest

from graphbuilder.model import Candidate
from graphbuilder.resolve import company_base, join_short_name, person_name, resolve

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


def _cands(text: str, spans: list[tuple[str, str]]) -> list[Candidate]:
    """Candidates for each (surface, label), at its first occurrence after the previous one."""
    out, pos = [], 0
    for surface, label in spans:
        start = text.index(surface, pos)
        out.append(Candidate(start, start + len(surface), surface, label))
        pos = start + len(surface)
    return out


def _resolve(text: str, spans: list[tuple[str, str]]):
    ents, ments = resolve("d", text, _cands(text, spans))
    return {e.id: e for e in ents}, ments


@pytest.mark.parametrize("text, expected", [
    ("Crown Prince Alwaleed bin Faisal", "Alwaleed bin Faisal"),
    ("Princess Anneliese", "Anneliese"),
    ("Sheikh Tamim al-Rashid", "Tamim al-Rashid"),
    ("Harold T. Brennan", "Harold Brennan"),
    ("Gerald R. M. Fordham", "Gerald Fordham"),
    ("J. Arthur Penwick", "J. Arthur Penwick"),
    ("Defence Minister Tomas Ilves", "Tomas Ilves"),
])
def test_resolve_person_name_strips_titles_and_middle_initials(text, expected):
    assert person_name(text) == expected


@pytest.mark.parametrize("short, names, expected", [
    ("Varga", ["Istvan Varga", "Peter Kohl"], "Istvan Varga"),
    ("Rashid", ["Tamim al-Rashid"], "Tamim al-Rashid"),
    ("Jonsson", ["Pål Jönsson"], "Pål Jönsson"),
    ("Moon", ["Moon Jae-won"], "Moon Jae-won"),
    ("Tamim", ["Tamim bin Hamad"], "Tamim bin Hamad"),
    ("Hale", ["Nora Hale", "Robert Hale"], "Hale"),
    ("Park", ["Park Sun-won", "Kim Park"], "Kim Park"),
])
def test_resolve_short_person_name_joins_unique_full_name(short, names, expected):
    assert join_short_name(short, names) == expected


def test_resolve_family_name_first_joins_in_document():
    text = "Moon Jae-won visited the base. Moon said the drills went well."
    ents, ments = _resolve(text, [("Moon Jae-won", "Person"), ("Moon", "Person")])
    assert {m.entity for m in ments} == {"person:moon-jae-won"}


def test_resolve_ambiguous_surname_stays_its_own_node():
    text = "Nora Hale and Robert Hale arrived. Hale spoke first."
    ents, _ = _resolve(text, [("Nora Hale", "Person"), ("Robert Hale", "Person"), ("Hale", "Person")])
    assert "person:hale" in ents


@pytest.mark.parametrize("name, base", [
    ("Ardent Motors Corp", "Ardent Motors"),
    ("Kessler Bank AG", "Kessler Bank"),
    ("Halvorsen and Co", "Halvorsen"),
    ("Corp", "Corp"),
    ("International Ltd", "International Ltd"),
])
def test_resolve_company_base_drops_the_legal_form(name, base):
    assert company_base(name) == base


def test_resolve_company_with_and_without_legal_form_is_one_node():
    text = "Ardent Motors Corp raised prices. Ardent Motors said demand was strong."
    ents, ments = _resolve(text, [("Ardent Motors Corp", "Organization"), ("Ardent Motors", "Organization")])
    assert {m.entity for m in ments} == {"org:ardent-motors"}


def test_resolve_legal_form_makes_a_company_not_a_person():
    text = "Harlan Webb Inc said it would buy the plant."
    ents, _ = _resolve(text, [("Harlan Webb Inc", "Person")])
    assert [e.label for e in ents.values()] == ["Organization"]


def test_resolve_surname_shared_with_company_goes_to_the_company():
    text = "Quill Dynamics won the bid. Quill said work starts soon."
    ents, ments = _resolve(text, [("Quill Dynamics", "Organization"), ("Quill", "Person")])
    assert {m.entity for m in ments} == {"org:quill-dynamics"}


def test_resolve_surname_tagged_as_organization_is_the_person():
    text = "Marta Lindqvist chairs the board. Lindqvist declined to comment."
    ents, ments = _resolve(text, [("Marta Lindqvist", "Person"), ("Lindqvist", "Organization")])
    assert {m.entity for m in ments} == {"person:marta-lindqvist"}


def test_resolve_acronym_in_other_case_is_the_organization():
    text = "the agency VNTA reported. Vnta said later that talks went on."
    ents, ments = _resolve(text, [("VNTA", "Organization"), ("Vnta", "Person")])
    assert {m.label for m in ments} == {"Organization"}


@pytest.mark.parametrize("surface", ["Revs 44.1 mln vs", "Shr 1.20 dlrs"])
def test_resolve_table_words_are_no_names(surface):
    ents, _ = _resolve(f"{surface} last year", [(surface, "Person")])
    assert ents == {}


def test_resolve_acronym_defined_in_text_beats_the_table():
    text = "The European Community (EC) met. The EC said it would act."
    ents, ments = _resolve(text, [("European Community", "Organization"), ("EC", "Organization"),
                                  ("EC", "Organization")])
    assert {m.entity for m in ments} == {"org:european-community"}


@pytest.mark.parametrize("short, long", [
    ("Border Service", "Border Service of Lorvania"),
    ("Interior Ministry", "Ministry of Interior"),
])
def test_resolve_short_organization_name_joins_the_long_one(short, long):
    text = f"The {long} said so. Later the {short} repeated it."
    ents, ments = _resolve(text, [(long, "Organization"), (short, "Organization")])
    assert len({m.entity for m in ments}) == 1


def test_resolve_short_organization_name_with_two_fits_stays():
    text = "The Lorvanian Air Force and the Tessian Air Force met. The Air Force said no."
    ents, ments = _resolve(text, [("Lorvanian Air Force", "Organization"), ("Tessian Air Force", "Organization"),
                                  ("Air Force", "Organization")])
    assert len({m.entity for m in ments}) == 3


@pytest.mark.parametrize("surface, label", [("Inc", "Organization"), ("NV", "Organization"),
                                            ("DLRS 12", "Organization")])
def test_resolve_legal_forms_and_table_words_alone_are_no_names(surface, label):
    ents, _ = _resolve(f"{surface} said", [(surface, label)])
    assert ents == {}


def test_resolve_known_organization_with_its_last_word_in_another_number():
    ents, ments = _resolve("Israel Aerospace Industry engineers", [("Israel Aerospace Industry", "Organization")])
    assert [m.entity for m in ments] == ["org:israel-aerospace-industries"]
