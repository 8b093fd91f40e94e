"""Hard-wrapped text: a single line break inside a paragraph is no boundary (issue 6, item 1)."""
import pytest

from graphbuilder.ner.wrap import unwrap

pytestmark = pytest.mark.issue(6)

WRAPPED = (
    "Harbour Talks Resume\n"
    "\n"
    "The talks resumed on Tuesday after Defence Minister Gerhard\n"
    "Stoltenberg told reporters that the former West\n"
    "German Chancellor would join them in Hamburg next week.\n"
    "    Officials said the meeting would also cover the shipyard\n"
    "contracts signed last year with Norway and Denmark.\n"
    " Reuter\n"
)


def test_wrap_same_length_and_offsets():
    out = unwrap(WRAPPED)
    assert len(out) == len(WRAPPED)
    assert [i for i, (a, b) in enumerate(zip(WRAPPED, out)) if a != b] == [
        i for i, ch in enumerate(WRAPPED) if ch == "\n" and out[i] == " "]


def test_wrap_joins_lines_inside_a_paragraph():
    out = unwrap(WRAPPED)
    assert "Minister Gerhard Stoltenberg told" in out
    assert "former West German Chancellor" in out
    assert "shipyard contracts" in out


def test_wrap_keeps_headline_blank_line_indent_and_signature():
    out = unwrap(WRAPPED)
    assert out.startswith("Harbour Talks Resume\n\n")
    assert "next week.\n    Officials" in out
    assert "Denmark.\n Reuter" in out


@pytest.mark.parametrize("text", [
    "Results for the year\nShr 1.20 dlrs vs 1.10 dlrs\nNet 5.0 mln vs 4.0 mln\nRevs 50.1 mln vs 40.2 mln",
    "The fleet will include:\n- two frigates\n- four patrol boats\n- one tanker",
    "1. The first point of the plan\n2. The second point of the plan\n3. The third point",
    "One short paragraph ends here.\nAnother paragraph starts here.\nAnd a third one.",
])
def test_wrap_leaves_tables_lists_and_paragraph_lines(text):
    assert unwrap(text) == text


def test_wrap_unwrapped_news_lines_untouched():
    text = "Title Of The Story\n" + "A paragraph that is long. " * 20 + "\n" + "Another one. " * 30
    assert unwrap(text) == text


def test_wrap_crlf_line_ends():
    text = ("The minister said on Monday that the new\r\nfrigates would be built in Kiel by the\r\n"
            "state shipyard over the next three years.\r\n")
    out = unwrap(text)
    assert "new  frigates" in out and "the  state shipyard" in out
    assert len(out) == len(text)


@pytest.mark.model
def test_wrap_names_and_evidence_whole_across_a_wrap():
    from graphbuilder.api import extract_text

    ex = extract_text(WRAPPED)
    people = {e.name for e in ex.entities if e.label == "Person"}
    assert "Gerhard Stoltenberg" in people
    assert not any(e.name == "West" or e.name.endswith("West") for e in ex.entities)
    assert ("Country", "Germany") in {(e.label, e.name) for e in ex.entities}
    m = next(m for m in ex.mentions if m.entity == "person:gerhard-stoltenberg")
    assert WRAPPED[m.start:m.end] == m.text == "Gerhard\nStoltenberg"
    for r in ex.comentions:
        assert WRAPPED[r.evidence.start:r.evidence.end] == r.evidence.text
    sents = {r.evidence.text for r in ex.comentions}
    assert any("Gerhard\nStoltenberg" in s and "Hamburg" in s for s in sents)


def test_wrap_after_an_abbreviation_is_joined():
    text = ("The delegation was led by Lieutenant Gen.\nJohn Harker and included officials from the\n"
            "U.S.\nembassy and the trade ministry in Ankara.\n")
    out = unwrap(text)
    assert "Gen. John Harker" in out and "U.S. embassy" in out
