"""Token helpers every NER rule shares: sentence bounds, the model's entity at a token, span
text and trimming, and the per-document scratch they cache.

Why one module: the weapon, span and gap rules all ask "which sentence is this token in?" and
"which model entity covers it?" many times per document; the answers are computed once per
document (``Token.sent`` rescans the document on every call) and dropped when the stage ends.

>>> import spacy
>>> doc = spacy.blank("en")("The Kremlin's")
>>> trim(doc, 0, len(doc))
(1, 2)
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..model import Candidate
from ..sentences import sentence_bounds
from .cues import load_patterns as _P

__all__ = ["clean_span_text", "breaks_span", "doc_text", "token_texts", "token_starts", "span_text", "sent_range", "is_name_text", "is_name_token",
           "model_ent_at", "claim", "trim", "WORD_SPLIT", "clear_scratch"]

_SPAN_BREAKS = frozenset({"(", ")", "<", ">", ":", ";", "[", "]", "=", '"', "|", "{", "}"})
_MARKUP_RE = re.compile(r"(?:^|&)(?:lt|gt|amp|quot|#\d+);|https?:|www\.")
#: Separators inside a name: spaces, hyphens and dashes, slashes.
WORD_SPLIT = re.compile(r"[\s\-\u2010-\u2014/]+")
_SCRATCH = ("_gb_sent_bounds", "_gb_cue", "_gb_text", "_gb_title_end", "_gb_ent_index", "_gb_finance",
            "_gb_military", "_gb_surnames", "_gb_weapon_noun", "_gb_tokens", "_gb_title_lines", "_gb_lines")


def clean_span_text(text: str) -> str:
    """Drop a trailing possessive and surrounding quotes/punctuation from a surface form.

    >>> clean_span_text("Russia's")
    'Russia'
    >>> clean_span_text('"Scalp"'), clean_span_text("U.S.")
    ('Scalp', 'U.S.')
    """
    text = text.strip().strip("\"'“”‘’()[],;:").strip()
    if text.endswith(".") and "." not in text[:-1]:
        text = text[:-1]  # a sentence full stop, not an abbreviation like "U.S."
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
            break
    return text.strip()


def breaks_span(doc: Doc, k: int) -> bool:
    """Tokens no name runs across: brackets, colons, markup, and a dash standing between spaces
    ("AP - Chile's Supreme Court" is a dateline, then a name)."""
    tok = doc[k]
    if tok.text in _SPAN_BREAKS or _MARKUP_RE.search(tok.text):
        return True
    return tok.text in ("-", "\u2013", "\u2014", "--") and bool(tok.whitespace_) and k > 0 \
        and bool(doc[k - 1].whitespace_)


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get("_gb_text")
    if text is None:
        text = doc.user_data["_gb_text"] = doc.text
    return text


def _token_table(doc: Doc) -> tuple[list[str], list[int]]:
    """Every token's text and start offset, read once per document (``doc[i]`` builds a new
    ``Token`` on each call, which the rules' scans over the whole document paid many times)."""
    table = doc.user_data.get("_gb_tokens")
    if table is None:
        texts, starts = [], []
        for t in doc:
            texts.append(t.text)
            starts.append(t.idx)
        table = doc.user_data["_gb_tokens"] = (texts, starts)
    return table


def token_texts(doc: Doc) -> list[str]:
    """The text of every token of ``doc``, in order (cached for the stage; do not modify)."""
    return _token_table(doc)[0]


def token_starts(doc: Doc) -> list[int]:
    """The character offset of every token of ``doc`` (``Token.idx``), cached like ``token_texts``."""
    return _token_table(doc)[1]


def span_text(doc: Doc, i: int, j: int) -> str:
    """``doc[i:j].text``, sliced from the document's text.

    >>> import spacy
    >>> doc = spacy.blank("en")("The  Black Sea Fleet.")
    >>> span_text(doc, 2, 5), span_text(doc, 2, 2), span_text(doc, 4, 9)
    ('Black Sea Fleet', '', 'Fleet.')
    >>> all(span_text(doc, i, j) == doc[i:j].text for i in range(7) for j in range(8))
    True
    """
    texts, starts = _token_table(doc)
    n = len(texts)
    if i < 0 or j < 0:
        return doc[i:j].text
    j = min(j, n)
    if i >= j:
        return ""
    return doc_text(doc)[starts[i]:starts[j - 1] + len(texts[j - 1])]


def sent_range(doc: Doc, i: int) -> tuple[int, int]:
    """Token bounds of the sentence holding token ``i`` (``Token.sent`` rescans: too slow here)."""
    bounds = doc.user_data.get("_gb_sent_bounds")
    if bounds is None:
        bounds = doc.user_data["_gb_sent_bounds"] = sentence_bounds(doc) \
            if doc.has_annotation("SENT_START") else [(0, len(doc))]  # no parser: one sentence
    lo, hi = 0, len(bounds) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if bounds[mid][0] <= i:
            lo = mid
        else:
            hi = mid - 1
    return bounds[lo]


def is_name_text(text: str) -> bool:
    """A token text that can open or continue a name: capitalised or a number ("F-16", "9M723")."""
    return bool(text) and (text[0].isupper() or text[0].isdigit())


def is_name_token(tok: Token) -> bool:
    return is_name_text(tok.text)


def model_ent_at(doc: Doc, i: int) -> Span | None:
    """The model's entity covering token ``i`` (an index built once per document)."""
    index = doc.user_data.get("_gb_ent_index")
    if index is None:
        index = doc.user_data["_gb_ent_index"] = {t: ent for ent in doc.ents for t in range(ent.start, ent.end)}
    return index.get(i)


def claim(out: list[Candidate], taken: list[bool], doc: Doc, i: int, j: int, label: str,
          ref: str, source: str, text: str | None = None) -> None:
    """Record a candidate over tokens ``i:j`` (or the first ``len(text)`` chars) and mark them taken."""
    text = text if text is not None else span_text(doc, i, j)
    out.append(Candidate(doc[i].idx, doc[i].idx + len(text), text, label, ref, source))
    for k in range(i, j):
        taken[k] = True


def trim(doc: Doc, i: int, j: int) -> tuple[int, int]:
    """Strip leading articles (also misspelt ones at a sentence start) and trailing possessives."""
    p = _P()
    while i < j and p.is_article(doc[i].text) and (doc[i].is_lower or doc[i].is_sent_start
                                                   or doc[i].text in p.capital_articles):
        i += 1
    while j > i and doc[j - 1].text in ("'s", "’s", "'", "’", "-", ",", ".", "&", "/", "|"):
        j -= 1
    return i, j


def clear_scratch(doc: Doc) -> None:
    """Drop the per-document caches above once the stage is done with the document."""
    for key in _SCRATCH:
        doc.user_data.pop(key, None)
