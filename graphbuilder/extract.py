"""Typed mention candidates from a parsed spaCy ``Doc``: the NER stage.

Why this exists: the small spaCy model finds names well but types them badly for our domain
(a city as PERSON, a missile as PERSON or ORG, a designation like "Su-24" as NORP, a typo glued
to an ORG). We keep the model's *boundaries* where they are good and decide *types* with general
means, in this order of trust:

1. the weapons knowledge base (aliases; "context aliases" that are also common words only with a
   weapon cue nearby), military designations (``Su-24``, ``F-16s``, ``M777``) and "NAME + weapon
   head noun" ("Neptune missiles");
2. gazetteers (countries, demonyms, cities and regions, known organizations) over the model's spans;
3. the model's own label, mapped to ours, with repairs (leading articles and misspelt articles
   stripped, possessives dropped);
4. a gap scan for countries, demonyms and known organizations the model missed, including
   hyphen compounds ("U.S.-made", "Paris-based").

Everything here is a pure function of (Doc, Knowledge). Output: ``Candidate`` records with
character offsets into ``doc.text``.

>>> import spacy
>>> from graphbuilder.knowledge import load_knowledge
>>> nlp = spacy.blank("en")
>>> [c.label for c in find_candidates(nlp("They flew F-16s."), load_knowledge())]
['Weapon']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from .knowledge import Knowledge, WeaponEntry
from .patterns import headline_like, title_line_end
from .patterns import load_patterns as _P
from .lexicon import role_of

__all__ = ["Candidate", "find_candidates", "DESIGNATION_RE", "clean_span_text"]


@dataclass(frozen=True)
class Candidate:
    """A typed span before identity resolution. ``ref`` is a knowledge-base key when known."""

    start: int
    end: int
    text: str
    label: str
    ref: str = ""  # "weapon:<slug>", "country:ISO3", "org:<slug>", "location:<slug>" when the KB knows it
    source: str = ""  # which rule produced it (kept for debugging and tests)
    name: str = ""  # the name to resolve when it differs from the text ("Russian Defence Ministry")


#: Military designations: letters, a hyphen, digits, optional suffix ("Su-24", "MiG-29SMT", "F-16s").
DESIGNATION_RE = re.compile(r"^(?P<prefix>[A-Z][A-Za-z]{0,4})-(?P<num>\d{1,4})(?P<suffix>[A-Z]{0,4}\d?)(?:s|'s)?$")
#: Bare model numbers with a one/two-letter prefix ("M777", "M142"): only before a head noun or in the KB.
MODEL_CODE_RE = re.compile(r"^[A-Z]{1,3}\d{2,4}[A-Z]?\d?s?$")

_ARTICLE_RE = re.compile(r"^(?:the|a|an|th|teh|hte|tthe|thhe)$", re.IGNORECASE)
_MODEL_LABELS = {
    "PERSON": "Person", "ORG": "Organization", "GPE": "Location", "LOC": "Location",
    "FAC": "Location", "NORP": "", "PRODUCT": "",
}
_SPAN_BREAKS = frozenset({"(", ")", "<", ">", ":", ";", "[", "]", "=", '"', "|", "{", "}"})
_HYPHEN_SUFFIXES = ("made", "built", "based", "backed", "supplied", "led", "produced", "designed",
                    "manufactured", "owned", "funded", "donated", "provided", "developed")


def clean_span_text(text: str) -> str:
    """Drop a trailing possessive and surrounding quotes/punctuation from a surface form.

    >>> clean_span_text("Russia's")
    'Russia'
    >>> clean_span_text('"Scalp"'), clean_span_text("U.S.")
    ('Scalp', 'U.S.')
    """
    text = text.strip().strip("\"'“”‘’()[],;:").strip()
    if text.endswith(".") and "." not in text[:-1]:
        text = text[:-1]  # a sentence full stop, not an abbreviation like "U.S."
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
            break
    return text.strip()


def _weapon_match(kb: Knowledge, text: str) -> tuple[WeaponEntry | None, bool]:
    """The KB weapon for ``text`` and whether the match is strong (not a common-word alias)."""
    entry = kb.weapon(text)
    if entry is None:
        return None, False
    return entry, not kb.weapon_needs_cue(text)


_MARKUP_RE = re.compile(r"(?:^|&)(?:lt|gt|amp|quot|#\d+);|https?:|www\.")


def _breaks_span(doc: Doc, k: int) -> bool:
    """Tokens no name runs across: brackets, colons, markup, and a dash standing between spaces
    ("AP - Chile's Supreme Court" is a dateline, then a name)."""
    tok = doc[k]
    if tok.text in _SPAN_BREAKS or _MARKUP_RE.search(tok.text):
        return True
    return tok.text in ("-", "\u2013", "\u2014", "--") and bool(tok.whitespace_) and k > 0 \
        and bool(doc[k - 1].whitespace_)


def _doc_text(doc: Doc) -> str:
    text = doc.user_data.get("_gb_text")
    if text is None:
        text = doc.user_data["_gb_text"] = doc.text
    return text


def _span_text(doc: Doc, i: int, j: int) -> str:
    return doc[i:j].text


def _sent_range(doc: Doc, i: int) -> tuple[int, int]:
    """Token bounds of the sentence holding token ``i`` (``Token.sent`` rescans: too slow here)."""
    bounds = doc.user_data.get("_gb_sent_bounds")
    if bounds is None:
        bounds = doc.user_data["_gb_sent_bounds"] = [(s.start, s.end) for s in doc.sents]
    lo, hi = 0, len(bounds) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if bounds[mid][0] <= i:
            lo = mid
        else:
            hi = mid - 1
    return bounds[lo]


def _is_name_token(tok: Token) -> bool:
    return bool(tok.text) and (tok.text[0].isupper() or tok.text[0].isdigit())


def _trim(doc: Doc, i: int, j: int) -> tuple[int, int]:
    """Strip leading articles (also misspelt ones at a sentence start) and trailing possessives."""
    while i < j and (_ARTICLE_RE.match(doc[i].text) and (doc[i].is_lower or doc[i].is_sent_start
                                                          or doc[i].text in ("The", "Th"))):
        i += 1
    while j > i and doc[j - 1].text in ("'s", "’s", "'", "’", "-", ",", ".", "&", "/", "|"):
        j -= 1
    return i, j


def _weapon_cue(doc: Doc, i: int, j: int, kb: Knowledge) -> bool:
    """A weapon head noun right after the span, or a weapon word in the same sentence."""
    if j < len(doc) and kb.weapon_term(doc[j].text) is not None:
        return True
    s, e = _sent_range(doc, i)
    cache = doc.user_data.setdefault("_gb_cue", {})
    if s not in cache:
        cache[s] = any(kb.weapon_term(t.text) is not None or _P().is_weapon_cue(t.lemma_ or t.text)
                       for t in doc[s:e])
    return cache[s]


_WORD_SPLIT = re.compile(r"[\s\-\u2010-\u2014/]+")


@cache
def _weapon_shape(kb: Knowledge) -> tuple[frozenset[str], int]:
    """First words of every weapon form (casefolded) and the longest form in words.

    Lets the scan skip, with one set lookup, every token that cannot start a weapon name.
    """
    firsts, longest = set(), 1
    for label, form, _, _ in kb.surface_forms():
        if label == "Weapon":
            words = [w for w in _WORD_SPLIT.split(form.casefold()) if w]
            if words:
                firsts.add(words[0])
                longest = max(longest, len(form.split()))
    return frozenset(firsts), longest + 1


def _kb_weapon_spans(doc: Doc, kb: Knowledge, taken: list[bool]) -> list[Candidate]:
    """Longest knowledge-base alias match starting at each name-like token."""
    out: list[Candidate] = []
    firsts, max_words = _weapon_shape(kb)
    texts = [t.text for t in doc]
    name_like = [bool(t) and (t[0].isupper() or t[0].isdigit()) for t in texts]
    i, n = 0, len(doc)
    while i < n:
        first = _WORD_SPLIT.split(texts[i].casefold(), maxsplit=1)[0] if name_like[i] else ""
        if not first or first not in firsts:
            i += 1
            continue
        found = None
        for j in range(min(n, i + max_words), i, -1):
            if not name_like[j - 1] and texts[j - 1] not in ("-", "/"):
                continue
            entry, strong = _weapon_match(kb, _span_text(doc, i, j))
            if entry is None or (not strong and not _weak_weapon_ok(doc, i, j, kb)):
                continue
            found = (j, entry)
            break
        if found:
            j, entry = found
            _claim(out, taken, doc, i, j, "Weapon", entry.id, "kb")
            i = j
        else:
            i += 1
    return out


def _claim(out: list[Candidate], taken: list[bool], doc: Doc, i: int, j: int, label: str,
           ref: str, source: str, text: str | None = None) -> None:
    """Record a candidate over tokens ``i:j`` (or the first ``len(text)`` chars) and mark them taken."""
    text = text if text is not None else _span_text(doc, i, j)
    out.append(Candidate(doc[i].idx, doc[i].idx + len(text), text, label, ref, source))
    for k in range(i, j):
        taken[k] = True


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
    if tok.is_lower or not _weapon_cue(doc, i, j, kb):
        return False
    ent = _model_ent_at(doc, i)
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
    return any(_weapon_match(kb, t.text)[0] is not None for t in ent) and all(
        t.is_stop or kb.demonym(t.text) or _weapon_match(kb, t.text)[0] is not None or kb.country(t.text)
        for t in ent
    )


def _model_ent_at(doc: Doc, i: int) -> Span | None:
    """The model's entity covering token ``i`` (an index built once per document)."""
    index = doc.user_data.get("_gb_ent_index")
    if index is None:
        index = doc.user_data["_gb_ent_index"] = {t: ent for ent in doc.ents for t in range(ent.start, ent.end)}
    return index.get(i)


