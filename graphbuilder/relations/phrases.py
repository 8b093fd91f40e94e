"""Frames a noun phrase states without a trigger word: by its modifiers ("British Storm
Shadow", "Ukraine's F-16s", "U.S. defense company Lockheed Martin", "Russia's Black Sea
fleet"), by a hyphen suffix ("U.S.-made", "Paris-based") or by a relative clause of place.

Why apart from the trigger frames: these are found by walking every mention's own phrase,
not from a trigger word; the words they test (suffixes, unit nouns) are data in
``relation_cues.jsonl``.

>>> import spacy
>>> from spacy.tokens import Doc
>>> doc = Doc(spacy.blank("en").vocab, words=["Hello"])
>>> out = []; modifier_frames(Sentence(doc[0:1], [], {}, "d", out)); out
[]
"""
from __future__ import annotations

import re
from functools import cache

from ..knowledge import load_knowledge, read_rows, words
from ..ner.cues import load_patterns
from ..lexicon import cues, suffixes
from ..model import Entity, Mention
from .context import Sentence
from .syntax import (ENT_LABELS, deps_of, hyphen_suffixed, is_unit, np_mentions, owner_of, pobjs, premods, subject_of,
                     uniq, weapons_in)

__all__ = ["modifier_frames", "located_weapons", "name_frames"]


def modifier_frames(ctx: Sentence) -> None:
    """Relations a noun phrase states by its modifiers: weapon origin, org home and owner."""
    _phrase_modifiers(ctx)
    _hyphen_suffixes(ctx)


def _listed_under(tok, cue) -> list:
    """The noun a weapon is listed under ("Indian jets, including three Rafale", "North Korea's
    missiles, the Hwasong-17"): the listed weapons share that noun's modifiers."""
    out, t = [], tok
    for _ in range(4):
        if t.dep_ in ("appos", "conj") and t.head.i != t.i:
            t = t.head
        elif t.dep_ == "pobj" and t.head.lower_ in cue["example_prep"]:
            t = t.head.head
            while t.dep_ == "prep" or t.lower_ in cue["example_prep"]:
                t = t.head
        else:
            break
        if t.pos_ in ("NOUN", "PROPN"):
            out.append(t)
    return out


def _phrase_heads(ctx: Sentence, m: Mention) -> tuple[list, list, bool]:
    """A mention's phrase heads, the modifier tokens on them, and whether an appositive kind
    noun describes it ("Saab, a Swedish company")."""
    span = ctx.spans[id(m)]
    root = span.root
    lo, hi = sorted((root.i, root.head.i))
    # "Reuters - A U.S. court" (a spaced dash: a dateline) is no phrase; "solid-fuel" is
    joined = not any(t.is_punct and (t.whitespace_ or t.doc[t.i - 1].whitespace_) for t in root.doc[lo + 1:hi])
    # "F-35 jets", "F-16 fighters": a model name the parser hung on its noun as a number or adjective
    glue = ("compound", "nmod", "nummod", "amod") if ctx.label(m) == "Weapon" and root.head.pos_ == "NOUN" \
        else ("compound", "nmod")
    heads = [root] + ([root.head] if root.dep_ in glue and ctx.at(root.head) is None
                      and joined and _kind_of_body(ctx, m, root.head) else [])
    kind_head = root.dep_ == "appos" and root.head.pos_ == "NOUN" and ctx.at(root.head) is None \
        and _kind_of_body(ctx, m, root.head)  # not "U.S. tax software TurboTax": a product
    if kind_head:  # "Turkish defence firm Baykar", "the Norwegian company Kongsberg"
        heads.append(root.head)
    if ctx.label(m) == "Weapon":
        heads += [h for h in _listed_under(heads[-1], cues()) if ctx.at(h) is None]
        if heads[-1].dep_ == "nsubj" and heads[-1].head.lemma_ == "be":  # "The Kinzhal is a Russian missile"
            heads += [a for a in deps_of(heads[-1].head, "attr") if a.pos_ == "NOUN" and ctx.at(a) is None]
    mods, appos_kind = [], kind_head
    for h in heads:
        mods += [c for c in premods(h) if not span.start <= c.i < span.end]
        mods += [p for p in pobjs(h, ("of",)) if h.i != root.i and ctx.at(h) is None]
        for c in deps_of(h, "appos"):  # "Saab, a Swedish company"; not the appositive's own name
            mods += [d for d in premods(c) if ctx.at(c) is None or ctx.at(d) is not ctx.at(c)]
            appos_kind = appos_kind or (c.pos_ == "NOUN" and ctx.at(c) is None)
    return heads, mods, appos_kind


