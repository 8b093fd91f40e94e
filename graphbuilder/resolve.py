"""Entity resolution inside one document: typed candidates -> stable ids, names and aliases.

Why: the graph is only trustworthy if "President Emmanuel Macron", "Macron" and "Mr Macron" are one
node, and "Défense Conseil International (DCI)" and "DCI" are one node, while two documents that
name the same thing meet at the same id. Ids follow DESIGN.md: ``person:<slug>``,
``country:<ISO3>``, ``org:<slug>``, ``weapon:<slug>``, ``location:<slug>``.

Rules, in order:
- persons: honorifics and role words are stripped from the front ("Prime Minister Keir Starmer");
  a one-word name joins the unique full name in the document that ends with it;
- organizations: "Long Name (ACR)" and an acronym equal to a long name's initials join;
  knowledge-base organizations take their canonical name;
- weapons, countries and locations take their knowledge-base entry when known; unknown weapons
  are normalised (plural "F-16s" -> "F-16").

>>> from graphbuilder.model import Candidate
>>> ents, ments = resolve("d", "Emmanuel Macron spoke. Macron left.", [
...     Candidate(0, 15, "Emmanuel Macron", "Person"), Candidate(23, 29, "Macron", "Person")])
>>> [m.entity for m in ments]
['person:emmanuel-macron', 'person:emmanuel-macron']
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from .knowledge import Knowledge, load_knowledge, slug
from .knowledge import words as word_list
from .lexicon import roles_table
from .model import Candidate, Entity, Mention
from .ner.weapons import DESIGNATION_RE

__all__ = ["resolve", "person_name", "role_words", "join_short_name", "FullNames"]

@cache
def role_words() -> frozenset[str]:
    """Lower-cased words that make up job titles (``data/roles.jsonl``), stripped from names.

    >>> "minister" in role_words()
    True
    """
    return frozenset(w for title in roles_table() for w in title.split()) - word_list("stop_initial")


@cache
def _honorific_words(kb: Knowledge) -> tuple[tuple[str, ...], ...]:
    """Honorifics as word tuples, longest first, so "Crown Prince" wins over "Crown"."""
    return tuple(sorted({tuple(h.split()) for h in kb.honorifics}, key=len, reverse=True))


def _is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1 and word[:1].isupper()


def person_name(text: str, kb: Knowledge | None = None) -> str:
    """The name without honorifics, titles and middle initials: "Prime Minister Keir Starmer" ->
    "Keir Starmer", "Vladimir V. Putin" -> "Vladimir Putin" (a leading initial stays: "R. Hari Kumar").

    >>> person_name("Mr. Macron"), person_name("Crown Prince Mohammed bin Salman")
    ('Macron', 'Mohammed bin Salman')
    >>> person_name("Vladimir V. Putin")
    'Vladimir Putin'
    """
    kb = kb or load_knowledge()
    words = text.split()
    roles = role_words()
    while len(words) > 1:
        hon = next((h for h in _honorific_words(kb) if len(h) < len(words) and tuple(words[:len(h)]) == h), None)
        if hon is not None:
            words = words[len(hon):]
        elif words[0].lower().rstrip(".") in roles or kb.demonym(words[0]) is not None:
            words = words[1:]
        else:
            break
    while len(words) > 1 and words[-1].lower() in word_list("name_suffix"):
        words = words[:-1]
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if not _is_initial(w)] + [words[-1]]
    return " ".join(words).strip(" ,.")


def _surname_keys(word: str) -> set[str]:
    """Ways a surname is matched: as written, accents folded, without an Arabic article."""
    keys = {slug(word)}
    for particle in word_list("surname_particle"):
        if word.startswith(particle) and len(word) > len(particle) + 1:
            keys.add(slug(word[len(particle):]))
    return keys


def join_short_name(name: str, full_names: "Sequence[str] | FullNames") -> str:
    """The unique full name a one-word person name stands for, else the name itself.

    A surname (the last word, accents and "al-" ignored) comes first; failing that, the first
    word of exactly one full name, which is how family-name-first names ("Xi" for "Xi Jinping")
    and royal given names ("Prince Mohammed") are shortened. ``full_names`` may be a
    :class:`FullNames` index (built once per document: a long document names thousands).

    >>> join_short_name("Halbousi", ["Mohammed al-Halbousi"]), join_short_name("Xi", ["Xi Jinping"])
    ('Mohammed al-Halbousi', 'Xi Jinping')
    >>> join_short_name("Reagan", ["Nancy Reagan", "Ronald Reagan"])
    'Reagan'
    >>> join_short_name("von Garlem", ["Tom von Garlem"])
    'Tom von Garlem'
    """
    index = full_names if isinstance(full_names, FullNames) else FullNames(full_names)
    key = slug(name)
    if " " in name:  # a surname of several words: "von Garlem", "Perez de Cuellar"
        longer = index.by_tail.get(key, set()) - {name}
        return next(iter(longer)) if len(longer) == 1 else name
    last = index.by_surname.get(key, set())
    if len(last) == 1:
        return next(iter(last))
    if last:
        return name
    first = index.by_first.get(key, set())
    return next(iter(first)) if len(first) == 1 else name


class FullNames:
    """One document's full person names indexed by surname key, first word and every
    word-aligned tail of the slug, so joining a short name is a look-up, not a scan.

    >>> sorted(FullNames(["Tom von Garlem"]).by_tail)
    ['garlem', 'von-garlem']
    """

    def __init__(self, full_names: Sequence[str]) -> None:
        self.by_surname: dict[str, set[str]] = {}
        self.by_first: dict[str, set[str]] = {}
        self.by_tail: dict[str, set[str]] = {}
        for f in set(full_names):
            for k in _surname_keys(f.split()[-1]):
                self.by_surname.setdefault(k, set()).add(f)
            self.by_first.setdefault(slug(f.split()[0]), set()).add(f)
            s = slug(f)
            for i, ch in enumerate(s):
                if ch == "-":
                    self.by_tail.setdefault(s[i + 1:], set()).add(f)


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s\-]+", name) if w and w.lower() not in word_list("stop_initial")).upper()


_PAREN_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z0-9&\.]{1,9})\s*\)")


def _defined_acronyms(text: str, orgs: list[str]) -> dict[str, str]:
    """Acronym -> long name, from "Long Name (ACR)" in this text: it beats the built-in table
    ("European Community (EC)" makes EC the Community in that document).

    >>> _defined_acronyms("the European Community (EC) and the Community (EC)", ["European Community", "Community"])
    {'EC': 'European Community'}
    """
    out: dict[str, str] = {}
    names = set(orgs)
    lengths = sorted({len(n) for n in names}, reverse=True)  # the longest name that fits wins
    for m in _PAREN_ACRONYM.finditer(text):  # one pass over the text, a look-up per name length
        before = text[max(0, m.start() - 150):m.start()].rstrip()
        name = next((before[-n:] for n in lengths if 0 < n <= len(before) and before[-n:] in names), None)
        if name is not None and m.group(1) not in out:
            out[m.group(1)] = name
    return out


def _acronyms(orgs: list[str], defined: dict[str, str]) -> dict[str, str]:
    """Acronym -> the one long name whose initials it is, for acronyms the text does not define
    (those are in ``defined``, from :func:`_defined_acronyms`, and win). The long names are
    indexed by their initials once, so this is linear in the document.

    >>> _acronyms(["Islamic State", "IS", "Iron Sky", "ECB", "European Central Bank"], {})
    {'ECB': 'European Central Bank'}
    """
    by_initials: dict[str, set[str]] = {}
    for o in set(orgs):
        if len(o.split()) > 1:
            by_initials.setdefault(_initials(o), set()).add(o)
    out: dict[str, str] = {}
    for short in orgs:
        if short.isupper() and short not in defined and short not in out:
            longs = by_initials.get(short, set()) - {short}
            if len(longs) == 1:
                out[short] = next(iter(longs))
    return out


def _words(text: str) -> list[str]:
    return text.replace("\u2019", "'").split()


def company_base(name: str) -> str:
    """The name without its legal form, which is how it is told apart from others:
    "Chrysler Corp" -> "Chrysler", "Deutsche Bank AG" -> "Deutsche Bank". A name that is only
    a legal form, or a generic word once stripped, stays as it is.

    >>> company_base("Chrysler Corp."), company_base("Co Inc"), company_base("Boeing")
    ('Chrysler', 'Co Inc', 'Boeing')
    """
    suffixes = word_list("company_suffix")
    words = name.split()
    while len(words) > 1 and (words[-1] in suffixes or words[-1].rstrip(",") in suffixes
                              or words[-1] in ("&", "and")):
        words = words[:-1]
    words[-1] = words[-1].rstrip(",")
    if words[0] in suffixes or len(words) == 1 and words[0].lower() in _GENERIC_BASES:
        return name
    return " ".join(words)


_GENERIC_BASES = frozenset({"international", "industrial", "american", "national", "general",
                            "united", "first", "global", "holding", "holdings", "group"})


def _retype(cands: Sequence[Candidate], kb: Knowledge) -> list[Candidate]:
    """Document-level type repair that needs every candidate of the document at once.

    - no name holds a digit or starts with an earnings-table word ("Revs 44.1 mln");
    - a name with a legal form ("Inc", "Corp", "AG") is a company, and an all-capital single
      word is an acronym, never a person;
    - a one-word person name that is an organization's first word ("Baker" after "Baker
      International"), or an acronym in other case ("Spa" for "SPA"), is that organization;
    - a one-word organization or unknown place that is the surname of a person named in full
      is that person, and a short "organization" whose last word is a person's short name
      ("Olaf Scholz" ... "Mr Scholz") is that person;
    - a people noun ("Americans") is a mention of its state only where the state is named too.
    """
    table = word_list("table_word")
    suffixes = word_list("company_suffix")
    orgs = [c.text for c in cands if c.label == "Organization"]
    org_firsts = {_words(o)[0] for o in orgs if len(_words(o)) > 1}
    acronyms = {o.casefold(): o for o in orgs if o.isupper() and len(o) > 1}
    state_of = {c: c.ref or getattr(kb.country(c.text), "id", "") for c in cands if c.label == "Country"}
    states = {sid for c, sid in state_of.items() if sid and not kb.is_people_noun(c.text)}
    names = {c: _words(person_name(c.text, kb)) for c in cands if c.label == "Person"}
    short_persons = {w[0] for w in names.values() if len(w) == 1} - org_firsts
    surnames = {w[-1] for w in names.values() if len(w) > 1}
    out = []
    for c in cands:
        if c.label == "Country" and kb.is_people_noun(c.text) and state_of[c] not in states:
            continue  # "Americans" alone names a people, not the state; beside "the U.S." it is the state
        words = names[c] if c.label == "Person" else _words(c.text)
        if c.label in ("Person", "Organization") and words and all(w in suffixes for w in words):
            continue  # "Inc", "NV": a legal form left alone by a cut
        if c.label in ("Person", "Organization") and words and (words[0].title() in table or c.label == "Person" and (
                any(ch.isdigit() for ch in c.text) or len(words) > 1 and c.text.isupper())):
            continue
        if c.label == "Person" and not c.ref:
            if words[-1] in suffixes or words[-1].rstrip(",.") in suffixes or (
                    len(words) == 1 and (c.text.isupper() and c.text.isalpha() and len(c.text) > 1
                                         or c.text in org_firsts and c.text not in surnames
                                         or c.text.casefold() in acronyms)):
                c = replace(c, label="Organization", name=acronyms.get(c.text.casefold(), c.name))
        elif c.label == "Location" and not c.ref and len(words) == 1 and c.text in surnames \
                and kb.location(c.text) is None and kb.country(c.text) is None:
            c = replace(c, label="Person")  # "Scholz said" tagged as a place after "Olaf Scholz"
        elif c.label == "Organization" and not c.ref and 2 <= len(words) <= 3 and words[-1] in short_persons \
                and all(w[:1].isupper() and w.isalpha() for w in words) and kb.organization(c.text) is None:
            c = replace(c, label="Person")  # "Olaf Scholz" tagged ORG, then "Mr Scholz"
        elif c.label == "Organization" and not c.ref and len(words) == 1 and c.text in surnames \
                and c.text not in org_firsts and not c.text.isupper() and kb.organization(c.text) is None:
            c = replace(c, label="Person")
        out.append(c)
    return out


def _content_words(name: str) -> frozenset[str]:
    return frozenset(slug(w) for w in _words(name) if w.lower() not in word_list("stop_initial"))


def _short_names(cands: Sequence[Candidate], kb: Knowledge) -> dict[str, str]:
    """Short organization name -> the unique longer name in the document it stands for, as a
    surname joins the full name: "the Times" after "The New York Times", "Baker" after "Baker
    International", "Security Service" after "Security Service of Ukraine", "Defence Ministry"
    after "Ministry of Defence". The short form's words must all be in the long one, with its
    head (last word) among them; names the knowledge base knows keep their own entry."""
    longs = {c.name or c.text for c in cands if c.label == "Organization" and len(_words(c.name or c.text)) > 1}
    # each long name's words once, the long names by content word, each short form once:
    # linear in the document, not quadratic (a long document holds thousands of names)
    content = {n: _content_words(n) for n in longs}
    having: dict[str, list[str]] = {}
    for n in longs:
        for w in content[n]:
            having.setdefault(w, []).append(n)
    out, seen = {}, set()
    for c in cands:
        word = c.text
        if word in seen or c.label != "Organization" or word.isupper() or kb.organization(word):
            continue
        seen.add(word)
        words = _content_words(word)
        if not words:
            continue
        head = slug(_words(word)[-1])
        hits = {n for n in having.get(head, ()) if n != word and len(_words(n)) > len(_words(word))
                and words <= content[n]}
        if len(words) == 1:  # "Baker" -> "Baker International"; not "Williams" -> "Williams Gas
            # Marketing", a unit named after its parent: a first word joins a two-word name only
            hits = {n for n in hits if slug(_words(n)[-1]) == head
                    or slug(_words(n)[0]) == head and len(content[n]) <= 2}
        if len(hits) == 1:
            out[word] = hits.pop()
    return out


def _weapon_name(text: str) -> str:
    m = DESIGNATION_RE.match(text.split()[0]) if text else None
    if m and text.endswith("s") and len(text.split()) == 1:
        return text[:-1].rstrip("'")
    return text


def _known_by_number(kb: Knowledge, name: str):
    """The known organization whose name differs only in the number of its last word
    ("Israel Aerospace Industry" for "... Industries")."""
    head, _, last = name.rpartition(" ")
    if not head or not last[:1].isupper():
        return None
    forms = {last + "s", last + "es", last[:-1] + "ies" if last.endswith("y") else last,
             last[:-3] + "y" if last.endswith("ies") else last, last[:-1] if last.endswith("s") else last}
    return next((e for f in sorted(forms - {last}) if (e := kb.organization(f"{head} {f}")) is not None), None)


def _known(kb: Knowledge, c: Candidate):
    """The knowledge-base entry the NER matched (``ref``), when it is one of ``c``'s type."""
    entry = kb.entry(c.ref) if c.ref else None
    return entry if entry is not None and entry.id.split(":", 1)[0] == _REF_PREFIX[c.label] else None


