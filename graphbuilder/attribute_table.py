"""The model's attribute ruler, matched by table lookup instead of the token ``Matcher``.

Why: the English pipelines' ``attribute_ruler`` holds some 180 patterns (the tag map: "every
token tagged NN gets POS NOUN", and exceptions such as "ai" + "n't" -> lemma "be"), and spaCy
runs all of them through its general token ``Matcher`` for every token: about a tenth of the
whole model's time over news, more than all of graphbuilder's own extraction. Almost all the
patterns test one token for equal or listed values of ``TAG``, ``LOWER``, ``DEP`` or
``IS_SPACE``; which of them match depends only on those four values, and news has a few
hundred combinations of them that matter. So the matches are looked up in a table built as
tokens are seen, and only the few other patterns (several tokens, regular expressions) still
go through a ``Matcher``. The matches are the same list in the same order, and spaCy's own
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
>>> (len(table.single), len(table.others))
(1, 0)
"""
from __future__ import annotations

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

__all__ = ["AttributeTable", "use_attribute_table"]

#: The token attributes a one-token pattern may test to be looked up, in ``to_array`` order.
_FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_ARRAY = [TAG, LOWER, DEP, IS_SPACE]
_LOWER = _FIELDS.index("LOWER")


def _is_single(pattern: list[dict]) -> bool:
    """One token, testing only the four fields, each for a value or ``IN`` / ``NOT_IN`` a list."""
    if len(pattern) != 1 or not set(pattern[0]) <= set(_FIELDS):
        return False
    return all(isinstance(v, (str, bool)) or (isinstance(v, dict) and len(v) == 1
                                              and set(v) <= {"IN", "NOT_IN"})
               for v in pattern[0].values())


class AttributeTable:
    """The matches of ``ruler``'s patterns on a document, as ``AttributeRuler.match`` gives them.

    ``single`` holds the one-token patterns as ``(rule index, match id, tests)``, each test a
    ``(field, inside, values)`` triple; ``others`` is a ``Matcher`` with the remaining patterns.
    """

    def __init__(self, ruler: AttributeRuler):
        strings = ruler.vocab.strings
        self.ruler = ruler
        self.stock = ruler.match
        self.single: list[tuple[int, int, tuple]] = []
        self.others = Matcher(ruler.vocab, validate=False)
        lowers: set[int] = set()
        for index in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(index))
            for pattern in patterns:
                if not _is_single(pattern):
                    self.others.add(str(index), [pattern])
                    continue
                tests = tuple(self._test(field, value, strings) for field, value in pattern[0].items())
                lowers.update(v for f, _, vs in tests if f == _LOWER for v in vs)
                self.single.append((index, strings.add(str(index)), tests))
        self.lowers = frozenset(lowers)
        self.table: dict[tuple, tuple] = {}

    @staticmethod
    def _test(field: str, value, strings) -> tuple[int, bool, frozenset]:
        def code(v):
            return int(v) if isinstance(v, bool) else strings.add(v)
        if isinstance(value, dict):
            op, values = next(iter(value.items()))
            return _FIELDS.index(field), op == "IN", frozenset(code(v) for v in values)
        return _FIELDS.index(field), True, frozenset([code(value)])

    def _rules_for(self, key: tuple) -> tuple:
        return tuple((index, match_id) for index, match_id, tests in self.single
                     if all((key[f] in values) == inside for f, inside, values in tests))

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """``(rule index, match id, start, end)`` for every match, sorted (later rules win)."""
        if not (doc.has_annotation("TAG") and doc.has_annotation("DEP")):
            return self.stock(doc)
        strings = self.ruler.vocab.strings
        matches = [(int(strings[m]), m, s, e)
                   for m, s, e in self.others(doc, allow_missing=True, as_spans=False)]
        table, lowers = self.table, self.lowers
        for i, (tag, lower, dep, space) in enumerate(doc.to_array(_ARRAY).tolist()):
            # a lower form no pattern names behaves like any other such form: one table row
            key = (tag, lower if lower in lowers else -1, dep, space)
            rules = table.get(key)
            if rules is None:
                rules = table[key] = self._rules_for(key)
            matches.extend((index, match_id, i, i + 1) for index, match_id in rules)
        matches.sort()
        return matches


def use_attribute_table(nlp) -> None:
    """Give ``nlp``'s attribute ruler (if any) table matching; a second call changes nothing."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if isinstance(ruler, AttributeRuler) and not isinstance(ruler.__dict__.get("match"), AttributeTable):
        ruler.match = AttributeTable(ruler)
