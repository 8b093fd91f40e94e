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
from .headline import title_case_sentence
from .tokens import (WORD_SPLIT, claim, doc_text, is_name_text, is_name_token, model_ent_at, sent_range, span_text,
                     token_texts)

__all__ = ["DESIGNATION_RE", "MODEL_CODE_RE", "weapon_match", "weapon_cue", "code_in_context", "code_context", "rating_code", "finance_sentence",
           "military_document", "kb_weapon_spans", "pattern_weapon_spans"]

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


#: Bare model codes ("M3", "K2", "T90"): a weapon only with a name and a weapon context.
MODEL_CODE_RE = re.compile(r"^[A-Z]{1,3}\d{1,4}[A-Z]?$")


def _code_like(text: str) -> bool:
    """Letters and digits in one short code ("A-2", "B-1", "F-16s", "M777"): the shape both
    military designations and credit ratings or share classes have."""
    first = text.split()[0] if text.split() else ""
    return bool(DESIGNATION_RE.match(first) or MODEL_CODE_RE.match(first.rstrip("s")))


def _sentence_flag(doc: Doc, i: int, key: str, test) -> bool:
    s, e = sent_range(doc, i)
    cache = doc.user_data.setdefault(key, {})
    if s not in cache:
        cache[s] = any(test(t) for t in doc[s:e])
    return cache[s]


def finance_sentence(doc: Doc, i: int) -> bool:
    """The sentence of token ``i`` speaks of ratings or securities ("rated A-2 by Moody's")."""
    return _sentence_flag(doc, i, "_gb_finance", lambda t: _P().is_finance_cue(t.lemma_ or t.text)
                          or _P().is_finance_cue(t.text))


def military_document(doc: Doc, kb: Knowledge) -> bool:
    """Does the document speak of weapons at all (a weapon noun or a weapon word anywhere)?"""
    flag = doc.user_data.get("_gb_military")
    if flag is None:
        flag = doc.user_data["_gb_military"] = any(
            kb.weapon_term(t.text) is not None or _P().is_weapon_cue(t.lemma_ or t.text) for t in doc)
    return flag


def code_in_context(doc: Doc, i: int, j: int, kb: Knowledge, known: bool = False) -> bool:
    """A letter-digit code names a weapon only in a weapon context: a weapon noun after it, a
    weapon word in its sentence, or a document about weapons where its sentence is not about
    ratings or securities ("rated A-2", "B-1 preferred stock"). A code the knowledge base
    knows ("F-16") needs only the sentence not to be about ratings or securities."""
    if j < len(doc) and kb.weapon_term(doc[j].text) is not None:
        return True
    if weapon_cue(doc, i, j, kb):
        return True
    return (known or military_document(doc, kb)) and not finance_sentence(doc, i)


def code_context(text: str, doc: Doc, i: int, j: int, kb: Knowledge) -> bool:
    """False for a code-shaped name out of a weapon context ("B-1 preferred stock"), else True."""
    return not _code_like(text) or code_in_context(doc, i, j, kb, known=True)


_RATING_RE = re.compile(r"^(?:AAA|AA|A|BBB|BB|B|CCC|CC|C|D|Aaa|Aa|Baa|Ba|Caa|Ca|Prime)(?:-?[123])?"
                        r"(?:[+-]|-plus|-minus)?$")


def rating_code(text: str) -> bool:
    """The shape of a credit rating ("BBB-plus", "Baa-2", "A-1", "Prime-1").

    >>> rating_code("BBB-plus"), rating_code("Baa-2"), rating_code("NATO")
    (True, True, False)
    """
    return bool(_RATING_RE.match(text.strip()))


def _in_markup(doc: Doc, i: int, j: int) -> bool:
    """Inside angle brackets, the wire-service mark of a company name or ticker ("<NSM>")."""
    return (i > 0 and doc[i - 1].text == "<") or (j < len(doc) and doc[j].text == ">")


