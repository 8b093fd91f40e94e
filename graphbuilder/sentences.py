"""Sentences and line breaks of a parsed ``Doc``, read from its arrays.

Why: ``Doc.sents`` walks every token in Python each time it is asked, and the NER rules, the
relation stage, coreference and the co-mention pass all need the sentences of each document;
the line breaks likewise (headlines, segments). Reading the ``SENT_START`` and ``IDX`` columns
once gives the same spans for a fraction of the cost, so the extraction asks once per document
and hands the list on.

>>> import spacy
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> doc = nlp("Troops left.\\nThey came back. Then rain.")
>>> [s.text for s in sentences(doc)] == [s.text for s in doc.sents]
True
>>> line_break_tokens(doc) == [t.i for t in doc if "\\n" in t.text_with_ws]
True
"""
from __future__ import annotations

import bisect

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Span

__all__ = ["sentences", "sentence_bounds", "line_break_tokens"]


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``(start, end)`` token bounds of every sentence, as ``Doc.sents`` gives them (which it
    also raises for: a document without sentence boundaries)."""
    if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
        return [(s.start, s.end) for s in doc.sents]
    column = doc.to_array(SENT_START).tolist() if len(doc) else []
    starts = [0] + [i for i, v in enumerate(column) if v == 1 and i > 0]
    ends = starts[1:] + [len(doc)]
    return [(a, b) for a, b in zip(starts, ends) if a < b]


def sentences(doc: Doc) -> list[Span]:
    """The sentences of ``doc`` as a list of spans, equal to ``list(doc.sents)``."""
    return [doc[a:b] for a, b in sentence_bounds(doc)]


def line_break_tokens(doc: Doc, text: str | None = None, starts: list[int] | None = None) -> list[int]:
    """Indices of the tokens whose text or trailing whitespace holds a line break, in order
    (``"\\n" in token.text_with_ws``), found from the breaks in ``text`` (``doc.text``, which
    the caller may pass: spaCy joins it from the tokens on every call; likewise the tokens' start
    offsets)."""
    text = doc.text if text is None else text
    at = text.find("\n")
    if at < 0:
        return []
    starts = doc.to_array(IDX).tolist() if starts is None else starts
    out: list[int] = []
    while at >= 0:
        k = bisect.bisect_right(starts, at) - 1
        if not out or out[-1] != k:
            out.append(k)
        at = text.find("\n", at + 1)
    return out
