"""Small NER rule tables: designation prefixes, weapon cue words, non-weapon codes, seat heads.

Why separate from the knowledge base: these are not facts about entities but rules about text
(what makes "Su-24" a designation, when a common word like "Patriot" is a weapon, why "Elysee
Palace" stands for a body). They live in ``data/designations.jsonl`` and ``data/cues.jsonl``.

>>> p = load_patterns()
>>> p.is_designation_prefix("Su"), p.is_non_weapon_code("COVID-19"), p.is_seat_head("Palace")
(True, True, True)
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

__all__ = ["Patterns", "load_patterns", "headline_like", "title_line_end"]


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


def _rows(name: str) -> list[dict]:
    text = files("graphbuilder.data").joinpath(name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@cache
def load_patterns() -> Patterns:
    """Read the rule tables once per process."""
    cues = _rows("cues.jsonl")
    return Patterns(
        designation_prefixes=frozenset(r["prefix"] for r in _rows("designations.jsonl")),
        non_weapon_codes=frozenset(r["text"].upper() for r in cues if r["kind"] == "non_weapon_code"),
        weapon_cues=frozenset(r["text"].lower() for r in cues if r["kind"] == "weapon_cue"),
        seat_heads=frozenset(r["text"] for r in cues if r["kind"] == "seat_head"),
        platforms=frozenset(r["text"] for r in cues if r["kind"] == "platform"),
        state_bodies=frozenset(r["text"].lower() for r in cues if r["kind"] == "state_body"),
        place_nouns=frozenset(r["text"].lower() for r in cues if r["kind"] == "place_noun"),
        portfolios=frozenset(r["text"].lower() for r in cues if r["kind"] == "portfolio"),
        org_heads=frozenset(r["text"].lower() for r in cues if r["kind"] == "org_head"),
        generic_org_nouns=frozenset(r["text"].lower() for r in cues if r["kind"] == "generic_org_noun"),
    )


def headline_like(tokens, first_line: bool = False) -> bool:
    """Title Case or ALL CAPS text ("Russia Launches Heavy Air Raid On Kyiv"): the model's spans
    and the parse are unreliable there.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> headline_like(nlp("Stocks Sink On Gloomy Forecast")), headline_like(nlp("Stocks sank on a gloomy forecast."))
    (True, False)
    >>> headline_like(nlp("French President Emmanuel Macron visited Poland."))
    False
    >>> headline_like(nlp("Congress Members Seek Officer's Dismissal"), first_line=True)
    True
    """
    words = [t for t in tokens if t.is_alpha]
    if len(words) < 4 or sum(1 for t in words if t.text[0].isupper()) < 0.8 * len(words):
        return False
    # a sentence dense with names ("French President Emmanuel Macron visited Poland") is not a
    # headline: headlines capitalise small words too ("On", "To", "Its") or are in capitals
    # the first line of an article is its title: Title Case there needs no further sign
    return first_line or all(t.is_upper for t in words) or any(
        t.is_stop and t.text[0].isupper() and t.text != "I" for t in words[1:])


def title_line_end(doc) -> int:
    r"""Token index where the article's title line ends, or 0 when the text has no title line.

    A title is the first line when it ends without sentence punctuation and text follows it.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> title_line_end(nlp("Troops Leave Base\nThe troops left on Monday.")), title_line_end(nlp("Troops left."))
    (3, 0)
    """
    brk = next((t for t in doc if "\n" in t.text_with_ws), None)
    if brk is None:
        return 0
    end = brk.i if brk.is_space else brk.i + 1
    words = [t for t in doc[:end] if not t.is_space]
    rest = any(not t.is_space for t in doc[end:])
    return end if words and rest and words[-1].text not in (".", "!", "?", "\u201d", '"') else 0