def _surnames(doc: Doc) -> frozenset[str]:
    """Last words of the model's multi-word PERSON names ("Elliott Abrams" -> "Abrams")."""
    names = doc.user_data.get("_gb_surnames")
    if names is None:
        names = doc.user_data["_gb_surnames"] = frozenset(
            e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1)
    return names


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
                firsts.add(re.split(r"['\u2019]", words[0])[0])  # "David's Sling" starts at "David"
                longest = max(longest, len(form.split()))
    return frozenset(firsts), longest + 1


def kb_weapon_spans(doc: Doc, kb: Knowledge, taken: list[bool]) -> list[Candidate]:
    """Longest knowledge-base alias match starting at each name-like token."""
    out: list[Candidate] = []
    firsts, max_words = _weapon_shape(kb)
    texts = token_texts(doc)
    name_like = [is_name_text(t) for t in texts]
    i, n = 0, len(doc)
    while i < n:
        first = WORD_SPLIT.split(texts[i].casefold(), maxsplit=1)[0] if name_like[i] else ""
        if not first or first not in firsts:
            i += 1
            continue
        found = None
        for j in range(min(n, i + max_words), i, -1):
            if not name_like[j - 1]:
                continue
            text = span_text(doc, i, j)
            entry, strong = weapon_match(kb, text)
            if entry is None or (not strong and not _weak_weapon_ok(doc, i, j, kb)):
                continue
            if _in_markup(doc, i, j) or (doc[i].is_stop and " " in text):
                continue  # "<NSM>" is a ticker; "A 100 mln dlr offering" is no A-100
            if _code_like(text) and not code_in_context(doc, i, j, kb, known=True):
                continue
            found = (j, entry)
            break
        if found:
            j, entry = found
            if j + 1 < n and texts[j] == "/" and re.fullmatch(r"[A-Z]{1,2}\d?", texts[j + 1]) \
                    and not doc[j - 1].whitespace_ and not doc[j].whitespace_:
                j += 2  # variants: "F-16A/B"
            if i > 0 and not taken[i - 1] and _code_like(doc[i - 1].text) and kb.weapon(doc[i - 1].text) is None \
                    and code_in_context(doc, i - 1, j, kb):
                # a designation before a name is one weapon: "RS-26 Rubezh" is no P-15 "Rubezh"
                claim(out, taken, doc, i - 1, j, "Weapon", "", "designation_name")
            else:
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
    if ent is not None and ent.start == i and ent.end > j and kb.weapon_term(doc[ent.end - 1].text) is not None:
        return True  # "Bradley Infantry Fighting Vehicles" tagged ORG: the weapon and its kind
    if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "FAC", "WORK_OF_ART", "EVENT") \
            and (ent.start < i or ent.end > j) and not _is_weapon_like_ent(ent, kb):
        return False
    if ent is not None and ent.label_ == "ORG" and (ent.start, ent.end) == (i, j):
        return False
    if doc[j - 1].text.endswith("s") and not doc[j - 1].text.isupper():
        return False
    if j - i == 1 and doc[i].text in _surnames(doc):
        return False  # "Abrams said" after "Elliott Abrams": the person, not the tank
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
    for i, text in enumerate(token_texts(doc)):
        m = DESIGNATION_RE.match(text) if "-" in text and not taken[i] else None
        if m is None:
            continue
        tok = doc[i]
        head_next = tok.i + 1 < len(doc) and kb.weapon_term(doc[tok.i + 1].text) is not None
        if m and (_P().is_designation_prefix(m.group("prefix")) or head_next) and not _P().is_non_weapon_code(tok.text) \
                and not _in_markup(doc, tok.i, tok.i + 1) and code_in_context(doc, tok.i, tok.i + 1, kb):
            j = tok.i + 1
            # a variant letter split off by the tokenizer ("T-90" "M")
            if j < len(doc) and re.fullmatch(r"[A-Z]{1,2}\d?s?", doc[j].text) and doc[j].idx == tok.idx + len(tok.text):
                j += 1
            j = _name_after(doc, kb, taken, j)
            out.append(Candidate(tok.idx, doc[j - 1].idx + len(doc[j - 1].text), span_text(doc, tok.i, j),
                                 "Weapon", "", "designation"))
            for k in range(tok.i, j):
                taken[k] = True
    return out


