"""Entity knowledge base: weapons, countries, locations, organizations, weapon head nouns, honorifics.

The knowledge lives in JSON Lines files under ``graphbuilder/data`` and is read once through
``importlib.resources`` (so it works from a wheel or a zip), then cached by :func:`load_knowledge`.
Lookups are pure and exact (no fuzzy matching): they only forgive the spelling variation news
text really shows (case for distinctive names, "F-16"/"F16"/"F 16", plurals, "the", possessives).

>>> kb = load_knowledge()
>>> kb.weapon("F-16s").id, kb.country("U.S.").iso3, kb.location("Kiev").name
('weapon:f-16', 'USA', 'Kyiv')
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib.resources import files
from typing import Any, Iterable, Iterator

__all__ = [
    "CountryEntry",
    "Knowledge",
    "LocationEntry",
    "OrgEntry",
    "WeaponEntry",
    "WeaponTerm",
    "load_knowledge",
    "read_rows",
    "slug",
    "words",
]

DATA_PACKAGE = "graphbuilder.data"

_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014/]+")
_APOSTROPHES = ("'s", "\u2019s", "'", "\u2019")


def slug(text: str) -> str:
    """Return the ASCII slug used in entity ids: accents stripped, lower case, words joined by "-".

    Ids must not depend on how a source spells accents, so "Défense" and "Defense" meet.

    >>> slug("Défense Conseil International")
    'defense-conseil-international'
    >>> slug("SAMP/T"), slug("Su-24"), slug("  Tu-22M3 'Backfire' ")
    ('samp-t', 'su-24', 'tu-22m3-backfire')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


@dataclass(frozen=True)
class WeaponEntry:
    """A named weapon system or platform (one row of ``weapons.jsonl``)."""

    name: str
    aliases: tuple[str, ...]
    context_aliases: tuple[str, ...]
    category: str
    origin: str | None
    manufacturer: str | None

    @property
    def id(self) -> str:
        """Stable node id.

        >>> WeaponEntry("Storm Shadow", (), (), "missile", "GBR", "MBDA").id
        'weapon:storm-shadow'
        """
        return f"weapon:{slug(self.name)}"


@dataclass(frozen=True)
class CountryEntry:
    """A sovereign state with its names, adjectives and people nouns."""

    iso3: str
    iso2: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    people: tuple[str, ...]

    @property
    def id(self) -> str:
        """Stable node id, keyed on ISO 3166 alpha-3.

        >>> CountryEntry("FRA", "FR", "France", (), ("French",), ("French",)).id
        'country:FRA'
        """
        return f"country:{self.iso3}"


@dataclass(frozen=True)
class LocationEntry:
    """A city, region or continent: a place that is never a country."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None

    @property
    def id(self) -> str:
        """Stable node id.

        >>> LocationEntry("Kyiv", ("Kiev",), "city", "UKR").id
        'location:kyiv'
        """
        return f"location:{slug(self.name)}"


@dataclass(frozen=True)
class OrgEntry:
    """A well-known organization (alliance, company, media outlet, seat of government...)."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None

    @property
    def id(self) -> str:
        """Stable node id.

        >>> OrgEntry("Défense Conseil International", ("DCI",), "company", "FRA").id
        'org:defense-conseil-international'
        """
        return f"org:{slug(self.name)}"


@dataclass(frozen=True)
class WeaponTerm:
    """A weapon head noun ("missile"/"missiles"); ``weak`` heads only count after a model code."""

    term: str
    plural: str
    category: str
    weak: bool = False


# --------------------------------------------------------------------------- keys


def _weapon_key(text: str) -> str:
    """Separator-free form: "F-16", "F16" and "F 16" share a key (case kept)."""
    return _SEPARATORS.sub("", text.strip())


def _is_abbreviation(text: str) -> bool:
    """Short all-caps forms ("US", "U.K.", "UAE", "HARM", "NATO") are matched case-sensitively;
    model codes with digits ("F-16") and longer acronyms ("ATACMS", "Brics") may be case-folded."""
    letters = [c for c in text if c.isalpha()]
    return (
        bool(letters)
        and all(c.isupper() for c in letters)
        and len(letters) <= 4
        and not any(c.isdigit() for c in text)
    )


def _strip_the(text: str) -> str:
    text = text.strip()
    for article in ("the ", "The ", "THE "):
        if text.startswith(article):
            return text[len(article):].strip()
    return text


def _strip_possessive(text: str) -> str | None:
    for suffix in _APOSTROPHES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)]
    return None


