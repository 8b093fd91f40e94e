"""The relation frames: each way a text states a relation, registered under its name.

Why a registry: a frame's name is what ``Relation.rule`` records, so an audited relation
points back at the one function (and the data rows) that produced it.

>>> sorted(FRAMES.get_all())[:2]
['noun_attack', 'noun_meet']
"""
from __future__ import annotations

import re

import catalogue

from ..knowledge import load_knowledge
from ..lexicon import RULE_CONFIDENCE, cues, suffixes, triggers
from ..model import Entity, Mention
from .context import Sentence
from .syntax import (ENT_LABELS, NP_MOD_DEPS, bfs_mentions, deps_of, is_passive, np_mentions, np_top,
                     objects_of, owner_of, pobjs, premods, subject_of, uniq, weapons_in)

__all__ = ["FRAMES", "modifier_frames", "located_weapons"]

FRAMES = catalogue.create("graphbuilder", "frames")


@FRAMES.register("sentence_modifiers")
def modifier_frames(ctx: Sentence) -> None:
    """Relations a noun phrase states by its modifiers: weapon origin, org home and owner."""
    cue = cues()
    for m in ctx.mentions:
        label = ctx.label(m)
        if label not in ("Weapon", "Organization"):
            continue
        span = ctx.spans[id(m)]
        root = span.root
        heads = [root] + ([root.head] if root.dep_ == "compound" else [])
        mods, appos_kind = [], False
        for h in heads:
            mods += [c for c in premods(h) if c.i < span.start]
            for c in deps_of(h, "appos"):  # "Saab, a Swedish company"
                mods += [d for d in premods(c)]
                appos_kind = appos_kind or (c.pos_ == "NOUN" and ctx.at(c) is None)
        for c in uniq(x for x in (ctx.at(t) for t in mods) if x is not None):
            if c is m or ctx.label(c) not in ENT_LABELS:
                continue
            ctok = ctx.spans[id(c)].root
            poss = ctok.dep_ == "poss" or any(t.dep_ == "case" for t in ctok.children)
            if label == "Weapon":
                origin = (ctx.entities.get(m.entity) or Entity("", "", "")).prop("origin")
                cid = ctx.ent(c)[0]
                iso = (ctx.entities.get(cid) or Entity("", "", "")).prop("iso3") or cid.partition(":")[2]
                if poss and ctx.label(c) == "Country" or (origin and iso and origin != iso):
                    ctx.emit(c, "OPERATES", m, "weapon_possessor")
                else:
                    ctx.emit(m, "PRODUCED_BY", c, "weapon_modifier")
            else:
                words = {t.lemma_.lower() for t in span} | {t.lower_ for t in span}
                words |= {t.lemma_.lower() for h in heads for t in [h]}
                unit = bool(words & cue["unit_org"])
                kind = appos_kind or any(t.pos_ == "NOUN" and t.dep_ in ("compound", "appos") and ctx.at(t) is None
                                         for t in mods)
                if not (unit or poss or kind):
                    continue  # a bare adjective ("military-linked") is too weak for BASED_IN
                ctx.emit(m, "PART_OF" if unit or (poss and ctx.label(c) == "Organization") else
                         ("PART_OF" if poss and unit else "BASED_IN"), c, "org_modifier")
    for m in ctx.mentions:
        label = ctx.label(m)
        # "U.S.-made", "Paris-based": a hyphen suffix right after a mention
        tail = ctx.doc_text[m.end:m.end + 20]
        hm = re.match(r"-(\w+)", tail)
        if hm and hm.group(1).lower() in suffixes() and label in ("Country", "Location", "Organization"):
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
            if rel == "PRODUCED_BY":
                named = weapons_in(ctx, noun)
                nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
                if not named and nxt is not None and ctx.at(nxt) is not None and ctx.label(ctx.at(nxt)) == "Weapon":
                    named = [ctx.at(nxt)]  # "U.S.-made ATACMS" whatever the parser attached it to
                for w in named:
                    ctx.emit(w, "PRODUCED_BY", m, "weapon_modifier")
                if not named:
                    _made_generic(ctx, m, noun)
            elif rel == "BASED_IN":
                for o in np_mentions(ctx, noun, {"Organization"}, modifiers=False):
                    ctx.emit(o, "BASED_IN", m, "verb_base")


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


