"""NER rule tables: designation prefixes, weapon cue words, non-weapon codes, seat heads, articles.

Why separate from the knowledge base: these are not facts about entities but rules about text
(what makes "Su-24" a designation, when a common word like "Patriot" is a weapon, why "Elysee
Palace" stands for a body, which misspelt articles to strip). They live in
``data/designations.jsonl``, ``data/cues.jsonl`` and ``data/words.jsonl``, read through the one
cached reader of :mod:`graphbuilder.knowledge`.

>>> p = load_patterns()
>>> p.is_designation_prefix("Su"), p.is_non_weapon_code("COVID-19"), p.is_seat_head("Palace")
(True, True, True)
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..knowledge import read_rows, words

__all__ = ["Patterns", "load_patterns"]


@dataclass(frozen=True)
class Patterns:
    designation_prefixes: frozenset[str]
    non_weapon_codes: frozenset[str]
    weapon_cues: frozenset[str]
    seat_heads: frozenset[str]
    platforms: frozenset[str]
    generic_org_nouns: frozenset[str]
    org_heads: frozenset[str]
    portfolios: frozenset[str]
    place_nouns: frozenset[str]
    state_bodies: frozenset[str]
    articles: frozenset[str]  # lower case, misspellings included ("teh")
    capital_articles: frozenset[str]  # stripped even capitalised inside a sentence ("The", "Th")
    hyphen_suffixes: frozenset[str]  # "U.S.-made", "Paris-backed"
    finance_cues: frozenset[str]  # "rated", "debentures": letter-digit codes there are ratings

    def is_designation_prefix(self, prefix: str) -> bool:
        return prefix in self.designation_prefixes

    def is_non_weapon_code(self, text: str) -> bool:
        return text.rstrip("s").upper() in self.non_weapon_codes

    def is_weapon_cue(self, lemma: str) -> bool:
        return lemma.lower() in self.weapon_cues

    def is_seat_head(self, word: str) -> bool:
        return word in self.seat_heads

    def is_platform(self, text: str) -> bool:
        return text in self.platforms

    def is_state_body(self, word: str) -> bool:
        return word.lower() in self.state_bodies

    def is_place_noun(self, word: str) -> bool:
        return word.lower() in self.place_nouns

    def is_portfolio(self, word: str) -> bool:
        return word.lower() in self.portfolios

    def is_org_head(self, word: str) -> bool:
        return word.lower() in self.org_heads

    def is_generic_org_noun(self, word: str) -> bool:
        return word.lower() in self.generic_org_nouns

    def is_article(self, word: str) -> bool:
        """ "the", "a", "an" and their common misspellings, any case.

        >>> load_patterns().is_article("Teh"), load_patterns().is_article("they")
        (True, False)
        """
        return word.lower() in self.articles

    def is_finance_cue(self, word: str) -> bool:
        return word.lower() in self.finance_cues

    def is_hyphen_suffix(self, word: str) -> bool:
        return word.lower() in self.hyphen_suffixes


@cache
def load_patterns() -> Patterns:
    """Build the rule tables once per process."""
    cues = read_rows("cues.jsonl")

    def kind(name: str, fold=str.lower) -> frozenset[str]:
        return frozenset(fold(r["text"]) for r in cues if r["kind"] == name)

    article_rows = [r for r in read_rows("words.jsonl") if r["kind"] == "article"]
    return Patterns(
        designation_prefixes=frozenset(r["prefix"] for r in read_rows("designations.jsonl")),
        non_weapon_codes=kind("non_weapon_code", str.upper),
        weapon_cues=kind("weapon_cue"),
        seat_heads=kind("seat_head", str),
        platforms=kind("platform", str),
        state_bodies=kind("state_body"),
        place_nouns=kind("place_noun"),
        portfolios=kind("portfolio"),
        org_heads=kind("org_head"),
        generic_org_nouns=kind("generic_org_noun"),
        articles=words("article"),
        capital_articles=frozenset(r["text"].capitalize() for r in article_rows if r.get("strip_capitalised")),
        hyphen_suffixes=kind("hyphen_suffix") | words("made_suffix", "relation_cues.jsonl"),
        finance_cues=kind("finance_cue"),
    )
