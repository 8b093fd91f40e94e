"""Negation, hedging and quotation: whether a frame's trigger states a fact.

Why data: the words that turn a statement into a denial ("refused to send", "denied that"),
a plan ("plans to", "is considering") or a condition ("if", "unless") are read from
``data/relation_cues.jsonl``; this module only says where in the parse to look for them.

Polarity: a trigger with a ``neg`` dependent ("has not sent"), a "no" determiner on its
object, or governed by a negating verb ("refused to send", "denied that it had sent") yields
nothing. "cannot use X without Y" states a necessity, not a denial, so it is kept. Hedged
triggers ("could strike", "may send", "plans to send") yield nothing either; "will send" is kept.

Plans: a visit, a meeting or an office still to come ("will visit", "is to meet", "is expected to
travel", "travels to Italy tomorrow", "will become chairman") is not annotated (the guideline
skips planned events); frames whose row says ``planned_is_none`` ask :func:`planned`.

>>> import spacy
>>> from spacy.tokens import Doc
>>> doc = Doc(spacy.blank("en").vocab, words=["sent", "not"], heads=[0, 0], deps=["ROOT", "neg"])
>>> polarity(doc[0])
'neg'
"""
from __future__ import annotations

from ..lexicon import cues
from .syntax import deps_of

__all__ = ["polarity", "planned"]


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
        if t.dep_ not in ("xcomp", "acl", "advcl", "pobj", "prep", "pcomp", "dobj", "conj", "attr") or t.head.i == t.i:
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



def planned(tok) -> bool:
    """Is the event of ``tok`` still to come: a future auxiliary on it or on the verb it hangs
    from ("will visit", "will hold talks"), a governing "be/expect/due to" ("is to visit",
    "is expected to meet"), or a present tense with a time ahead ("travels to Italy tomorrow")?"""
    cue = cues()
    t = tok
    for _ in range(4):
        if t.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "aux" and c.lower_ in cue["future_aux"] for c in t.children):
                return True
            if t.dep_ == "xcomp" and t.head.lemma_.lower() in cue["future_head"] \
                    and any(c.tag_ == "TO" for c in t.children):
                return True
            if t.tag_ in ("VBZ", "VBP") and any(d.lower_ in cue["future_time"] for c in t.children
                                                if c.dep_ in ("npadvmod", "advmod", "prep", "tmod")
                                                for d in c.subtree):
                return True
            if t.dep_ not in ("xcomp", "conj"):
                return False
        elif t.dep_ not in ("dobj", "pobj", "prep", "attr", "nsubj", "nsubjpass"):
            return False
        if t.head.i == t.i:
            return False
        t = t.head
    return False
