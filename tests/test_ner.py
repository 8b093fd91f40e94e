"""The NER stage's record: typed spans in ``doc.spans``, on a blank pipeline (rules only)."""
import pytest
import spacy
from spacy.tokens import Doc

from graphbuilder.ner import SPANS_KEY, candidates

pytestmark = pytest.mark.issue(6)

TEXT = "They flew U.S.-made Zork-7 missiles and F-16s over NATO bases."


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("gb_entities")
    return nlp


def test_ner_spans_carry_label_ref_and_rule(nlp):
    doc = nlp(TEXT)
    spans = {s.text: s for s in doc.spans[SPANS_KEY]}
    assert spans["F-16s"].label_ == "Weapon"
    assert spans["F-16s"].kb_id_ == "weapon:f-16"
    assert spans["Zork-7"].id_ == "designation"
    assert spans["NATO"].label_ == "Organization"


def test_ner_candidates_keep_exact_characters(nlp):
    doc = nlp(TEXT)
    got = [(c.text, c.label) for c in candidates(doc)]
    assert got[0] == ("U.S.", "Country")
    assert all(doc.text[c.start:c.end] == c.text for c in candidates(doc))


def test_ner_spans_survive_to_bytes(nlp):
    doc = nlp(TEXT)
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert candidates(back) == candidates(doc)


def test_ner_spans_survive_nlp_pipe_n_process_2(nlp):
    texts = [TEXT, "Ruritania bought Zork-9 rockets.", TEXT]
    one = [candidates(d) for d in nlp.pipe(texts)]
    two = [candidates(d) for d in nlp.pipe(texts, n_process=2, batch_size=1)]
    assert two == one
