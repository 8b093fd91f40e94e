r"""Hard-wrapped text: which single line breaks are only the wrap of a paragraph.

Why: wire copy and e-mail are wrapped at about 70 characters, so a line break falls inside names
("Defence Minister Gerhard\nStoltenberg") and phrases ("former West\nGerman Chancellor"). The
model reads a line break as a boundary, so the names come out cut and the sentences broken.
Before the text reaches the tokenizer, :func:`unwrap` turns each wrap into a space, one
character for one, so every offset stays that of the text as read. A blank line, an indented
line (a new paragraph or a table row), a list item, a line ending in a colon, table rows and a
headline keep their line break, and so their sentence boundary.

>>> text = ("Troops Leave Base\nWest German Defence Minister Gerhard\nStoltenberg said the troops would\n"
...         "leave the base on Monday.")
>>> unwrap(text)
'Troops Leave Base\nWest German Defence Minister Gerhard Stoltenberg said the troops would leave the base on Monday.'
"""
from __future__ import annotations

import re

from ..knowledge import load_knowledge

__all__ = ["unwrap", "wrap_width"]

_BULLET_RE = re.compile(r"^(?:[-*\u2022\u2013\u2014>]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s)")
_TERMINAL = ('.', '!', '?', '"', '\u201d', "'", '\u2019', ')')
_NUMBER_RE = re.compile(r"\d")
#: Lines up to this long count when estimating the wrap width; longer lines are unwrapped text.
_MAX_WRAP = 100


def wrap_width(lines: list[str]) -> int:
    """The width the text is wrapped at: its longest line, or 0 when it is not hard-wrapped
    (lines longer than any wrapper's width, or too few lines that fill it).

    >>> wrap_width(["a" * 60, "b" * 58, "c" * 10]), wrap_width(["a" * 300, "b" * 20, "c" * 30])
    (60, 0)
    """
    lens = [len(line.rstrip()) for line in lines if line.strip()]
    if len(lens) < 3 or max(lens) > _MAX_WRAP:
        return 0
    width = max(lens)
    full = sum(1 for n in lens if n >= 0.6 * width)
    return width if full >= 0.5 * len(lens) else 0


def _tabular(line: str) -> bool:
    """A table row: "Shr 1.20 dlrs vs 1.10", "Revs 24.8 mln vs 32.7 mln"."""
    words = line.split()
    nums = sum(1 for w in words if _NUMBER_RE.search(w))
    return nums >= 2 and nums >= 0.3 * len(words)


def _headline(line: str) -> bool:
    """Title Case or capitals without closing punctuation: a line that is a title of its own."""
    words = [w for w in re.findall(r"[^\W\d_]+", line)]
    if not words or line.rstrip().endswith(_TERMINAL):
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps >= 0.8 * len(words)


def _abbreviation(word: str) -> bool:
    """A word whose full stop ends no sentence: an initial ("W."), "U.S.", a courtesy title ("Gen.")."""
    return word.endswith(".") and (len(word) == 2 and word[0].isupper() or "." in word[:-1]
                                   or load_knowledge().is_honorific(word))


def _is_wrap(a: str, b: str, width: int, starts_block: bool) -> bool:
    """Is the break between line ``a`` and the next line ``b`` (both not blank) only a wrap?"""
    a = a.rstrip()
    if not b or b[0].isspace() or _BULLET_RE.match(b) or a.endswith(":"):
        return False
    if _tabular(a) or _tabular(b):
        return False
    full = bool(width) and len(a) >= 0.6 * width
    if starts_block and _headline(a) and not full:
        return False
    if a.endswith(_TERMINAL) and not _abbreviation(a.split()[-1]):
        return False  # the sentence ends with the line: the break stays a boundary
    if full:
        return True
    # a short line: joined only where the sentence visibly goes on
    last = a.split()[-1]
    if not a[-1:].isalnum() and not _abbreviation(last):
        return False
    return b[0].islower() or (bool(width) and last.islower())


def unwrap(text: str) -> str:
    r"""``text`` with each wrapped line break replaced by a space (same length, same offsets).

    >>> unwrap("The former West\nGerman Chancellor spoke.\n\nNext paragraph.")
    'The former West German Chancellor spoke.\n\nNext paragraph.'
    >>> unwrap("Net profit\n    Shr 1.20 dlrs vs 1.10 dlrs\n    Revs 20 mln vs 18 mln")
    'Net profit\n    Shr 1.20 dlrs vs 1.10 dlrs\n    Revs 20 mln vs 18 mln'
    """
    if "\n" not in text:
        return text
    lines = text.split("\n")
    width = wrap_width(lines)
    out = list(text)
    pos = 0
    starts_block = True
    for k, line in enumerate(lines[:-1]):
        pos += len(line)  # index of this line's "\n"
        nxt = lines[k + 1]
        joined = bool(line.strip() and nxt.strip()) and _is_wrap(line, nxt, width, starts_block)
        if joined:
            out[pos] = " "
            if line.endswith("\r"):
                out[pos - 1] = " "
        starts_block = not joined  # the next line starts a paragraph unless this break was a wrap
        pos += 1
    return "".join(out)
