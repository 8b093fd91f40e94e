"""Generic walks over the dependency parse, seen from the mentions: subjects (active,
passive agent, controller, relative pronoun), objects, prepositional objects, owners
(possessors, modifiers), noun phrases with their conjuncts and appositions.

Why separate from the frames: every frame finds its arguments with these few walks; a frame
then only says which walk fills which role, and the frames table says with which words.

>>> import spacy
>>> from spacy.tokens import Doc
>>> doc = Doc(spacy.blank("en").vocab, words=["a", "b"], heads=[1, 1], deps=["det", "ROOT"])
>>> [t.text for t in deps_of(doc[1], "det")]
['a']
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import catalogue

from ..knowledge import load_knowledge
from ..lexicon import cues, suffixes
from ..model import Mention
from .context import Sentence

__all__ = ["ENT_LABELS", "SKIP_DEPS", "NP_MOD_DEPS", "PRONOUNS", "uniq", "hyphen_suffixed", "is_unit", "np_top", "premods",
           "np_mentions", "weapons_in", "bfs_mentions", "deps_of", "pobjs", "is_passive",
           "subject_of", "adjacent_subject", "antecedent", "owner_of", "objects_of", "arguments", "WALKS"]

ENT_LABELS = frozenset({"Country", "Organization"})
SKIP_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "punct"})
NP_MOD_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we"})


def hyphen_suffixed(ctx: Sentence, m: Mention) -> bool:
    """"U.S.-supplied", "Paris-based", "American-made": a relation suffix (``made_suffix`` in the
    cues) glued to the mention says the relation itself."""
    hm = re.match(r"-(\w+)", ctx.doc_text[m.end:m.end + 20])
    return bool(hm) and hm.group(1).lower() in suffixes()


def uniq(ms: Iterable[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in ms:
        if id(m) not in seen:
            seen.add(id(m))
            out.append(m)
    return out


def np_top(tok):
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def premods(tok):
    """Left modifiers of a noun phrase head, through compound/amod/poss chains."""
    out = []
    for c in tok.lefts:
        if c.dep_ in NP_MOD_DEPS or c.dep_ in ("det", "nummod", "quantmod"):
            out.append(c)
            out.extend(premods(c))
    return out


def is_unit(ctx: Sentence, org: Mention) -> bool:
    """A force, navy, ministry... of a state (its name holds a unit word), not a company. The
    entity's name counts too: "its" standing for "the PLA Navy" is a navy."""
    span = ctx.spans[id(org)]
    entity = ctx.entities.get(org.entity)
    names = {w.lower() for w in entity.name.split()} if entity is not None else set()
    return bool(({t.lemma_.lower() for t in span} | {t.lower_ for t in span} | names) & cues()["unit_org"])


def np_mentions(ctx: Sentence, tok, labels=None, *, modifiers=True, depth=0) -> list[Mention]:
    """Mentions a noun phrase headed by ``tok`` denotes, with its conjuncts and appositions.

    A head that is not itself a mention ("forces", "strike", "state") stands for the
    country or organization that modifies it ("Russian forces", "Kyiv's forces").
    """
    if depth > 4:
        return []
    res: list[Mention] = []
    m = ctx.at(tok)
    if m is not None:
        res.append(m)
    elif modifiers and tok.pos_ in ("NOUN", "PROPN") and not any(
            c.dep_ == "appos" and ctx.at(c) is not None for c in tok.children):
        # "the Norwegian company Kongsberg": the named appositive acts, not the demonym
        mods = [ctx.at(c) for c in premods(tok)]  # "American-made launchers" stand for no country
        mods = [x for x in mods if x is not None and ctx.label(x) in ENT_LABELS and not hyphen_suffixed(ctx, x)]
        if not mods and tok.lemma_.lower() in cues()["group_noun"]:
            pron = [c for c in tok.children if c.dep_ == "poss" and c.tag_ == "PRP$"]
            if pron:  # "their armed forces": the country or organization named before
                mods = antecedent(ctx, pron[0], ENT_LABELS)
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        mods += [x for x in np_mentions(ctx, p, modifiers=False, depth=depth + 1)
                                 if ctx.label(x) in ENT_LABELS]
        res.extend(mods[-1:])  # the modifier nearest the head
    for c in tok.children:
        if c.dep_ in ("conj", "appos"):
            res.extend(np_mentions(ctx, c, None, modifiers=modifiers, depth=depth + 1))
        elif c.dep_ == "prep" and c.lower_ in ("with",) and c.head.dep_ != "ROOT" and m is not None:
            # "X along with Y"
            for p in c.children:
                if p.dep_ == "pobj":
                    res.extend(np_mentions(ctx, p, None, modifiers=modifiers, depth=depth + 1))
        elif c.dep_ == "advmod" and c.lower_ == "along":
            for p in c.children:
                if p.dep_ == "prep":
                    for q in p.children:
                        res.extend(np_mentions(ctx, q, None, modifiers=modifiers, depth=depth + 1))
    res = uniq(res)
    return [x for x in res if labels is None or ctx.label(x) in labels]