class _Index:
    """Two-level exact index: case-sensitive keys first, then case-folded keys for names that
    may be case-folded (not abbreviations, not common words)."""

    def __init__(self, key=lambda s: s.strip()) -> None:
        self._key = key
        self.exact: dict[str, Any] = {}
        self.folded: dict[str, Any] = {}

    def add(self, form: str, value: Any, *, foldable: bool) -> None:
        k = self._key(form)
        if not k:
            return
        self.exact.setdefault(k, value)
        if foldable:
            self.folded.setdefault(k.casefold(), value)

    def get(self, text: str) -> Any:
        k = self._key(text)
        if not k:
            return None
        hit = self.exact.get(k)
        if hit is not None:
            return hit
        # An all-lower-case common word ("turkey", "grad") is a word, not a name.
        if text.strip().islower() and text.strip().casefold() in words("common_word"):
            return None
        return self.folded.get(k.casefold())


def _foldable(form: str, *, min_len: int = 4) -> bool:
    """May ``form`` match in another case ("f-16", "KYIV", "Himars")? Not short abbreviations;
    lower-case common words are refused at lookup time instead (see :meth:`_Index.get`)."""
    return len(form.strip()) >= min_len and not _is_abbreviation(form)


# --------------------------------------------------------------------------- loading


@functools.cache
def read_rows(name: str) -> tuple[dict[str, Any], ...]:
    """Every row of the data file ``name`` (``graphbuilder/data/<name>``), read once per process.

    The one reader of every data file: knowledge, NER cues, word lists and relation lexicons.
    Rows are shared between callers: read them, never change them.

    >>> read_rows("words.jsonl")[0]["kind"]
    'common_word'
    """
    resource = files(DATA_PACKAGE).joinpath(name)
    rows = []
    with resource.open("r", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if line:
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:  # a broken data file is a packaging bug
                    raise ValueError(f"{name}:{number}: {exc}") from exc
    return tuple(rows)


@functools.cache
def words(kind: str, name: str = "words.jsonl") -> frozenset[str]:
    """The ``text`` of every row of ``kind`` in a data file: the word lists the rules consult
    (lower-case common words that are never names, articles, acronym stop words...).

    >>> "turkey" in words("common_word"), "teh" in words("article")
    (True, True)
    """
    return frozenset(r["text"] for r in read_rows(name) if r["kind"] == kind)


def _t(values: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(values or ())


class Knowledge:
    """All knowledge tables plus their lookup indexes. Build it with :func:`load_knowledge`.

    >>> kb = load_knowledge()
    >>> kb.weapon("SCALP").name, kb.weapon("Storm Shadow").name
    ('SCALP EG', 'Storm Shadow')
    """

    def __init__(
        self,
        weapons: Iterable[WeaponEntry],
        countries: Iterable[CountryEntry],
        locations: Iterable[LocationEntry],
        organizations: Iterable[OrgEntry],
        weapon_terms: Iterable[WeaponTerm],
        honorifics: Iterable[str],
        extra_country_names: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.weapons = tuple(weapons)
        self.countries = tuple(countries)
        self.locations = tuple(locations)
        self.organizations = tuple(organizations)
        self.weapon_terms = tuple(weapon_terms)
        self.honorifics = tuple(honorifics)

        self._weapons = _Index(_weapon_key)
        self._weapon_context: set[str] = set()
        for w in self.weapons:
            for form in (w.name, *w.aliases):
                if form not in w.context_aliases:  # a name that is an ordinary word stays a cue-only form
                    self._weapons.add(form, w, foldable=_foldable(form))
            for form in w.context_aliases:
                self._weapons.add(form, w, foldable=False)
                self._weapon_context.add(_weapon_key(form))

        self._countries = _Index()
        self._demonyms = _Index()
        extra = extra_country_names or {}
        for c in self.countries:
            for form in (c.name, *c.aliases):
                self._countries.add(form, c, foldable=_foldable(form, min_len=2))
        for c in self.countries:  # second pass: the data file wins over pycountry ("Congo")
            for form in extra.get(c.iso3, ()):
                self._countries.add(form, c, foldable=_foldable(form, min_len=2))
            for form in (*c.demonyms, *c.people):
                self._demonyms.add(form, c, foldable=_foldable(form, min_len=2))

        self._locations = _Index()
        for loc in self.locations:
            for form in (loc.name, *loc.aliases):
                self._locations.add(form, loc, foldable=_foldable(form, min_len=3))

        self._orgs = _Index()
        for org in self.organizations:
            for form in (org.name, *org.aliases):
                self._orgs.add(form, org, foldable=_foldable(form))

        self._terms: dict[str, WeaponTerm] = {}
        for term in self.weapon_terms:
            self._terms.setdefault(term.term.casefold(), term)
            self._terms.setdefault(term.plural.casefold(), term)

        self._honorifics = frozenset(self.honorifics)

    # ------------------------------------------------------------------ weapons

    def weapon(self, text: str) -> WeaponEntry | None:
        """Look up a weapon by name, alias or context alias; forgives case for distinctive names,
        hyphen/space variants and a plural or possessive ending.

        >>> kb = load_knowledge()
        >>> [kb.weapon(t).name for t in ("F16", "f-16", "F-16s", "Leopards")]
        ['F-16', 'F-16', 'F-16', 'Leopard 2']
        >>> kb.weapon("hawk") is None   # lower-case common word, not the missile
        True
        """
        for candidate in self._weapon_candidates(text):
            hit = self._weapons.get(candidate)
            if hit is not None:
                return hit
        return None

    def weapon_needs_cue(self, text: str) -> bool:
        """True when ``text`` only names a weapon through a context alias (an ordinary word such as
        "Patriot" or "Leopard" that the NER accepts only next to a weapon cue).

        >>> kb = load_knowledge()
        >>> kb.weapon_needs_cue("Patriots"), kb.weapon_needs_cue("HIMARS")
        (True, False)
        """
        for candidate in self._weapon_candidates(text):
            key = _weapon_key(candidate)
            if self._weapons.get(candidate) is not None:
                return key in self._weapon_context and key not in self._weapon_strong_keys
        return False

    @functools.cached_property
    def _weapon_strong_keys(self) -> frozenset[str]:
        return frozenset(
            _weapon_key(f)
            for w in self.weapons
            for f in (w.name, *w.aliases)
            if f not in w.context_aliases
        )

    @classmethod
    def _weapon_candidates(cls, text: str) -> list[str]:
        """As :meth:`_candidates`, then a plural "s" ("F-16s", "Leopards") or "es" dropped."""
        out = cls._candidates(text)
        if not out:
            return out
        base = out[-1]
        if len(base) > 2 and base.endswith("s"):
            out.append(base[:-1])
        if len(base) > 4 and base.endswith("es"):
            out.append(base[:-2])
        return out

    # ------------------------------------------------------------------ countries

    def country(self, text: str) -> CountryEntry | None:
        """Country by name, alias, abbreviation, official name, demonym or people noun.

        Short all-caps abbreviations are case-sensitive, so the pronoun "us" is never the US.

        >>> kb = load_knowledge()
        >>> [kb.country(t).iso3 for t in ("the U.S.", "British", "Ukrainians", "Russian Federation", "France's")]
        ['USA', 'GBR', 'UKR', 'RUS', 'FRA']
        >>> kb.country("us") is None, kb.country("Kyiv") is None
        (True, True)
        """
        for candidate in self._candidates(text):
            hit = self._countries.get(candidate) or self._demonyms.get(candidate)
            if hit is not None:
                return hit
        return None

    def is_people_noun(self, text: str) -> bool:
        """Is ``text`` a plural noun for a nation's people ("Americans", "Ukrainians")? The
        guideline (and the issue) make these no mention of the state: a people is not a country.

        >>> kb = load_knowledge()
        >>> kb.is_people_noun("Americans"), kb.is_people_noun("American")
        (True, False)
        """
        entry = self.demonym(text)
        return entry is not None and any(text.strip() == p or text.strip() == f"the {p}" for p in entry.people)

    def demonym(self, text: str) -> CountryEntry | None:
        """Country for a state adjective or people noun only (not for its name).

        >>> kb = load_knowledge()
        >>> kb.demonym("French").iso3, kb.demonym("France") is None
        ('FRA', True)
        """
        for candidate in self._candidates(text):
            hit = self._demonyms.get(candidate)
            if hit is not None:
                return hit
        return None

    @staticmethod
    def _candidates(text: str) -> list[str]:
        """The text as written ("The Guardian"), then without "the", then without a possessive."""
        out: list[str] = []
        for form in (text.strip(), _strip_the(text)):
            for variant in (form, _strip_possessive(form)):
                if variant and variant not in out:
                    out.append(variant)
        return out

    # ------------------------------------------------------------------ places and bodies

    def location(self, text: str) -> LocationEntry | None:
        """City, region or continent by name or spelling variant.

        >>> kb = load_knowledge()
        >>> kb.location("Kiev").name, kb.location("the Donbass").name, kb.location("France")
        ('Kyiv', 'Donbas', None)
        """
        for candidate in self._candidates(text):
            hit = self._locations.get(candidate)
            if hit is not None:
                return hit
        return None

    def organization(self, text: str) -> OrgEntry | None:
        """Organization by name or acronym ("the" and possessives ignored).

        >>> kb = load_knowledge()
        >>> kb.organization("NATO").name, kb.organization("the Kremlin's").name
        ('NATO', 'Kremlin')
        """
        for candidate in self._candidates(text):
            hit = self._orgs.get(candidate)
            if hit is not None:
                return hit
        return None

    def weapon_term(self, text: str) -> WeaponTerm | None:
        """Weapon head noun, singular or plural, any case.

        >>> kb = load_knowledge()
        >>> kb.weapon_term("Missiles").term, kb.weapon_term("howitzer").category
        ('missile', 'artillery')
        """
        return self._terms.get(text.strip().casefold())

    def surface_forms(self) -> Iterator[tuple[str, str, str, bool]]:
        """Yield ``(label, form, entity_id, needs_cue)`` for every written form in the tables, for
        building a phrase matcher. Country demonyms come with label "Country" like the names.

        >>> kb = load_knowledge()
        >>> ("Weapon", "Scalp", "weapon:scalp-eg", True) in set(kb.surface_forms())
        True
        """
        for w in self.weapons:
            for form in (w.name, *w.aliases):
                if form not in w.context_aliases:
                    yield "Weapon", form, w.id, False
            for form in w.context_aliases:
                yield "Weapon", form, w.id, True
        for c in self.countries:
            for form in (c.name, *c.aliases, *c.demonyms, *c.people):
                yield "Country", form, c.id, False
        for loc in self.locations:
            for form in (loc.name, *loc.aliases):
                yield "Location", form, loc.id, False
        for org in self.organizations:
            for form in (org.name, *org.aliases):
                yield "Organization", form, org.id, False

    def is_honorific(self, text: str) -> bool:
        """True for courtesy titles (Mr, Dr., Sir, Gen.); job roles like President are not.

        >>> kb = load_knowledge()
        >>> kb.is_honorific("Mr."), kb.is_honorific("Dame"), kb.is_honorific("President")
        (True, True, False)
        """
        return text.strip() in self._honorifics

    def entry(self, ref: str) -> WeaponEntry | CountryEntry | LocationEntry | OrgEntry | None:
        """The entry a knowledge-base reference names (the NER records it with each span), so
        resolution does not look the text up again.

        >>> kb = load_knowledge()
        >>> kb.entry("country:FRA").name, kb.entry("weapon:f-16").category, kb.entry("org:nope")
        ('France', 'aircraft', None)
        """
        return self._by_id.get(ref)

    @functools.cached_property
    def _by_id(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for table in (self.weapons, self.countries, self.locations, self.organizations):
            for e in table:
                out.setdefault(e.id, e)
        return out


def _pycountry_names() -> dict[str, tuple[str, ...]]:
    """Official and common names from pycountry ("Russian Federation", "Korea, Republic of")."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a dependency; degrade, don't crash
        return {}
    names: dict[str, tuple[str, ...]] = {}
    for record in pycountry.countries:
        forms = [record.name]
        for attr in ("official_name", "common_name"):
            value = getattr(record, attr, None)
            if value:
                forms.append(value)
        names[record.alpha_3] = tuple(forms)
    return names


@functools.cache
def load_knowledge() -> Knowledge:
    """Load every data file once (cached) and build the lookup indexes.

    >>> load_knowledge() is load_knowledge()   # cached: the NER calls it per document
    True
    """
    weapons = [
        WeaponEntry(
            name=r["name"],
            aliases=_t(r.get("aliases")),
            context_aliases=_t(r.get("context_aliases")),
            category=r["category"],
            origin=r.get("origin"),
            manufacturer=r.get("manufacturer"),
        )
        for r in read_rows("weapons.jsonl")
    ]
    countries = [
        CountryEntry(
            iso3=r["iso3"],
            iso2=r["iso2"],
            name=r["name"],
            aliases=_t(r.get("aliases")),
            demonyms=_t(r.get("demonyms")),
            people=_t(r.get("people")),
        )
        for r in read_rows("countries.jsonl")
    ]
    locations = [
        LocationEntry(r["name"], _t(r.get("aliases")), r["kind"], r.get("country"))
        for r in read_rows("locations.jsonl")
    ]
    organizations = [
        OrgEntry(r["name"], _t(r.get("aliases")), r["kind"], r.get("country"))
        for r in read_rows("organizations.jsonl")
    ]
    terms = [
        WeaponTerm(r["term"], r["plural"], r["category"], bool(r.get("weak", False)))
        for r in read_rows("weapon_terms.jsonl")
    ]
    honorifics = [r["text"] for r in read_rows("honorifics.jsonl")]
    pyc = _pycountry_names()
    extra = {c.iso3: pyc.get(c.iso3, ()) for c in countries}
    return Knowledge(weapons, countries, locations, organizations, terms, honorifics, extra)
