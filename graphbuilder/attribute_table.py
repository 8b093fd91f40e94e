"""The model's attribute ruler, matched by table lookup instead of the token ``Matcher``.

Why: the English pipelines' ``attribute_ruler`` holds some 180 patterns (the tag map: "every
token tagged NN gets POS NOUN", and exceptions such as "ai" + "n't" -> lemma "be"), and spaCy
runs all of them through its general token ``Matcher`` for every token: about a tenth of the
whole model's time over news, more than all of graphbuilder's own extraction. Almost all the
patterns test one token for equal or listed values of ``TAG``, ``LOWER``, ``DEP`` or
``IS_SPACE``, the rest a fixed run of two such tokens or a regular expression on ``LOWER``;
which tests a token meets depends only on those four values (and the expressions' verdicts
on its lower form), and news has a few hundred combinations of them that matter. So each
token's tests are looked up in a table built as tokens are seen, a run of tokens is checked
where its first token fits, and a pattern of any other form still goes through a ``Matcher``.
The matches are the same list in the same order, and spaCy's own
``set_annotations`` applies them, so every token gets the same ``POS``, ``MORPH`` and
``LEMMA`` as with the stock component; ``tests/test_attribute_table.py`` compares both over
sentences of every kind the patterns name.

Only the ruler's ``match`` step is replaced (on the loaded instance), so the pipeline keeps its
component names, its config and its serialisation. A document without tags or dependencies
(a pipeline configured differently) goes through the stock matcher.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> ruler = nlp.add_pipe("attribute_ruler")
>>> ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN"})
>>> table = AttributeTable(ruler)
>>> (len(table.patterns), len(table.others))
(1, 0)
"""
from __future__ import annotations

import re

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

__all__ = ["AttributeTable", "use_attribute_table"]

#: The token attributes a pattern may test to be looked up, in ``to_array`` order.
_FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_ARRAY = [TAG, LOWER, DEP, IS_SPACE]
_LOWER = _FIELDS.index("LOWER")


def _tableable(pattern: list[dict]) -> bool:
    """Fixed tokens (no ``OP``) testing only the four fields, each for a value, ``IN`` or
    ``NOT_IN`` a list, or (``LOWER`` only) a ``REGEX``."""
    def ok(field, v):
        if isinstance(v, (str, bool)):
            return True
        return isinstance(v, dict) and len(v) == 1 and (
            set(v) <= {"IN", "NOT_IN"} or (set(v) == {"REGEX"} and field == "LOWER"))
    return all(set(tok) <= set(_FIELDS) and all(ok(f, v) for f, v in tok.items()) for tok in pattern)


class AttributeTable:
    """The matches of ``ruler``'s patterns on a document, as ``AttributeRuler.match`` gives them.

    Every distinct token test of the patterns is a *spec* (a tuple of ``(field, op, values)``,
    ``op`` one of ``in``, ``out``, ``re``); ``table`` maps a token's key (its tag, its lower form
    when a pattern names it, its dependency, whether it is space, and which regular expressions
    its lower form meets) to the specs it meets. ``patterns`` holds ``(rule index, match id,
    spec ids)``; ``others`` is a ``Matcher`` for any pattern of another form.
    """

    def __init__(self, ruler: AttributeRuler):
        strings = ruler.vocab.strings
        self.ruler, self.stock = ruler, ruler.match
        self.specs: list[tuple] = []
        self.patterns: list[tuple[int, int, tuple[int, ...]]] = []
        self.others = Matcher(ruler.vocab, validate=False)
        self.regexes: list[re.Pattern] = []
        lowers: set[int] = set()
        for index in range(len(ruler.attrs)):
            for pattern in ruler.matcher.get(str(index))[1]:
                if not _tableable(pattern):
                    self.others.add(str(index), [pattern])
                    continue
                ids = tuple(self._spec_id(tok, strings, lowers) for tok in pattern)
                self.patterns.append((index, strings.add(str(index)), ids))
        self.lowers = frozenset(lowers)
        self.by_first: dict[int, list[tuple[int, int, tuple[int, ...]]]] = {}
        for p in self.patterns:
            self.by_first.setdefault(p[2][0], []).append(p)
        self.table: dict[tuple, frozenset] = {}
        self.signs: dict[int, tuple[bool, ...]] = {}

    def _spec_id(self, tok: dict, strings, lowers: set[int]) -> int:
        def code(v):
            return int(v) if isinstance(v, bool) else strings.add(v)
        tests = []
        for field, value in sorted(tok.items()):
            f = _FIELDS.index(field)
            op, values = next(iter(value.items())) if isinstance(value, dict) else ("IN", [value])
            if op == "REGEX":
                if values not in [r.pattern for r in self.regexes]:
                    self.regexes.append(re.compile(values))
                tests.append((f, "re", [r.pattern for r in self.regexes].index(values)))
                continue
            codes = frozenset(code(v) for v in values)
            if f == _LOWER:
                lowers.update(codes)
            tests.append((f, "in" if op == "IN" else "out", codes))
        spec = tuple(tests)
        if spec not in self.specs:
            self.specs.append(spec)
        return self.specs.index(spec)

    def _meets(self, key: tuple) -> frozenset:
        """The specs a token with ``key`` meets (``key[4]``: its regular-expression signs)."""
        def ok(f, op, v):
            if op == "re":
                return key[4][v]
            return (key[f] in v) == (op == "in")
        return frozenset(k for k, spec in enumerate(self.specs) if all(ok(*t) for t in spec))

    def _sign(self, lower: int) -> tuple[bool, ...]:
        sign = self.signs.get(lower)
        if sign is None:  # the Matcher's REGEX is ``re.search`` on the string
            text = self.ruler.vocab.strings[lower]
            sign = self.signs[lower] = tuple(bool(r.search(text)) for r in self.regexes)
        return sign

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """``(rule index, match id, start, end)`` for every match, sorted (later rules win)."""
        if not (doc.has_annotation("TAG") and doc.has_annotation("DEP")):
            return self.stock(doc)
        strings = self.ruler.vocab.strings
        matches = [(int(strings[m]), m, s, e)
                   for m, s, e in self.others(doc, allow_missing=True, as_spans=False)] if len(self.others) else []
        table, lowers, regexes = self.table, self.lowers, self.regexes
        met = []
        for tag, lower, dep, space in doc.to_array(_ARRAY).tolist():
            # a lower form no pattern names behaves like any other such form: one table row
            key = (tag, lower if lower in lowers else -1, dep, space, self._sign(lower) if regexes else ())
            specs = table.get(key)
            if specs is None:
                specs = table[key] = self._meets(key)
            met.append(specs)
        n = len(met)
        for i, specs in enumerate(met):
            for first in specs:
                for index, match_id, ids in self.by_first.get(first, ()):
                    if i + len(ids) <= n and all(ids[k] in met[i + k] for k in range(1, len(ids))):
                        matches.append((index, match_id, i, i + len(ids)))
        matches.sort()
        return matches


def use_attribute_table(nlp) -> None:
    """Give ``nlp``'s attribute ruler (if any) table matching; a second call changes nothing."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if isinstance(ruler, AttributeRuler) and not isinstance(ruler.__dict__.get("match"), AttributeTable):
        ruler.match = AttributeTable(ruler)
