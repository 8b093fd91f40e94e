"""The relation lexicons, read once: roles, frames (trigger words, roles, confidence), cues.

Why a module of its own: the NER (stripping titles from names, spotting title words) and the
relation rules read the same tables. The tables themselves are data files:
``roles.jsonl`` (titles -> LEADER_OF / OFFICIAL_OF), ``frames.jsonl`` (each frame's trigger
words, argument roles, allowed types and confidence) and ``relation_cues.jsonl`` (negation, hedges, group nouns, "-made" suffixes...).

>>> role_of("Prime Minister")
('Prime Minister', 'LEADER_OF')
>>> role_of("defence secretary")
('Defence Secretary', 'OFFICIAL_OF')
"""
from __future__ import annotations

import re
from functools import lru_cache

from .knowledge import read_rows

__all__ = ["frame_rows", "role_of", "roles_table", "state_roles", "role_first_words", "max_role_words", "triggers", "cues", "suffixes",
           "read_lines", "norm_title", "rule_confidence"]

@lru_cache(maxsize=1)
def frame_rows() -> dict[str, dict]:
    """Frame name -> its row in ``frames.jsonl`` (triggers, argument roles, types, confidence).

    >>> frame_rows()["verb_transfer"]["relation"]
    'SUPPLIES'
    """
    return {row["frame"]: row for row in read_lines("frames.jsonl")}


def rule_confidence(rule: str) -> float:
    """How far a relation found by the frame ``rule`` is trusted: the frame's ``confidence``.

    >>> 0.0 < rule_confidence("role_prefix") <= 1.0   # measured by benchmarks/calibrate.py
    True
    """
    return float(frame_rows()[rule]["confidence"])


def read_lines(name: str) -> tuple[dict, ...]:
    """The rows of a data file, through the one cached reader (:func:`knowledge.read_rows`)."""
    return read_rows(name)


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
def state_roles() -> frozenset[str]:
    """Roles held only in a state's government (``state_only`` in roles.jsonl): ministers.

    >>> "Finance Minister" in state_roles(), "Chairman" in state_roles()
    (True, False)
    """
    return frozenset(r["role"] for r in read_lines("roles.jsonl") if r.get("state_only"))


@lru_cache(maxsize=1)
def max_role_words() -> int:
    return max(len(k.split()) for k in roles_table())


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], list[dict]]:
    """(lemma, "VERB"|"NOUN") -> the frame rows that word triggers.

    >>> [r["frame"] for r in triggers()[("fire", "VERB")]]
    ['verb_fire', 'fire_at']
    """
    out: dict[tuple[str, str], list[dict]] = {}
    for row in frame_rows().values():
        for lemma in row.get("triggers", ()):
            out.setdefault((lemma, row["pos"]), []).append(row)
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