def _phrase_modifiers(ctx: Sentence) -> None:
    for m in ctx.mentions:
        if ctx.label(m) not in ("Weapon", "Organization"):
            continue
        heads, mods, appos_kind = _phrase_heads(ctx, m)
        if ctx.label(m) == "Weapon":
            _domestic(ctx, m, heads)
        for c in uniq(x for x in (ctx.at(t) for t in mods) if x is not None):
            if c is m or ctx.label(c) not in ENT_LABELS or hyphen_suffixed(ctx, c):
                continue
            ctok = ctx.spans[id(c)].root
            owner = ctok.dep_ in ("poss", "pobj") or any(t.dep_ == "case" for t in ctok.children)
            if ctx.label(m) == "Weapon" and _country_of_a_body(ctx, ctok, c):
                continue  # "US Air Force F-15E fighters": the country is the force's, not the jets'
            if ctx.label(m) == "Weapon":
                _weapon_modifier(ctx, m, c, owner)
            else:
                _org_modifier(ctx, m, c, heads, mods, owner or appos_kind)


@cache
def _body_nouns() -> frozenset[str]:
    """Nouns that name a kind of body ("firm", "carrier", "agency", "unit"): a phrase headed by
    one of them is the organization itself ("Turkey's Anadolu news agency")."""
    cue, heads = cues(), load_patterns().org_heads
    return frozenset({w.lower() for w in heads} | cue["unit_org"] | cue["media_org"] | cue["org_kind"]
                     | cue["org_part"] | _part_words())


def _kind_of_body(ctx: Sentence, m: Mention, noun) -> bool:
    """Does the common noun an organization's name modifies still name that organization? "the
    Gazprom unit" does; "the TWA offer", "Peru's Amazon jungle", "China's GATT membership" name
    an offer, a jungle and a membership, so the modifiers on them say nothing of the body."""
    if ctx.label(m) != "Organization" or noun.pos_ != "NOUN":
        return True
    if noun.lemma_.lower() in _body_nouns() or noun.lower_ in _body_nouns():
        return True
    span = ctx.spans[id(m)]  # "Indian Air Force jets", "Philippine Navy personnel": the state's unit
    before = span.doc[span.start - 1] if span.start > ctx.sent.start else None
    return before is not None and before.dep_ == "amod" and ctx.at(before) is not None and is_unit(ctx, m)


def _part_noun(ctx: Sentence, o: Mention, heads) -> bool:
    """Is the organization named as a part of another: its name or its phrase's head is a part
    word ("Pontiac Division", "its Credit Suisse unit", "IDF Spokesperson's Unit"), or an
    apposition says so ("Harmon, a subsidiary")? "Apple's iTunes Music Store" is a shop, and
    "IBJ, Japan Line's largest creditor" a lender: no part."""
    cue = cues()
    part = cue["unit_org"] | cue["org_part"] | _part_words()
    toks = [*ctx.spans[id(o)], *heads]
    toks += [a for h in heads for a in deps_of(h, "appos") if a.pos_ == "NOUN" and ctx.at(a) is None]
    return any(t.lemma_.lower() in part or t.lower_ in part for t in toks)


