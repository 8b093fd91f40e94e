"""Tests for graphbuilder.knowledge: the data files' schema and the lookups the NER relies on."""

from __future__ import annotations

import json
from importlib.resources import files

import pycountry
import pytest

from graphbuilder.knowledge import (
    CountryEntry,
    LocationEntry,
    OrgEntry,
    WeaponEntry,
    WeaponTerm,
    _weapon_key,
    load_knowledge,
    slug,
)

WEAPON_CATEGORIES = {
    "missile", "aircraft", "helicopter", "tank", "armoured_vehicle", "artillery",
    "rocket_artillery", "air_defence", "drone", "ship", "submarine", "infantry_weapon",
}
ORG_KINDS = {"alliance", "international", "company", "media", "seat", "armed_forces",
             "ministry", "party", "agency", "group"}
LOCATION_KINDS = {"city", "region", "continent"}
NON_PYCOUNTRY_ISO3 = {"XKX"}  # Kosovo: user-assigned code, not in ISO 3166


def _rows(name: str) -> list[dict]:
    text = files("graphbuilder.data").joinpath(name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _known_iso3(code: str) -> bool:
    return code in NON_PYCOUNTRY_ISO3 or pycountry.countries.get(alpha_3=code) is not None


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


# ------------------------------------------------------------------ schema


SCHEMAS = {
    "weapons.jsonl": ({"name", "aliases", "context_aliases", "category", "origin", "manufacturer"}, {"note"}),
    "countries.jsonl": ({"iso3", "iso2", "name", "aliases", "demonyms", "people"}, set()),
    "locations.jsonl": ({"name", "aliases", "kind", "country"}, {"note"}),
    "organizations.jsonl": ({"name", "aliases", "kind", "country"}, {"note"}),
    "weapon_terms.jsonl": ({"term", "plural", "category"}, {"weak"}),
    "honorifics.jsonl": ({"text"}, set()),
}


@pytest.mark.parametrize("filename", sorted(SCHEMAS))
def test_knowledge_file_schema(filename):
    required, optional = SCHEMAS[filename]
    rows = _rows(filename)
    assert rows
    for row in rows:
        assert required <= row.keys(), row
        assert row.keys() <= required | optional, row
        for key, value in row.items():
            if key in ("aliases", "context_aliases", "demonyms", "people"):
                assert isinstance(value, list) and all(isinstance(v, str) and v.strip() == v and v for v in value), row
            elif key in ("origin", "manufacturer", "country"):
                assert value is None or (isinstance(value, str) and value), row
            elif key == "weak":
                assert isinstance(value, bool), row
            else:
                assert isinstance(value, str) and value and value.strip() == value, row


@pytest.mark.parametrize("filename", ["weapons.jsonl", "countries.jsonl", "locations.jsonl", "organizations.jsonl"])
def test_knowledge_files_sorted_by_name(filename):
    names = [row["name"].casefold() for row in _rows(filename)]
    assert names == sorted(names)


@pytest.mark.parametrize("filename", ["weapons.jsonl", "locations.jsonl", "organizations.jsonl"])
def test_knowledge_ids_unique(filename):
    slugs = [slug(row["name"]) for row in _rows(filename)]
    assert len(slugs) == len(set(slugs))


def test_knowledge_has_enough_weapons_in_every_category():
    rows = _rows("weapons.jsonl")
    assert len(rows) >= 330
    assert {row["category"] for row in rows} == WEAPON_CATEGORIES


def test_knowledge_weapon_origins_are_iso3():
    bad = [r["name"] for r in _rows("weapons.jsonl") if r["origin"] is not None and not _known_iso3(r["origin"])]
    assert bad == []


def test_knowledge_country_codes_match_pycountry():
    for row in _rows("countries.jsonl"):
        if row["iso3"] in NON_PYCOUNTRY_ISO3:
            continue
        record = pycountry.countries.get(alpha_3=row["iso3"])
        assert record is not None, row["iso3"]
        assert record.alpha_2 == row["iso2"], row["iso3"]


def test_knowledge_all_sovereign_states_present():
    iso3 = {row["iso3"] for row in _rows("countries.jsonl")}
    assert len(iso3) == 197  # 193 UN members + Holy See, Palestine, Taiwan, Kosovo
    assert {"VAT", "PSE", "TWN", "XKX", "SSD", "USA", "GBR"} <= iso3


@pytest.mark.parametrize("filename", ["locations.jsonl", "organizations.jsonl"])
def test_knowledge_place_and_org_countries_are_iso3(filename):
    bad = [r["name"] for r in _rows(filename) if r["country"] is not None and not _known_iso3(r["country"])]
    assert bad == []


def test_knowledge_categories_and_kinds_are_closed():
    assert {r["kind"] for r in _rows("locations.jsonl")} <= LOCATION_KINDS
    assert {r["kind"] for r in _rows("organizations.jsonl")} <= ORG_KINDS
    assert {r["category"] for r in _rows("weapon_terms.jsonl")} <= WEAPON_CATEGORIES


def test_knowledge_no_weapon_alias_maps_to_two_entries():
    owner: dict[str, str] = {}
    clashes = []
    for row in _rows("weapons.jsonl"):
        for form in {row["name"], *row["aliases"], *row["context_aliases"]}:
            key = _weapon_key(form).casefold()
            if owner.setdefault(key, row["name"]) != row["name"]:
                clashes.append((form, owner[key], row["name"]))
    assert clashes == []


@pytest.mark.parametrize(
    ("filename", "fields"),
    [
        ("countries.jsonl", ("name", "aliases", "demonyms", "people")),
        ("locations.jsonl", ("name", "aliases")),
        ("organizations.jsonl", ("name", "aliases")),
    ],
)
def test_knowledge_no_alias_shared_within_file(filename, fields):
    owner: dict[str, str] = {}
    clashes = []
    for row in _rows(filename):
        forms = {row["name"]} | {f for field in fields[1:] for f in row[field]}
        for form in forms:
            if owner.setdefault(form.casefold(), row["name"]) != row["name"]:
                clashes.append((form, owner[form.casefold()], row["name"]))
    assert clashes == []


def test_knowledge_no_location_is_a_country(kb):
    clashes = [(loc.name, form) for loc in kb.locations for form in (loc.name, *loc.aliases) if kb.country(form)]
    assert clashes == []


def test_knowledge_no_non_state_demonyms(kb):
    for word in ("European", "Western", "Soviet", "Europeans", "Arab"):
        assert kb.country(word) is None, word


# ------------------------------------------------------------------ lookups


def test_knowledge_weapon_plural_and_hyphen_variants(kb):
    f16 = kb.weapon("F-16")
    assert f16 is not None
    assert f16.category == "aircraft"
    assert f16.origin == "USA"
    for text in ("F-16s", "F16", "F 16", "f-16", "F-16's"):
        assert kb.weapon(text) == f16, text


def test_knowledge_weapon_su24_is_aircraft(kb):
    entry = kb.weapon("Su-24")
    assert entry is not None
    assert entry.category == "aircraft"
    assert entry.id == "weapon:su-24"


def test_knowledge_scalp_and_storm_shadow_are_separate(kb):
    scalp, storm = kb.weapon("SCALP"), kb.weapon("Storm Shadow")
    assert scalp is not None and storm is not None
    assert scalp != storm
    assert kb.weapon("Scalp") == scalp
    assert kb.weapon("SCALP-EG") == scalp
    assert scalp.origin == "FRA"
    assert storm.origin == "GBR"


def test_knowledge_context_alias_needs_cue(kb):
    assert kb.weapon("Leopards").category == "tank"
    assert kb.weapon_needs_cue("Leopard")
    assert kb.weapon_needs_cue("Patriot")
    assert not kb.weapon_needs_cue("Leopard 2A6")
    assert not kb.weapon_needs_cue("ATACMS")


def test_knowledge_weapon_common_word_in_lower_case_is_not_a_weapon(kb):
    assert kb.weapon("patriot") is None
    assert kb.weapon("harm") is None  # the AGM-88 only in capitals
    assert kb.weapon("HARM").name == "AGM-88 HARM"


def test_knowledge_weapon_unknown_is_none(kb):
    assert kb.weapon("Toaster-9000") is None
    assert kb.weapon("") is None


def test_knowledge_country_abbreviations(kb):
    for text in ("U.S.", "US", "USA", "the United States", "America", "United States of America"):
        assert kb.country(text).iso3 == "USA", text
    for text in ("UK", "U.K.", "Britain", "Great Britain"):
        assert kb.country(text).iso3 == "GBR", text


def test_knowledge_country_pronoun_us_is_not_the_us(kb):
    assert kb.country("us") is None
    assert kb.country("Us") is None


def test_knowledge_country_demonyms_and_people(kb):
    assert kb.country("British").iso3 == "GBR"
    assert kb.country("French").iso3 == "FRA"
    assert kb.country("Ukrainians").iso3 == "UKR"
    assert kb.country("Dutch").iso3 == "NLD"
    assert kb.demonym("Danish").iso3 == "DNK"
    assert kb.demonym("Denmark") is None


def test_knowledge_country_pycountry_names(kb):
    assert kb.country("Russian Federation").iso3 == "RUS"
    assert kb.country("Korea, Republic of").iso3 == "KOR"
    assert kb.country("Türkiye").iso3 == "TUR"
    assert kb.country("Czechia").iso3 == "CZE"


def test_knowledge_country_entry_ids(kb):
    entry = kb.country("Kosovo")
    assert isinstance(entry, CountryEntry)
    assert entry.id == "country:XKX"


def test_knowledge_cities_are_not_countries(kb):
    assert kb.location("Kyiv").country == "UKR"
    assert kb.location("Kiev") == kb.location("Kyiv")
    assert kb.country("Kyiv") is None
    assert kb.country("Paris") is None
    assert kb.location("France") is None


def test_knowledge_location_regions(kb):
    assert kb.location("Crimea").kind == "region"
    assert kb.location("Donbass").name == "Donbas"
    assert kb.location("Middle East").kind == "region"
    assert kb.location("Europe").kind == "continent"
    assert isinstance(kb.location("Kharkov"), LocationEntry)


def test_knowledge_has_many_locations(kb):
    assert len(kb.locations) >= 400


def test_knowledge_organization_acronym_and_name(kb):
    nato = kb.organization("NATO")
    assert isinstance(nato, OrgEntry)
    assert nato.kind == "alliance"
    assert nato.id == "org:nato"
    assert kb.organization("North Atlantic Treaty Organization") == nato
    assert kb.organization("The Guardian").kind == "media"
    assert kb.organization("the Kremlin").kind == "seat"
    assert kb.organization("Défense Conseil International") == kb.organization("DCI")
    assert kb.organization("DCI").id == "org:defense-conseil-international"


def test_knowledge_weapon_terms(kb):
    assert kb.weapon_term("missiles").term == "missile"
    assert kb.weapon_term("Howitzer").category == "artillery"
    assert isinstance(kb.weapon_term("drones"), WeaponTerm)
    assert kb.weapon_term("system").weak
    assert not kb.weapon_term("tank").weak
    assert kb.weapon_term("president") is None


def test_knowledge_honorifics(kb):
    for text in ("Mr", "Mr.", "Mrs", "Ms", "Dr", "Sir", "Dame", "Lord", "Mme", "M.", "Herr", "Gen."):
        assert kb.is_honorific(text), text
    for text in ("President", "Minister", "mr", "Paris"):
        assert not kb.is_honorific(text), text


def test_knowledge_entries_are_frozen_and_hashable(kb):
    entry = kb.weapon("ATACMS")
    assert isinstance(entry, WeaponEntry)
    with pytest.raises(AttributeError):
        entry.name = "x"  # type: ignore[misc]
    assert len({entry, kb.weapon("MGM-140")}) == 1


def test_knowledge_load_is_cached():
    assert load_knowledge() is load_knowledge()


def test_knowledge_slug_strips_accents():
    assert slug("Défense Conseil International") == "defense-conseil-international"
    assert slug("Élysée Palace") == "elysee-palace"


def test_knowledge_headline_capitals_match_but_lower_case_common_words_do_not(kb):
    assert kb.country("TURKEY").iso3 == "TUR"
    assert kb.country("turkey") is None
    assert kb.country("chad") is None
    assert kb.location("KYIV").name == "Kyiv"
    assert kb.location("nice") is None
    assert kb.location("Nice").country == "FRA"


def test_knowledge_long_acronyms_fold_short_ones_do_not(kb):
    assert kb.weapon("ATACMs").name == "ATACMS"
    assert kb.organization("Brics").name == "BRICS"
    assert kb.organization("IS") is None
    assert kb.country("Uk") is None


def test_knowledge_ambiguous_demonyms_are_left_out(kb):
    assert kb.country("Korean") is None  # North or South: the caller must not guess
    assert kb.country("Congolese") is None


def test_knowledge_data_file_wins_over_pycountry(kb):
    assert kb.country("Congo").iso3 == "COD"
    assert kb.country("Republic of the Congo").iso3 == "COG"


def test_knowledge_every_weapon_lookup_returns_itself(kb):
    for entry in kb.weapons:
        for form in (entry.name, *entry.aliases, *entry.context_aliases):
            assert kb.weapon(form) == entry, form


def test_knowledge_every_country_location_org_form_returns_itself(kb):
    for entry in kb.countries:
        for form in (entry.name, *entry.aliases, *entry.demonyms, *entry.people):
            assert kb.country(form) == entry, form
    for loc in kb.locations:
        for form in (loc.name, *loc.aliases):
            assert kb.location(form) == loc, form
    for org in kb.organizations:
        for form in (org.name, *org.aliases):
            assert kb.organization(form) == org, form
