"""Coreference inside one document: which named entity a pronoun or a description stands for.

Why: news states many relations through "he", "its", "the company" or "the minister"
("Saab said it would deliver the Gripen to Hungary"). Without a downloaded model (none can be
installed here) a deterministic rule does well when it refuses to guess: a pronoun or a
definite description resolves to the nearest compatible named antecedent, and to nothing when
two candidates are equally good. Compatible means the entity type the word can refer to
(``data/coref.jsonl``), the role word a person was introduced with ("the minister" needs a
person titled minister, from ``roles.jsonl``), the weapon kind ("the missile" needs a missile,
from ``weapon_terms.jsonl``). Ties are broken only by grammatical salience (the subject of the
clause that owns a possessive, then the one subject among the candidates); an antecedent on
the other side of a quotation boundary is taken only when no other entity could be meant.

The result is ``refs``: token index -> the named ``Mention``, which the sentence context
(``context.Sentence``) treats as a mention of that entity, so a relation stated through a
pronoun points at the named entity and keeps the sentence that states it as its evidence.

>>> import spacy
>>> from spacy.tokens import Doc
>>> resolve_refs(Doc(spacy.blank("en").vocab, words=["He", "left"]), [], {})
{}
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import TAG

from ..knowledge import load_knowledge
from ..lexicon import cues, frame_rows, norm_title, read_lines, roles_table
from ..model import Entity, Mention
from ..sentences import sentences

__all__ = ["resolve_refs", "coref_table", "Spec"]

#: Sentences searched back from a pronoun / a description (the current one included).
PRONOUN_REACH = 2
DESCRIPTION_REACH = 4
#: Dependencies that make a mention the salient subject of its clause.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
#: Dependencies of a noun that is an argument of the verb it hangs from.
ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "pobj"})


@dataclass(frozen=True)
class Spec:
    """What a referring word can stand for."""

    labels: frozenset[str]
    possessive: bool = False
    plural: bool = False
    role: str = ""  # "the minister": a person introduced with this role word
    category: str = ""  # "the missile": a weapon of this kind
    reach: int = PRONOUN_REACH


@lru_cache(maxsize=1)
def coref_table() -> dict[str, dict]:
    """``data/coref.jsonl`` by kind: pronouns and descriptions by word, the sets of quote marks
    and determiners.

    >>> coref_table()["pronoun"]["its"]["labels"]
    ['Country', 'Organization', 'Weapon']
    >>> "company" in coref_table()["description"], '"' in coref_table()["quote"]
    (True, True)
    """
    out: dict[str, dict] = {}
    for row in read_lines("coref.jsonl"):
        out.setdefault(row["kind"], {})[row["text"]] = row
    return out


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    """One-word titles ("minister", "president", "spokesman"): the heads of descriptions of
    people, and the words that introduce a person as holding that role."""
    return frozenset(k for k in roles_table() if " " not in k and k.isalpha())


# --------------------------------------------------------------------------- what a word can mean

def _pronoun_spec(tok) -> Spec | None:
    row = coref_table()["pronoun"].get(tok.lower_)
    if row is None or tok.tag_ not in ("PRP", "PRP$") or tok.dep_ == "expl":
        return None
    if tok.dep_ == "nsubj" and tok.head.lemma_ in coref_table()["pleonastic_head"]:
        return None  # "it is likely that ...", "it comes as ...": no referent, or no body
    possessive = row["possessive"] and (tok.tag_ == "PRP$" or tok.dep_ == "poss")
    return Spec(frozenset(row["labels"]), possessive, row["plural"])


def _description_spec(tok, named: set[int]) -> Spec | None:
    """A definite singular noun phrase with no name in it, that does not introduce or
    predicate something ("the company Saab", "the minister of defence", "X is the country")."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NN" or tok.dep_ in ("attr", "appos", "compound"):
        return None
    lefts = list(tok.lefts)
    if not lefts or lefts[0].dep_ != "det" or lefts[0].lower_ not in coref_table()["description_det"]:
        return None
    mods = lefts[1:]
    if any(t.i in named for t in mods) or any(c.dep_ == "appos" or c.lower_ == "of" for c in tok.rights):
        return None
    if tok.i + 1 < len(tok.doc) and tok.i + 1 in named:
        return None
    head = tok.lower_
    if head in _role_words() and (not mods or norm_title(" ".join(t.text for t in [*mods, tok])) in roles_table()):
        return Spec(frozenset({"Person"}), role=head, reach=DESCRIPTION_REACH)
    if mods:
        return None
    row = coref_table()["description"].get(head)
    if row is not None:
        return Spec(frozenset(row["labels"]), reach=DESCRIPTION_REACH)
    term = load_knowledge().weapon_term(tok.text)
    if term is not None and not term.weak:
        return Spec(frozenset({"Weapon"}), category=term.category, reach=DESCRIPTION_REACH)
    return None


