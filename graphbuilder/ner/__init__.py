"""The NER stage: typed entity spans from a parsed spaCy ``Doc``.

Why a subpackage: the stage has several concerns, one file each —
``components`` (the spaCy factories and the ``doc.spans`` record), ``weapons`` (knowledge-base
weapons, designations, "NAME + weapon noun"), ``spans`` (repair and typing of the model's
spans), ``gaps`` (countries and organizations the model missed), ``headline`` (Title Case
lines), ``tokens`` (shared token helpers) and ``cues`` (rule tables from ``data/``).

>>> import spacy
>>> from graphbuilder.knowledge import load_knowledge
>>> [c.text for c in find_candidates(spacy.blank("en")("They flew F-16s."), load_knowledge())]
['F-16s']
"""
from __future__ import annotations

from .components import SPANS_KEY, candidates, find_candidates, write_spans
from .weapons import DESIGNATION_RE

__all__ = ["find_candidates", "candidates", "write_spans", "SPANS_KEY", "DESIGNATION_RE"]
