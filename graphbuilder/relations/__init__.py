"""Typed relations between resolved mentions, from the frames a sentence states.

Why frames over the parse: every relation must point at a sentence that states it, and a
frame that fired can be named (``Relation.rule``) and audited. What the frames know lives in
data files (roles, triggers, cues); how they walk the parse lives in ``syntax.py``; whether a
trigger states a fact (negation, hedging) in ``modifiers.py``.

>>> import spacy
>>> from spacy.tokens import Doc
>>> extract_relations(Doc(spacy.blank("en").vocab, words=["Hello"]), [], {})
[]
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.attrs import IS_SPACE

from ..lexicon import role_of, triggers
from ..model import Entity, Mention, Relation
from ..sentences import line_break_tokens, sentences
from .context import Sentence
from .coref import resolve_refs
from .frames import FRAMES, run_frame
from .phrases import located_weapons, modifier_frames, name_frames
from .modifiers import polarity
from .roles import find_roles

__all__ = ["extract_relations", "find_roles", "role_of", "Sentence", "FRAMES"]


def _dateline(doc, span, starts: Mapping[int, int]) -> bool:
    """A source named before a spaced dash at the start of a sentence ("AP - Saboteurs blew up
    ...", "AFP - Swiss group UBS said"), or in brackets at the end of a headline ("... (AFP)"):
    a byline, no argument of what the sentence states."""
    end = span.end
    if 0 < span.start and end < len(doc) and doc[span.start - 1].text == "(" and doc[end].text == ")" \
            and (end + 1 == len(doc) or doc[end + 1].is_space or starts.get(end + 1) == end + 1):
        return True  # "... crash (AFP)": the credit line of a headline
    if 0 < span.start and end + 1 < len(doc) and doc[span.start - 1].text == "(" and doc[end].text == ")" \
            and doc[end + 1].text in ("-", "\u2013", "\u2014", "--"):
        return True  # "HONG KONG (Reuters) - Dell said": a dateline's credit
    return (span.start == starts.get(span.start) or span.start > 0 and doc[span.start - 1].is_space) \
        and end < len(doc) and doc[end].text in ("-", "\u2013", "\u2014", "--") \
        and bool(doc[end - 1].whitespace_) and bool(doc[end].whitespace_)


def extract_relations(doc, mentions: Sequence[Mention], entities: Mapping[str, Entity], *,
                      doc_id: str | None = None, refs: Mapping[int, Mention] | None = None,
                      sents: Sequence | None = None, text: str | None = None) -> list[Relation]:
    """All relations the text of ``doc`` states between the given mentions.

    ``refs`` (token index -> named Mention) lets a pronoun or a description stand for an
    entity wherever a frame looks an argument up (see ``context.Sentence``). ``sents`` are the
    document's sentences and ``text`` its text (``doc.text``), when the caller has them already.

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
    sents = sentences(doc) if sents is None else sents
    text = doc.text if text is None else text
    segments = _segments(doc, sents, text)
    starts = {i: seg.start for seg in segments for i in range(seg.start, seg.end)}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0 or _dateline(doc, span, starts):
            continue
        by_sent.setdefault(starts[span[0].i], []).append((m, span))
    refs = resolve_refs(doc, mentions, entities, sents, text) if refs is None else refs
    ref_ents: dict[int, set[str]] = {}
    for i, m in refs.items():
        ref_ents.setdefault(starts.get(i, -1), set()).add(m.entity)
    out: list[Relation] = []
    table = triggers()
    for sent in segments:
        ms = by_sent.get(sent.start)
        if not ms:
            continue
        ctx = Sentence(sent, ms, entities, doc_id, out, text, refs)
        name_frames(ctx)  # "the Philippine Navy": one name states it
        if len({m.entity for m, _ in ms} | ref_ents.get(sent.start, set())) < 2:
            continue
        find_roles(ctx)
        modifier_frames(ctx)
        located_weapons(ctx)
        for tok in sent:
            pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else ""
            rows = table.get((tok.lemma_.lower(), pos), [])
            if not rows or ctx.at(tok) is not None or polarity(tok) != "ok":
                continue
            for row in rows:
                run_frame(ctx, tok, row)
    return _dedupe(_drop_home_visits(out))


def _drop_home_visits(rels: list[Relation]) -> list[Relation]:
    """A leader or official travelling inside their own country ("Russian President Vladimir
    Putin made a visit to Chechnya") is not VISITED: drop it when the same sentence ties the
    person to that country."""
    home = {(r.source, r.target, r.evidence.start) for r in rels if r.type in ("LEADER_OF", "OFFICIAL_OF")}
    return [r for r in rels if not (r.type == "VISITED" and (r.source, r.target, r.evidence.start) in home)]


def _segments(doc, sents: Sequence, text: str) -> list:
    """Sentences, cut again at line breaks: a headline the parser glued to the first
    sentence ("... fired by Ukraine\\n\\nPresident Joe Biden ...") must not relate across."""
    breaks = line_break_tokens(doc, text)
    space = doc.to_array(IS_SPACE).tolist() if len(doc) else []
    out, k = [], 0
    for sent in sents:
        a = sent.start
        while k < len(breaks) and breaks[k] < a:
            k += 1
        b = k
        while b < len(breaks) and breaks[b] + 1 < sent.end:
            t = breaks[b]
            if not all(space[a:t + 1]):
                out.append(doc[a:t + 1])
            a, b = t + 1, b + 1
        if not all(space[a:sent.end]):
            out.append(doc[a:sent.end])
    return out


def _dedupe(rels: list[Relation]) -> list[Relation]:
    best: dict[tuple, Relation] = {}
    for r in rels:
        key = (r.source, r.type, r.target, r.weapon, r.evidence.start)
        if key not in best or r.confidence > best[key].confidence:
            best[key] = r
    return list(best.values())