def _name_after(doc: Doc, kb: Knowledge, taken: list[bool], j: int) -> int:
    """End of a name right after a designation ("RS-26 Rubezh", "M3 Albatross"): up to two
    capitalised words that are no stop word, no known place, body or weapon noun."""
    k = j
    while k < len(doc) and k - j < 2 and not taken[k] and doc[k].is_alpha and doc[k].text[0].isupper() \
            and not doc[k].is_stop and not doc[k].is_upper and doc[k - 1].whitespace_ \
            and not _is_known_non_weapon(doc[k].text, kb) and doc[k].ent_type_ not in ("PERSON", "GPE", "NORP"):
        k += 1
    return k


def _code_name_spans(doc: Doc, kb: Knowledge, taken: list[bool]) -> list[Candidate]:
    """A bare model code with a name, in a weapon context: "M3 Albatross", "K2 Black Panther"."""
    out: list[Candidate] = []
    for i, text in enumerate(token_texts(doc)):
        if taken[i] or not MODEL_CODE_RE.match(text) or _in_markup(doc, i, i + 1):
            continue
        tok = doc[i]
        j = _name_after(doc, kb, taken, tok.i + 1)
        if j == tok.i + 1 or finance_sentence(doc, tok.i) or not _sentence_flag(
                doc, tok.i, "_gb_weapon_noun", lambda t: kb.weapon_term(t.text) is not None and not t.is_upper):
            continue  # a weapon noun in the sentence: "MPC8641D Dual Core" chips are delivered too
        out.append(Candidate(tok.idx, doc[j - 1].idx + len(doc[j - 1].text), span_text(doc, tok.i, j),
                             "Weapon", "", "code_name"))
        for k in range(tok.i, j):
            taken[k] = True
    return out


def _head_noun_spans(doc: Doc, kb: Knowledge, taken: list[bool]) -> list[Candidate]:
    """NAME + head noun: walk back over name-like tokens before each head noun ("Neptune missiles")."""
    out: list[Candidate] = []
    for n, text in enumerate(token_texts(doc)):
        term = kb.weapon_term(text) if n and not taken[n - 1] else None
        if term is None:
            continue
        tok = doc[n]
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
        if tok.is_upper and all(doc[k].is_upper for k in range(i, j)) or _in_markup(doc, i, j):
            continue  # a headline in capitals ("LEASES JETS"), a company in wire markup
        if _is_known_non_weapon(text, kb) or any(_is_known_non_weapon(doc[k].text, kb) for k in range(i, j)):
            continue
        ent = model_ent_at(doc, i)
        if ent is not None and ent.label_ in ("ORG", "GPE", "NORP", "LOC", "FAC", "DATE", "CARDINAL",
                                                "ORDINAL", "QUANTITY", "MONEY", "TIME", "PERCENT"):
            continue
        if doc[i].is_sent_start or all(doc[k].is_stop for k in range(i, j)):
            continue
        headline = title_case_sentence(doc, i)
        if headline and doc_text(doc).count(text) < 2:
            continue  # "Iran Sends Combat Drones": in a headline, only names the article repeats
        if tok.text[0].isupper() and not tok.is_upper and not headline and tok.i + 1 < len(doc) \
                and not (tok.i + 1 < len(doc) and doc[tok.i + 1].text[:1].isupper() and doc[tok.i + 1].is_alpha):
            j = tok.i + 1  # a capitalised head noun is part of the name: "Naval Strike Missile"
            text = span_text(doc, i, j)
        out.append(Candidate(doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text), text, "Weapon", "", "head_noun"))
        for k in range(i, j):
            taken[k] = True
    return out


def pattern_weapon_spans(doc: Doc, kb: Knowledge, taken: list[bool]) -> list[Candidate]:
    """Designations ("Su-24") and names before a weapon head noun ("Neptune missiles")."""
    out = _designation_spans(doc, kb, taken)
    out += _code_name_spans(doc, kb, taken)
    return out + _head_noun_spans(doc, kb, taken)


def _is_known_non_weapon(text: str, kb: Knowledge) -> bool:
    return bool(kb.country(text) or kb.location(text) or kb.organization(text) or kb.is_honorific(text)
                or kb.weapon_term(text))