def weapons_in(ctx: Sentence, tok) -> list[Mention]:
    """Weapon mentions inside a noun phrase (conjuncts, "such as", "a company of ...")."""
    out = []
    stack = [np_top(tok)]
    while stack:
        t = stack.pop()
        m = ctx.at(t)
        if m is not None and ctx.label(m) == "Weapon":
            out.append(m)
        stack.extend(c for c in t.children if c.dep_ not in SKIP_DEPS)
    named = _named_before(ctx, tok)
    return uniq(sorted(out + ([named] if named else []), key=lambda m: m.start))


def _named_before(ctx: Sentence, tok) -> Mention | None:
    """A weapon named right before a weapon noun heading the phrase ("F-35A jets", "Krab
    howitzers"), whatever the parser made of the name: codes such as "F-35A" are often
    parsed as punctuation or an adverb of the verb."""
    if tok.i == 0 or tok.pos_ not in ("NOUN", "PROPN") or load_knowledge().weapon_term(tok.text) is None:
        return None
    m = ctx.at(tok.doc[tok.i - 1])
    return m if m is not None and ctx.label(m) == "Weapon" else None


def bfs_mentions(ctx: Sentence, tok, labels, max_depth=4) -> list[Mention]:
    """The nearest mentions below ``tok`` with a label in ``labels`` (one depth level); none
    when ``tok`` itself names something of another kind ("visiting Russian minister X" is no
    visit to Russia)."""
    own = ctx.at(tok)
    if own is not None and ctx.label(own) not in labels:
        return []
    level, depth = [tok], 0
    while level and depth <= max_depth:
        found = []
        for t in level:
            found += np_mentions(ctx, t, labels) if depth == 0 else [
                m for m in [ctx.at(t)] if m is not None and ctx.label(m) in labels]
        if found:
            return uniq(found)
        level = [c for t in level for c in t.children if c.dep_ not in SKIP_DEPS]
        depth += 1
    return []


def deps_of(tok, *deps):
    return [c for c in tok.children if c.dep_ in deps]


def pobjs(tok, preps):
    return [p for c in tok.children if c.dep_ in ("prep", "dative") and c.lower_ in preps
            for p in c.children if p.dep_ == "pobj"]


def is_passive(v) -> bool:
    """Passive voice, including a participle the parser read as active but gave a "by" agent
    ("drones fired at Ukraine by Russia": there "drones" is the theme, Russia the agent)."""
    return bool(deps_of(v, "nsubjpass", "auxpass", "agent")) or (
        v.tag_ == "VBN" and v.dep_ in ("acl", "amod") and not deps_of(v, "nsubj"))


