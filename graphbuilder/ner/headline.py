"""Headlines and title lines: where the model's spans and the parse are unreliable.

Why: in Title Case ("Russia Launches Heavy Air Raid On Kyiv") every word looks like a name, so
the model tags verbs and common nouns as PERSON/ORG. The span rules ask these functions whether
a token stands in such a line and then trust only names the article repeats.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> headline_like(nlp("Stocks Sink On Gloomy Forecast")), title_line_end(nlp("Troops Leave Base\\nThey left."))
(True, 3)
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..sentences import line_break_tokens
from .tokens import doc_text, sent_range, token_starts

__all__ = ["headline_like", "title_line_end", "title_case_sentence"]


def headline_like(tokens, first_line: bool = False) -> bool:
    """Title Case or ALL CAPS text ("Russia Launches Heavy Air Raid On Kyiv"): the model's spans
    and the parse are unreliable there.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> headline_like(nlp("Stocks Sink On Gloomy Forecast")), headline_like(nlp("Stocks sank on a gloomy forecast."))
    (True, False)
    >>> headline_like(nlp("French President Emmanuel Macron visited Poland."))
    False
    >>> headline_like(nlp("Congress Members Seek Officer's Dismissal"), first_line=True)
    True
    """
    words = [t for t in tokens if t.is_alpha]
    if len(words) < 4 or sum(1 for t in words if t.text[0].isupper()) < 0.8 * len(words):
        return False
    # a sentence dense with names ("French President Emmanuel Macron visited Poland") is not a
    # headline: headlines capitalise small words too ("On", "To", "Its") or are in capitals
    # the first line of an article is its title: Title Case there needs no further sign
    return first_line or all(t.is_upper for t in words) or any(
        t.is_stop and t.text[0].isupper() and t.text != "I" for t in words[1:])


def title_line_end(doc: Doc) -> int:
    r"""Token index where the article's title line ends, or 0 when the text has no title line.

    A title is the first line when it ends without sentence punctuation and text follows it.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> title_line_end(nlp("Troops Leave Base\nThe troops left on Monday.")), title_line_end(nlp("Troops left."))
    (3, 0)
    """
    brk = next((t for t in doc if "\n" in t.text_with_ws), None)
    if brk is None:
        return 0
    end = brk.i if brk.is_space else brk.i + 1
    words = [t for t in doc[:end] if not t.is_space]
    rest = any(not t.is_space for t in doc[end:])
    return end if words and rest and words[-1].text not in (".", "!", "?", "\u201d", '"') else 0


def title_case_sentence(doc: Doc, i: int) -> bool:
    """Is token ``i`` in a headline-style line ("Russia Launches Heavy Air Raid On Kyiv")?

    >>> import spacy
    >>> nlp = spacy.blank("en"); nlp.add_pipe("sentencizer")  # doctest: +ELLIPSIS
    <...>
    >>> title_case_sentence(nlp("Russia Launches Heavy Air Raid On Kyiv"), 0)
    True
    """
    s, e = sent_range(doc, i)
    starts, ends = _lines(doc)
    ls, le = max(s, starts[i]), min(e, ends[i])
    title_end = doc.user_data.get("_gb_title_end")
    if title_end is None:
        title_end = doc.user_data["_gb_title_end"] = title_line_end(doc)
    key = (ls, min(le + 1, e), i < title_end)
    known = doc.user_data.setdefault("_gb_title_lines", {})
    if key not in known:
        known[key] = headline_like(doc[key[0]:key[1]], first_line=key[2])
    return known[key]


def _lines(doc: Doc) -> tuple[list[int], list[int]]:
    """Per token, the first token of its line and the token that ends its line (the one whose
    trailing whitespace holds the line break, else the document's end), read once per document."""
    lines = doc.user_data.get("_gb_lines")
    if lines is None:
        breaks = line_break_tokens(doc, doc_text(doc), token_starts(doc))
        starts, ends, prev = [], [], 0
        for b in breaks + [len(doc)]:
            starts.extend([prev] * (b + 1 - prev))
            ends.extend([b] * (b + 1 - prev))
            prev = b + 1
        lines = doc.user_data["_gb_lines"] = (starts[:len(doc)], ends[:len(doc)])
    return lines