def _member_rules(ctx: Sentence, tok) -> None:
    orgs = [m for c in premods(tok) for m in [ctx.at(c)] if m is not None and ctx.label(m) == "Organization"]
    for p in pobjs(tok, ("of",)):
        orgs += np_mentions(ctx, p, {"Organization"}, modifiers=False)
    if not orgs:
        return
    countries = []
    if tok.dep_ in ("compound", "appos", "nmod"):
        countries += np_mentions(ctx, tok.head, {"Country"}, modifiers=False)
    for c in deps_of(tok, "appos"):
        countries += np_mentions(ctx, c, {"Country"}, modifiers=False)
    if tok.dep_ == "attr":
        for s in deps_of(tok.head, "nsubj"):
            countries += np_mentions(ctx, s, {"Country"}, modifiers=False)
    for p in pobjs(tok, ("such", "including", "like")):
        countries += np_mentions(ctx, p, {"Country"}, modifiers=False)
    for c in uniq(countries):
        for o in orgs[:1]:
            ctx.emit(c, "MEMBER_OF", o, "member_noun")


@FRAMES.register("verb_transfer")
def verb_transfer(ctx: Sentence, v, row: dict) -> None:
    frame, lemma = row["frame"], v.lemma_.lower()
    CO, P = ENT_LABELS, {"Person"}
    CTRY = {"Country"}
    objs = objects_of(ctx, v)
    agents = subject_of(ctx, v, CO)
    if not agents and v.dep_ in ("acl", "amod"):  # "French military equipment donated to Kyiv"
        agents = [m for c in premods(v.head) for m in [ctx.at(c)] if m is not None and ctx.label(m) in CO]
    recips = [m for o in objs for m in np_mentions(ctx, o, CTRY, modifiers=False) if o.dep_ in ("dobj", "dative")]
    recips += [m for p in pobjs(v, ("to", "for")) for m in np_mentions(ctx, p, CTRY)]
    themes = [o for o in objs if not np_mentions(ctx, o, CTRY, modifiers=False) or o.dep_ in ("nsubjpass",)]
    themes += pobjs(v, ("with",))
    weapons = uniq(w for o in themes for w in weapons_in(ctx, o))
    generic = any(o.lemma_.lower() in cues()["generic_weapon"] | {"aid", "assistance", "package", "support"}
                  for o in themes)
    if not weapons and not generic and themes:
        return
    rule = "verb_transfer"
    if not recips and agents and weapons and v.dep_ in ("relcl", "acl"):
        # "Moldova fired NASAMS missiles, which are supplied by Norway": the user received them
        gv = np_top(v.head).head
        while gv.dep_ == "prep" or gv.pos_ == "ADP":
            gv = gv.head
        if gv.pos_ == "VERB" and (gv.lemma_.lower(), "VERB") in triggers() and any(
                r["frame"] == "use" for r in triggers()[(gv.lemma_.lower(), "VERB")]):
            recips = [m for m in subject_of(ctx, gv, CTRY) if m not in agents]
            rule = "transfer_implied_recipient" if recips else rule
    if not recips and agents and weapons:
        others = uniq(m for m in ctx.mentions if ctx.label(m) == "Country"
                       and ctx.ent(m)[0] not in {ctx.ent(a)[0] for a in agents})
        if len({ctx.ent(m)[0] for m in others}) == 1:
            recips, rule = others[:1], "transfer_implied_recipient"
    for a in agents:
        for r in recips:
            for w in weapons or [None]:
                ctx.emit(a, "SUPPLIES", r, rule, weapon=ctx.ent(w)[0] if w else "")
    gov = [x for x in triggers().get((v.head.lemma_.lower(), "VERB"), []) if v.dep_ == "xcomp"]
    realised = row.get("recipient_operates", True) and all(x.get("recipient_operates", True) for x in gov)
    for r in recips if realised else []:
        for w in weapons:
            ctx.emit(r, "OPERATES", w, "transfer_recipient_operates",
                     conf=min(RULE_CONFIDENCE[rule], RULE_CONFIDENCE["transfer_recipient_operates"]))