def subject_of(ctx: Sentence, v, labels, depth=0) -> list[Mention]:
    """The agent of a verb: subject, passive "by" phrase, controller of an xcomp, or the
    antecedent of a relative pronoun or of "they"/"he" in a reported clause."""
    if depth > 4:
        return []
    if is_passive(v):
        return [m for a in deps_of(v, "agent") for p in deps_of(a, "pobj") for m in np_mentions(ctx, p, labels)]
    subj = deps_of(v, "nsubj", "csubj")
    if subj:
        s = subj[0]
        if s.tag_ in ("WDT", "WP") and v.dep_ == "relcl":  # the noun the clause hangs from
            return np_mentions(ctx, v.head, labels)
        if s.lower_ in PRONOUNS and ctx.at(s) is None:  # unresolved: the reporting clause's subject
            up = v
            while up.dep_ in ("ccomp", "conj", "xcomp", "advcl") and up.head.i != up.i:
                up = up.head
                found = subject_of(ctx, up, labels, depth + 1) if deps_of(up, "nsubj") else []
                if found:
                    return found
            return []
        return np_mentions(ctx, s, labels)
    if v.tag_ == "VBG" and v.dep_ in ("advcl", "pcomp", "acl") and v.i > ctx.sent.start:
        prev = ctx.at(v.doc[v.i - 1])  # "in response to Finland joining NATO": the gerund's own subject
        if prev is not None and v.doc[v.i - 1].dep_ in ("pobj", "poss", "dobj"):
            return [prev] if ctx.label(prev) in labels else []
    to = [c for c in v.children if c.dep_ == "aux" and c.tag_ == "TO"]
    if to and to[0].i > ctx.sent.start:  # "approval for the Netherlands and Denmark to provide"
        prev = ctx.at(v.doc[to[0].i - 1])
        if prev is not None:
            root = ctx.spans[id(prev)].root
            if root.dep_ == "pobj" and root.head.lower_ == "for" or root.dep_ == "conj":
                return np_mentions(ctx, np_top(root), labels)
    if v.dep_ == "conj" and deps_of(v, "aux"):
        # "announcing Washington will provide ...", parsed as a conjunct: the mention right
        # before the verb's own auxiliary is its subject, not the first verb's
        adjacent = adjacent_subject(ctx, v, labels)
        if adjacent:
            return adjacent
    if v.dep_ in ("xcomp", "conj", "advcl", "pcomp") and v.head.i != v.i:
        h = v.head
        if h.pos_ in ("VERB", "AUX"):
            return subject_of(ctx, h, labels, depth + 1)
    if v.dep_ == "pcomp" and v.head.lower_ == "for":
        # "thanked Denmark for training pilots": the object of thank/praise/blame is the agent
        p = v.head
        while p.dep_ == "conj" and p.head.pos_ == "ADP":
            p = p.head
        if p.head.pos_ == "VERB":
            objs = [m for o in deps_of(p.head, "dobj") for m in np_mentions(ctx, o, labels)]
            if objs:
                return objs
    if v.dep_ == "acl" and not any(c.tag_ == "TO" for c in v.children):
        # "forces attacking Kyiv", "an earthquake ... scale hit Chile": the noun an active participle
        # hangs from is its subject; a thing that is no entity there leaves no agent to look for
        return np_mentions(ctx, v.head, labels)
    if v.dep_ in ("acl", "pcomp", "xcomp") or v.pos_ == "NOUN":
        return owner_of(ctx, v, labels)
    return adjacent_subject(ctx, v, labels)


def adjacent_subject(ctx: Sentence, v, labels) -> list[Mention]:
    """A mis-parsed clause ("announcing Madrid will provide ..."): a mention right before
    the verb group, when the parser found no subject at all."""
    k = v.i - 1
    while k >= ctx.sent.start and v.doc[k].dep_ in ("aux", "neg", "advmod") and v.doc[k].head.i == v.i:
        k -= 1
    m = ctx.at(v.doc[k]) if k >= ctx.sent.start and k < v.i - 1 else None
    return [m] if m is not None and ctx.label(m) in labels else []


def antecedent(ctx: Sentence, pron, labels) -> list[Mention]:
    """The nearest mention before a possessive pronoun that can own things of its kind:
    "its"/"their" -> a country or organization, "his"/"her" -> a person."""
    kinds = {"Person"} if pron.lower_ in ("his", "her") else {"Country", "Organization"}
    before = [m for m in ctx.mentions if m.end <= pron.idx and ctx.label(m) in kinds & set(labels)]
    return before[-1:]


def owner_of(ctx: Sentence, tok, labels) -> list[Mention]:
    """Walk up from a nominal/clausal trigger to the nearest possessor, modifier or subject:
    "France has no red lines regarding support for Ukraine" -> France."""
    t = tok
    for _ in range(6):
        mods = [ctx.at(c) for c in premods(t) if c.dep_ in ("poss", "amod", "compound", "nmod")]
        mods = [m for m in mods if m is not None and ctx.label(m) in labels]
        if mods:
            return mods[-1:]
        pron = [c for c in t.children if c.dep_ == "poss" and c.tag_ == "PRP$"]
        if pron:  # "thanked Denmark for its support": the owner is the pronoun's antecedent
            return antecedent(ctx, pron[0], labels)
        if t.i != tok.i and t.pos_ in ("VERB", "AUX"):
            subj = deps_of(t, "nsubj")
            if subj:
                return np_mentions(ctx, subj[0], labels)
            if is_passive(t):
                return subject_of(ctx, t, labels)
        if t.head.i == t.i:
            break
        t = t.head
    return []