def _coordinated(ctx: Sentence, o: Mention, c: Mention) -> bool:
    """A conjunction between the two ("the ruling party and Finance Ministry", "Merrill Lynch ...
    and Sears' Dean Witter unit"): the modifier belongs to another conjunct."""
    a, b = ctx.spans[id(o)], ctx.spans[id(c)]
    lo, hi = (a.end, b.start) if a.start < b.start else (b.end, a.start)
    return any(t.dep_ == "cc" or t.pos_ == "CCONJ" for t in ctx.sent.doc[lo:hi])


def _divested(head) -> bool:
    """"sold its Grate division", "had spun off its X unit": the part is no longer one."""
    t = head
    while t.dep_ in ("conj", "appos") and t.head.i != t.i:
        t = t.head
    v = t.head
    return t.dep_ in ("dobj", "nsubjpass") and v.lemma_.lower() in cues()["divest_verb"] and v.tag_ in ("VBD", "VBN")


def _domestic(ctx: Sentence, w: Mention, heads) -> None:
    """"its domestically produced Flamingo missiles": made by the owner of the phrase (a
    possessive, or the subject of the clause), with a production participle and an adverb of
    home production (``domestic_adverb`` in the cues)."""
    cue = cues()
    made = [a for h in heads for a in h.children if a.dep_ in ("amod", "acl") and a.lemma_.lower() in cue["made_lemma"]
            and any(d.lower_ in cue["domestic_adverb"] for d in a.children)]
    if not made:
        return
    owners = [m for h in heads for m in owner_of(ctx, h, {"Country", "Organization"})]
    for o in owners[:1]:
        ctx.emit(w, "PRODUCED_BY", o, "domestic_production")


def _country_of_a_body(ctx: Sentence, ctok, c: Mention) -> bool:
    """The country opens or modifies an organization's name ("US Air Force"), not what follows."""
    if ctx.label(c) != "Country":
        return False
    end = ctx.spans[id(c)].end
    nxt = ctx.at(ctok.doc[end]) if end < len(ctok.doc) else None
    head = ctx.at(ctok.head)
    return any(x is not None and x is not c and ctx.label(x) == "Organization" for x in (head, nxt))


def _weapon_modifier(ctx: Sentence, w: Mention, c: Mention, owner: bool) -> None:
    """"Ukraine's F-16s", "Indian Air Force jets" operate the weapon; "British Storm Shadow",
    "MBDA's Aster" made it; a demonym other than the weapon's known origin operates it."""
    if ctx.label(c) == "Organization":
        if is_unit(ctx, c):
            ctx.emit(c, "OPERATES", w, "weapon_possessor")
        elif ctx.spans[id(c)].root.dep_ != "pobj":
            ctx.emit(w, "PRODUCED_BY", c, "weapon_modifier")
        return
    origin = (ctx.entities.get(w.entity) or Entity("", "", "")).prop("origin")
    cid = ctx.ent(c)[0]
    iso = (ctx.entities.get(cid) or Entity("", "", "")).prop("iso3") or cid.partition(":")[2]
    if owner or (origin and iso and origin != iso):
        ctx.emit(c, "OPERATES", w, "weapon_possessor")
    else:
        ctx.emit(w, "PRODUCED_BY", c, "weapon_modifier")


@cache
def _part_words() -> frozenset[str]:
    """Nouns that make a body part of another ("unit", "division"): the ``noun_part`` frame's."""
    return frozenset(w for r in read_rows("frames.jsonl") if r["frame"] == "noun_part" for w in r["triggers"])


def _of_many_states(ctx: Sentence, o: Mention) -> bool:
    """A body of many states (the knowledge base's kind is in ``multinational_kind``): "Syrian U.N.
    envoy", "EU, Japan win approval" tie the country to someone or something else."""
    ent = ctx.entities.get(o.entity)
    hit = load_knowledge().organization(ent.name if ent is not None else o.text)
    return hit is not None and hit.kind in cues()["multinational_kind"]


