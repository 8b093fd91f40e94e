"""The gap scan: countries, demonyms and known organizations the model did not tag.

Why: the small model misses many state adjectives ("Ukrainian"), acronyms ("NATO" at a
sentence start) and names inside hyphen compounds ("U.S.-made", "Paris-based"); the
gazetteers find them in the tokens no earlier rule claimed.

>>> import spacy
>>> from graphbuilder.knowledge import load_knowledge
>>> doc = spacy.blank("en")("They bought U.S.-made jets from NATO allies.")
>>> [(c.text, c.label) for c in gap_spans(doc, load_knowledge(), [False] * len(doc))]
[('U.S.', 'Country'), ('NATO', 'Organization')]
"""
from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc

from ..knowledge import Knowledge
from ..lexicon import cues
from ..model import Candidate
from .cues import load_patterns as _P
from .headline import title_case_sentence
from .tokens import WORD_SPLIT, claim, clean_span_text, is_name_text, is_name_token, span_text, token_texts

__all__ = ["gap_spans", "numbered_unit_end", "ORDINAL"]


@cache
def _gazetteer_firsts(kb: Knowledge) -> frozenset[str]:
    """First words (casefolded) of every country and organization form, "the" skipped."""
    out = set()
    for label, form, _, _ in kb.surface_forms():
        if label in ("Country", "Organization"):
            words = [w for w in WORD_SPLIT.split(form.casefold()) if w]
            out.update(words[:2] if words and words[0] == "the" else words[:1])
    return frozenset(out)


def _hyphen_country(doc: Doc, kb: Knowledge, taken: list[bool], i: int, out: list[Candidate]) -> int:
    """The country in a hyphen compound at token ``i`` ("U.S.-made" in one token, or "British"
    "-" "made"); returns the next token to scan, or 0 when there is no compound here."""
    tok = doc[i]
    if "-" in tok.text:
        head, _, tail = tok.text.rpartition("-")
        if _P().is_hyphen_suffix(tail) and head:
            c = kb.country(head)
            if c is not None:
                out.append(Candidate(tok.idx, tok.idx + len(head), head, "Country", c.id, "hyphen"))
                taken[i] = True
        return i + 1
    if i + 2 < len(doc) and doc[i + 1].text == "-" and _P().is_hyphen_suffix(doc[i + 2].text):
        c = kb.country(tok.text)
        if c is not None:
            out.append(Candidate(tok.idx, tok.idx + len(tok.text), tok.text, "Country", c.id, "hyphen"))
            taken[i] = True
            return i + 3
    return 0


def _gazetteer_at(doc: Doc, kb: Knowledge, taken: list[bool], i: int) -> tuple[int, str, str, str] | None:
    """The longest country or known organization starting at token ``i`` (up to four tokens)."""
    tok = doc[i]
    for j in range(min(len(doc), i + 4), i, -1):
        if any(taken[k] for k in range(i, j)) or not is_name_token(doc[j - 1]):
            continue
        text = clean_span_text(span_text(doc, i, j))
        c = kb.country(text)
        if c is not None:
            return j, text, "Country", c.id
        o = kb.organization(text)
        if o is not None and (j - i > 1 or tok.is_upper or not tok.is_sent_start or tok.tag_ in ("NNP", "NNPS")):
            return j, text, "Organization", o.id
    return None


#: An ordinal as military units are numbered: "47th", "1st", "82nd".
ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")


def numbered_unit_end(doc: Doc, taken: list[bool], i: int) -> int:
    """End of a numbered unit's name starting at the ordinal ``i`` ("47th Mechanized Brigade",
    "82nd Airborne Division", "7th Fleet": capitalised words up to a unit noun), else 0."""
    if not ORDINAL.fullmatch(doc[i].text):
        return 0
    j, last = i + 1, 0
    while j < len(doc) and j - i <= 4 and not taken[j] and doc[j].is_title:
        j += 1
        if doc[j - 1].lower_ in cues()["unit_org"]:
            last = j
    return last


def _state_body_at(doc: Doc, kb: Knowledge, taken: list[bool], i: int, out: list[Candidate]) -> int:
    """A state's body the model did not tag, named after its country: "Japan's Maritime
    Self-Defense Force", "the Chilean Navy". A run of capitalised words that ends with a
    state-body head ("Force", "Navy", "Ministry") right after a country's possessive or its
    adjective; the mention is the run, its name carries the country. Returns the next token."""
    if i == 0 or not doc[i].is_title or title_case_sentence(doc, i):
        return 0
    owner = doc[i - 2].text if i >= 2 and doc[i - 1].tag_ == "POS" else doc[i - 1].text
    country = kb.country(owner)
    if country is None:
        return 0
    j, last = i, 0
    while j < len(doc) and not taken[j] and (doc[j].is_title or doc[j].text == "-" and not doc[j].whitespace_):
        j += 1
        if doc[j - 1].is_title and _P().is_state_body(doc[j - 1].lemma_ or doc[j - 1].text) \
                and not _P().is_generic_org_noun(doc[j - 1].text):
            last = j
    if not last or last - i > 5:
        return 0
    text = span_text(doc, i, last)
    # the name carries its country ("Indian Air Force"), so no two states' forces meet
    name = f"{owner} {text}" if owner != country.name and doc[i - 1].tag_ != "POS" else \
        f"{(country.demonyms or (country.name,))[0]} {text}"
    out.append(Candidate(doc[i].idx, doc[i].idx + len(text), text, "Organization", "", "state_body_gap",
                         name if name != text else ""))
    for k in range(i, last):
        taken[k] = True
    return last


def gap_spans(doc: Doc, kb: Knowledge, taken: list[bool]) -> list[Candidate]:
    """Countries, demonyms and known organizations the model did not tag, and hyphen compounds."""
    out: list[Candidate] = []
    firsts = _gazetteer_firsts(kb)
    texts = token_texts(doc)
    i, n = 0, len(doc)
    while i < n:
        if taken[i] or not is_name_text(texts[i]):
            i += 1
            continue
        tok = doc[i]
        nxt = _hyphen_country(doc, kb, taken, i, out) or _state_body_at(doc, kb, taken, i, out)
        end = 0 if nxt else numbered_unit_end(doc, taken, i)
        if end:  # a numbered unit the model missed
            claim(out, taken, doc, i, end, "Organization", "", "numbered_unit")
            nxt = end
        if nxt:
            i = nxt
            continue
        found = None
        if WORD_SPLIT.split(tok.text.casefold(), maxsplit=1)[0] in firsts:
            found = _gazetteer_at(doc, kb, taken, i)
        if found:
            j, text, label, ref = found
            claim(out, taken, doc, i, j, label, ref, "gazetteer", text)
            i = j
        else:
            i += 1
    return out