def objects_of(ctx: Sentence, v) -> list:
    """Object-like tokens: direct and indirect objects, passive subjects, the noun a
    participle or relative clause modifies."""
    objs = deps_of(v, "dobj", "dative", "attr", "oprd")
    objs += deps_of(v, "nsubjpass")
    if deps_of(v, "agent"):
        objs += deps_of(v, "nsubj")
    if v.dep_ in ("acl", "amod") and is_passive(v) or (
            v.dep_ == "relcl" and any(c.tag_ in ("WDT", "WP") for c in deps_of(v, "nsubjpass"))):
        objs.append(v.head)
    for p in list(objs):
        if p.tag_ in ("WDT", "WP") and v.dep_ == "relcl":
            objs.append(v.head)
    return objs


# --------------------------------------------------------------------------- argument paths

#: path name -> walk(ctx, tok, labels, param, row) -> mentions; a frame row names its paths
WALKS = catalogue.create("graphbuilder", "walks")
_walk = WALKS.register


def arguments(ctx: Sentence, tok, spec: dict, row: dict) -> list[Mention]:
    """The mentions that fill one role of a frame, read from the role's ``spec`` in the frames
    table: ``paths`` (summed), ``otherwise`` (tried when the paths found nothing), ``types``
    and ``pick`` ("all", "first", "last").

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["x"])
    >>> arguments(Sentence(doc[0:1], [], {}, "d", []), doc[0], {"paths": ["subject"], "types": []}, {})
    []
    """
    labels = frozenset(spec.get("types", ()))
    found: list[Mention] = []
    for group in ("paths", "otherwise"):
        if found:
            break
        for path in spec.get(group, ()):
            name, _, param = path.partition(":")
            found += WALKS.get(name)(ctx, tok, labels, param, row)
    found = uniq(found)
    pick = spec.get("pick", "all")
    return found[:1] if pick == "first" else found[-1:] if pick == "last" else found


@_walk("subject")
def _subject(ctx, tok, labels, param, row):
    return subject_of(ctx, tok, labels)


@_walk("object")
def _object(ctx, tok, labels, param, row):
    return [m for o in objects_of(ctx, tok) for m in np_mentions(ctx, o, labels, modifiers=False)]


@_walk("dobj")
def _dobj(ctx, tok, labels, param, row):
    return [m for o in objects_of(ctx, tok) if o.dep_ in ("dobj", "dative")
            for m in np_mentions(ctx, o, labels, modifiers=False)]


@_walk("object_np")
def _object_np(ctx, tok, labels, param, row):
    """Objects with the country or body that modifies them ("Ukrainian units armed with X")."""
    return [m for o in objects_of(ctx, tok) for m in np_mentions(ctx, o, labels)]


@_walk("dobj_np")
def _dobj_np(ctx, tok, labels, param, row):
    return [m for o in objects_of(ctx, tok) if o.dep_ == "dobj" for m in np_mentions(ctx, o, labels)]


@_walk("dobj_near")
def _dobj_near(ctx, tok, labels, param, row):
    return [m for o in objects_of(ctx, tok) if o.dep_ == "dobj" for m in bfs_mentions(ctx, o, labels)]


@_walk("object_near")
def _object_near(ctx, tok, labels, param, row):
    return [m for o in objects_of(ctx, tok) if o.dep_ in ("dobj", "nsubjpass") for m in bfs_mentions(ctx, o, labels)]


@_walk("pobj")
def _pobj(ctx, tok, labels, param, row):
    return [m for p in pobjs(tok, param.split("|")) for m in np_mentions(ctx, p, labels)]


@_walk("force_of")
def _force_of(ctx, tok, labels, param, row):
    """"delivered to the Philippine Air Force", "supplied the Ukrainian army": a state's force
    named in the phrase stands for its country (the demonym or possessive on the force's name)."""
    heads = objects_of(ctx, tok) if param == "object" else pobjs(tok, param.split("|"))
    out = []
    for h in heads:
        m = ctx.at(h)
        if m is not None and ctx.label(m) == "Organization" and is_unit(ctx, m):
            out += [c for c in (ctx.at(t) for t in premods(h)) if c is not None and ctx.label(c) == "Country"]
    return out


@_walk("pobj_bare")
def _pobj_bare(ctx, tok, labels, param, row):
    return [m for p in pobjs(tok, param.split("|")) for m in np_mentions(ctx, p, labels, modifiers=False)]


