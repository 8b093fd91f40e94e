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
from functools import cache

from .knowledge import Knowledge, load_knowledge, slug
from .knowledge import words as word_list
from .lexicon import roles_table
from .model import Candidate, Entity, Mention
from .ner.weapons import DESIGNATION_RE

__all__ = ["resolve", "person_name", "role_words"]

@cache
def role_words() -> frozenset[str]:
    """Lower-cased words that make up job titles (``data/roles.jsonl``), stripped from names.

    >>> "minister" in role_words()
    True
    """
    return frozenset(w for title in roles_table() for w in title.split()) - word_list("stop_initial")


def person_name(text: str, kb: Knowledge | None = None) -> str:
    """The name without honorifics and titles: "Prime Minister Keir Starmer" -> "Keir Starmer".

    >>> person_name("Mr. Macron")
    'Macron'
    """
    kb = kb or load_knowledge()
    words = text.split()
    roles = role_words()
    while len(words) > 1 and (kb.is_honorific(words[0]) or words[0].lower().rstrip(".") in roles
                              or kb.demonym(words[0]) is not None):
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in word_list("name_suffix"):
        words = words[:-1]
    return " ".join(words).strip(" ,.")


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s\-]+", name) if w and w.lower() not in word_list("stop_initial")).upper()


_PAREN_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z0-9&\.]{1,9})\s*\)")


def _acronyms(text: str, orgs: list[str]) -> dict[str, str]:
    """Acronym -> long name, from "Long Name (ACR)" and from matching initials."""
    out: dict[str, str] = {}
    names = sorted(set(orgs), key=len, reverse=True)
    for m in _PAREN_ACRONYM.finditer(text):  # one pass over the text, however many orgs
        before = text[max(0, m.start() - 150):m.start()].rstrip()
        name = next((n for n in names if before.endswith(n)), None)
        if name is not None and m.group(1) not in out:
            out[m.group(1)] = name
    for short in orgs:
        if short.isupper() and short not in out:
            longs = [o for o in orgs if o != short and len(o.split()) > 1 and _initials(o) == short]
            if len(set(longs)) == 1:
                out[short] = longs[0]
    return out


def _short_names(cands: Sequence[Candidate], kb: Knowledge) -> dict[str, str]:
    """One-word organization name -> the unique longer name in the document ending with it:
    "the Times" after "The New York Times", as a surname joins the full name."""
    longs = {c.text for c in cands if c.label == "Organization" and len(c.text.split()) > 1}
    out = {}
    for c in cands:
        word = c.text
        if c.label != "Organization" or " " in word or word.isupper() or kb.organization(word):
            continue
        hits = {n for n in longs if n.split()[-1].lower() == word.lower()}
        if len(hits) == 1:
            out[word] = hits.pop()
    return out


def _weapon_name(text: str) -> str:
    m = DESIGNATION_RE.match(text.split()[0]) if text else None
    if m and text.endswith("s") and len(text.split()) == 1:
        return text[:-1].rstrip("'")
    return text


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
    persons = {}
    for c in cands:
        if c.label == "Person":
            persons[c] = person_name(c.text, kb)
    full_names = sorted({n for n in persons.values() if len(n.split()) > 1})
    orgs = [c.text for c in cands if c.label == "Organization" and not c.ref]
    acronyms = _acronyms(text, orgs)
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
            if len(name.split()) == 1:
                matches = [f for f in full_names if f.split()[-1].lower() == name.lower()]
                if len(matches) == 1:
                    name = matches[0]
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
            entry = _known(kb, c) or kb.organization(c.name or short_names.get(c.text, c.text))
            if entry is not None:
                eid, name = entry.id, entry.name
                props = (("country", entry.country),) if entry.country else ()
            else:
                name = c.name or acronyms.get(c.text) or short_names.get(c.text, c.text)
                eid, props = f"org:{slug(name)}", ()
            add(eid, label, name, alias, props)
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
