"""Frozen, picklable records passed between the stages.

Why: extraction is a pure function of (text, knowledge, model). Its output must cross process
boundaries (``nlp.pipe(n_process=...)``, or a cluster engine later), so every record holds only
``str``, ``int``, ``float`` and tuples of those.

>>> m = Mention("doc1", 0, 6, "Macron", "Person", "person:emmanuel-macron", 0)
>>> m.end - m.start
6
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Document", "Skipped", "DocumentInfo", "Mention", "Entity", "Evidence", "Relation",
    "CoMention", "Extraction", "Candidate",
]

Scalar = str | int | float


@dataclass(frozen=True)
class Document:
    """One input document as read: ``text`` is what offsets in mentions refer to."""

    id: str
    text: str
    title: str = ""
    source: str = ""  # path (and line for JSONL) it came from


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, with a one-line reason for the user."""

    source: str
    reason: str


@dataclass(frozen=True)
class DocumentInfo:
    """What the graph keeps of a document (its ``Document`` node)."""

    id: str
    title: str
    source: str
    sha256: str
    chars: int
    words: int


@dataclass(frozen=True)
class Mention:
    """One typed surface form; ``start``/``end`` are character offsets into the text."""

    document: str
    start: int
    end: int
    text: str
    label: str  # Person, Country, Organization, Weapon, Location
    entity: str  # node id, e.g. "country:FRA"
    sentence: int = 0  # index of the sentence in the document


@dataclass(frozen=True)
class Entity:
    """A resolved entity as seen in one document (the graph merges documents)."""

    id: str
    label: str
    name: str
    aliases: tuple[str, ...] = ()
    props: tuple[tuple[str, Scalar], ...] = ()  # iso2/iso3, category/origin/manufacturer

    def prop(self, key: str, default: Scalar | None = None) -> Scalar | None:
        """Look up one extra property.

        >>> Entity("country:FRA", "Country", "France", props=(("iso3", "FRA"),)).prop("iso3")
        'FRA'
        """
        return dict(self.props).get(key, default)


@dataclass(frozen=True)
class Evidence:
    """The sentence that supports a relation: character offsets into the document."""

    document: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Relation:
    """A typed, evidenced relation between two entity ids."""

    source: str
    type: str
    target: str
    evidence: Evidence
    rule: str
    confidence: float
    role: str = ""  # LEADER_OF / OFFICIAL_OF
    weapon: str = ""  # SUPPLIES: weapon entity id when one is named


@dataclass(frozen=True)
class CoMention:
    """Two entities named in the same sentence (``a`` < ``b``)."""

    a: str
    b: str
    evidence: Evidence


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document: the unit the graph merges."""

    document: DocumentInfo
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    comentions: tuple[CoMention, ...] = field(default=())


@dataclass(frozen=True)
class Candidate:
    """A typed span from the NER stage, before identity resolution.

    ``ref`` is a knowledge-base id when the span matched an entry ("weapon:f-16",
    "country:FRA", "org:nato", "location:kyiv"), so resolution need not look it up again.

    >>> Candidate(0, 5, "Su-24", "Weapon", source="designation").ref
    ''
    """

    start: int
    end: int
    text: str
    label: str
    ref: str = ""
    source: str = ""  # the rule that produced it (kept for debugging and tests)
    name: str = ""  # the name to resolve when it differs from the text ("Russian Defence Ministry")