@FRAMES.register("verb_use")
def verb_use(ctx: Sentence, v, row: dict) -> None:
    frame, lemma = row["frame"], v.lemma_.lower()
    CO, P = ENT_LABELS, {"Person"}
    CTRY = {"Country"}
    objs = objects_of(ctx, v)
    if lemma == "shoot" and any(c.dep_ == "prt" and c.lower_ == "down" for c in v.children):
        return  # interception: the shooter's own weapon is not named
    agents = subject_of(ctx, v, CO)
    weapons = uniq(w for o in objs for w in weapons_in(ctx, o))
    weapons += [w for p in pobjs(v, ("with",)) for w in weapons_in(ctx, p)]
    for a in agents:
        for w in weapons:
            ctx.emit(a, "OPERATES", w, "verb_use")
    if row.get("also") == "ATTACKED" or lemma in ("fire", "launch", "shoot"):
        tg = [m for p in pobjs(v, ("at", "on", "into", "against")) for m in bfs_mentions(ctx, p, CO)]
        for a in agents:
            for t in tg:
                ctx.emit(a, "ATTACKED", t, "fire_at")


@FRAMES.register("verb_attack")
def verb_attack(ctx: Sentence, v, row: dict) -> None:
    frame, lemma = row["frame"], v.lemma_.lower()
    CO, P = ENT_LABELS, {"Person"}
    CTRY = {"Country"}
    objs = objects_of(ctx, v)
    agents = subject_of(ctx, v, CO)
    tg = [m for o in objs if o.dep_ in ("dobj", "nsubjpass") for m in bfs_mentions(ctx, o, CO)]
    tg += [m for p in pobjs(v, ("on", "at", "against", "into", "in")) if p.head.lower_ != "in" or not tg
           for m in bfs_mentions(ctx, p, CO)]
    for a in agents:
        for t in uniq(tg):
            ctx.emit(a, "ATTACKED", t, "verb_attack")


@FRAMES.register("verb_support")
def verb_support(ctx: Sentence, v, row: dict) -> None:
    frame, lemma = row["frame"], v.lemma_.lower()
    CO, P = ENT_LABELS, {"Person"}
    CTRY = {"Country"}
    objs = objects_of(ctx, v)
    agents = subject_of(ctx, v, CO | P)
    tg = [m for o in objs if o.dep_ == "dobj" for m in np_mentions(ctx, o, CTRY)]
    for a in agents:
        for t in tg:
            ctx.emit(a, "SUPPORTS", t, "verb_support")


@FRAMES.register("verb_meet")
def verb_meet(ctx: Sentence, v, row: dict) -> None:
    frame, lemma = row["frame"], v.lemma_.lower()
    CO, P = ENT_LABELS, {"Person"}
    CTRY = {"Country"}
    objs = objects_of(ctx, v)
    hosts = subject_of(ctx, v, P)
    for a in deps_of(v, "prep", "advmod"):  # "received by X along with Y"
        if a.lower_ == "along":
            hosts += [m for p in pobjs(a, ("with",)) for m in np_mentions(ctx, p, P, modifiers=False)]
    guests = [m for o in objs for m in np_mentions(ctx, o, P, modifiers=False)]
    guests += [m for p in pobjs(v, ("with",)) for m in np_mentions(ctx, p, P, modifiers=False)]
    if lemma == "receive" and not guests:
        return
    pairs = [(h, g) for h in hosts for g in guests]
    if not guests and lemma == "meet":
        pairs = [(a, b) for i, a in enumerate(hosts) for b in hosts[i + 1:]]
    for a, b in pairs:
        ctx.emit(a, "MET_WITH", b, "verb_meet")
    if lemma in ("receive", "host", "welcome"):
        places = [m for t in v.subtree if t.dep_ == "prep" and t.lower_ in ("in", "at")
                  for p in deps_of(t, "pobj") for m in bfs_mentions(ctx, p, CTRY)]
        for g in guests:
            for pl in places[:1]:
                ctx.emit(g, "VISITED", pl, "meet_place_visit")