@_walk("pobj_party")
def _pobj_party(ctx, tok, labels, param, row):
    """"support for Ukraine", "for the Ukrainian army", "for Ukraine's war"; not "for the Iraq
    war": a name compounded with an event noun (``event_noun``) says where, not who is helped."""
    return [m for p in pobjs(tok, param.split("|")) for m in np_mentions(
        ctx, p, labels, modifiers=p.lemma_.lower() not in cues()["event_noun"] or bool(deps_of(p, "poss")))]


@_walk("pobj_name")
def _pobj_name(ctx, tok, labels, param, row):
    """"a unit of Schlumberger Ltd <SLB>" (the parser heads the phrase at the ticker): a name's
    parts count; "the unit of China's biggest operator" is the operator's, no mention."""
    return [m for p in pobjs(tok, param.split("|")) for m in np_mentions(ctx, p, labels, modifiers=p.pos_ == "PROPN")]


@_walk("pobj_near")
def _pobj_near(ctx, tok, labels, param, row):
    return [m for p in pobjs(tok, param.split("|")) for m in bfs_mentions(ctx, p, labels)]


@_walk("subtree_pobj_near")
def _subtree_pobj_near(ctx, tok, labels, param, row):
    """A place phrase anywhere below the trigger ("received ... at an air base in Finland")."""
    preps = param.split("|")
    return [m for t in tok.subtree if t.dep_ == "prep" and t.lower_ in preps
            for p in deps_of(t, "pobj") for m in bfs_mentions(ctx, p, labels)]


@_walk("adv_pobj")
def _adv_pobj(ctx, tok, labels, param, row):
    """"received by X along with Y": ``adv_pobj:along:with``."""
    adv, _, prep = param.partition(":")
    return [m for a in deps_of(tok, "prep", "advmod") if a.lower_ == adv
            for m in _pobj_bare(ctx, a, labels, prep, row)]


@_walk("premod")
def _premod(ctx, tok, labels, param, row):
    return [m for c in premods(tok) for m in [ctx.at(c)] if m is not None and ctx.label(m) in labels]


@_walk("possessor")
def _possessor(ctx, tok, labels, param, row):
    """"India's largest arms supplier": the possessive on the trigger, not its other modifiers."""
    return [m for c in deps_of(tok, "poss") for m in [ctx.at(c)] if m is not None and ctx.label(m) in labels]


@_walk("head_premod")
def _head_premod(ctx, tok, labels, param, row):
    """"French military equipment donated to Kyiv": the participle's noun's modifier."""
    return _premod(ctx, tok.head, labels, param, row) if tok.dep_ in ("acl", "amod") else []


@_walk("owner")
def _owner(ctx, tok, labels, param, row):
    return owner_of(ctx, tok, labels)


@_walk("light_subject")
def _light_subject(ctx, tok, labels, param, row):
    """"Russia launched an attack on X": the subject of a light verb (``light_verbs`` in the row)
    whose object is the nominal trigger, or of the verb a ``light_preps`` phrase holding the
    trigger hangs from ("X said at a news conference with Y")."""
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in row.get("light_verbs", ()):
        return subject_of(ctx, tok.head, labels)
    if tok.dep_ == "pobj" and tok.head.lower_ in row.get("light_preps", ()) and tok.head.head.pos_ == "VERB":
        return subject_of(ctx, tok.head.head, labels)  # "X said at a news conference with Y"
    return []


@_walk("light_pobj_near")
def _light_pobj_near(ctx, tok, labels, param, row):
    """"Israel carried out air strikes on Iran": the parser hung the nominal trigger's phrase on
    the light verb whose object the trigger is."""
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in row.get("light_verbs", ()):
        return [m for p in pobjs(tok.head, param.split("|")) for m in bfs_mentions(ctx, p, labels)]
    return []


@_walk("copula_subject")
def _copula_subject(ctx, tok, labels, param, row):
    if tok.dep_ != "attr":
        return []
    return [m for s in deps_of(tok.head, "nsubj") for m in np_mentions(ctx, s, labels, modifiers=False)]


@_walk("copula_attr")
def _copula_attr(ctx, tok, labels, param, row):
    """"The primary contractor for the F-35 is Lockheed Martin": the trigger is the subject."""
    if tok.dep_ != "nsubj" or tok.head.lemma_ != "be":
        return []
    return [m for a in deps_of(tok.head, "attr") for m in np_mentions(ctx, a, labels, modifiers=False)]