def _org_modifier(ctx: Sentence, o: Mention, c: Mention, heads, mods, owned: bool) -> None:
    """"Russia's Black Sea fleet" is PART_OF Russia; "British BAE Systems", "Turkey's Anadolu news
    agency" are BASED_IN their country; a state body ("state news agency") is both."""
    cue = cues()
    if ctx.label(c) == "Country" and _of_many_states(ctx, o):
        return
    span = ctx.spans[id(o)]
    words = {t.lemma_.lower() for t in [*span, *heads, *mods]} | {t.lower_ for t in [*span, *heads, *mods]}
    own = {t.lemma_.lower() for t in [*span, *heads]} | {t.lower_ for t in [*span, *heads]}
    state = bool(words & cue["state_org"])
    unit = bool(own & cue["unit_org"]) and not words & cue["media_org"]  # not "software services giant"
    if ctx.label(c) == "Organization":
        croot = ctx.spans[id(c)].root
        if any(croot in a.subtree for h in heads[1:] for a in deps_of(h, "appos")):
            return  # "Hongkong Bank subsidiaries Wardley Ltd": the apposition names the part
        if _part_noun(ctx, o, heads) and not _coordinated(ctx, o, c) and not _divested(heads[-1]):
            ctx.emit(o, "PART_OF", c, "org_modifier")
        return
    if span.start > ctx.spans[id(c)].start and _coordinated(ctx, o, c):
        return
    kind = any(t.pos_ == "NOUN" and t.dep_ in ("compound", "appos") and ctx.at(t) is None for t in mods)
    direct = ctx.spans[id(c)].root.head.i == span.root.i  # "British BAE Systems", not "Reuters - A U.S. court"
    if not (unit or state or owned or kind or direct):
        return
    if unit or state:
        ctx.emit(o, "PART_OF", c, "org_modifier")
    if not unit or state:
        ctx.emit(o, "BASED_IN", c, "org_modifier")


def _hyphen_suffixes(ctx: Sentence) -> None:
    """"U.S.-made", "Paris-based", "U.S.-supplied": a hyphen suffix right after a mention."""
    for m in ctx.mentions:
        hm = re.match(r"-(\w+)", ctx.doc_text[m.end:m.end + 20])
        if not hm or hm.group(1).lower() not in suffixes() or ctx.label(m) not in ("Country", "Location", "Organization"):
            continue
        tok = ctx.sent.doc.char_span(m.start, m.end, alignment_mode="expand")
        if tok is None:
            continue
        t = tok[-1]
        if t.text.lower().endswith(hm.group(1).lower()) is False and t.i + 2 < len(t.doc):
            t = t.doc[t.i + 2]
        noun = t.head if t.dep_ in ("amod", "compound") else t
        if noun.dep_ == "compound":
            noun = noun.head
        rel = suffixes()[hm.group(1).lower()]
        if rel == "SUPPORTS":
            continue  # "Iran-backed militias": support of a group, which the schema does not record
        if rel == "BASED_IN":
            for o in np_mentions(ctx, noun, {"Organization"}, modifiers=False):
                ctx.emit(o, "BASED_IN", m, "made_based")
            continue
        named = weapons_in(ctx, noun)
        nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        if not named and nxt is not None and ctx.at(nxt) is not None and ctx.label(ctx.at(nxt)) == "Weapon":
            named = [ctx.at(nxt)]  # "U.S.-made ATACMS" whatever the parser attached it to
        if rel == "SUPPLIES":
            _supplied(ctx, m, noun, named)
            continue
        for w in named:
            ctx.emit(w, "PRODUCED_BY", m, "weapon_modifier")
        if not named:
            _made_generic(ctx, m, noun)