def _pattern_weapon_spans(doc: Doc, kb: Knowledge, taken: list[bool]) -> list[Candidate]:
    """Designations ("Su-24") and names before a weapon head noun ("Neptune missiles")."""
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
            out.append(Candidate(tok.idx, doc[j - 1].idx + len(doc[j - 1].text), _span_text(doc, tok.i, j),
                                 "Weapon", "", "designation"))
            for k in range(tok.i, j):
                taken[k] = True
    # NAME + head noun: walk back over name-like tokens before each head noun
    for tok in doc:
        term = kb.weapon_term(tok.text)
        if term is None or tok.i == 0 or taken[tok.i - 1]:
            continue
        j = tok.i
        i = j
        while i > 0 and not taken[i - 1] and (_is_name_token(doc[i - 1]) or doc[i - 1].text == "-") \
                and not doc[i - 1].is_sent_start and j - i < 4:
            i -= 1
        while i < j and not _is_name_token(doc[i]):
            i += 1
        if i >= j:
            continue
        if any(doc[k].text[0].isdigit() for k in range(i, j)) and all(
                not doc[k].text[0].isalpha() for k in range(i, j)):
            continue  # "300 missiles"
        text = _span_text(doc, i, j)
        if term.weak and not any(DESIGNATION_RE.match(doc[k].text) for k in range(i, j)):
            continue  # "Iron system", "PowerBook G4 battery": weak heads need a designation
        if any(doc[k].is_stop for k in range(i, j)):
            continue  # "Iran Warns Its Missiles"
        if _is_known_non_weapon(text, kb) or any(_is_known_non_weapon(doc[k].text, kb) for k in range(i, j)):
            continue
        ent = _model_ent_at(doc, i)
        if ent is not None and ent.label_ in ("ORG", "GPE", "NORP", "LOC", "FAC", "DATE", "CARDINAL",
                                                "ORDINAL", "QUANTITY", "MONEY", "TIME", "PERCENT"):
            continue
        if doc[i].is_sent_start or all(doc[k].is_stop for k in range(i, j)):
            continue
        out.append(Candidate(doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text), text, "Weapon", "", "head_noun"))
        for k in range(i, j):
            taken[k] = True
    return out


