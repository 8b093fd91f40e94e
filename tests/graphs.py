"""A small hand-made corpus: three extractions with every kind of node and edge the sinks
write (Document, Person, Country, Weapon, Organization; MENTIONS, CO_MENTIONED and six typed
relations, one with a role, one with a weapon), so sink tests need neither the model nor
its exact output. ``hand_graph`` in ``conftest.py`` merges them with ``build_graph``."""
from __future__ import annotations

from graphbuilder.model import (CoMention, DocumentInfo, Entity, Evidence, Extraction, Mention,
                                Relation)

__all__ = ["extraction", "extraction_a", "extraction_b", "extraction_c", "MACRON", "FRANCE", "UK", "UKRAINE",
           "SCALP", "MBDA", "STARMER", "BARROT", "TEXT_A", "TEXT_B", "TEXT_C"]


def _doc(doc_id: str, text: str) -> DocumentInfo:
    return DocumentInfo(doc_id, f"Title {doc_id}", f"{doc_id}.txt", "0" * 64, len(text),
                        len(text.split()))


def extraction(doc_id: str, text: str, ents: list[tuple[Entity, list[str]]],
                rels: list[tuple[str, str, str, str]] = (), sentence_end: int | None = None,
                role: str = "", weapon: str = "") -> Extraction:
    """Mentions at the first occurrence of each surface form; one sentence = the text."""
    end = sentence_end or len(text)
    ev = Evidence(doc_id, text[:end], 0, end)
    mentions = []
    for ent, forms in ents:
        seen: dict[str, int] = {}
        for form in forms:
            at = text.index(form, seen.get(form, 0))
            seen[form] = at + 1
            mentions.append(Mention(doc_id, at, at + len(form), form, ent.label, ent.id))
    relations = tuple(Relation(s, t, tgt, ev, rule, 0.9, role=role if t == "LEADER_OF" else "",
                               weapon=weapon if t == "SUPPLIES" else "")
                      for s, t, tgt, rule in rels)
    ids = sorted(e.id for e, _ in ents)
    comentions = tuple(CoMention(a, b, ev) for i, a in enumerate(ids) for b in ids[i + 1:])
    return Extraction(_doc(doc_id, text), tuple(e for e, _ in ents), tuple(mentions), relations,
                      comentions)


MACRON = Entity("person:emmanuel-macron", "Person", "Emmanuel Macron",
                ("Emmanuel Macron", "Macron"))
FRANCE = Entity("country:FRA", "Country", "France", ("France", "French"),
                (("iso2", "FR"), ("iso3", "FRA")))
UK = Entity("country:GBR", "Country", "United Kingdom", ("Britain",),
            (("iso2", "GB"), ("iso3", "GBR")))
UKRAINE = Entity("country:UKR", "Country", "Ukraine", ("Ukraine",),
                 (("iso2", "UA"), ("iso3", "UKR")))
SCALP = Entity("weapon:scalp-eg", "Weapon", "SCALP EG", ("Scalp",),
               (("category", "cruise missile"), ("origin", "country:FRA"),
                ("manufacturer", "MBDA")))
MBDA = Entity("org:mbda", "Organization", "MBDA", ("MBDA",))

TEXT_A = ("French President Emmanuel Macron said France will send more Scalp missiles to "
          "Ukraine, and Macron thanked Britain.")
TEXT_B = "Macron said the Scalp missiles made by MBDA were used by Ukraine."


def extraction_a() -> Extraction:
    return extraction("doc-a", TEXT_A,
                       [(MACRON, ["Emmanuel Macron", "Macron"]), (FRANCE, ["French", "France"]),
                        (SCALP, ["Scalp"]), (UKRAINE, ["Ukraine"]), (UK, ["Britain"])],
                       [("person:emmanuel-macron", "LEADER_OF", "country:FRA", "title_of_country"),
                        ("country:FRA", "SUPPLIES", "country:UKR", "supply_verb"),
                        ("country:UKR", "OPERATES", "weapon:scalp-eg", "supply_recipient")],
                       role="President", weapon="weapon:scalp-eg")


def extraction_b() -> Extraction:
    ent_b = Entity(MACRON.id, "Person", "Emmanuel Macron", ("Macron", "Président Macron"))
    return extraction("doc-b", TEXT_B + " Président Macron agreed.",
                       [(ent_b, ["Macron", "Président Macron"]), (SCALP, ["Scalp"]),
                        (MBDA, ["MBDA"]), (UKRAINE, ["Ukraine"])],
                       [("weapon:scalp-eg", "PRODUCED_BY", "org:mbda", "possessive_maker"),
                        ("country:UKR", "OPERATES", "weapon:scalp-eg", "used_by")],
                       sentence_end=len(TEXT_B))


STARMER = Entity("person:keir-starmer", "Person", "Keir Starmer", ("Keir Starmer",))
BARROT = Entity("person:jean-noel-barrot", "Person", "Jean-Noel Barrot", ("Jean-Noel Barrot",))
TEXT_C = ("Prime Minister Keir Starmer visited France. "
          "French Foreign Minister Jean-Noel Barrot welcomed Keir Starmer.")


def extraction_c() -> Extraction:
    """A third document: VISITED and OFFICIAL_OF, for the example queries."""
    first = TEXT_C.index(".") + 1
    ev1 = Evidence("doc-c", TEXT_C[:first], 0, first)
    ev2 = Evidence("doc-c", TEXT_C[first + 1:], first + 1, len(TEXT_C))
    ents = (STARMER, FRANCE, BARROT)
    mentions = tuple(Mention("doc-c", TEXT_C.index(f), TEXT_C.index(f) + len(f), f, e.label, e.id)
                     for e, f in ((STARMER, "Keir Starmer"), (FRANCE, "France"),
                                  (BARROT, "Jean-Noel Barrot")))
    rels = (Relation(STARMER.id, "VISITED", FRANCE.id, ev1, "visit_verb", 0.8),
            Relation(BARROT.id, "OFFICIAL_OF", FRANCE.id, ev2, "title_of_country", 0.9,
                     role="Foreign Minister"))
    coms = (CoMention(FRANCE.id, STARMER.id, ev1), CoMention(BARROT.id, STARMER.id, ev2))
    return Extraction(_doc("doc-c", TEXT_C), ents, mentions, rels, coms)
