"""The NER stage as spaCy components: ``gb_line_breaks`` and ``gb_entities``.

Why registered factories: the stage then runs inside ``nlp.pipe`` like any other component,
works with every model (``en_core_web_sm``/``lg``/``trf``) and shows up in ``nlp.pipe_names``.
Its result is an ordinary spaCy ``SpanGroup``, ``doc.spans["gb_entities"]``: the span label is
our type, ``kb_id`` the knowledge-base reference, ``id`` the rule that found it. Those three
survive ``Doc.to_bytes`` (and so ``nlp.pipe(n_process=...)``); the few spans whose characters
differ from their tokens ("U.S." inside "U.S.-made") or that resolve under another name keep
that in span extensions, which spaCy stores in ``user_data`` and serialises with the Doc.

>>> import spacy
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("gb_entities")
>>> doc = nlp("They flew U.S.-made Zork-7 missiles.")
>>> [(s.text, s.label_, s.kb_id_, s.id_) for s in doc.spans[SPANS_KEY]]
[('U.S.-made', 'Country', 'country:USA', 'hyphen'), ('Zork-7', 'Weapon', '', 'designation')]
>>> [(c.text, c.start, c.end) for c in candidates(doc)]
[('U.S.', 10, 14), ('Zork-7', 20, 26)]
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..knowledge import Knowledge, load_knowledge
from ..model import Candidate
from .gaps import gap_spans
from .spans import model_spans
from .tokens import clear_scratch
from .weapons import kb_weapon_spans, pattern_weapon_spans

__all__ = ["SPANS_KEY", "find_candidates", "write_spans", "candidates", "line_breaks", "EntityCandidates"]

#: The ``doc.spans`` key the stage writes.
SPANS_KEY = "gb_entities"

for _ext in ("gb_chars", "gb_name"):
    if not Span.has_extension(_ext):
        Span.set_extension(_ext, default=None)


def find_candidates(doc: Doc, kb: Knowledge) -> list[Candidate]:
    """All typed candidates of ``doc``, non-overlapping, in text order.

    Weapons first (knowledge base, then designations and "NAME + weapon noun"), then the model's
    spans, then the gap scan; each rule only sees tokens no earlier rule claimed.

    >>> import spacy
    >>> [c.label for c in find_candidates(spacy.blank("en")("They flew F-16s."), load_knowledge())]
    ['Weapon']
    """
    taken = [False] * len(doc)
    cands = kb_weapon_spans(doc, kb, taken)
    cands += pattern_weapon_spans(doc, kb, taken)
    cands += model_spans(doc, kb, taken)
    cands += gap_spans(doc, kb, taken)
    clear_scratch(doc)
    cands.sort(key=lambda c: (c.start, -c.end))
    out, last_end = [], -1
    for c in cands:
        if c.start >= last_end:
            out.append(c)
            last_end = c.end
    return out


def write_spans(doc: Doc, cands: list[Candidate]) -> None:
    """Store ``cands`` as ``doc.spans[SPANS_KEY]`` (token spans; exact characters and a
    differing name in the ``gb_chars`` / ``gb_name`` extensions)."""
    spans = []
    for c in cands:
        span = doc.char_span(c.start, c.end, label=c.label, kb_id=c.ref, span_id=c.source,
                             alignment_mode="expand")
        if span is None:
            continue
        if (span.start_char, span.end_char) != (c.start, c.end) or span.text != c.text:
            span._.gb_chars = (c.start, c.end, c.text)
        if c.name:
            span._.gb_name = c.name
        spans.append(span)
    doc.spans[SPANS_KEY] = spans


def candidates(doc: Doc) -> list[Candidate]:
    """The stage's result as ``Candidate`` records, with offsets into ``doc.text``."""
    out = []
    for span in doc.spans.get(SPANS_KEY, ()):
        exact = span._.gb_chars
        start, end, text = exact if exact else (span.start_char, span.end_char, span.text)
        out.append(Candidate(start, end, text, span.label_, span.kb_id_, span.id_, span._.gb_name or ""))
    return out


@Language.component("gb_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so a headline never runs into the first sentence.

    Runs before the parser, which keeps boundaries that are already set.
    """
    for tok in doc[1:]:
        if "\n" in doc[tok.i - 1].text_with_ws and not tok.is_space:
            tok.is_sent_start = True
    return doc


class EntityCandidates:
    """Write the typed candidates of each document to ``doc.spans["gb_entities"]``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.kb = load_knowledge()

    def __call__(self, doc: Doc) -> Doc:
        write_spans(doc, find_candidates(doc, self.kb))
        return doc


@Language.factory("gb_entities", default_config={})
def make_entity_candidates(nlp: Language, name: str) -> EntityCandidates:
    return EntityCandidates(nlp, name)
