"""The relation lexicons, read once: roles, trigger words, cues, and how far each rule is trusted.

Why a module of its own: the NER (stripping titles from names, spotting title words) and the
relation rules read the same tables. The tables themselves are data files:
``roles.jsonl`` (titles -> LEADER_OF / OFFICIAL_OF), ``relation_verbs.jsonl`` (trigger lemmas ->
type and frame) and ``relation_cues.jsonl`` (negation, hedges, group nouns, "-made" suffixes...).

>>> role_of("Prime Minister")
('Prime Minister', 'LEADER_OF')
>>> role_of("defence secretary")
('Defence Secretary', 'OFFICIAL_OF')
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files

__all__ = ["RULE_CONFIDENCE", "role_of", "roles_table", "role_first_words", "max_role_words", "triggers", "cues", "suffixes",
           "read_lines", "norm_title", "rule_confidence"]

#: Confidence per rule: fixed, because a rule's precision is a property of the rule.
RULE_CONFIDENCE: dict[str, float] = {
    "role_prefix": 0.9,  # "French President Emmanuel Macron"
    "role_appos": 0.85,  # "Keir Starmer, the Prime Minister of the UK"
    "role_copula": 0.8,  # "Rutte is the NATO Secretary-General"
    "weapon_modifier": 0.8,  # "British Storm Shadow missiles", "U.S.-made ATACMS"
    "weapon_possessor": 0.6,  # "Ukraine's F-16s" -> OPERATES
    "org_modifier": 0.75,  # "U.S. defense company Lockheed Martin", "Russia's Black Sea fleet"
    "member_noun": 0.8,  # "NATO member Poland"
    "verb_transfer": 0.85,  # "Germany sent Leopard tanks to Ukraine"
    "transfer_recipient_operates": 0.75,  # the recipient of a supplied weapon operates it
    "transfer_implied_recipient": 0.45,  # no recipient phrase: the one other country
    "verb_use": 0.8,  # "Ukraine fired ATACMS"
    "verb_attack": 0.8,  # "Russia struck Ukraine"
    "fire_at": 0.8,  # "missiles fired at Ukraine by Russia"
    "noun_attack": 0.75,  # "Russia's invasion of Ukraine"
    "verb_support": 0.75,  # "Germany backs Ukraine"
    "noun_support": 0.7,  # "support for Ukraine"
    "verb_meet": 0.85,  # "Macron met Scholz"
    "noun_meet": 0.7,  # "talks with Scholz"
    "meet_place_visit": 0.7,  # "was received by X ... in Denmark"
    "verb_visit": 0.85,  # "Zelensky visited Denmark"
    "noun_visit": 0.8,  # "the visit to France of Keir Starmer"
    "noun_visit_np": 0.6,  # a person anywhere inside the visit noun phrase
    "verb_produce": 0.85,  # "manufactured by Lockheed Martin"
    "produce_single_weapon": 0.6,  # "the weapons are made by X" + one named weapon in the sentence
    "verb_own": 0.75,  # "whose shares belong to the French state"
    "verb_join": 0.8,  # "Finland joined NATO"
    "verb_base": 0.8,  # "based in France", "Paris-based"
    "weapon_located": 0.6,  # "a Su-24 bomber, which is in Ukraine"
    "made_generic_single_weapon": 0.6,  # "the American-made jets", one named weapon of that kind
}

def rule_confidence(rule: str) -> float:
    """How far a relation found by ``rule`` is trusted.

    >>> rule_confidence("role_prefix")
    0.9
    """
    return RULE_CONFIDENCE[rule]


def read_lines(name: str) -> list[dict]:
    text = files("graphbuilder.data").joinpath(name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def norm_title(text: str) -> str:
    return " ".join(re.sub(r"[-\u2010-\u2014]", " ", text.lower()).split())


@lru_cache(maxsize=1)
def role_first_words() -> frozenset[str]:
    """First words of every title (lower case, hyphen parts split): a token outside this set
    cannot start a title, so the role scan skips it with one set lookup."""
    return frozenset(k.split()[0] for k in roles_table())


@lru_cache(maxsize=1)
def roles_table() -> dict[str, tuple[str, str, str]]:
    """Normalised variant -> (role, type, type when the target is a country)."""
    out: dict[str, tuple[str, str, str]] = {}
    for row in read_lines("roles.jsonl"):
        for v in [row["role"], *row.get("variants", ())]:
            out[norm_title(v)] = (row["role"], row["type"], row.get("country_type", row["type"]))
    return out


@lru_cache(maxsize=1)
def max_role_words() -> int:
    return max(len(k.split()) for k in roles_table())


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], list[dict]]:
    """(lemma, "VERB"|"NOUN") -> lexicon rows."""
    out: dict[tuple[str, str], list[dict]] = {}
    for row in read_lines("relation_verbs.jsonl"):
        out.setdefault((row["lemma"], row["pos"]), []).append(row)
    return out


@lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for row in read_lines("relation_cues.jsonl"):
        out.setdefault(row["kind"], set()).add(row["text"])
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def suffixes() -> dict[str, str]:
    return {r["text"]: r["relation"] for r in read_lines("relation_cues.jsonl") if r["kind"] == "made_suffix"}


def role_of(tokens_text: str) -> tuple[str, str] | None:
    """The canonical role and relation type of a title, or None.

    Case, hyphens and spacing are ignored, so the NER can strip "Secretary-General" and
    "secretary general" alike.

    >>> role_of("NATO")
    >>> role_of("Secretary General")
    ('Secretary-General', 'LEADER_OF')
    """
    hit = roles_table().get(norm_title(tokens_text))
    return (hit[0], hit[1]) if hit else None