def _is_known_non_weapon(text: str, kb: Knowledge) -> bool:
    return bool(kb.country(text) or kb.location(text) or kb.organization(text) or kb.is_honorific(text)
                or kb.weapon_term(text))


def _title_case_sentence(doc: Doc, i: int) -> bool:
    """A headline-style sentence ("Russia Launches Heavy Air Raid On Kyiv"): model spans are unreliable."""
    s, e = _sent_range(doc, i)
    ls = i
    while ls > s and "\n" not in doc[ls - 1].text_with_ws:
        ls -= 1
    le = i
    while le < e and "\n" not in doc[le].text_with_ws:
        le += 1
    title_end = doc.user_data.get("_gb_title_end")
    if title_end is None:
        title_end = doc.user_data["_gb_title_end"] = title_line_end(doc)
    return headline_like(doc[ls:min(le + 1, e)], first_line=i < title_end)


def _after_role(doc: Doc, i: int, j: int) -> bool:
    """A short capitalised name right after a job title is a person: "Commander Mykola Oleshchuk",
    or in apposition to it: "the Chancellor of Germany, Olaf Scholz,"."""
    if i == 0 or not 2 <= j - i <= 3 or not all(t.is_alpha and t.text[0].isupper() for t in doc[i:j]):
        return False
    if any(_P().is_org_head(t.text) for t in doc[i:j]):
        return False
    if role_of(doc[i - 1].text) is not None:
        return True
    if doc[i - 1].text == "," and (j == len(doc) or doc[j].is_punct):
        s, _ = _sent_range(doc, i)
        return any(role_of(t.text) is not None for t in doc[max(s, i - 6):i - 1])
    return False


