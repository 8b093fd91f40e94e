"""The table-matched attribute ruler gives exactly the stock component's matches and annotations."""
from __future__ import annotations

import pytest
import spacy

from graphbuilder.attribute_table import AttributeTable, use_attribute_table
from graphbuilder.settings import DEFAULT_MODEL

pytestmark = pytest.mark.model

#: Sentences of our own touching every kind of pattern the English ruler holds: the tag map,
#: words with their own lemma ("ai" + "n't", "gonna", "gotta", "let's", "y'all", "nothin'"),
#: auxiliaries, determiners by dependency, expletive "there", and whitespace tokens.
SENTENCES = [
    "The minister said the frigates ain't ready, and they're gonna wait.",
    "Let's see what y'all think; we gotta decide by Friday.  C'mon, there's nothin' left.",
    "There were 48 Leopard 2 tanks in the depot, which the army had been using since 2011.",
    "Which unit? That one.\n\n  Each of the brigades is being moved to the north.",
    "  \n",
    "Dr. O'Neill (R-Ohio) won't comment on the $4.5bn F-35A deal; NATO's chief did.",
]


@pytest.fixture(scope="module")
def stock():
    return spacy.load(DEFAULT_MODEL)


@pytest.fixture(scope="module")
def tabled():
    nlp = spacy.load(DEFAULT_MODEL)
    use_attribute_table(nlp)
    return nlp


def test_every_pattern_of_the_english_ruler_is_looked_up(stock):
    table = AttributeTable(stock.get_pipe("attribute_ruler"))
    assert len(table.patterns) > 170  # the tag map, the exceptions, the runs of two tokens
    assert len(table.regexes) >= 2 and len(table.others) == 0  # every English pattern fits


def test_the_matches_equal_the_stock_matcher(stock):
    ruler = stock.get_pipe("attribute_ruler")
    table = AttributeTable(ruler)
    for text in SENTENCES:
        doc = stock(text, disable=["attribute_ruler", "lemmatizer", "ner"])
        assert table(doc) == ruler.match(doc), text
        assert table(doc) == ruler.match(doc), text  # the table filled by the first call


def test_every_token_gets_the_same_annotations(stock, tabled):
    for text in SENTENCES:
        a, b = stock(text), tabled(text)
        assert [(t.pos_, str(t.morph), t.lemma_) for t in a] == \
               [(t.pos_, str(t.morph), t.lemma_) for t in b], text
    assert [t.lemma_ for t in tabled("They ain't gonna stop.")][1:4] == ["be", "not", "go"]


def test_a_second_call_keeps_one_table_and_untagged_docs_use_the_stock_matcher(tabled):
    ruler = tabled.get_pipe("attribute_ruler")
    table = ruler.match
    use_attribute_table(tabled)
    assert ruler.match is table
    doc = tabled.make_doc("Nothing is tagged here.")
    assert table(doc) == table.stock(doc)