@FRAMES.register("verb_visit")
def verb_visit(ctx: Sentence, v, row: dict) -> None:
    frame, lemma = row["frame"], v.lemma_.lower()
    CO, P = ENT_LABELS, {"Person"}
    CTRY = {"Country"}
    objs = objects_of(ctx, v)
    who = subject_of(ctx, v, P)
    where = [m for o in objs if o.dep_ == "dobj" for m in bfs_mentions(ctx, o, CTRY)]
    if lemma != "visit":
        where += [m for p in pobjs(v, ("to", "in")) for m in bfs_mentions(ctx, p, CTRY)]
    for w in who:
        for c in where[:1]:
            ctx.emit(w, "VISITED", c, "verb_visit")


@FRAMES.register("verb_produce")
def verb_produce(ctx: Sentence, v, row: dict) -> None:
    frame, lemma = row["frame"], v.lemma_.lower()
    CO, P = ENT_LABELS, {"Person"}
    CTRY = {"Country"}
    objs = objects_of(ctx, v)
    makers = subject_of(ctx, v, CO)
    themes = [o for o in objs]
    weapons = uniq(w for o in themes for w in weapons_in(ctx, o))
    rule = "verb_produce"
    if not weapons and any(o.lemma_.lower() in cues()["generic_weapon"] for o in themes):
        every = uniq(m for m in ctx.mentions if ctx.label(m) == "Weapon")
        if len({m.entity for m in every}) == 1:
            weapons, rule = every[:1], "produce_single_weapon"
    for w in weapons:
        for mk in makers:
            ctx.emit(w, "PRODUCED_BY", mk, rule)


@FRAMES.register("verb_own")
def verb_own(ctx: Sentence, v, row: dict) -> None:
    frame, lemma = row["frame"], v.lemma_.lower()
    CO, P = ENT_LABELS, {"Person"}
    CTRY = {"Country"}
    objs = objects_of(ctx, v)
    if lemma == "belong":
        whose = [d for s in deps_of(v, "nsubj") for d in s.children if d.lower_ == "whose"]
        owned = _ancestor_mentions(ctx, v, {"Organization"})
        if whose and not owned:  # else the antecedent of "whose": the nearest org before it
            before = [m for m in ctx.mentions if m.end <= whose[0].idx and ctx.label(m) == "Organization"]
            owned = before[-1:]
        owners = [m for p in pobjs(v, ("to",)) for m in np_mentions(ctx, p, CO)]
    elif is_passive(v):
        owned = [m for o in objs for m in np_mentions(ctx, o, {"Organization"}, modifiers=False)]
        owners = subject_of(ctx, v, CO)
    else:
        owners = subject_of(ctx, v, CO)
        owned = [m for o in objs for m in np_mentions(ctx, o, {"Organization"}, modifiers=False)]
    for o in owned[:1]:
        for w in owners:
            ctx.emit(o, "PART_OF", w, "verb_own")


@FRAMES.register("verb_join")
def verb_join(ctx: Sentence, v, row: dict) -> None:
    frame, lemma = row["frame"], v.lemma_.lower()
    CO, P = ENT_LABELS, {"Person"}
    CTRY = {"Country"}
    objs = objects_of(ctx, v)
    for c in subject_of(ctx, v, CTRY):
        for o in [m for ob in objs for m in np_mentions(ctx, ob, {"Organization"}, modifiers=False)]:
            ctx.emit(c, "MEMBER_OF", o, "verb_join")


