"""spaCy components graphbuilder adds to any English pipeline.

Why a registered factory: the typed-candidate stage then runs inside ``nlp.pipe`` like any other
component, works with every model (``en_core_web_sm``/``lg``/``trf``) and shows up in
``nlp.pipe_names``. The component itself holds no rules: they live in ``extract.py`` and the
data files, so there is one place to read them.

>>> import spacy
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("gb_entities")
>>> [c.label for c in nlp("They flew Su-24 jets.").user_data["gb_candidates"]]
['Weapon']
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .extract import find_candidates
from .knowledge import load_knowledge

__all__ = ["EntityCandidates", "line_breaks"]


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
    """Store typed candidates in ``doc.user_data["gb_candidates"]``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.kb = load_knowledge()

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data["gb_candidates"] = find_candidates(doc, self.kb)
        return doc


@Language.factory("gb_entities", default_config={})
def make_entity_candidates(nlp: Language, name: str) -> EntityCandidates:
    return EntityCandidates(nlp, name)