@_walk("appos_head")
def _appos_head(ctx, tok, labels, param, row):
    return np_mentions(ctx, tok.head, labels, modifiers=False) if tok.dep_ == "appos" else []


@_walk("weapons")
def _weapons(ctx, tok, labels, param, row):
    """Weapons inside the phrases another path reaches: ``weapons:object``, ``weapons:pobj:with``."""
    name, _, rest = param.partition(":")
    if name == "object":
        heads = objects_of(ctx, tok)
    elif name == "premod":
        heads = premods(tok)
    elif name == "holder":
        heads = _holder(tok)
    elif name == "besides":  # "has Storm Shadows in addition to SCALP missiles", "alongside Javelins"
        heads = [q for p in pobjs(tok, ("in",)) if p.lemma_.lower() == "addition" for q in pobjs(p, ("to",))]
        heads += pobjs(tok, ("besides", "alongside"))
    elif name == "object_pobj":  # "shot down ten drones with Patriot missiles", as the parser hangs it
        heads = [p for o in objects_of(ctx, tok) if o.dep_ == "dobj" for p in pobjs(o, rest.split("|"))]
    else:
        heads = pobjs(tok, rest.split("|"))
    heads += [h.head for h in heads if h.dep_ == "appos"]  # "the Mohajer-6, a drone made in Iran"
    return [w for h in heads for w in weapons_in(ctx, h)]


def _holder(tok) -> list:
    """"The K9 is in service with Finland", "missiles, which are in use by X", "the K9, in service
    with Y": what the "in" phrase holding the trigger is said of (the verb's subject or the noun)."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "in":
        return []
    v = tok.head.head
    if v.pos_ in ("NOUN", "PROPN"):
        return [v]
    if v.pos_ not in ("VERB", "AUX"):
        return []
    return [v.head if s.tag_ in ("WDT", "WP") and v.dep_ == "relcl" else s for s in deps_of(v, "nsubj", "nsubjpass")]


@_walk("maker_premod")
def _maker_premod(ctx, tok, labels, param, row):
    """"bought Turkish drones", "acquired four Embraer C-390 airlifters", "U.S.-made jets": the
    country or maker named on the object; not its owner ("bought Ukraine's grain"), nor a
    mention glued to another suffix ("U.S.-supplied" says that relation itself)."""
    found = [m for o in objects_of(ctx, tok) if o.dep_ == "dobj" for c in premods(o) if c.dep_ != "poss"
             for m in [ctx.at(c)] if m is not None and ctx.label(m) in labels]
    return [m for m in found if suffixes().get(_suffix(ctx, m), "PRODUCED_BY") == "PRODUCED_BY"]


def _suffix(ctx: Sentence, m: Mention) -> str:
    """The relation suffix glued to a mention ("made" in "U.S.-made"), or ""."""
    hm = re.match(r"-(\w+)", ctx.doc_text[m.end:m.end + 20])
    return hm.group(1).lower() if hm else ""


@_walk("group_object")
def _group_object(ctx, tok, labels, param, row):
    """"supplied Sudan's army with drones": the country whose forces are the object."""
    return [m for o in objects_of(ctx, tok) if o.dep_ in ("dobj", "dative") and o.lemma_.lower() in cues()["group_noun"]
            for m in _premod(ctx, o, labels, param, row)]


@_walk("group_pobj")
def _group_pobj(ctx, tok, labels, param, row):
    """"used in the air and navy forces of Saudi Arabia": a country's forces in a phrase."""
    return [m for p in pobjs(tok, param.split("|")) if p.lemma_.lower() in cues()["group_noun"]
            for m in np_mentions(ctx, p, labels)]


@_walk("compound_head")
def _compound_head(ctx, tok, labels, param, row):
    """"Rafale manufacturer Dassault Aviation": the name the title-like noun modifies."""
    return np_mentions(ctx, tok.head, labels, modifiers=False) if tok.dep_ in ("compound", "nmod", "amod") else []


@_walk("appos")
def _appos(ctx, tok, labels, param, row):
    return [m for c in deps_of(tok, "appos") for m in np_mentions(ctx, c, labels, modifiers=False)]


@_walk("examples")
def _examples(ctx, tok, labels, param, row):
    """"operators such as the Netherlands, Brazil and Austria", "makers including X"."""
    return [m for p in pobjs(tok, cues()["example_prep"]) for m in np_mentions(ctx, p, labels, modifiers=False)]