@FRAMES.register("verb_base")
def verb_base(ctx: Sentence, v, row: dict) -> None:
    frame, lemma = row["frame"], v.lemma_.lower()
    CO, P = ENT_LABELS, {"Person"}
    CTRY = {"Country"}
    objs = objects_of(ctx, v)
    orgs = [m for o in objs for m in np_mentions(ctx, o, {"Organization"}, modifiers=False)]
    where = [m for p in pobjs(v, ("in",)) for m in bfs_mentions(ctx, p, CTRY)]
    for o in orgs:
        for w in where[:1]:
            ctx.emit(o, "BASED_IN", w, "verb_base")


def _ancestor_mentions(ctx: Sentence, tok, labels) -> list[Mention]:
    t = tok
    while t.head.i != t.i:
        t = t.head
        m = ctx.at(t)
        if m is not None and ctx.label(m) in labels:
            return [m]
    return []


def _visit_np_people(ctx: Sentence, n) -> list[Mention]:
    """Persons inside the visit noun phrase itself ("the visit to France of the Prime Minister of the
    United Kingdom, Keir Starmer"), however the parser attached the "of" phrase: no verb and no
    "with" phrase may stand between the person and the noun (those name hosts or other actors)."""
    found = []
    for tok in n.subtree:
        m = ctx.at(tok)
        if m is None or ctx.label(m) != "Person":
            continue
        cur, ok = tok, True
        while cur.i != n.i and ok:
            cur = cur.head
            ok = cur.pos_ not in ("VERB", "AUX") and cur.lower_ not in ("with", "between", "by")
            if cur.head.i == cur.i and cur.i != n.i:
                ok = False
        if ok:
            found.append(m)
    return found


@FRAMES.register("noun_attack")
def noun_attack(ctx: Sentence, n, row: dict) -> None:
    frame = row["frame"]
    CO, P, CTRY = ENT_LABELS, {"Person"}, {"Country"}
    tg = [m for p in pobjs(n, ("on", "against", "in", "into", "of", "at")) for m in bfs_mentions(ctx, p, CO)]
    agents = [m for c in premods(n) for m in [ctx.at(c)] if m is not None and ctx.label(m) in CO]
    if not agents and n.dep_ in ("dobj",) and n.head.lemma_.lower() in ("launch", "carry", "conduct", "wage", "mount"):
        agents = subject_of(ctx, n.head, CO)
    agents = [a for a in agents if a not in tg]
    for a in agents[-1:]:
        for t in tg[:1]:
            ctx.emit(a, "ATTACKED", t, "noun_attack")


@FRAMES.register("noun_support")
def noun_support(ctx: Sentence, n, row: dict) -> None:
    frame = row["frame"]
    CO, P, CTRY = ENT_LABELS, {"Person"}, {"Country"}
    tg = [m for p in pobjs(n, ("for", "to", "of")) for m in np_mentions(ctx, p, CTRY)]
    if not tg:
        return
    agents = owner_of(ctx, n, CO | P)
    for a in agents:
        for t in tg:
            ctx.emit(a, "SUPPORTS", t, "noun_support")


