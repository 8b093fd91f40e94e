"""Weapons: knowledge-base aliases, military designations and "NAME + weapon noun".

Why first and separate: weapons are the names the small model types worst (a missile as PERSON,
"Su-24" as NORP, "Patriot" as an ORG), and the knowledge base and the shape of a designation are
more trustworthy than the model there. Weapon spans are claimed before the model's spans are
typed, so the other rules never see them.

>>> import spacy
>>> from graphbuilder.knowledge import load_knowledge
>>> doc = spacy.blank("en")("They flew F-16s and Zork missiles.")
>>> taken = [False] * len(doc)
>>> [(c.text, c.source) for c in kb_weapon_spans(doc, load_knowledge(), taken)
...  + pattern_weapon_spans(doc, load_knowledge(), taken)]
[('F-16s', 'kb'), ('Zork', 'head_noun')]
"""
from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span

from ..knowledge import Knowledge, WeaponEntry
from ..lexicon import role_of
from ..model import Candidate
from .cues import load_patterns as _P
from .tokens import WORD_SPLIT, claim, is_name_token, model_ent_at, sent_range, span_text

__all__ = ["DESIGNATION_RE", "weapon_match", "weapon_cue", "kb_weapon_spans", "pattern_weapon_spans"]

#: Military designations: letters, a hyphen, digits, optional suffix ("Su-24", "MiG-29SMT", "F-16s").
DESIGNATION_RE = re.compile(r"^(?P<prefix>[A-Z][A-Za-z]{0,4})-(?P<num>\d{1,4})(?P<suffix>[A-Z]{0,4}\d?)(?:s|'s)?$")


def weapon_match(kb: Knowledge, text: str) -> tuple[WeaponEntry | None, bool]:
    """The KB weapon for ``text`` and whether the match is strong (not a common-word alias).

    >>> from graphbuilder.knowledge import load_knowledge
    >>> e, strong = weapon_match(load_knowledge(), "Patriot"); e.name, strong
    ('Patriot', False)
    """
    entry = kb.weapon(text)
    if entry is None:
        return None, False
    return entry, not kb.weapon_needs_cue(text)


def weapon_cue(doc: Doc, i: int, j: int, kb: Knowledge) -> bool:
    """A weapon head noun right after the span, or a weapon word in the same sentence."""
    if j < len(doc) and kb.weapon_term(doc[j].text) is not None:
        return True
    s, e = sent_range(doc, i)
    cache = doc.user_data.setdefault("_gb_cue", {})
    if s not in cache:
        cache[s] = any(kb.weapon_term(t.text) is not None or _P().is_weapon_cue(t.lemma_ or t.text)
                       for t in doc[s:e])
    return cache[s]


@cache
def _weapon_shape(kb: Knowledge) -> tuple[frozenset[str], int]:
    """First words of every weapon form (casefolded) and the longest form in words.

    Lets the scan skip, with one set lookup, every token that cannot start a weapon name.
    """
    firsts, longest = set(), 1
    for label, form, _, _ in kb.surface_forms():
        if label == "Weapon":
            words = [w for w in WORD_SPLIT.split(form.casefold()) if w]
            if words:
                firsts.add(words[0])
                longest = max(longest, len(form.split()))
    return frozenset(firsts), longest + 1


def kb_weapon_spans(doc: Doc, kb: Knowledge, taken: list[bool]) -> list[Candidate]:
    """Longest knowledge-base alias match starting at each name-like token."""
    out: list[Candidate] = []
    firsts, max_words = _weapon_shape(kb)
    texts = [t.text for t in doc]
    name_like = [bool(t) and (t[0].isupper() or t[0].isdigit()) for t in texts]
    i, n = 0, len(doc)
    while i < n:
        first = WORD_SPLIT.split(texts[i].casefold(), maxsplit=1)[0] if name_like[i] else ""
        if not first or first not in firsts:
            i += 1
            continue
        found = None
        for j in range(min(n, i + max_words), i, -1):
            if not name_like[j - 1] and texts[j - 1] not in ("-", "/"):
                continue
            entry, strong = weapon_match(kb, span_text(doc, i, j))
            if entry is None or (not strong and not _weak_weapon_ok(doc, i, j, kb)):
                continue
            found = (j, entry)
            break
        if found:
            j, entry = found
            claim(out, taken, doc, i, j, "Weapon", entry.id, "kb")
            i = j
        else:
            i += 1
    return out