_REF_PREFIX = {"Country": "country", "Organization": "org", "Weapon": "weapon", "Location": "location",
               "Person": "person"}


def resolve(doc_id: str, text: str, cands: Sequence[Candidate],
            kb: Knowledge | None = None) -> tuple[list[Entity], list[Mention]]:
    """Resolve one document's candidates into entities and mentions (both in text order)."""
    kb = kb or load_knowledge()
    cands = _retype(cands, kb)
    persons = {}
    for c in cands:
        if c.label == "Person":
            persons[c] = person_name(c.text, kb)
    full_index = FullNames(sorted({n for n in persons.values() if len(n.split()) > 1}))
    orgs = [c.text for c in cands if c.label == "Organization" and not c.ref]
    defined = _defined_acronyms(text, [c.text for c in cands if c.label == "Organization"])
    acronyms = _acronyms(orgs, defined)
    short_names = _short_names(cands, kb)

    entities: dict[str, dict] = {}
    mentions: list[Mention] = []

    def add(eid: str, label: str, name: str, alias: str, props: tuple = ()) -> None:
        e = entities.setdefault(eid, {"label": label, "name": name, "aliases": set(), "props": props})
        e["aliases"].add(alias)

    for c in cands:
        label, alias = c.label, c.text
        if label == "Person":
            name = persons[c]
            if not name or not any(ch.isupper() for ch in name):
                continue
            name = join_short_name(name, full_index)
            eid = f"person:{slug(name)}"
            alias = persons[c]
            add(eid, label, name, alias)
        elif label == "Country":
            entry = _known(kb, c) or kb.country(c.text)
            if entry is None:
                continue
            eid = entry.id
            add(eid, label, entry.name, alias, (("iso2", entry.iso2), ("iso3", entry.iso3)))
        elif label == "Organization":
            long_name = c.name or defined.get(c.text) or short_names.get(c.text, c.text)
            entry = (_known(kb, c) if c.text not in defined else None) or kb.organization(long_name) \
                or kb.organization(company_base(long_name)) or _known_by_number(kb, long_name)
            if entry is not None:
                eid, name = entry.id, entry.name
                props = (("country", entry.country),) if entry.country else ()
            else:
                name = company_base(c.name or defined.get(c.text) or acronyms.get(c.text)
                                    or short_names.get(c.text, c.text))
                eid, props = f"org:{slug(name)}", ()
            add(eid, label, name, alias, props)
            if c.name and text[max(0, c.end - len(c.name)):c.end] == c.name:
                add(eid, label, name, c.name, props)  # "US Air Force" as written, not only "Air Force"
        elif label == "Weapon":
            entry = _known(kb, c) or kb.weapon(c.text) or kb.weapon(_weapon_name(c.text))
            if entry is not None:
                eid, name = entry.id, entry.name
                props = tuple((k, v) for k, v in (("category", entry.category), ("origin", entry.origin),
                                                   ("manufacturer", entry.manufacturer)) if v)
            else:
                name = _weapon_name(c.text)
                eid, props = f"weapon:{slug(name)}", ()
            add(eid, label, name, alias, props)
        elif label == "Location":
            entry = _known(kb, c) or kb.location(c.text)
            if entry is not None:
                eid, name = entry.id, entry.name
                props = (("country", entry.country),) if entry.country else ()
            else:
                eid, name, props = f"location:{slug(c.text)}", c.text, ()
            add(eid, label, name, alias, props)
        else:
            continue
        if not eid.split(":", 1)[1]:
            entities.pop(eid, None)
            continue
        mentions.append(Mention(doc_id, c.start, c.end, c.text, label, eid))

    ents = [Entity(eid, e["label"], e["name"], tuple(sorted(e["aliases"])), tuple(e["props"]))
            for eid, e in entities.items()]
    return ents, mentions