@FRAMES.register("noun_transfer")
def noun_transfer(ctx: Sentence, n, row: dict) -> None:
    frame = row["frame"]
    CO, P, CTRY = ENT_LABELS, {"Person"}, {"Country"}
    named = uniq(w for t in n.subtree for w in [ctx.at(t)] if w is not None and ctx.label(w) == "Weapon")
    if not named and not any(c.lemma_.lower() in ("military", "weapon", "arm", "defense", "defence", "security")
                             for c in premods(n)) and n.lemma_.lower() in ("aid", "package"):
        return  # "aid" alone may be humanitarian; a package that names weapons is not
    # the recipient anywhere in the phrase: "a package including ... missiles for Ukraine"
    tg = uniq(m for t in n.subtree if t.dep_ == "prep" and t.lower_ in ("to", "for")
              for p in deps_of(t, "pobj") for m in np_mentions(ctx, p, CTRY))
    agents = [m for c in premods(n) for m in [ctx.at(c)] if m is not None and ctx.label(m) in CO]
    if not agents and n.dep_ == "dobj" and n.head.lemma_.lower() in cues()["announce_verb"]:
        agents = subject_of(ctx, n.head, CO)  # "The Pentagon announced a package ... for Ukraine"
    for a in agents[-1:]:
        for t in tg:
            for w in named or [None]:
                ctx.emit(a, "SUPPLIES", t, "verb_transfer", conf=0.7, weapon=ctx.ent(w)[0] if w else "")


@FRAMES.register("noun_visit")
def noun_visit(ctx: Sentence, n, row: dict) -> None:
    frame = row["frame"]
    CO, P, CTRY = ENT_LABELS, {"Person"}, {"Country"}
    where = [m for p in pobjs(n, ("to",)) for m in bfs_mentions(ctx, p, CTRY)]
    dests = pobjs(n, ("to",))
    who = [m for t in [n, *dests] for p in pobjs(t, ("of", "by")) for m in np_mentions(ctx, p, P)]
    who += [m for c in premods(n) for m in [ctx.at(c)] if m is not None and ctx.label(m) == "Person"]
    if not who and n.dep_ in ("dobj",) and n.head.lemma_.lower() in ("make", "pay", "begin", "start"):
        who = subject_of(ctx, n.head, P)
    if not who and where:
        who = _visit_np_people(ctx, n)
        rule = "noun_visit_np"
    else:
        rule = "noun_visit"
    for w in uniq(who):
        for c in where[:1]:
            ctx.emit(w, "VISITED", c, rule)


@FRAMES.register("noun_meet")
def noun_meet(ctx: Sentence, n, row: dict) -> None:
    frame = row["frame"]
    CO, P, CTRY = ENT_LABELS, {"Person"}, {"Country"}
    if any(c.lower_ in ("phone", "telephone", "video", "virtual", "call") for c in n.subtree):
        return
    people = [m for p in pobjs(n, ("with", "between")) for m in np_mentions(ctx, p, P, modifiers=False)]
    if not people:
        return
    own = [m for c in premods(n) for m in [ctx.at(c)] if m is not None and ctx.label(m) == "Person"]
    if not own and n.dep_ == "dobj" and n.head.lemma_.lower() in ("hold", "have", "attend"):
        own = subject_of(ctx, n.head, P)
    group = uniq(own + people)
    for i, a in enumerate(group):
        for b in group[i + 1:]:
            ctx.emit(a, "MET_WITH", b, "noun_meet")


@FRAMES.register("noun_member")
def noun_member(ctx: Sentence, n, row: dict) -> None:
    frame = row["frame"]
    CO, P, CTRY = ENT_LABELS, {"Person"}, {"Country"}
    _member_rules(ctx, n)


@FRAMES.register("noun_part")
def noun_part(ctx: Sentence, n, row: dict) -> None:
    frame = row["frame"]
    CO, P, CTRY = ENT_LABELS, {"Person"}, {"Country"}
    parts = []
    if n.dep_ == "attr":
        parts = [m for s in deps_of(n.head, "nsubj") for m in np_mentions(ctx, s, {"Organization"}, modifiers=False)]
    if n.dep_ == "appos":
        parts = np_mentions(ctx, n.head, {"Organization"}, modifiers=False)
    wholes = [m for p in pobjs(n, ("of",)) for m in np_mentions(ctx, p, CO)]
    for a in parts:
        for b in wholes[:1]:
            ctx.emit(a, "PART_OF", b, "verb_own")


@FRAMES.register("sentence_located_weapon")
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