def _inside_title(doc: Doc, i: int, j: int) -> bool:
    """A span that is part of a job title ("Defence" in "Defence Minister", "State" in
    "Secretary of State", "Agriculture" in "Agriculture Secretary") is not an organization."""
    if j < len(doc) and role_of(doc[j].text) is not None and all(_P().is_portfolio(t.text) for t in doc[i:j]):
        return True
    for a in range(max(0, i - 3), i + 1):
        for b in range(j, min(len(doc), j + 2) + 1):
            if (a, b) != (i, j) and role_of(doc[a:b].text) is not None:
                return True
    return False


def _classify(text: str, model_label: str, kb: Knowledge, doc: Doc, i: int, j: int) -> tuple[str, str]:
    """Decide our label (and KB ref) for a model span. Returns ("", "") to drop it."""
    country = kb.country(text)
    if country is not None:
        return "Country", country.id
    if model_label in ("ORG", "PERSON") and _P().is_platform(text):
        return "", ""
    if model_label in ("NORP",):
        return "", ""  # "European", "Western", "Soviet": not states
    org = kb.organization(text)
    if org is not None:
        return "Organization", org.id
    loc = kb.location(text)
    if loc is not None:
        return "Location", loc.id
    entry, strong = _weapon_match(kb, text)
    if entry is not None and (strong or _weapon_cue(doc, i, j, kb)):
        return "Weapon", entry.id
    if model_label == "PRODUCT":
        if j < len(doc) and kb.weapon_term(doc[j].text) is not None:
            return "Weapon", ""
        return "", ""
    if model_label == "FAC":
        # seats of government stand for the body they house ("the Elysee Palace")
        if _P().is_seat_head(doc[j - 1].text):
            return "Organization", ""
        return "Location", ""
    if model_label == "ORG" and all(t.is_lower or not t.is_alpha for t in doc[i:j]):
        return "", ""
    if model_label in ("ORG", "PERSON") and _title_case_sentence(doc, i) and (any(
            t.is_stop or t.pos_ in ("VERB", "AUX", "ADV") for t in doc[i:j])
            or _doc_text(doc).count(text) < 2):
        return "", ""  # in a headline, trust only names the article repeats
    if model_label in ("PERSON", "ORG") and i >= 2 and doc[i - 1].lower_ == "of" \
            and _P().is_place_noun(doc[i - 2].lemma_ or doc[i - 2].text):
        return "Location", ""  # "the southern city of Eindhoven"
    if model_label != "PERSON" and _after_role(doc, i, j):
        return "Person", ""
    if model_label == "ORG" and _inside_title(doc, i, j):
        return "", ""
    if model_label == "PERSON" and not any(t.text[:1].isupper() for t in doc[i:j]):
        return "", ""
    return _MODEL_LABELS.get(model_label, ""), ""


