"""Typed relations between resolved mentions, from the dependency parse and data lexicons.

Why rules over the parse: every relation must point at a sentence that states it, and a
rule that fired can be named (``Relation.rule``) and audited. The knowledge the rules use
lives in data files, not in code: ``roles.jsonl`` (titles -> LEADER_OF / OFFICIAL_OF),
``relation_verbs.jsonl`` (trigger lemmas -> type and frame) and ``relation_cues.jsonl``
(negation, hedges, group nouns such as "forces", honorifics, "-made" suffixes...).

Polarity: a trigger with a ``neg`` dependent ("has not sent"), a "no" determiner on its
object, or governed by a negating verb ("refused to send") yields nothing. One exception:
"cannot use X without Y" states a necessity, not a denial, so a negated trigger that has its
own "without" phrase is kept. Hedged triggers ("could strike", "may send", "plans to send",
"pleas to allow") yield nothing either, because the guideline does not annotate them;
"will send" is a statement about a decision and is kept.

>>> role_of("Prime Minister")
('Prime Minister', 'LEADER_OF')
>>> role_of("defence secretary")
('Defence Secretary', 'OFFICIAL_OF')
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib.resources import files

from .model import Entity, Evidence, Mention, Relation
from .patterns import headline_like
from .schema import allowed

__all__ = ["extract_relations", "find_roles", "role_of", "RULE_CONFIDENCE"]

#: Confidence per rule: fixed, because a rule's precision is a property of the rule.
RULE_CONFIDENCE: dict[str, float] = {
    "role_prefix": 0.9,  # "French President Emmanuel Macron"
    "role_appos": 0.85,  # "Keir Starmer, the Prime Minister of the UK"
    "role_copula": 0.8,  # "Rutte is the NATO Secretary-General"
    "weapon_modifier": 0.8,  # "British Storm Shadow missiles", "U.S.-made ATACMS"
    "weapon_possessor": 0.6,  # "Ukraine's F-16s" -> OPERATES
    "org_modifier": 0.75,  # "U.S. defense company Lockheed Martin", "Russia's Black Sea fleet"
    "member_noun": 0.8,  # "NATO member Poland"
    "verb_transfer": 0.85,  # "Germany sent Leopard tanks to Ukraine"
    "transfer_recipient_operates": 0.75,  # the recipient of a supplied weapon operates it
    "transfer_implied_recipient": 0.45,  # no recipient phrase: the one other country
    "verb_use": 0.8,  # "Ukraine fired ATACMS"
    "verb_attack": 0.8,  # "Russia struck Ukraine"
    "fire_at": 0.8,  # "missiles fired at Ukraine by Russia"
    "noun_attack": 0.75,  # "Russia's invasion of Ukraine"
    "verb_support": 0.75,  # "Germany backs Ukraine"
    "noun_support": 0.7,  # "support for Ukraine"
    "verb_meet": 0.85,  # "Macron met Scholz"
    "noun_meet": 0.7,  # "talks with Scholz"
    "meet_place_visit": 0.7,  # "was received by X ... in Denmark"
    "verb_visit": 0.85,  # "Zelensky visited Denmark"
    "noun_visit": 0.8,  # "the visit to France of Keir Starmer"
    "noun_visit_np": 0.6,  # a person anywhere inside the visit noun phrase
    "verb_produce": 0.85,  # "manufactured by Lockheed Martin"
    "produce_single_weapon": 0.6,  # "the weapons are made by X" + one named weapon in the sentence
    "verb_own": 0.75,  # "whose shares belong to the French state"
    "verb_join": 0.8,  # "Finland joined NATO"
    "verb_base": 0.8,  # "based in France", "Paris-based"
    "weapon_located": 0.6,  # "a Su-24 bomber, which is in Ukraine"
}

_ENT_LABELS = frozenset({"Country", "Organization"})
_SKIP_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "punct"})
_NP_MOD_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "we"})


def _lines(name: str) -> list[dict]:
    text = files("graphbuilder.data").joinpath(name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[-\u2010-\u2014]", " ", text.lower()).split())


@lru_cache(maxsize=1)
def _roles() -> dict[str, tuple[str, str, str]]:
    """Normalised variant -> (role, type, type when the target is a country)."""
    out: dict[str, tuple[str, str, str]] = {}
    for row in _lines("roles.jsonl"):
        for v in [row["role"], *row.get("variants", ())]:
            out[_norm(v)] = (row["role"], row["type"], row.get("country_type", row["type"]))
    return out


@lru_cache(maxsize=1)
def _max_role_words() -> int:
    return max(len(k.split()) for k in _roles())


@lru_cache(maxsize=1)
def _triggers() -> dict[tuple[str, str], list[dict]]:
    """(lemma, "VERB"|"NOUN") -> lexicon rows."""
    out: dict[tuple[str, str], list[dict]] = {}
    for row in _lines("relation_verbs.jsonl"):
        out.setdefault((row["lemma"], row["pos"]), []).append(row)
    return out


@lru_cache(maxsize=1)
def _cues() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for row in _lines("relation_cues.jsonl"):
        out.setdefault(row["kind"], set()).add(row["text"])
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _suffixes() -> dict[str, str]:
    return {r["text"]: r["relation"] for r in _lines("relation_cues.jsonl") if r["kind"] == "made_suffix"}


def role_of(tokens_text: str) -> tuple[str, str] | None:
    """The canonical role and relation type of a title, or None.

    Case, hyphens and spacing are ignored, so the NER can strip "Secretary-General" and
    "secretary general" alike.

    >>> role_of("NATO")
    >>> role_of("Secretary General")
    ('Secretary-General', 'LEADER_OF')
    """
    hit = _roles().get(_norm(tokens_text))
    return (hit[0], hit[1]) if hit else None


# --------------------------------------------------------------------------- sentence context

class _Sent:
    """One sentence: its mentions by token, and the relations found so far."""

    def __init__(self, sent, mentions: list[tuple[Mention, object]], entities, doc_id, out):
        self.sent, self.entities, self.out = sent, entities, out
        self.by_tok: dict[int, Mention] = {}
        self.roots: dict[int, Mention] = {}
        self.mentions = [m for m, _ in mentions]
        for m, span in sorted(mentions, key=lambda x: len(x[1])):  # longer spans win
            for t in span:
                self.by_tok[t.i] = m
        for m, span in mentions:
            self.roots[span.root.i] = m
        self.spans = {id(m): span for m, span in mentions}
        self.evidence = Evidence(doc_id, sent.text, sent.start_char, sent.end_char)

    # -- entity view of a mention: a Location with a known country stands for that country
    def ent(self, m: Mention) -> tuple[str, str]:
        e = self.entities.get(m.entity)
        label = e.label if e else m.label
        if label == "Location" and e is not None:
            iso = e.prop("country")
            cid = f"country:{iso}" if iso else ""
            if cid in self.entities:
                return cid, "Country"
        return m.entity, label

    def at(self, tok) -> Mention | None:
        return self.by_tok.get(tok.i)

    def emit(self, src: Mention | tuple[str, str], rtype: str, tgt, rule: str, *,
             role: str = "", weapon: str = "", conf: float | None = None) -> None:
        s = self.ent(src) if isinstance(src, Mention) else src
        t = self.ent(tgt) if isinstance(tgt, Mention) else tgt
        if s[0] == t[0] or not allowed(rtype, s[1], t[1]):
            return
        self.out.append(Relation(s[0], rtype, t[0], self.evidence, rule,
                                 RULE_CONFIDENCE[rule] if conf is None else conf, role, weapon))

    def label(self, m: Mention) -> str:
        return self.ent(m)[1]


def _uniq(ms: Iterable[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in ms:
        if id(m) not in seen:
            seen.add(id(m))
            out.append(m)
    return out


def _np_top(tok):
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _premods(tok):
    """Left modifiers of a noun phrase head, through compound/amod/poss chains."""
    out = []
    for c in tok.lefts:
        if c.dep_ in _NP_MOD_DEPS or c.dep_ in ("det", "nummod", "quantmod"):
            out.append(c)
            out.extend(_premods(c))
    return out


def _np(ctx: _Sent, tok, labels=None, *, modifiers=True, depth=0) -> list[Mention]:
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
    elif modifiers and tok.pos_ in ("NOUN", "PROPN"):
        mods = [ctx.at(c) for c in _premods(tok)]
        mods = [x for x in mods if x is not None and ctx.label(x) in _ENT_LABELS]
        if not mods and tok.lemma_.lower() in _cues()["group_noun"]:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        mods += [x for x in _np(ctx, p, modifiers=False, depth=depth + 1)
                                 if ctx.label(x) in _ENT_LABELS]
        res.extend(mods[-1:])  # the modifier nearest the head
    for c in tok.children:
        if c.dep_ in ("conj", "appos"):
            res.extend(_np(ctx, c, None, modifiers=modifiers, depth=depth + 1))
        elif c.dep_ == "prep" and c.lower_ in ("with",) and c.head.dep_ != "ROOT" and m is not None:
            # "X along with Y"
            for p in c.children:
                if p.dep_ == "pobj":
                    res.extend(_np(ctx, p, None, modifiers=modifiers, depth=depth + 1))
        elif c.dep_ == "advmod" and c.lower_ == "along":
            for p in c.children:
                if p.dep_ == "prep":
                    for q in p.children:
                        res.extend(_np(ctx, q, None, modifiers=modifiers, depth=depth + 1))
    res = _uniq(res)
    return [x for x in res if labels is None or ctx.label(x) in labels]


def _weapons(ctx: _Sent, tok) -> list[Mention]:
    """Weapon mentions inside a noun phrase (conjuncts, "such as", "a company of ...")."""
    out = []
    stack = [_np_top(tok)]
    while stack:
        t = stack.pop()
        m = ctx.at(t)
        if m is not None and ctx.label(m) == "Weapon":
            out.append(m)
        stack.extend(c for c in t.children if c.dep_ not in _SKIP_DEPS)
    return _uniq(sorted(out, key=lambda m: m.start))


def _bfs(ctx: _Sent, tok, labels, max_depth=4) -> list[Mention]:
    """The nearest mentions below ``tok`` with a label in ``labels`` (one depth level)."""
    level, depth = [tok], 0
    while level and depth <= max_depth:
        found = []
        for t in level:
            found += _np(ctx, t, labels) if depth == 0 else [
                m for m in [ctx.at(t)] if m is not None and ctx.label(m) in labels]
        if found:
            return _uniq(found)
        level = [c for t in level for c in t.children if c.dep_ not in _SKIP_DEPS]
        depth += 1
    return []


def _children(tok, *deps):
    return [c for c in tok.children if c.dep_ in deps]


def _pobjs(tok, preps):
    return [p for c in tok.children if c.dep_ in ("prep", "dative") and c.lower_ in preps
            for p in c.children if p.dep_ == "pobj"]


def _is_passive(v) -> bool:
    """Passive voice, including a participle the parser read as active but gave a "by" agent
    ("drones fired at Ukraine by Russia": there "drones" is the theme, Russia the agent)."""
    return bool(_children(v, "nsubjpass", "auxpass", "agent")) or (
        v.tag_ == "VBN" and v.dep_ in ("acl", "amod") and not _children(v, "nsubj"))


# --------------------------------------------------------------------------- polarity

def _polarity(tok) -> str:
    """'neg', 'hedge' or 'ok' for a trigger, looking at it and its governing verbs/nouns."""
    cues = _cues()
    t, first = tok, True
    for _ in range(5):
        kids = list(t.children)
        if any(c.dep_ == "neg" or (first and c.dep_ == "det" and c.lower_ == "no") for c in kids):
            if not (first and any(c.dep_ == "prep" and c.lower_ == "without" for c in kids)):
                return "neg"
        if any(c.dep_ in ("aux", "mark") and c.lower_ in cues["hedge"] | {"if"} for c in kids):
            return "hedge"
        if not first:
            if t.lemma_.lower() in cues["negation_head"]:
                return "neg"
            if t.lemma_.lower() in cues["hedge_head"]:
                return "hedge"
        if t.dep_ == "ccomp" and t.head.lemma_.lower() in cues["negation_head"]:
            return "neg"  # "Iran denied that it had sent drones"
        if t.dep_ not in ("xcomp", "acl", "advcl", "pobj", "prep", "pcomp", "dobj", "conj") or t.head.i == t.i:
            break
        if t.dep_ in ("acl", "advcl") and not any(c.tag_ == "TO" for c in t.children):
            break  # "equipment donated to Kyiv": a participle states a fact of its own
        if t.dep_ == "conj" and t.head.pos_ != t.pos_:
            break
        t, first = t.head, False
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "pobj", "nsubj"):
        v = tok.head
        while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i:
            v = v.head
        if v.pos_ in ("VERB", "AUX") and _children(v, "neg"):
            return "neg"
    for c in tok.children:  # "sent no tanks"
        if c.dep_ in ("dobj", "nsubjpass") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children):
            return "neg"
    return "ok"


# --------------------------------------------------------------------------- arguments

def _subject(ctx: _Sent, v, labels, depth=0) -> list[Mention]:
    """The agent of a verb: subject, passive "by" phrase, controller of an xcomp, or the
    antecedent of a relative pronoun or of "they"/"he" in a reported clause."""
    if depth > 4:
        return []
    if _is_passive(v):
        return [m for a in _children(v, "agent") for p in _children(a, "pobj") for m in _np(ctx, p, labels)]
    subj = _children(v, "nsubj", "csubj")
    if subj:
        s = subj[0]
        if s.tag_ in ("WDT", "WP") and v.dep_ == "relcl":
            return _np(ctx, _np_top(v.head), labels)
        if s.lower_ in _PRONOUNS:
            up = v
            while up.dep_ in ("ccomp", "conj", "xcomp", "advcl") and up.head.i != up.i:
                up = up.head
                found = _subject(ctx, up, labels, depth + 1) if _children(up, "nsubj") else []
                if found:
                    return found
            return []
        return _np(ctx, s, labels)
    to = [c for c in v.children if c.dep_ == "aux" and c.tag_ == "TO"]
    if to and to[0].i > ctx.sent.start:  # "approval for the Netherlands and Denmark to provide"
        prev = ctx.at(v.doc[to[0].i - 1])
        if prev is not None:
            root = ctx.spans[id(prev)].root
            if root.dep_ == "pobj" and root.head.lower_ == "for" or root.dep_ == "conj":
                return _np(ctx, _np_top(root), labels)
    if v.dep_ in ("xcomp", "conj", "advcl", "pcomp") and v.head.i != v.i:
        h = v.head
        if h.pos_ in ("VERB", "AUX"):
            return _subject(ctx, h, labels, depth + 1)
    if v.dep_ == "pcomp" and v.head.lower_ == "for":
        # "thanked Denmark for training pilots": the object of thank/praise/blame is the agent
        p = v.head
        while p.dep_ == "conj" and p.head.pos_ == "ADP":
            p = p.head
        if p.head.pos_ == "VERB":
            objs = [m for o in _children(p.head, "dobj") for m in _np(ctx, o, labels)]
            if objs:
                return objs
    if v.dep_ in ("acl", "pcomp", "xcomp") or v.pos_ == "NOUN":
        return _owner(ctx, v, labels)
    return _adjacent_subject(ctx, v, labels)


def _adjacent_subject(ctx: _Sent, v, labels) -> list[Mention]:
    """A mis-parsed clause ("announcing Madrid will provide ..."): a mention right before
    the verb group, when the parser found no subject at all."""
    k = v.i - 1
    while k >= ctx.sent.start and v.doc[k].dep_ in ("aux", "neg", "advmod") and v.doc[k].head.i == v.i:
        k -= 1
    m = ctx.at(v.doc[k]) if k >= ctx.sent.start and k < v.i - 1 else None
    return [m] if m is not None and ctx.label(m) in labels else []


def _antecedent(ctx: _Sent, pron, labels) -> list[Mention]:
    """The nearest mention before a possessive pronoun that can own things of its kind:
    "its"/"their" -> a country or organization, "his"/"her" -> a person."""
    kinds = {"Person"} if pron.lower_ in ("his", "her") else {"Country", "Organization"}
    before = [m for m in ctx.mentions if m.end <= pron.idx and ctx.label(m) in kinds & set(labels)]
    return before[-1:]


def _owner(ctx: _Sent, tok, labels) -> list[Mention]:
    """Walk up from a nominal/clausal trigger to the nearest possessor, modifier or subject:
    "France has no red lines regarding support for Ukraine" -> France."""
    t = tok
    for _ in range(6):
        mods = [ctx.at(c) for c in _premods(t) if c.dep_ in ("poss", "amod", "compound", "nmod")]
        mods = [m for m in mods if m is not None and ctx.label(m) in labels]
        if mods:
            return mods[-1:]
        pron = [c for c in t.children if c.dep_ == "poss" and c.tag_ == "PRP$"]
        if pron:  # "thanked Denmark for its support": the owner is the pronoun's antecedent
            return _antecedent(ctx, pron[0], labels)
        if t.i != tok.i and t.pos_ in ("VERB", "AUX"):
            subj = _children(t, "nsubj")
            if subj:
                return _np(ctx, subj[0], labels)
            if _is_passive(t):
                return _subject(ctx, t, labels)
        if t.head.i == t.i:
            break
        t = t.head
    return []


def _objects(ctx: _Sent, v) -> list:
    """Object-like tokens: direct and indirect objects, passive subjects, the noun a
    participle or relative clause modifies."""
    objs = _children(v, "dobj", "dative", "attr", "oprd")
    objs += _children(v, "nsubjpass")
    if _children(v, "agent"):
        objs += _children(v, "nsubj")
    if v.dep_ in ("acl", "amod") and _is_passive(v) or (
            v.dep_ == "relcl" and any(c.tag_ in ("WDT", "WP") for c in _children(v, "nsubjpass"))):
        objs.append(v.head)
    for p in list(objs):
        if p.tag_ in ("WDT", "WP") and v.dep_ == "relcl":
            objs.append(v.head)
    return objs


# --------------------------------------------------------------------------- rules

def find_roles(ctx: _Sent) -> None:
    """LEADER_OF / OFFICIAL_OF from titles found with the role lexicon.

    Person side: a Person right after the title ("President Joe Biden"), an apposition
    ("Starmer, the Prime Minister ..."), or a copula. Target side: a Country/Org right before
    the title ("Ukraine's President", "NATO Secretary-General"), a modifier of the title
    ("the French president") or an "of" phrase ("Prime Minister of the United Kingdom").
    """
    sent, roles, maxw = ctx.sent, _roles(), _max_role_words()
    hon = _cues()["honorific"]
    i = sent.start
    while i < sent.end:
        hit = None
        for n in range(min(maxw + 2, sent.end - i), 0, -1):  # +2: hyphens are tokens
            span = sent.doc[i:i + n]
            if ctx.at(span[0]) is not None and ctx.label(ctx.at(span[0])) == "Person":
                break
            key = _norm(span.text)
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
        for c in _children(head, "appos"):
            persons += [(m, "role_appos") for m in [ctx.at(c)] if m is not None]
        if head.dep_ == "attr":
            for s in _children(head.head, "nsubj"):
                persons += [(m, "role_copula") for m in [ctx.at(s)] if m is not None]
        persons = [(m, r) for m, r in persons if ctx.label(m) == "Person"]
        if not persons:
            continue
        targets: list[Mention] = []
        k = span.start - 1
        while k >= sent.start and sent.doc[k].lower_ in ("'s", "\u2019s", "'", "the"):
            k -= 1
        left = ctx.at(sent.doc[k]) if k >= sent.start else None
        if left is not None and ctx.label(left) in _ENT_LABELS and "\n" not in sent.doc.text[left.end:span.start_char]:
            targets.append(left)
        if not targets:
            for t in span:
                targets += [m for c in t.children if c.dep_ in _NP_MOD_DEPS and c.i < span.start
                            for m in [ctx.at(c)] if m is not None and ctx.label(m) in _ENT_LABELS]
        if not targets:
            for p in _pobjs(head, ("of",)):
                targets += _np(ctx, p, _ENT_LABELS, modifiers=False)
        # a city's officials are not the country's: no Location stands in for a country here
        targets = [t for t in targets if t.label != "Location"]
        for person, rule in persons:
            for tgt in targets[:1]:
                t_type = ctype if ctx.label(tgt) == "Country" else rtype
                ctx.emit(person, t_type, tgt, rule, role=role)


def _modifier_rules(ctx: _Sent) -> None:
    """Relations a noun phrase states by its modifiers: weapon origin, org home and owner."""
    cues = _cues()
    for m in ctx.mentions:
        label = ctx.label(m)
        if label not in ("Weapon", "Organization"):
            continue
        span = ctx.spans[id(m)]
        root = span.root
        heads = [root] + ([root.head] if root.dep_ == "compound" else [])
        mods = []
        for h in heads:
            mods += [c for c in _premods(h) if c.i < span.start]
            for c in _children(h, "appos"):  # "Saab, a Swedish company"
                mods += [d for d in _premods(c)]
        for c in _uniq(x for x in (ctx.at(t) for t in mods) if x is not None):
            if c is m or ctx.label(c) not in _ENT_LABELS:
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
                unit = bool(words & cues["unit_org"])
                kind = any(t.pos_ == "NOUN" and t.dep_ in ("compound", "appos") and ctx.at(t) is None for t in mods)
                if not (unit or poss or kind):
                    continue  # a bare adjective ("military-linked") is too weak for BASED_IN
                ctx.emit(m, "PART_OF" if unit or (poss and ctx.label(c) == "Organization") else
                         ("PART_OF" if poss and unit else "BASED_IN"), c, "org_modifier")
        # "U.S.-made", "Paris-based": a hyphen suffix right after a mention
        tail = ctx.sent.doc.text[m.end:m.end + 20]
        hm = re.match(r"-(\w+)", tail)
        if hm and hm.group(1).lower() in _suffixes() and label in ("Country", "Location", "Organization"):
            tok = ctx.sent.doc.char_span(m.start, m.end, alignment_mode="expand")
            if tok is None:
                continue
            t = tok[-1]
            if t.text.lower().endswith(hm.group(1).lower()) is False and t.i + 2 < len(t.doc):
                t = t.doc[t.i + 2]
            noun = t.head if t.dep_ in ("amod", "compound") else t
            if noun.dep_ == "compound":
                noun = noun.head
            rel = _suffixes()[hm.group(1).lower()]
            if rel == "PRODUCED_BY":
                for w in _weapons(ctx, noun):
                    ctx.emit(w, "PRODUCED_BY", m, "weapon_modifier")
            elif rel == "BASED_IN":
                for o in _np(ctx, noun, {"Organization"}, modifiers=False):
                    ctx.emit(o, "BASED_IN", m, "verb_base")


def _member_rules(ctx: _Sent, tok) -> None:
    orgs = [m for c in _premods(tok) for m in [ctx.at(c)] if m is not None and ctx.label(m) == "Organization"]
    for p in _pobjs(tok, ("of",)):
        orgs += _np(ctx, p, {"Organization"}, modifiers=False)
    if not orgs:
        return
    countries = []
    if tok.dep_ in ("compound", "appos", "nmod"):
        countries += _np(ctx, tok.head, {"Country"}, modifiers=False)
    for c in _children(tok, "appos"):
        countries += _np(ctx, c, {"Country"}, modifiers=False)
    if tok.dep_ == "attr":
        for s in _children(tok.head, "nsubj"):
            countries += _np(ctx, s, {"Country"}, modifiers=False)
    for p in _pobjs(tok, ("such", "including", "like")):
        countries += _np(ctx, p, {"Country"}, modifiers=False)
    for c in _uniq(countries):
        for o in orgs[:1]:
            ctx.emit(c, "MEMBER_OF", o, "member_noun")


def _verb_rules(ctx: _Sent, v, row: dict) -> None:
    frame, lemma = row["frame"], v.lemma_.lower()
    CO, P = _ENT_LABELS, {"Person"}
    CTRY = {"Country"}
    objs = _objects(ctx, v)
    if frame == "transfer":
        agents = _subject(ctx, v, CO)
        if not agents and v.dep_ in ("acl", "amod"):  # "French military equipment donated to Kyiv"
            agents = [m for c in _premods(v.head) for m in [ctx.at(c)] if m is not None and ctx.label(m) in CO]
        recips = [m for o in objs for m in _np(ctx, o, CTRY, modifiers=False) if o.dep_ in ("dobj", "dative")]
        recips += [m for p in _pobjs(v, ("to", "for")) for m in _np(ctx, p, CTRY)]
        themes = [o for o in objs if not _np(ctx, o, CTRY, modifiers=False) or o.dep_ in ("nsubjpass",)]
        themes += _pobjs(v, ("with",))
        weapons = _uniq(w for o in themes for w in _weapons(ctx, o))
        generic = any(o.lemma_.lower() in _cues()["generic_weapon"] | {"aid", "assistance", "package", "support"}
                      for o in themes)
        if not weapons and not generic and themes:
            return
        rule = "verb_transfer"
        if not recips and agents and weapons and v.dep_ in ("relcl", "acl"):
            # "Moldova fired NASAMS missiles, which are supplied by Norway": the user received them
            gv = _np_top(v.head).head
            while gv.dep_ == "prep" or gv.pos_ == "ADP":
                gv = gv.head
            if gv.pos_ == "VERB" and (gv.lemma_.lower(), "VERB") in _triggers() and any(
                    r["frame"] == "use" for r in _triggers()[(gv.lemma_.lower(), "VERB")]):
                recips = [m for m in _subject(ctx, gv, CTRY) if m not in agents]
                rule = "transfer_implied_recipient" if recips else rule
        if not recips and agents and weapons:
            others = _uniq(m for m in ctx.mentions if ctx.label(m) == "Country"
                           and ctx.ent(m)[0] not in {ctx.ent(a)[0] for a in agents})
            if len({ctx.ent(m)[0] for m in others}) == 1:
                recips, rule = others[:1], "transfer_implied_recipient"
        for a in agents:
            for r in recips:
                for w in weapons or [None]:
                    ctx.emit(a, "SUPPLIES", r, rule, weapon=ctx.ent(w)[0] if w else "")
        gov = [x for x in _triggers().get((v.head.lemma_.lower(), "VERB"), []) if v.dep_ == "xcomp"]
        realised = row.get("recipient_operates", True) and all(x.get("recipient_operates", True) for x in gov)
        for r in recips if realised else []:
            for w in weapons:
                ctx.emit(r, "OPERATES", w, "transfer_recipient_operates",
                         conf=min(RULE_CONFIDENCE[rule], RULE_CONFIDENCE["transfer_recipient_operates"]))
    elif frame == "use":
        if lemma == "shoot" and any(c.dep_ == "prt" and c.lower_ == "down" for c in v.children):
            return  # interception: the shooter's own weapon is not named
        agents = _subject(ctx, v, CO)
        weapons = _uniq(w for o in objs for w in _weapons(ctx, o))
        weapons += [w for p in _pobjs(v, ("with",)) for w in _weapons(ctx, p)]
        for a in agents:
            for w in weapons:
                ctx.emit(a, "OPERATES", w, "verb_use")
        if row.get("also") == "ATTACKED" or lemma in ("fire", "launch", "shoot"):
            tg = [m for p in _pobjs(v, ("at", "on", "into", "against")) for m in _bfs(ctx, p, CO)]
            for a in agents:
                for t in tg:
                    ctx.emit(a, "ATTACKED", t, "fire_at")
    elif frame == "attack":
        agents = _subject(ctx, v, CO)
        tg = [m for o in objs if o.dep_ in ("dobj", "nsubjpass") for m in _bfs(ctx, o, CO)]
        tg += [m for p in _pobjs(v, ("on", "at", "against", "into", "in")) if p.head.lower_ != "in" or not tg
               for m in _bfs(ctx, p, CO)]
        for a in agents:
            for t in _uniq(tg):
                ctx.emit(a, "ATTACKED", t, "verb_attack")
    elif frame == "support":
        agents = _subject(ctx, v, CO | P)
        tg = [m for o in objs if o.dep_ == "dobj" for m in _np(ctx, o, CTRY)]
        for a in agents:
            for t in tg:
                ctx.emit(a, "SUPPORTS", t, "verb_support")
    elif frame == "meet":
        hosts = _subject(ctx, v, P)
        for a in _children(v, "prep", "advmod"):  # "received by X along with Y"
            if a.lower_ == "along":
                hosts += [m for p in _pobjs(a, ("with",)) for m in _np(ctx, p, P, modifiers=False)]
        guests = [m for o in objs for m in _np(ctx, o, P, modifiers=False)]
        guests += [m for p in _pobjs(v, ("with",)) for m in _np(ctx, p, P, modifiers=False)]
        if lemma == "receive" and not guests:
            return
        pairs = [(h, g) for h in hosts for g in guests]
        if not guests and lemma == "meet":
            pairs = [(a, b) for i, a in enumerate(hosts) for b in hosts[i + 1:]]
        for a, b in pairs:
            ctx.emit(a, "MET_WITH", b, "verb_meet")
        if lemma in ("receive", "host", "welcome"):
            places = [m for t in v.subtree if t.dep_ == "prep" and t.lower_ in ("in", "at")
                      for p in _children(t, "pobj") for m in _bfs(ctx, p, CTRY)]
            for g in guests:
                for pl in places[:1]:
                    ctx.emit(g, "VISITED", pl, "meet_place_visit")
    elif frame == "visit":
        who = _subject(ctx, v, P)
        where = [m for o in objs if o.dep_ == "dobj" for m in _bfs(ctx, o, CTRY)]
        if lemma != "visit":
            where += [m for p in _pobjs(v, ("to", "in")) for m in _bfs(ctx, p, CTRY)]
        for w in who:
            for c in where[:1]:
                ctx.emit(w, "VISITED", c, "verb_visit")
    elif frame == "produce":
        makers = _subject(ctx, v, CO)
        themes = [o for o in objs]
        weapons = _uniq(w for o in themes for w in _weapons(ctx, o))
        rule = "verb_produce"
        if not weapons and any(o.lemma_.lower() in _cues()["generic_weapon"] for o in themes):
            every = _uniq(m for m in ctx.mentions if ctx.label(m) == "Weapon")
            if len({m.entity for m in every}) == 1:
                weapons, rule = every[:1], "produce_single_weapon"
        for w in weapons:
            for mk in makers:
                ctx.emit(w, "PRODUCED_BY", mk, rule)
    elif frame == "own":
        if lemma == "belong":
            whose = [d for s in _children(v, "nsubj") for d in s.children if d.lower_ == "whose"]
            owned = _ancestor_mentions(ctx, v, {"Organization"})
            if whose and not owned:  # else the antecedent of "whose": the nearest org before it
                before = [m for m in ctx.mentions if m.end <= whose[0].idx and ctx.label(m) == "Organization"]
                owned = before[-1:]
            owners = [m for p in _pobjs(v, ("to",)) for m in _np(ctx, p, CO)]
        elif _is_passive(v):
            owned = [m for o in objs for m in _np(ctx, o, {"Organization"}, modifiers=False)]
            owners = _subject(ctx, v, CO)
        else:
            owners = _subject(ctx, v, CO)
            owned = [m for o in objs for m in _np(ctx, o, {"Organization"}, modifiers=False)]
        for o in owned[:1]:
            for w in owners:
                ctx.emit(o, "PART_OF", w, "verb_own")
    elif frame == "join":
        for c in _subject(ctx, v, CTRY):
            for o in [m for ob in objs for m in _np(ctx, ob, {"Organization"}, modifiers=False)]:
                ctx.emit(c, "MEMBER_OF", o, "verb_join")
    elif frame == "base":
        orgs = [m for o in objs for m in _np(ctx, o, {"Organization"}, modifiers=False)]
        where = [m for p in _pobjs(v, ("in",)) for m in _bfs(ctx, p, CTRY)]
        for o in orgs:
            for w in where[:1]:
                ctx.emit(o, "BASED_IN", w, "verb_base")


def _ancestor_mentions(ctx: _Sent, tok, labels) -> list[Mention]:
    t = tok
    while t.head.i != t.i:
        t = t.head
        m = ctx.at(t)
        if m is not None and ctx.label(m) in labels:
            return [m]
    return []


def _visit_np_people(ctx: _Sent, n) -> list[Mention]:
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


def _noun_rules(ctx: _Sent, n, row: dict) -> None:
    frame = row["frame"]
    CO, P, CTRY = _ENT_LABELS, {"Person"}, {"Country"}
    if frame == "attack":
        tg = [m for p in _pobjs(n, ("on", "against", "in", "into", "of", "at")) for m in _bfs(ctx, p, CO)]
        agents = [m for c in _premods(n) for m in [ctx.at(c)] if m is not None and ctx.label(m) in CO]
        if not agents and n.dep_ in ("dobj",) and n.head.lemma_.lower() in ("launch", "carry", "conduct", "wage", "mount"):
            agents = _subject(ctx, n.head, CO)
        agents = [a for a in agents if a not in tg]
        for a in agents[-1:]:
            for t in tg[:1]:
                ctx.emit(a, "ATTACKED", t, "noun_attack")
    elif frame == "support":
        tg = [m for p in _pobjs(n, ("for", "to", "of")) for m in _np(ctx, p, CTRY)]
        if not tg:
            return
        agents = _owner(ctx, n, CO | P)
        for a in agents:
            for t in tg:
                ctx.emit(a, "SUPPORTS", t, "noun_support")
    elif frame == "transfer":
        if not any(c.lemma_.lower() in ("military", "weapon", "arm", "defense", "defence", "security")
                   for c in _premods(n)) and n.lemma_.lower() in ("aid", "package"):
            return
        tg = [m for p in _pobjs(n, ("to", "for")) for m in _np(ctx, p, CTRY)]
        agents = [m for c in _premods(n) for m in [ctx.at(c)] if m is not None and ctx.label(m) in CO]
        for a in agents[-1:]:
            for t in tg:
                ctx.emit(a, "SUPPLIES", t, "verb_transfer", conf=0.7)
    elif frame == "visit":
        where = [m for p in _pobjs(n, ("to",)) for m in _bfs(ctx, p, CTRY)]
        dests = _pobjs(n, ("to",))
        who = [m for t in [n, *dests] for p in _pobjs(t, ("of", "by")) for m in _np(ctx, p, P)]
        who += [m for c in _premods(n) for m in [ctx.at(c)] if m is not None and ctx.label(m) == "Person"]
        if not who and n.dep_ in ("dobj",) and n.head.lemma_.lower() in ("make", "pay", "begin", "start"):
            who = _subject(ctx, n.head, P)
        if not who and where:
            who = _visit_np_people(ctx, n)
            rule = "noun_visit_np"
        else:
            rule = "noun_visit"
        for w in _uniq(who):
            for c in where[:1]:
                ctx.emit(w, "VISITED", c, rule)
    elif frame == "meet":
        if any(c.lower_ in ("phone", "telephone", "video", "virtual", "call") for c in n.subtree):
            return
        people = [m for p in _pobjs(n, ("with", "between")) for m in _np(ctx, p, P, modifiers=False)]
        if not people:
            return
        own = [m for c in _premods(n) for m in [ctx.at(c)] if m is not None and ctx.label(m) == "Person"]
        if not own and n.dep_ == "dobj" and n.head.lemma_.lower() in ("hold", "have", "attend"):
            own = _subject(ctx, n.head, P)
        group = _uniq(own + people)
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                ctx.emit(a, "MET_WITH", b, "noun_meet")
    elif frame == "member":
        _member_rules(ctx, n)
    elif frame == "part":
        parts = []
        if n.dep_ == "attr":
            parts = [m for s in _children(n.head, "nsubj") for m in _np(ctx, s, {"Organization"}, modifiers=False)]
        if n.dep_ == "appos":
            parts = _np(ctx, n.head, {"Organization"}, modifiers=False)
        wholes = [m for p in _pobjs(n, ("of",)) for m in _np(ctx, p, CO)]
        for a in parts:
            for b in wholes[:1]:
                ctx.emit(a, "PART_OF", b, "verb_own")


def _located_weapons(ctx: _Sent) -> None:
    """"a Su-24 bomber, which is in Ukraine": a weapon located in a country is operated by it."""
    for m in ctx.mentions:
        if ctx.label(m) != "Weapon":
            continue
        root = ctx.spans[id(m)].root
        noun = root.head if root.dep_ == "compound" else root
        for rc in _children(noun, "relcl"):
            if rc.lemma_ == "be" and any(c.tag_ in ("WDT", "WP") for c in _children(rc, "nsubj")):
                for c in _pobjs(rc, ("in",)):
                    for k in _np(ctx, c, {"Country"}):
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
    starts = {t.i: seg.start for seg in _segments(doc) for t in seg}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        by_sent.setdefault(starts[span[0].i], []).append((m, span))
    out: list[Relation] = []
    triggers = _triggers()
    for sent in _segments(doc):
        ms = by_sent.get(sent.start)
        if not ms or len({m.entity for m, _ in ms}) < 2 or headline_like(sent):
            continue  # a Title Case headline parses badly; the article body restates it
        ctx = _Sent(sent, ms, entities, doc_id, out)
        find_roles(ctx)
        _modifier_rules(ctx)
        _located_weapons(ctx)
        for tok in sent:
            pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else ""
            rows = triggers.get((tok.lemma_.lower(), pos), [])
            if not rows or ctx.at(tok) is not None or _polarity(tok) != "ok":
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