def _weak_weapon_ok(doc: Doc, i: int, j: int, kb: Knowledge) -> bool:
    """Accept an ordinary-word alias ("Patriot", "Leopard", "Senator") as a weapon only with a cue.

    A weapon head noun right after it always counts ("Patriot batteries"). Otherwise it must be
    capitalised, stand in a sentence with a weapon word, not be part of a longer name the model
    found ("New England Patriots"), not be the whole of an ORG span or a plural (sports teams:
    "the Ravens"), and not be a title before a name ("Senator John Kerry").
    """
    if j < len(doc) and kb.weapon_term(doc[j].text) is not None:
        return True
    tok = doc[i]
    if tok.is_lower or not weapon_cue(doc, i, j, kb):
        return False
    ent = model_ent_at(doc, i)
    if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "FAC", "WORK_OF_ART", "EVENT") \
            and (ent.start < i or ent.end > j) and not _is_weapon_like_ent(ent, kb):
        return False
    if ent is not None and ent.label_ == "ORG" and (ent.start, ent.end) == (i, j):
        return False
    if doc[j - 1].text.endswith("s") and not doc[j - 1].text.isupper():
        return False
    nxt = doc[j] if j < len(doc) else None
    if nxt is not None and (nxt.ent_type_ == "PERSON" or role_of(doc[i:j].text) is not None):
        return False
    return True


def _is_weapon_like_ent(ent: Span, kb: Knowledge) -> bool:
    """An ORG/PERSON span like "the French Scalp": a determiner/demonym plus a weapon alias."""
    return any(weapon_match(kb, t.text)[0] is not None for t in ent) and all(
        t.is_stop or kb.demonym(t.text) or weapon_match(kb, t.text)[0] is not None or kb.country(t.text)
        for t in ent
    )


def _designation_spans(doc: Doc, kb: Knowledge, taken: list[bool]) -> list[Candidate]:
    """Designations: "Su-24", "MiG-29SMT", a code before a weapon noun ("XK-7 missile")."""
    out: list[Candidate] = []
    for tok in doc:
        if taken[tok.i]:
            continue
        m = DESIGNATION_RE.match(tok.text)
        head_next = tok.i + 1 < len(doc) and kb.weapon_term(doc[tok.i + 1].text) is not None
        if m and (_P().is_designation_prefix(m.group("prefix")) or head_next) and not _P().is_non_weapon_code(tok.text):
            j = tok.i + 1
            # a variant letter split off by the tokenizer ("T-90" "M")
            if j < len(doc) and re.fullmatch(r"[A-Z]{1,2}\d?s?", doc[j].text) and doc[j].idx == tok.idx + len(tok.text):
                j += 1
            out.append(Candidate(tok.idx, doc[j - 1].idx + len(doc[j - 1].text), span_text(doc, tok.i, j),
                                 "Weapon", "", "designation"))
            for k in range(tok.i, j):
                taken[k] = True
    return out


def _head_noun_spans(doc: Doc, kb: Knowledge, taken: list[bool]) -> list[Candidate]:
    """NAME + head noun: walk back over name-like tokens before each head noun ("Neptune missiles")."""
    out: list[Candidate] = []
    for tok in doc:
        term = kb.weapon_term(tok.text)
        if term is None or tok.i == 0 or taken[tok.i - 1]:
            continue
        j = tok.i
        i = j
        while i > 0 and not taken[i - 1] and (is_name_token(doc[i - 1]) or doc[i - 1].text == "-") \
                and not doc[i - 1].is_sent_start and j - i < 4:
            i -= 1
        while i < j and not is_name_token(doc[i]):
            i += 1
        if i >= j:
            continue
        if any(doc[k].text[0].isdigit() for k in range(i, j)) and all(
                not doc[k].text[0].isalpha() for k in range(i, j)):
            continue  # "300 missiles"
        text = span_text(doc, i, j)
        if term.weak and not any(DESIGNATION_RE.match(doc[k].text) for k in range(i, j)):
            continue  # "Iron system", "PowerBook G4 battery": weak heads need a designation
        if any(doc[k].is_stop for k in range(i, j)):
            continue  # "Iran Warns Its Missiles"
        if _is_known_non_weapon(text, kb) or any(_is_known_non_weapon(doc[k].text, kb) for k in range(i, j)):
            continue
        ent = model_ent_at(doc, i)
        if ent is not None and ent.label_ in ("ORG", "GPE", "NORP", "LOC", "FAC", "DATE", "CARDINAL",
                                                "ORDINAL", "QUANTITY", "MONEY", "TIME", "PERCENT"):
            continue
        if doc[i].is_sent_start or all(doc[k].is_stop for k in range(i, j)):
            continue
        out.append(Candidate(doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text), text, "Weapon", "", "head_noun"))
        for k in range(i, j):
            taken[k] = True
    return out


def pattern_weapon_spans(doc: Doc, kb: Knowledge, taken: list[bool]) -> list[Candidate]:
    """Designations ("Su-24") and names before a weapon head noun ("Neptune missiles")."""
    return _designation_spans(doc, kb, taken) + _head_noun_spans(doc, kb, taken)


def _is_known_non_weapon(text: str, kb: Knowledge) -> bool:
    return bool(kb.country(text) or kb.location(text) or kb.organization(text) or kb.is_honorific(text)
                or kb.weapon_term(text))
