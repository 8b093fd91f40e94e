"""The model's entity spans, repaired and typed.

Why: the small model finds names well but types them badly for our domain (a city as PERSON, a
designation as NORP, a typo glued to an ORG). Its *boundaries* are kept where they are good
(leading articles, possessives, brackets and datelines cut off) and its *types* are decided in
this order of trust: the country and organization gazetteers, the location gazetteer, the
weapons knowledge base, then the model's own label mapped to ours with repairs (headlines, job
titles, "the city of X", seats of government).

>>> import spacy
>>> from spacy.tokens import Span
>>> from graphbuilder.knowledge import load_knowledge
>>> doc = spacy.blank("en")("Officials in the Kremlin said so.")
>>> doc.ents = [Span(doc, 2, 4, label="ORG")]
>>> [(c.text, c.label, c.ref) for c in model_spans(doc, load_knowledge(), [False] * len(doc))]
[('Kremlin', 'Organization', 'org:kremlin')]
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..knowledge import Knowledge, words
from ..lexicon import role_of
from ..model import Candidate
from .cues import load_patterns as _P
from .gaps import numbered_unit_end
from .headline import title_case_sentence
from .tokens import breaks_span, claim, clean_span_text, doc_text, sent_range, span_text, trim
from .weapons import code_context, finance_sentence, rating_code, weapon_cue, weapon_match

__all__ = ["MODEL_LABELS", "classify", "model_spans"]

#: The model's labels mapped to ours ("" = typed only by the knowledge base, else dropped).
MODEL_LABELS = {
    "PERSON": "Person", "ORG": "Organization", "GPE": "Location", "LOC": "Location",
    "FAC": "Location", "NORP": "", "PRODUCT": "",
}


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
        s, _ = sent_range(doc, i)
        return any(role_of(t.text) is not None for t in doc[max(s, i - 6):i - 1])
    return False


def _inside_title(doc: Doc, i: int, j: int) -> bool:
    """A span that is part of a job title ("Defence" in "Defence Minister", "State" in
    "Secretary of State", "Agriculture" in "Agriculture Secretary") is not an organization."""
    if j < len(doc) and role_of(doc[j].text) is not None and all(_P().is_portfolio(t.text) for t in doc[i:j]):
        return True
    if i >= 2 and doc[i - 1].lower_ in ("of", "for") and role_of(doc[i - 2].text) is not None \
            and all(_P().is_portfolio(t.text) or t.is_stop for t in doc[i:j]):
        return True  # "Minister of" + "Internal Affairs"
    for a in range(max(0, i - 3), i + 1):
        for b in range(j, min(len(doc), j + 2) + 1):
            if (a, b) != (i, j) and role_of(span_text(doc, a, b)) is not None:
                return True
    return False


def _kb_type(text: str, model_label: str, kb: Knowledge, doc: Doc, i: int, j: int) -> tuple[str, str] | None:
    """The type the knowledge base gives ``text`` (None when it knows nothing; ("", "") drops)."""
    if _generic_plural(text, kb):
        return "", ""  # "UAVs", "American Howitzers": a kind of weapon, never an entity
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
    entry, strong = weapon_match(kb, text)
    if entry is not None and (strong or weapon_cue(doc, i, j, kb) or _made_by_known_org(doc, kb, i)) \
            and code_context(text, doc, i, j, kb):
        return "Weapon", entry.id
    return None


def _generic_plural(text: str, kb: Knowledge) -> bool:
    """A weapon noun alone ("UAV", "UAVs"), or in the plural after a state adjective ("American
    Howitzers"): a kind of weapon, no name."""
    words = text.split()
    if not words or len(words) > 2:
        return False
    term = kb.weapon_term(words[-1])
    if term is None:
        return False
    return len(words) == 1 or words[-1].casefold() == term.plural.casefold() and kb.country(words[0]) is not None


def _honorific_fragment(doc: Doc, kb: Knowledge, i: int, j: int) -> bool:
    """The span and the words after it make an honorific ("Crown" + "Princess")."""
    return any(kb.is_honorific(span_text(doc, i, j + m)) for m in (1, 2) if j + m <= len(doc))


def _honorific_led(doc: Doc, kb: Knowledge, i: int, j: int) -> bool:
    """An honorific of several words, then a capitalised name ("Crown Princess Mary")."""
    return any(kb.is_honorific(span_text(doc, i, k)) and " " in span_text(doc, i, k)
               and all(t.is_title and t.is_alpha for t in doc[k:j]) for k in range(i + 2, j))


def _conjoined_with_person(doc: Doc, i: int, j: int) -> bool:
    """A short capitalised name in a list with a person is a person ("Giorgia Meloni, Olaf
    Scholz and Donald Tusk"): coordination joins things of one kind."""
    if not 2 <= j - i <= 3 or not all(t.is_title and t.is_alpha for t in doc[i:j]) \
            or any(_P().is_org_head(t.text) for t in doc[i:j]):
        return False
    root = doc[i:j].root
    return any(c.ent_type_ == "PERSON" and not i <= c.i < j for c in root.conjuncts)


def _person_looks_like_place(doc: Doc, kb: Knowledge, i: int, j: int) -> tuple[str, str] | None:
    """A one-word "person" that is a place or a thing by its phrase: before a place noun ("the
    Arava area"), joined by "and" to a place ("in Darfur and Gezira"), or after "the" ("the
    Togg model": people take no article)."""
    if j < len(doc) and doc[j].is_lower and _P().is_place_noun(doc[j].lemma_ or doc[j].text):
        return "Location", ""
    tok = doc[i]
    if any(kb.location(t.text) or t.ent_type_ in ("GPE", "LOC") for t in tok.conjuncts):
        return "Location", ""
    if i > 0 and doc[i - 1].lower_ == "the":
        return "", ""
    return None


def _made_by_known_org(doc: Doc, kb: Knowledge, i: int) -> bool:
    """A known organization's possessive before a weapon alias is a cue ("MBDA's Aster")."""
    return i >= 2 and doc[i - 1].tag_ == "POS" and kb.organization(doc[i - 2].text) is not None


def classify(text: str, model_label: str, kb: Knowledge, doc: Doc, i: int, j: int) -> tuple[str, str]:
    """Decide our label (and KB ref) for a model span. Returns ("", "") to drop it."""
    if rating_code(text) and finance_sentence(doc, i):
        return "", ""  # "rates the bonds BBB-plus": a credit rating, no name
    known = _kb_type(text, model_label, kb, doc, i, j)
    if known is not None:
        return known
    if model_label != "PERSON" and _honorific_fragment(doc, kb, i, j):
        return "", ""  # "Crown" of "Crown Princess Mary"
    if model_label != "PERSON" and _honorific_led(doc, kb, i, j):
        return "Person", ""  # "Crown Princess Mary" tagged as a product
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
    if model_label == "ORG" and j - i >= 2 and doc[i + 1].lower_ in ("of", "for") and role_of(doc[i].text):
        return "", ""  # "Minister of Internal ...": a job title, not a body
    if model_label == "ORG" and doc[j - 1].text in words("non_org_head"):
        return "", ""  # "... Modernization Program", "Progress Report": a plan or a document
    if model_label in ("ORG", "PERSON") and title_case_sentence(doc, i) and (any(
            t.is_stop or t.pos_ in ("VERB", "AUX", "ADV") for t in doc[i:j])
            or doc_text(doc).count(text) < 2):
        return "", ""  # in a headline, trust only names the article repeats
    if model_label in ("PERSON", "ORG") and i >= 2 and doc[i - 1].lower_ == "of" \
            and _P().is_place_noun(doc[i - 2].lemma_ or doc[i - 2].text):
        return "Location", ""  # "the southern city of Eindhoven"
    if model_label == "PERSON" and j - i == 1:
        place = _person_looks_like_place(doc, kb, i, j)
        if place is not None:
            return place
    if model_label == "ORG" and _conjoined_with_person(doc, i, j):
        return "Person", ""
    if model_label != "PERSON" and _after_role(doc, i, j):
        return "Person", ""
    if model_label == "ORG" and _inside_title(doc, i, j):
        return "", ""
    if model_label == "PERSON" and not any(t.text[:1].isupper() for t in doc[i:j]):
        return "", ""
    return MODEL_LABELS.get(model_label, ""), ""


def _extend_end(doc: Doc, kb: Knowledge, taken: list[bool], i: int, j: int, label: str) -> int:
    """Where the model's span really ends: "Black Sea" + "fleet" is a known organization the
    model cut short; "UK Government" names the country."""
    for k in (2, 1):
        if j + k <= len(doc) and not any(taken[i:j + k]) and all(t.is_alpha for t in doc[j:j + k]) \
                and kb.organization(span_text(doc, i, j + k)) is not None:
            j += k
            break
    a = i + 1 if _P().is_article(doc[i].text) and j - i >= 3 else i  # "The Australian Government"
    if label == "ORG" and j - a >= 2 and all(_P().is_generic_org_noun(t.text) for t in doc[a + 1:j]) \
            and kb.country(doc[a].text) is not None:
        j = a + 1
    pos = j - 1 if doc[j - 1].tag_ == "POS" else j
    if label in ("ORG", "FAC") and pos + 1 < len(doc) and pos > i and doc[pos].tag_ == "POS" and _plural_owner(doc[pos - 1]):
        k = pos + 1
        while k < len(doc) and doc[k].is_title and not taken[k]:
            k += 1
        j = k if k > pos + 1 else j  # "National Children" + "'s Specialised Hospital"
    for m in (1, 2):  # "Crown" + "Princess Mary": an honorific the model cut, then the name
        if label != "PERSON" and j + m < len(doc) and kb.is_honorific(span_text(doc, i, j + m)):
            k = j + m
            while k < len(doc) and k - (j + m) < 3 and doc[k].is_title and doc[k].is_alpha and not taken[k]:
                k += 1
            if k > j + m:
                return k
    if label == "PERSON" and j + 1 < len(doc) and doc[j].text == "-" and not doc[j - 1].whitespace_ \
            and not doc[j].whitespace_ and doc[j + 1].is_alpha and not any(taken[j:j + 2]):
        j += 2  # a hyphenated given name the model cut: "Park Sun" + "-won"
    return j


def _pieces(doc: Doc, taken: list[bool], i: int, j: int) -> list[tuple[int, int]]:
    """Pieces of the span not claimed by a weapon ("the French Scalp" -> "the French"), and
    never across a line break ("Black Sea Fleet\\n\\nSEVASTOPOL")."""
    pieces, k = [], i
    while k < j:
        if taken[k] or "\n" in doc[k].text:
            k += 1
            continue
        s = k
        while k < j and not taken[k] and "\n" not in doc[k].text:
            k += 1
        pieces.append((s, k))
    return pieces


def _role_tail(doc: Doc, s: int, e: int) -> int:
    """Where a job title glued to the end of a name starts ("Pentagon Press Secretary",
    "Embraer Defense & Security President and CEO", "Swiss Economics" before "Minister"), else
    ``e``. The title may run a word or two past the span, may be several joined by "and" / "&",
    and may open with portfolio words ("Transport Minister"); portfolio words that name a state
    body stay with the name ("Swedish Air Force" + "Commander")."""
    for k in range(s + 1, e):
        for m in (0, 1, 2):
            end = e + m
            if end > len(doc) or m and not all(t.is_alpha for t in doc[e:end]):
                break
            parts, part = [], []
            for t in doc[k:end]:
                if t.lower_ in ("and", "&", ","):
                    parts.append(part)
                    part = []
                else:
                    part.append(t)
            parts.append(part)
            after_conj = doc[k - 1].lower_ in ("and", "&", ",")
            starts = [_title_start(p, strip=n == 0 and not after_conj) if p else None for n, p in enumerate(parts)]
            if all(x is not None for x in starts):
                first = parts[0]
                keep = next((h for h in range(1, len(first)) if _is_state_body(first[:h])
                             and _title_start(first[h:], strip=False) == 0), 0)
                return k + keep
    return e


def _title_start(tokens, strip: bool = True) -> int | None:
    """Index in ``tokens`` where the job title proper starts (after portfolio words), or None."""
    words = [t.text for t in tokens]
    n = 0
    while strip and len(words) - n > 1 and _P().is_portfolio(words[n]):
        n += 1
    if role_of(" ".join(words)) is not None:
        return 0
    return n if n and role_of(" ".join(words[n:])) is not None else None


def _plural_owner(tok) -> bool:
    """A plural common noun before a possessive owns the rest of one name ("Children's")."""
    return tok.tag_ in ("NNS", "NNPS") and tok.lemma_.lower() != tok.lower_ or tok.lower_ in words("plural_owner")


def _possessive_cut(doc: Doc, kb: Knowledge, s: int, e: int) -> int | None:
    """The possessive inside a span that joins two names ("Iraq's Defense Ministry", "MBDA's
    Aster", "the Philippine Navy's Fleet Command"): the owner is a state, a known organization or
    a state's body. Any other possessive is inside one name ("Moody's Investors Service",
    "People's Liberation Army", "National Children's Hospital")."""
    if kb.organization(span_text(doc, s, e)) is not None:
        return None
    for k in range(s + 1, e - 1):
        if doc[k].text in ("'s", "\u2019s", "'", "\u2019") and (doc[k].tag_ == "POS" or doc[k - 1].text.endswith(
                "s") and doc[k].text in ("'", "\u2019") and doc[k + 1].is_title):
            owner = span_text(doc, s, k)
            if kb.country(owner) is not None or kb.organization(owner) is not None or (
                    k - s > 1 and kb.country(doc[s].text) is not None and _is_state_body(doc[s + 1:k])):
                return k  # a state, a known body, or a state's body owns a second name
            return None  # "Moody's Investors Service", "Children's Hospital": one name
    return None


def _rank_before_name(doc: Doc, kb: Knowledge, k: int) -> bool:
    """Token ``k`` is an abbreviated rank or title ("Sgt", "Lt", "Gen": listed with their full
    stop) whose full stop follows, then a capitalised word: it opens the name after it."""
    return k + 2 < len(doc) and doc[k + 1].text == "." and not doc[k].whitespace_ \
        and kb.is_honorific(doc[k].text + ".") and doc[k + 2].text[:1].isupper()


def _reshape(doc: Doc, kb: Knowledge, taken: list[bool], s: int, e: int) -> list[tuple[int, int]]:
    """Repair a model span before typing it: trailing function words ("Peshmerga with") and job
    titles go; a possessive that joins two names splits it; a state adjective glued to a known
    organization ("British BAE Systems") becomes a mention of its own."""
    while e - s > 1 and doc[e - 1].is_lower and doc[e - 1].is_stop:
        e -= 1
    while e > s and _rank_before_name(doc, kb, e - 1):
        e -= 1  # "U.S. Army Sgt" + ". John Miller", "Ukrainian Lt" + ". Gen. Serhiy ...": the name follows
    if e == s:
        return []
    if e - s > 1 and doc[s].text in words("non_state_adjective") and kb.organization(span_text(doc, s, e)) is None \
            and not (e - s == 2 and _P().is_org_head(doc[s + 1].text)):
        s += 1  # "Kurdish Peshmerga": the adjective names no state and is no part of the name
    for k in range(s + 1, e - 1):
        if kb.country(doc[k].text) is not None and kb.demonym(doc[k].text) is None \
                and (kb.location(span_text(doc, s, k)) or kb.country(span_text(doc, s, k))):
            return [(s, k), (k, k + 1)]  # "Kyiv Germany Moves ...": names run together, the rest is a headline
    e = _role_tail(doc, s, e)
    k = _possessive_cut(doc, kb, s, e)
    if k is not None:
        return [(s, k), (k + 1, e)]
    for n in (2, 1):
        if e - s > n and kb.country(span_text(doc, s, s + n)) is not None \
                and kb.organization(span_text(doc, s, e)) is None \
                and kb.organization(span_text(doc, s + n, e)) is not None and not _is_state_body(doc[s + n:e]):
            return [(s, s + n), (s + n, e)]
    return [(s, e)]


def model_spans(doc: Doc, kb: Knowledge, taken: list[bool]) -> list[Candidate]:
    """Typed candidates from the model's entities, over tokens not claimed yet."""
    out: list[Candidate] = []
    for ent in doc.ents:
        if ent.label_ not in MODEL_LABELS:
            continue
        if len(ent) == 1 and _P().is_hyphen_suffix(ent.text.rpartition("-")[2]) and "-" in ent.text:
            continue  # "U.S.-made" as one token: the gap scan finds the country inside it
        i = ent.start - 1 if _numbered_unit(doc, taken, ent) else ent.start
        j = _extend_end(doc, kb, taken, i, ent.end, ent.label_)
        model_label = "ORG" if any(t.ent_type_ == "ORG" for t in doc[ent.end:j]) else ent.label_
        pieces = _pieces(doc, taken, i, j)
        whole = len(pieces) == 1 and pieces[0] == (i, j)
        shaped = []
        for s, e in pieces:
            cut = next((k for k in range(s, e) if breaks_span(doc, k)), e)
            s, e = trim(doc, s, cut)  # "Embraer (EMBR4.SA: Quote" -> "Embraer"
            while s < e - 1 and doc[s].is_upper and len(doc[s]) > 2 and kb.location(doc[s].text):
                s += 1  # a dateline glued to the name: "TAIPEI Acer"
            if s < e:
                shaped += [trim(doc, a, b) for a, b in _reshape(doc, kb, taken, s, e)]
        for s, e in shaped:
            if s >= e:
                continue
            text = clean_span_text(span_text(doc, s, e))
            if not text:
                continue
            label, ref = classify(text, model_label, kb, doc, s, e)
            if not whole and label not in ("Country", "Organization") or not label:
                continue
            if not whole and label == "Organization" and not ref:
                continue
            if label == "Organization" and _state_body(doc, kb, s, e, out, taken, text, ref, model_label):
                continue
            start = doc[s].idx
            out.append(Candidate(start, start + len(text), text, label, ref, "model:" + model_label))
            for t in range(s, e):
                taken[t] = True
    return out


def _numbered_unit(doc: Doc, taken: list[bool], ent) -> bool:
    """The model's unit name lacks its number: "47th" + "Mechanized Brigade", "82nd" +
    "Airborne Division". The number is the name (every army has a "Mechanized Brigade")."""
    i = ent.start
    return ent.label_ == "ORG" and i > 0 and not taken[i - 1] and numbered_unit_end(doc, taken, i - 1) == ent.end


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
        if e - s > k and kb.country(span_text(doc, s, s + k)) is not None and _is_state_body(doc[s + k:e]):
            country = kb.country(span_text(doc, s, s + k))
            claim(out, taken, doc, s, s + k, "Country", country.id, "state_body")
            body = span_text(doc, s + k, e)
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
