"""Weapons: designations with names, context for codes, aliases inside names (issue 6, item 4)."""
import pytest

from graphbuilder.api import extract_text

pytestmark = [pytest.mark.model, pytest.mark.issue(6)]


def _ents(text):
    return {(e.label, e.name) for e in extract_text(text).entities}


def _weapons(text):
    return {name for label, name in _ents(text) if label == "Weapon"}


@pytest.mark.parametrize("text,weapon", [
    ("Engineers tested the new XR-40 Gavran missile over the range on Friday.", "XR-40 Gavran"),
    ("The brigade received six M3 Albatross amphibious bridging vehicles from the factory.", "M3 Albatross"),
    ("Russia said the RS-26 Rubezh missile would stay on alert.", "RS-26 Rubezh"),
    ("Japan moved Type 90 tanks to the northern island for the exercise.", "Type 90"),
])
def test_weapons_designation_with_a_name(text, weapon):
    assert weapon in _weapons(text)


@pytest.mark.parametrize("text", [
    "Moody's Investors Service said it upgraded the company's commercial paper to A-2 from A-3.",
    "The company's B-1 preferred stock is rated BBB by Standard and Poor's Corp.",
    "The debentures, rated B-2 by Moody's, were priced at par to yield 9.25 pct.",
    "The notes are rated A-1 by Moody's and AA-minus by Standard and Poor's.",
])
def test_weapons_letter_digit_codes_in_finance_are_no_weapons(text):
    assert _weapons(text) == set()


def test_weapons_code_in_a_weapon_context_stays_a_weapon():
    assert "B-1B Lancer" in _weapons("Two B-1 bombers flew over the peninsula, the air force said.")


def test_weapons_alias_inside_a_longer_name_gives_no_person():
    ents = _ents("Israel said its David's Sling system intercepted two rockets fired from the north.")
    assert ("Weapon", "David's Sling") in ents
    assert not any(label == "Person" and "David" in name for label, name in ents)


def test_weapons_weapon_tagged_as_organization_by_the_model():
    text = "The United States will send Bradley Infantry Fighting Vehicles to the front, the Pentagon said."
    assert "M2 Bradley" in _weapons(text)


def test_weapons_ticker_in_wire_markup_is_no_weapon():
    text = "NATIONAL SEMI <NSM> UNIT STEPS UP DELIVERIES\n\nThe unit said deliveries of its chips rose."
    assert _weapons(text) == set()


def test_weapons_knowledge_base_has_systems_of_many_countries():
    text = ("India test-fired a Pralay missile, Pakistan a Hatf-III missile, South Korea showed its "
            "K21 infantry fighting vehicles and Turkey its TRG-300 Kasirga rocket launchers.")
    got = _weapons(text)
    assert {"Pralay", "Ghaznavi missile", "K21", "TRG-300 Kasirga"} <= got


def test_weapons_variant_pair_is_one_mention():
    ex = extract_text("The contract covers retrofit work on F-16A/B aircraft, the air force said.")
    assert [(m.text, m.entity) for m in ex.mentions if m.label == "Weapon"] == [("F-16A/B", "weapon:f-16")]


def test_weapons_product_code_with_a_name_needs_a_weapon_noun():
    assert _weapons("The chipmaker unveiled the QX9100 Dual Core processor, built to deliver more speed.") == set()


BUSINESS_WIRE = "HARBOR TOOL CORP <HTC> 4TH QTR NET\n\nShr 42 cts vs 31 cts\n    Net 5,120,000 vs 3,870,000\n    Revs 88.4 mln vs 71.2 mln\n    Year\n    Shr 1.51 dlrs vs 1.12 dlrs\n    Net 18.3 mln vs 13.5 mln\n    Note: Company said results include a gain of 1.2 mln dlrs\nfrom the sale of its Ohio warehouse.\n Reuter\n\nMOODY'S UPGRADES MERIDIAN POWER <MPW> DEBT\n\nMoody's Investors Service Inc said it upgraded to A-2 from\nA-3 the rating on Meridian Power Co's 300 mln dlrs of first\nmortgage bonds and raised its commercial paper to Prime-1.\n    Standard and Poor's Corp rates the bonds BBB-plus and the\ncompany's B-1 preferred stock BB, Moody's said.\n    Meridian chairman John T. Walsh said the company expects\ncapital spending of 410 mln dlrs in 1987.\n Reuter\n"


def test_weapons_business_wire_gives_no_weapons_and_no_table_people():
    ents = _ents(BUSINESS_WIRE)
    assert not any(label == "Weapon" for label, _ in ents)
    assert not any(name in ("BBB-plus", "BB", "A-2", "A-3", "Prime-1", "B-1") for _, name in ents)
    assert {name for label, name in ents if label == "Person"} == {"John Walsh"}