def _supplied(ctx: Sentence, supplier: Mention, noun, weapons: list[Mention]) -> None:
    """"Ukraine used U.S.-supplied HIMARS": the user of the supplied weapons received them from
    the supplier; without a user, the one other country of the sentence."""
    user = []
    v = noun.head if noun.dep_ in ("dobj", "nsubjpass") else None
    if v is not None and v.pos_ == "VERB":
        user = [u for u in subject_of(ctx, v, {"Country"}) if ctx.ent(u)[0] != ctx.ent(supplier)[0]]
    if not user:
        others = uniq(c for c in ctx.mentions if ctx.label(c) == "Country" and ctx.ent(c)[0] != ctx.ent(supplier)[0])
        user = others[:1] if len({ctx.ent(c)[0] for c in others}) == 1 else []
    for r in user:
        for w in weapons or [None]:
            ctx.emit(supplier, "SUPPLIES", r, "supplied_modifier", weapon=ctx.ent(w)[0] if w else "")
        for w in weapons:
            ctx.emit(r, "OPERATES", w, "transfer_recipient_operates")


def _made_generic(ctx: Sentence, maker: Mention, noun) -> None:
    """"provide Ukraine the American-made jets" with F-16s named earlier in the sentence: a
    generic weapon noun made by a country stands for the one named weapon of that kind."""
    term = load_knowledge().weapon_term(noun.text)
    if term is None:
        return
    named = uniq(w for w in ctx.mentions if ctx.label(w) == "Weapon")
    if len({w.entity for w in named}) != 1:
        return
    category = (ctx.entities.get(named[0].entity) or Entity("", "", "")).prop("category")
    if category and (category == term.category or term.category in category or category in term.category):
        ctx.emit(named[0], "PRODUCED_BY", maker, "made_generic_single_weapon")


def located_weapons(ctx: Sentence) -> None:
    """"a Su-24 bomber, which is in Ukraine": a weapon located in a country is operated by it."""
    for m in ctx.mentions:
        if ctx.label(m) != "Weapon":
            continue
        root = ctx.spans[id(m)].root
        noun = root.head if root.dep_ == "compound" else root
        for rc in deps_of(noun, "relcl"):
            if rc.lemma_ == "be" and any(c.tag_ in ("WDT", "WP") for c in deps_of(rc, "nsubj")):
                for c in pobjs(rc, ("in",)):
                    for k in np_mentions(ctx, c, {"Country"}):
                        ctx.emit(k, "OPERATES", m, "weapon_located")



def _names_a_body(ctx: Sentence, m: Mention, kb) -> bool:
    """Is the name itself that of a body (a known organization, an organization head word such
    as "Bank" or "Agency", or a legal form such as "Inc")? A country glued to other capitalised
    words ("U.S. Protectionist", "NIGERIAN CURRENCY" in a headline) states nothing."""
    ent = ctx.entities.get(m.entity)
    forms = [m.text, *(ent.aliases if ent is not None else ())]
    if any(kb.organization(f) is not None for f in forms):
        return True
    heads = load_patterns()
    legal = words("company_suffix")
    return any(heads.is_org_head(w) or w.rstrip(",.") in legal or w in legal for f in forms for w in f.split())


def name_frames(ctx: Sentence) -> None:
    """What an organization's own name states: a country at its edge ("Philippine Navy", "US Air
    Force", "StratCom Ukraine": PART_OF for a unit of the state, else BASED_IN), when the document
    names that country."""
    kb = load_knowledge()
    for m in ctx.mentions:
        if ctx.label(m) != "Organization":
            continue
        words = m.text.split()
        for n in range(min(3, len(words) - 1), 0, -1):
            hit = kb.country(" ".join(words[:n])) or kb.country(" ".join(words[-n:]))
            if hit is not None and hit.id in ctx.entities:
                country = (hit.id, "Country")
                unit = is_unit(ctx, m) and not set(w.lower() for w in words) & cues()["media_org"]
                if unit or _names_a_body(ctx, m, kb):
                    ctx.emit(m, "PART_OF" if unit else "BASED_IN", country, "org_name_country")
                break