# --------------------------------------------------------------------------- the document

class _Doc:
    """The mentions of one document by sentence, their labels, role words and quote regions."""

    def __init__(self, doc, mentions: Sequence[Mention], entities: Mapping[str, Entity],
                 sents: Sequence | None = None, text: str | None = None):
        self.doc, self.entities = doc, entities
        self.sents = list(sents) if sents is not None else sentences(doc)
        self.sent_starts = [s.start for s in self.sents]
        self.named: set[int] = set()
        self.by_sent: list[list[tuple[Mention, object]]] = [[] for _ in self.sents]
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            self.named.update(range(span.start, span.end))
            self.by_sent[self.sent_of(span.start)].append((m, span))
        for items in self.by_sent:
            items.sort(key=lambda x: x[1].start)
        self.roles = self._role_words()
        self.quotes = _quote_regions(doc.text if text is None else text)

    def sent_of(self, i: int) -> int:
        return bisect.bisect_right(self.sent_starts, i) - 1

    def label(self, m: Mention) -> str:
        e = self.entities.get(m.entity)
        return e.label if e is not None else m.label

    def quote_of(self, char: int) -> int:
        """Index of the quotation holding ``char``, or -1 outside every quotation."""
        k = bisect.bisect_right(self.quotes, (char, float("inf"))) - 1
        return k if k >= 0 and self.quotes[k][0] <= char < self.quotes[k][1] else -1

    def _role_words(self) -> dict[str, set[str]]:
        """Role words a person was introduced with: a title right before a name ("Defence
        Minister X") or in an apposition right after it ("X, the defence minister,")."""
        words, out = _role_words(), {}
        for items, sent in zip(self.by_sent, self.sents):
            for m, span in items:
                if self.label(m) != "Person":
                    continue
                near = [t for t in self.doc[max(sent.start, span.start - 4):span.start] if t.i not in self.named]
                if span.end < sent.end and self.doc[span.end].text == ",":
                    for t in self.doc[span.end + 1:min(sent.end, span.end + 8)]:
                        if t.is_punct and t.text != "-":
                            break
                        near.append(t)
                out.setdefault(m.entity, set()).update(t.lower_ for t in near if t.lower_ in words)
        return out

    def span_of(self, m: Mention):
        return next(span for mm, span in self.by_sent[self.sent_of(self.doc.char_span(
            m.start, m.end, alignment_mode="expand").start)] if mm is m)

    def cited(self, span) -> bool:
        """A source named after "according to": the text reports it, it is not the topic."""
        head = span.root.head
        return span.root.dep_ == "pobj" and head.head.lower_ in coref_table()["source_prep"]

    def compatible(self, m: Mention, spec: Spec) -> bool:
        label = self.label(m)
        if label not in spec.labels:
            return False
        if spec.role:
            return spec.role in self.roles.get(m.entity, ())
        if spec.category:
            e = self.entities.get(m.entity)
            cat = str(e.prop("category") or "") if e is not None else ""
            return bool(cat) and (cat == spec.category or spec.category in cat or cat in spec.category)
        return True


