"""Relations on wire-style sentences of our own: what a byline, a glued name or a hedged copula
must not state (real model). Found by judging a sample of relations built from news."""
from __future__ import annotations

import pytest

pytestmark = [pytest.mark.model, pytest.mark.issue(7)]


@pytest.fixture(scope="module")
def relations():
    from graphbuilder import extract_text

    def run(text: str) -> set[tuple[str, str, str]]:
        return {(r.source, r.type, r.target) for r in extract_text(text).relations}
    return run


@pytest.mark.parametrize("text", [
    "AP - President Morales charges into the final week of the campaign.",
    "AFP - Swiss banking group Helvetia Bank said it paid 265 million dollars.",
])
def test_relations_byline_source_is_no_argument(relations, text):
    assert not any(s in ("org:associated-press", "org:agence-france-presse")
                   or t in ("org:associated-press", "org:agence-france-presse") for s, _, t in relations(text))


def test_relations_country_glued_to_words_is_no_based_in(relations):
    assert relations("He named U.S. Protectionist behaviour as one cause of the deficit.") == set()


@pytest.mark.parametrize("text, expected", [
    ("The Bank of Spain said inflation in Spain had slowed.", ("org:bank-of-spain", "BASED_IN", "country:ESP")),
    ("Canadian Ardent Network Inc said sales in Canada rose.", ("org:canadian-ardent-network", "BASED_IN", "country:CAN")),
])
def test_relations_names_of_bodies_keep_their_country(relations, text, expected):
    assert expected in relations(text)


def test_relations_hedged_copula_states_no_membership(relations):
    found = relations("Officials said Lorvania could be a member of NATO by the end of the year.")
    assert not any(t == "MEMBER_OF" for _, t, _ in found)


def test_relations_plain_copula_states_membership(relations):
    assert ("country:FIN", "MEMBER_OF", "org:nato") in relations("Finland is a member of NATO.")


def test_relations_credit_line_in_brackets_is_no_argument(relations):
    found = relations("Lorvania suspends flights after Japan crash (AFP)\n\nThe flights stopped.")
    assert not any("agence-france-presse" in s or "agence-france-presse" in t for s, _, t in found)


def test_relations_former_before_a_named_body_is_no_leader(relations):
    now = relations("The Chilean national council president Marta Rojas spoke on Monday.")
    before = relations("The former Chilean national council president Marta Rojas spoke on Monday.")
    assert ("person:marta-rojas", "LEADER_OF", "country:CHL") in now
    assert not any(t == "LEADER_OF" for _, t, _ in before)


def test_relations_a_stake_in_percent_is_no_part(relations):
    assert not any(t == "PART_OF" for _, t, _ in relations("Kessler Motors is owned 15.1 pct by Ardent Motors Corp."))
    assert ("org:kessler-motors", "PART_OF", "org:ardent-motors") in relations("Ardent Motors owns Kessler Motors.")


def test_relations_a_company_s_product_is_no_part_but_its_unit_is(relations):
    assert relations("The money will go to developing Ardent Motors' Vesta Grande sedans.") == set()
    assert ("org:chicago-aerial-survey", "PART_OF", "org:geonex") in relations(
        "Geonex said Geonex's Chicago Aerial Survey unit lost money.")
