"""Role finding: who holds which title of which country or organization.

Why its own module: titles are found by a scan of the role lexicon (``data/roles.jsonl``),
not by a trigger lemma, and tie a Person to a Country/Organization in many surface ways:
"Ukraine's defence minister X", "French President X", "X, the Prime Minister of Y",
"X is the NATO Secretary-General".

>>> import spacy
>>> from spacy.tokens import Doc
>>> doc = Doc(spacy.blank("en").vocab, words=["Hello"])
>>> out = []; find_roles(Sentence(doc[0:1], [], {}, "d", out)); out
[]
"""
from __future__ import annotations

from ..lexicon import cues, max_role_words, norm_title, role_first_words, roles_table
from ..model import Mention
from .context import Sentence
from .syntax import ENT_LABELS, NP_MOD_DEPS, deps_of, np_mentions, pobjs

__all__ = ["find_roles"]


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