def _quote_regions(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` character ranges inside quotation marks, in order.

    >>> _quote_regions('He said "it is done" and \u201cno more\u201d.')
    [(8, 20), (25, 34)]
    """
    table = coref_table()
    out, start = [], None
    for hit in _quote_marks().finditer(text):
        i, ch = hit.start(), hit.group()
        if ch in table["quote"]:
            if start is None:
                start = i
            else:
                out.append((start, i + 1))
                start = None
        elif ch in table["quote_open"] and start is None:
            start = i
        elif ch in table["quote_close"] and start is not None:
            out.append((start, i + 1))
            start = None
    return out


@lru_cache(maxsize=1)
def _quote_marks() -> re.Pattern:
    """Every quotation mark of the table, as one pattern (the text is scanned once, in C)."""
    table = coref_table()
    marks = sorted(set(table["quote"]) | set(table["quote_open"]) | set(table["quote_close"]))
    return re.compile("|".join(re.escape(m) for m in marks))


# --------------------------------------------------------------------------- choosing

def _governing_subject(tok):
    """The subject token of the clause a possessive or subject pronoun sits in ("Russia fired
    its missiles": Russia; "X seeks to bolster ... following his victory": X; "X said it won":
    X), or None. A subject that holds the pronoun itself ("their forces used ...") is none."""
    t = tok.head
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX"):
            subj = [c for c in t.children if c.dep_ in SUBJECT_DEPS and tok not in c.subtree]
            if subj:
                return subj[0]
            if t.dep_ not in ("xcomp", "advcl", "conj", "pcomp", "prep", "pobj", "ccomp"):
                return None
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _subject_antecedent(d: _Doc, tok, spec: Spec,
                        refs: Mapping[int, Mention]) -> tuple[bool, Mention | None]:
    """A possessive's clause subject decides when it is a name, a resolved description, or a
    noun modified by a name ("Ukraine's military ... its arsenal"); any other noun subject
    ("the long-time president ... his victory") is what the pronoun means: no named entity.
    Returns (decided, mention)."""
    subj = _governing_subject(tok)
    if subj is not None and subj.i in refs:  # "Saab said it will expand its ...": it = Saab
        return True, refs[subj.i]
    if subj is not None and subj.pos_ == "PRON" and subj.lower_ in coref_table()["pronoun"]:
        return True, None  # "the company said it has opened X next to its Y": its = it, unknown
    if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
        return False, None
    for m, span in d.by_sent[d.sent_of(subj.i)]:
        if span.start <= subj.i < span.end:
            return True, m
    mods = [m for m, span in d.by_sent[d.sent_of(subj.i)] if span.root.head.i == subj.i and span.end <= subj.i]
    if mods and subj.lemma_.lower() in cues()["group_noun"]:  # not "a US study ... its drug"
        return True, mods[-1]
    rival = subj.lower_ in _role_words() if "Person" in spec.labels else (
        subj.lower_ in coref_table()["description"])
    return rival, None


def _plural_rival(d: _Doc, tok, lo: int) -> bool:
    """A plural common noun argument between ``lo`` and ``tok``: "they" after "5,000 missiles
    will be made ..." may mean the missiles, not a body named near them. A noun modified by a
    name stands for it ("Ukrainian officials said their ...")."""
    for t in d.doc[lo:tok.i]:
        if t.tag_ in ("NNS", "NNPS") and t.i not in d.named and t.dep_ in ARG_DEPS | {"conj"}:
            if not any(c.i in d.named for c in t.lefts):
                return True
    return False


def _choose(tok, cands: list[tuple[Mention, object]], same_sentence: bool) -> Mention | None:
    """The one antecedent among compatible candidates of one sentence, or None when it is a
    tie: nearest if they are all one entity; else, from an earlier sentence, the one subject
    among them ("Macron met Scholz. He said ..."). Inside the pronoun's own sentence the
    clauses compete ("X said Y closed an inquiry into its ..."): no guess."""
    if len({m.entity for m, _ in cands}) == 1:
        return cands[-1][0]
    if same_sentence:
        return None
    subjects = [(m, span) for m, span in cands if span.root.dep_ in SUBJECT_DEPS]
    if len({m.entity for m, _ in subjects}) == 1:
        return subjects[-1][0]
    return None


def _antecedent(d: _Doc, tok, spec: Spec, refs: Mapping[int, Mention]) -> Mention | None:
    si = d.sent_of(tok.i)
    lo_sent = max(0, si - spec.reach + 1)
    if spec.plural and _plural_rival(d, tok, d.sents[lo_sent].start):
        return None
    if spec.possessive or tok.dep_ in SUBJECT_DEPS:
        decided, m = _subject_antecedent(d, tok, spec, refs)
        if decided:
            ok = m is not None and d.compatible(m, spec) and m.end <= tok.idx
            return m if ok and not (spec.plural and _listed(d, m)) else None
    for s in range(si, lo_sent - 1, -1):
        cands = [(m, span) for m, span in d.by_sent[s]
                 if span.end <= tok.i and d.compatible(m, spec) and not d.cited(span)]
        if s == si and not spec.possessive:  # "Macron met him": not his own co-argument
            cands = [(m, span) for m, span in cands
                     if not (span.root.head.i == tok.head.i and span.root.dep_ in ARG_DEPS)]
        if not cands:
            continue
        pick = _choose(tok, cands, s == si)
        if pick is None:
            return None  # a tie in the nearest sentence: never guess further back
        if spec.plural and _listed(d, pick):
            return None
        if d.quote_of(tok.idx) != d.quote_of(pick.start) and _rivals(d, tok, spec, lo_sent) > 1:
            return None
        return pick
    return None


@lru_cache(maxsize=1)
def _part_words() -> frozenset[str]:
    """Nouns that make a named organization a part of its owner ("unit", "division",
    "subsidiary", "ministry"...): the unit cues and the part frame's triggers."""
    return frozenset(cues()["unit_org"]) | frozenset(frame_rows()["noun_part"]["triggers"])


def _owns_a_product(d: _Doc, tok) -> bool:
    """"its Windows operating system", "its new iMac": a possessive before a named
    "organization" with no word saying it is a part is mostly a product or brand (the
    possessive frame would make it PART_OF the owner); "its Pontiac Division", "its American
    Airlines unit", "its subsidiary, X" say they are parts."""
    head = tok.head
    named = [span for m, span in d.by_sent[d.sent_of(head.i)] if d.label(m) == "Organization"
             and (span.root.i == head.i or span.root.head.i == head.i)]
    if not named:
        return False
    words = {head.lemma_.lower()} | {c.lemma_.lower() for c in head.children if c.dep_ == "appos"}
    words |= {t.lemma_.lower() for span in named for t in span}
    return not words & _part_words()


def _listed(d: _Doc, m: Mention) -> bool:
    """"X and Y said they ...": one of a list is not what "they" means (the frames find the
    whole list through the reporting clause's subject)."""
    root = d.span_of(m).root
    return root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children)


def _rivals(d: _Doc, tok, spec: Spec, lo_sent: int) -> int:
    """Distinct compatible entities named in the searched sentences before ``tok``."""
    return len({m.entity for s in range(lo_sent, d.sent_of(tok.i) + 1) for m, span in d.by_sent[s]
                if span.end <= tok.i and d.compatible(m, spec)})


def _ref_candidates(doc) -> list[int]:
    """Tokens that can refer at all: personal and possessive pronouns (``PRP``, ``PRP$``) and
    singular common nouns (``NN``), the only tags ``_pronoun_spec`` and ``_description_spec``
    accept; read from the tag column, so the other tokens cost nothing."""
    strings = doc.vocab.strings
    tags = {strings.add(t) for t in ("PRP", "PRP$", "NN")}
    return [i for i, t in enumerate(doc.to_array(TAG).tolist()) if t in tags]


def resolve_refs(doc, mentions: Sequence[Mention], entities: Mapping[str, Entity],
                 sents: Sequence | None = None, text: str | None = None) -> dict[int, Mention]:
    """Token index -> the named mention a pronoun or definite description refers to.

    Pure: reads the parse of ``doc`` and the typed mentions; tokens that are part of a name are
    never keys, and a token whose antecedent is uncertain is left out.

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> resolve_refs(Doc(spacy.blank("en").vocab, words=["It", "works"]), [], {})
    {}
    """
    if not mentions:
        return {}
    d = _Doc(doc, mentions, entities, sents, text)
    refs: dict[int, Mention] = {}
    for i in _ref_candidates(doc):
        if i in d.named:
            continue
        tok = doc[i]
        spec = _pronoun_spec(tok) or _description_spec(tok, d.named)
        if spec is None or (spec.possessive and _owns_a_product(d, tok)):
            continue
        m = _antecedent(d, tok, spec, refs)
        if m is not None:
            refs[tok.i] = m
    return refs
