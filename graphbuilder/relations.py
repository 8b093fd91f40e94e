"""Typed relations between resolved mentions: the rules, one per way a text states a relation.

Why rules over the parse: every relation must point at a sentence that states it, and a
rule that fired can be named (``Relation.rule``) and audited. What the rules know lives in
data files read by ``lexicon.py`` (roles, trigger verbs and nouns, cues); how they walk the
parse (subjects, objects, owners, negation and hedging) lives in ``syntax.py``.

>>> import spacy
>>> from spacy.tokens import Doc
>>> extract_relations(Doc(spacy.blank("en").vocab, words=["Hello"]), [], {})
[]
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .lexicon import (RULE_CONFIDENCE, cues, max_role_words, norm_title, role_first_words, role_of,
                      roles_table, suffixes, triggers)
from .knowledge import load_knowledge
from .model import Entity, Mention, Relation
from .syntax import (ENT_LABELS, NP_MOD_DEPS, Sentence, bfs_mentions, deps_of,
                     is_passive, np_mentions, np_top, objects_of, owner_of, pobjs, polarity, premods,
                     subject_of, uniq, weapons_in)

__all__ = ["extract_relations", "find_roles", "role_of", "RULE_CONFIDENCE"]

# --------------------------------------------------------------------------- rules

def find_roles(ctx: Sentence) -> None:
    """LEADER_OF / OFFICIAL_OF from titles found with the role lexicon.

    Person side: a Person right after the title ("President Joe Biden"), an apposition
    ("Starmer, the Prime Minister ..."), or a copula. Target side: a Country/Org right before
    the title ("Ukraine's President", "NATO Secretary-General"), a modifier of the title
    ("the French president") or an "of" phrase ("Prime Minister of the United Kingdom").
    """
    sent, roles, maxw = ctx.sent, roles_table(), max_role_words()
    hon = cues()["honorific"]
    firsts = role_first_words()
    i = sent.start
    while i < sent.end:
        hit = None
        if sent.doc[i].lower_.split("-")[0] not in firsts:
            i += 1
            continue
        for n in range(min(maxw + 2, sent.end - i), 0, -1):  # +2: hyphens are tokens
            span = sent.doc[i:i + n]
            if ctx.at(span[0]) is not None and ctx.label(ctx.at(span[0])) == "Person":
                break
            key = norm_title(span.text)
            if key in roles and all(ctx.at(t) is None for t in span):
                hit = (span, roles[key])
                break
        if not hit:
            i += 1
            continue
        span, (role, rtype, ctype) = hit
        i = span.end
        head = span.root
        persons: list[tuple[Mention, str]] = []
        j = span.end
        while j < sent.end and sent.doc[j].lower_ in hon:
            j += 1
        if j < sent.end and ctx.at(sent.doc[j]) is not None and ctx.label(ctx.at(sent.doc[j])) == "Person":
            persons.append((ctx.at(sent.doc[j]), "role_prefix"))
        if j < sent.end and sent.doc[j].lower_ == "of":  # "the Prime Minister of the UK, Keir Starmer,"
            commas = [t.i for t in sent.doc[j:min(j + 8, sent.end)] if t.text == ","]
            n = commas[0] + 1 if commas else sent.end
            while n < sent.end and sent.doc[n].lower_ in hon:
                n += 1
            if n < sent.end and ctx.at(sent.doc[n]) is not None:
                persons.append((ctx.at(sent.doc[n]), "role_appos"))
        if head.dep_ == "appos" and ctx.at(head.head) is not None:
            persons.append((ctx.at(head.head), "role_appos"))
        for c in deps_of(head, "appos"):
            persons += [(m, "role_appos") for m in [ctx.at(c)] if m is not None]
        if head.dep_ == "attr":
            for s in deps_of(head.head, "nsubj"):
                persons += [(m, "role_copula") for m in [ctx.at(s)] if m is not None]
        persons = [(m, r) for m, r in persons if ctx.label(m) == "Person"]
        if not persons:
            continue
        targets: list[Mention] = []
        k = span.start - 1
        while k >= sent.start and sent.doc[k].lower_ in ("'s", "\u2019s", "'", "the"):
            k -= 1
        left = ctx.at(sent.doc[k]) if k >= sent.start else None
        if left is not None and ctx.label(left) in ENT_LABELS and "\n" not in ctx.doc_text[left.end:span.start_char]:
            targets.append(left)
        if not targets:
            for t in span:
                targets += [m for c in t.children if c.dep_ in NP_MOD_DEPS and c.i < span.start
                            for m in [ctx.at(c)] if m is not None and ctx.label(m) in ENT_LABELS]
        if not targets:
            for p in pobjs(head, ("of",)):
                targets += np_mentions(ctx, p, ENT_LABELS, modifiers=False)
        # a city's officials are not the country's: no Location stands in for a country here
        targets = [t for t in targets if t.label != "Location"]
        for person, rule in persons:
            for tgt in targets[:1]:
                t_type = ctype if ctx.label(tgt) == "Country" else rtype
                ctx.emit(person, t_type, tgt, rule, role=role)


def _modifier_rules(ctx: Sentence) -> None:
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


def _verb_rules(ctx: Sentence, v, row: dict) -> None:
    frame, lemma = row["frame"], v.lemma_.lower()
    CO, P = ENT_LABELS, {"Person"}
    CTRY = {"Country"}
    objs = objects_of(ctx, v)
    if frame == "transfer":
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
    elif frame == "use":
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
    elif frame == "attack":
        agents = subject_of(ctx, v, CO)
        tg = [m for o in objs if o.dep_ in ("dobj", "nsubjpass") for m in bfs_mentions(ctx, o, CO)]
        tg += [m for p in pobjs(v, ("on", "at", "against", "into", "in")) if p.head.lower_ != "in" or not tg
               for m in bfs_mentions(ctx, p, CO)]
        for a in agents:
            for t in uniq(tg):
                ctx.emit(a, "ATTACKED", t, "verb_attack")
    elif frame == "support":
        agents = subject_of(ctx, v, CO | P)
        tg = [m for o in objs if o.dep_ == "dobj" for m in np_mentions(ctx, o, CTRY)]
        for a in agents:
            for t in tg:
                ctx.emit(a, "SUPPORTS", t, "verb_support")
    elif frame == "meet":
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
    elif frame == "visit":
        who = subject_of(ctx, v, P)
        where = [m for o in objs if o.dep_ == "dobj" for m in bfs_mentions(ctx, o, CTRY)]
        if lemma != "visit":
            where += [m for p in pobjs(v, ("to", "in")) for m in bfs_mentions(ctx, p, CTRY)]
        for w in who:
            for c in where[:1]:
                ctx.emit(w, "VISITED", c, "verb_visit")
    elif frame == "produce":
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
    elif frame == "own":
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
    elif frame == "join":
        for c in subject_of(ctx, v, CTRY):
            for o in [m for ob in objs for m in np_mentions(ctx, ob, {"Organization"}, modifiers=False)]:
                ctx.emit(c, "MEMBER_OF", o, "verb_join")
    elif frame == "base":
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


def _noun_rules(ctx: Sentence, n, row: dict) -> None:
    frame = row["frame"]
    CO, P, CTRY = ENT_LABELS, {"Person"}, {"Country"}
    if frame == "attack":
        tg = [m for p in pobjs(n, ("on", "against", "in", "into", "of", "at")) for m in bfs_mentions(ctx, p, CO)]
        agents = [m for c in premods(n) for m in [ctx.at(c)] if m is not None and ctx.label(m) in CO]
        if not agents and n.dep_ in ("dobj",) and n.head.lemma_.lower() in ("launch", "carry", "conduct", "wage", "mount"):
            agents = subject_of(ctx, n.head, CO)
        agents = [a for a in agents if a not in tg]
        for a in agents[-1:]:
            for t in tg[:1]:
                ctx.emit(a, "ATTACKED", t, "noun_attack")
    elif frame == "support":
        tg = [m for p in pobjs(n, ("for", "to", "of")) for m in np_mentions(ctx, p, CTRY)]
        if not tg:
            return
        agents = owner_of(ctx, n, CO | P)
        for a in agents:
            for t in tg:
                ctx.emit(a, "SUPPORTS", t, "noun_support")
    elif frame == "transfer":
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
    elif frame == "visit":
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
    elif frame == "meet":
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
    elif frame == "member":
        _member_rules(ctx, n)
    elif frame == "part":
        parts = []
        if n.dep_ == "attr":
            parts = [m for s in deps_of(n.head, "nsubj") for m in np_mentions(ctx, s, {"Organization"}, modifiers=False)]
        if n.dep_ == "appos":
            parts = np_mentions(ctx, n.head, {"Organization"}, modifiers=False)
        wholes = [m for p in pobjs(n, ("of",)) for m in np_mentions(ctx, p, CO)]
        for a in parts:
            for b in wholes[:1]:
                ctx.emit(a, "PART_OF", b, "verb_own")


def _located_weapons(ctx: Sentence) -> None:
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


# --------------------------------------------------------------------------- entry point

def extract_relations(doc, mentions: Sequence[Mention], entities: Mapping[str, Entity], *,
                      doc_id: str | None = None) -> list[Relation]:
    """All relations the text of ``doc`` states between the given mentions.

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> d = Doc(spacy.blank("en").vocab, words=["Hello"])
    >>> extract_relations(d, [], {})   # nothing to relate: no mentions
    []
    """
    if not mentions:
        return []
    doc_id = doc_id if doc_id is not None else mentions[0].document
    by_sent: dict[int, list] = {}
    segments = _segments(doc)
    starts = {t.i: seg.start for seg in segments for t in seg}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        by_sent.setdefault(starts[span[0].i], []).append((m, span))
    out: list[Relation] = []
    table = triggers()
    text = doc.text
    for sent in segments:
        ms = by_sent.get(sent.start)
        if not ms or len({m.entity for m, _ in ms}) < 2:
            continue
        ctx = Sentence(sent, ms, entities, doc_id, out, text)
        find_roles(ctx)
        _modifier_rules(ctx)
        _located_weapons(ctx)
        for tok in sent:
            pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else ""
            rows = table.get((tok.lemma_.lower(), pos), [])
            if not rows or ctx.at(tok) is not None or polarity(tok) != "ok":
                continue
            for row in rows:
                (_verb_rules if pos == "VERB" else _noun_rules)(ctx, tok, row)
    return _dedupe(_drop_home_visits(out))


def _drop_home_visits(rels: list[Relation]) -> list[Relation]:
    """A leader or official travelling inside their own country ("Russian President Vladimir
    Putin made a visit to Chechnya") is not VISITED: drop it when the same sentence ties the
    person to that country."""
    home = {(r.source, r.target, r.evidence.start) for r in rels if r.type in ("LEADER_OF", "OFFICIAL_OF")}
    return [r for r in rels if not (r.type == "VISITED" and (r.source, r.target, r.evidence.start) in home)]


def _segments(doc) -> list:
    """Sentences, cut again at line breaks: a headline the parser glued to the first
    sentence ("... fired by Ukraine\\n\\nPresident Joe Biden ...") must not relate across."""
    out = []
    for sent in doc.sents:
        a = sent.start
        for t in sent:
            if "\n" in t.text_with_ws and t.i + 1 < sent.end:
                if any(not x.is_space for x in doc[a:t.i + 1]):
                    out.append(doc[a:t.i + 1])
                a = t.i + 1
        if any(not x.is_space for x in doc[a:sent.end]):
            out.append(doc[a:sent.end])
    return out


def _dedupe(rels: list[Relation]) -> list[Relation]:
    best: dict[tuple, Relation] = {}
    for r in rels:
        key = (r.source, r.type, r.target, r.weapon, r.evidence.start)
        if key not in best or r.confidence > best[key].confidence:
            best[key] = r
    return list(best.values())
