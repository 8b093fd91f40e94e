"""The sentence context every frame works in: its mentions by token, and ``emit()``.

Why one object: frames look arguments up by token (``ctx.at(tok)``), see a Location with a
known country as that country (``ctx.ent``), and append typed relations checked against the
schema (``ctx.emit``); keeping those three in one place keeps the frames free of bookkeeping.

Coreference hook: ``refs`` maps a token index of the Doc to the named Mention it stands for
("he", "the company"). ``at()`` treats such a token like a mention of that entity, so every
frame that looks an argument up by token follows it; ``mentions`` lists only the named ones.

>>> import spacy
>>> from spacy.tokens import Doc
>>> from graphbuilder.model import Mention
>>> doc = Doc(spacy.blank("en").vocab, words=["Finland", "thanked", "it"])
>>> fin = Mention("d", 0, 7, "Finland", "Country", "country:FIN")
>>> ctx = Sentence(doc[0:3], [(fin, doc[0:1])], {}, "d", [], refs={2: fin})
>>> ctx.at(doc[0]).entity, ctx.at(doc[2]).entity, ctx.at(doc[1])
('country:FIN', 'country:FIN', None)
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from ..model import Evidence, Mention, Relation
from ..schema import allowed
from ..lexicon import rule_confidence

__all__ = ["Sentence"]


class Sentence:
    """One sentence: its mentions by token, and the relations found so far."""

    def __init__(self, sent, mentions: list[tuple[Mention, object]], entities, doc_id, out,
                 doc_text: str | None = None, refs: Mapping[int, Mention] | None = None):
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
        for i, m in (refs or {}).items():  # a copy per token: each has its own one-token span
            if sent.start <= i < sent.end and i not in self.by_tok:
                ref = dataclasses.replace(m)
                self.by_tok[i] = ref
                self.spans[id(ref)] = sent.doc[i:i + 1]
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
                                 rule_confidence(rule) if conf is None else conf, role, weapon))

    def label(self, m: Mention) -> str:
        return self.ent(m)[1]