def _model_spans(doc: Doc, kb: Knowledge, taken: list[bool]) -> list[Candidate]:
    out: list[Candidate] = []
    for ent in doc.ents:
        if ent.label_ not in _MODEL_LABELS:
            continue
        i, j = ent.start, ent.end
        for k in (2, 1):  # "Black Sea" + "fleet": a known organization the model cut short
            if j + k <= len(doc) and not any(taken[i:j + k]) and all(t.is_alpha for t in doc[j:j + k]) \
                    and kb.organization(_span_text(doc, i, j + k)) is not None:
                j += k
                break
        if ent.label_ == "ORG" and j - i >= 2 and all(_P().is_generic_org_noun(t.text) for t in doc[i + 1:j]) \
                and kb.country(doc[i].text) is not None:
            j = i + 1  # "UK Government" names the country
        # pieces of the span not claimed by a weapon ("the French Scalp" -> "the French"),
        # and never across a line break ("Black Sea Fleet\n\nSEVASTOPOL")
        pieces, k = [], i
        while k < j:
            if taken[k] or "\n" in doc[k].text:
                k += 1
                continue
            s = k
            while k < j and not taken[k] and "\n" not in doc[k].text:
                k += 1
            pieces.append((s, k))
        whole = len(pieces) == 1 and pieces[0] == (i, j)
        for s, e in pieces:
            cut = next((k for k in range(s, e) if _breaks_span(doc, k)), e)
            s, e = _trim(doc, s, cut)  # "Embraer (EMBR4.SA: Quote" -> "Embraer"
            while s < e - 1 and doc[s].is_upper and len(doc[s]) > 2 and kb.location(doc[s].text):
                s += 1  # a dateline glued to the name: "TAIPEI Acer"
            if s >= e:
                continue
            text = clean_span_text(_span_text(doc, s, e))
            if not text:
                continue
            label, ref = _classify(text, ent.label_, kb, doc, s, e)
            if not whole and label not in ("Country", "Organization") or not label:
                continue
            if not whole and label == "Organization" and not ref:
                continue
            if label == "Organization" and _state_body(doc, kb, s, e, out, taken, text, ref, ent.label_):
                continue
            start = doc[s].idx
            out.append(Candidate(start, start + len(text), text, label, ref, "model:" + ent.label_))
            for t in range(s, e):
                taken[t] = True
    return out


def _is_state_body(tokens) -> bool:
    """Words that name a body of any state ("Defence Ministry", "Air Force", "Navy")."""
    words = [t for t in tokens if t.is_alpha]
    return bool(words) and _P().is_state_body(words[-1].lemma_ or words[-1].text) and all(
        _P().is_state_body(t.lemma_ or t.text) or _P().is_portfolio(t.text) or t.is_stop for t in words)


