"""The parse seen from the mentions: one sentence's mentions by token, argument finding
(subject, objects, owner, noun phrases), and polarity (negated or hedged triggers).

Why separate from the rules: the twelve relation types share these few ways of walking the
dependency tree; keeping them here keeps ``relations.py`` a list of rules a reader can audit.

Polarity: a trigger with a ``neg`` dependent ("has not sent"), a "no" determiner on its
object, or governed by a negating verb ("refused to send", "denied that it had sent") yields
nothing. "cannot use X without Y" states a necessity, not a denial, so it is kept. Hedged
triggers ("could strike", "may send", "plans to send") yield nothing either; "will send" is kept.
"""
from __future__ import annotations

from collections.abc import Iterable

from .lexicon import RULE_CONFIDENCE, cues
from .model import Evidence, Mention, Relation
from .schema import allowed

__all__ = ["ENT_LABELS", "SKIP_DEPS", "NP_MOD_DEPS", "PRONOUNS", "Sentence", "uniq", "np_top", "premods",
           "np_mentions", "weapons_in", "bfs_mentions", "deps_of", "pobjs", "is_passive", "polarity",
           "subject_of", "adjacent_subject", "antecedent", "owner_of", "objects_of"]

ENT_LABELS = frozenset({"Country", "Organization"})
SKIP_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "punct"})
NP_MOD_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we"})



# --------------------------------------------------------------------------- sentence context

class Sentence:
    """One sentence: its mentions by token, and the relations found so far."""

    def __init__(self, sent, mentions: list[tuple[Mention, object]], entities, doc_id, out,
                 doc_text: str | None = None):
        self.sent, self.entities, self.out = sent, entities, out
        #: the whole document's text, built once by the caller (``Doc.text`` rebuilds it per call)
        self.doc_text = doc_text if doc_text is not None else sent.doc.text
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
    elif modifiers and tok.pos_ in ("NOUN", "PROPN"):
        mods = [ctx.at(c) for c in premods(tok)]
        mods = [x for x in mods if x is not None and ctx.label(x) in ENT_LABELS]
        if not mods and tok.lemma_.lower() in cues()["group_noun"]:
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
    return uniq(sorted(out, key=lambda m: m.start))


def bfs_mentions(ctx: Sentence, tok, labels, max_depth=4) -> list[Mention]:
    """The nearest mentions below ``tok`` with a label in ``labels`` (one depth level)."""
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


# --------------------------------------------------------------------------- polarity

def polarity(tok) -> str:
    """'neg', 'hedge' or 'ok' for a trigger, looking at it and its governing verbs/nouns."""
    cue = cues()
    t, first = tok, True
    for _ in range(5):
        kids = list(t.children)
        if any(c.dep_ == "neg" or (first and c.dep_ == "det" and c.lower_ == "no") for c in kids):
            if not (first and any(c.dep_ == "prep" and c.lower_ == "without" for c in kids)):
                return "neg"
        if any(c.dep_ in ("aux", "mark") and c.lower_ in cue["hedge"] | {"if"} for c in kids):
            return "hedge"
        if not first:
            if t.lemma_.lower() in cue["negation_head"]:
                return "neg"
            if t.lemma_.lower() in cue["hedge_head"]:
                return "hedge"
        if t.dep_ == "ccomp" and t.head.lemma_.lower() in cue["negation_head"]:
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
        if v.pos_ in ("VERB", "AUX") and deps_of(v, "neg"):
            return "neg"
    for c in tok.children:  # "sent no tanks"
        if c.dep_ in ("dobj", "nsubjpass") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children):
            return "neg"
    return "ok"


# --------------------------------------------------------------------------- arguments

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
        if s.tag_ in ("WDT", "WP") and v.dep_ == "relcl":
            return np_mentions(ctx, np_top(v.head), labels)
        if s.lower_ in PRONOUNS:
            up = v
            while up.dep_ in ("ccomp", "conj", "xcomp", "advcl") and up.head.i != up.i:
                up = up.head
                found = subject_of(ctx, up, labels, depth + 1) if deps_of(up, "nsubj") else []
                if found:
                    return found
            return []
        return np_mentions(ctx, s, labels)
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