def _state_body(doc: Doc, kb: Knowledge, s: int, e: int, out: list[Candidate], taken: list[bool],
                text: str, ref: str, model_label: str) -> bool:
    """A state's body named with its country: "Russian Defence Ministry", "Ukraine's Air Force".

    The country is a mention of its own (the demonym is how the text names the state), the body
    keeps the qualified name, so "Air Force" of Ukraine and of Russia stay two nodes.
    Returns True when it added the candidates itself.
    """
    for k in (2, 1):  # "North Korean" / "Russian"
        if e - s > k and kb.country(_span_text(doc, s, s + k)) is not None and _is_state_body(doc[s + k:e]):
            country = kb.country(_span_text(doc, s, s + k))
            _claim(out, taken, doc, s, s + k, "Country", country.id, "state_body")
            body = _span_text(doc, s + k, e)
            start = doc[s + k].idx
            out.append(Candidate(start, start + len(body), body, "Organization", ref, "model:" + model_label, text))
            for t in range(s + k, e):
                taken[t] = True
            return True
    if s >= 2 and doc[s - 1].text in ("'s", "’s") and _is_state_body(doc[s:e]) and not ref:
        owner = kb.country(doc[s - 2].text)
        if owner is not None:  # "Ukraine's Air Force": named for its country, the mention stays as written
            start = doc[s].idx
            out.append(Candidate(start, start + len(text), text, "Organization", ref, "model:" + model_label,
                                 f"{(owner.demonyms or (owner.name,))[0]} {text}"))
            for t in range(s, e):
                taken[t] = True
            return True
    return False


@cache
def _gazetteer_firsts(kb: Knowledge) -> frozenset[str]:
    """First words (casefolded) of every country and organization form, "the" skipped."""
    out = set()
    for label, form, _, _ in kb.surface_forms():
        if label in ("Country", "Organization"):
            words = [w for w in _WORD_SPLIT.split(form.casefold()) if w]
            out.update(words[:2] if words and words[0] == "the" else words[:1])
    return frozenset(out)


def _gap_spans(doc: Doc, kb: Knowledge, taken: list[bool]) -> list[Candidate]:
    """Countries, demonyms and known organizations the model did not tag, and hyphen compounds."""
    out: list[Candidate] = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        if taken[i] or not _is_name_token(tok):
            i += 1
            continue
        # hyphen compound inside one token: "U.S.-made"
        if "-" in tok.text:
            head, _, tail = tok.text.rpartition("-")
            if tail.lower() in _HYPHEN_SUFFIXES and head:
                c = kb.country(head)
                if c is not None:
                    out.append(Candidate(tok.idx, tok.idx + len(head), head, "Country", c.id, "hyphen"))
                    taken[i] = True
            i += 1
            continue
        # split compound: "British" "-" "made"
        if i + 2 < n and doc[i + 1].text == "-" and doc[i + 2].lower_ in _HYPHEN_SUFFIXES:
            c = kb.country(tok.text)
            if c is not None:
                out.append(Candidate(tok.idx, tok.idx + len(tok.text), tok.text, "Country", c.id, "hyphen"))
                taken[i] = True
                i += 3
                continue
        found = None
        if _WORD_SPLIT.split(tok.text.casefold(), maxsplit=1)[0] not in _gazetteer_firsts(kb):
            i += 1
            continue
        for j in range(min(n, i + 4), i, -1):
            if any(taken[k] for k in range(i, j)) or not _is_name_token(doc[j - 1]):
                continue
            text = clean_span_text(_span_text(doc, i, j))
            c = kb.country(text)
            if c is not None:
                found = (j, text, "Country", c.id)
                break
            o = kb.organization(text)
            if o is not None and (j - i > 1 or tok.is_upper or not tok.is_sent_start):
                found = (j, text, "Organization", o.id)
                break
        if found:
            j, text, label, ref = found
            _claim(out, taken, doc, i, j, label, ref, "gazetteer", text)
            i = j
        else:
            i += 1
    return out


def find_candidates(doc: Doc, kb: Knowledge) -> list[Candidate]:
    """All typed candidates of ``doc``, non-overlapping, in text order."""
    taken = [False] * len(doc)
    cands = _kb_weapon_spans(doc, kb, taken)
    cands += _pattern_weapon_spans(doc, kb, taken)
    cands += _model_spans(doc, kb, taken)
    cands += _gap_spans(doc, kb, taken)
    for key in ("_gb_sent_bounds", "_gb_cue", "_gb_text", "_gb_title_end", "_gb_ent_index"):
        doc.user_data.pop(key, None)
    cands.sort(key=lambda c: (c.start, -c.end))
    out, last_end = [], -1
    for c in cands:
        if c.start >= last_end:
            out.append(c)
            last_end = c.end
    return out
