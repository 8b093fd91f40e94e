"""The graph schema: the closed allow-list of node labels and relationship types.

Why a module of its own: relation extraction, the graph merger, the GraphML sink and the
Neo4j loader all need the same answer to "is this label/type allowed, and between which
endpoints?". Keeping it here, as data, means a label or type that is not listed can never
reach a Cypher statement.

>>> allowed("LEADER_OF", "Person", "Country")
True
>>> allowed("LEADER_OF", "Weapon", "Country")
False
"""
from __future__ import annotations

__all__ = [
    "ENTITY_LABELS", "NODE_LABELS", "SEMANTIC_TYPES", "RELATION_TYPES", "ENDPOINTS",
    "allowed", "check_label", "check_type",
]

#: Labels of entity nodes; every entity node also carries ``Entity``.
ENTITY_LABELS = ("Person", "Country", "Organization", "Weapon", "Location")
#: Every node label that may be written anywhere.
NODE_LABELS = ENTITY_LABELS + ("Document", "Entity")

_C, _O, _P, _W = "Country", "Organization", "Person", "Weapon"

#: Semantic relationship types and their allowed (source labels, target labels).
ENDPOINTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "LEADER_OF": (frozenset({_P}), frozenset({_C, _O})),
    "OFFICIAL_OF": (frozenset({_P}), frozenset({_C, _O})),
    "VISITED": (frozenset({_P}), frozenset({_C})),
    "MET_WITH": (frozenset({_P}), frozenset({_P})),
    "BASED_IN": (frozenset({_O}), frozenset({_C})),
    "PART_OF": (frozenset({_O}), frozenset({_O, _C})),
    "MEMBER_OF": (frozenset({_C}), frozenset({_O})),
    "PRODUCED_BY": (frozenset({_W}), frozenset({_C, _O})),
    "SUPPLIES": (frozenset({_C, _O}), frozenset({_C})),
    "OPERATES": (frozenset({_C, _O}), frozenset({_W})),
    "SUPPORTS": (frozenset({_C, _O, _P}), frozenset({_C})),
    "ATTACKED": (frozenset({_C, _O}), frozenset({_C, _O})),
}
SEMANTIC_TYPES = tuple(ENDPOINTS)
#: Every relationship type that may be written anywhere.
RELATION_TYPES = SEMANTIC_TYPES + ("CO_MENTIONED", "MENTIONS")


def allowed(rel_type: str, source_label: str, target_label: str) -> bool:
    """True when ``rel_type`` may join a ``source_label`` node to a ``target_label`` node.

    >>> allowed("MET_WITH", "Person", "Person")
    True
    """
    ends = ENDPOINTS.get(rel_type)
    return bool(ends) and source_label in ends[0] and target_label in ends[1]


def check_label(label: str) -> str:
    """Return ``label`` if it is on the allow-list, else raise ``ValueError``.

    >>> check_label("Person")
    'Person'
    """
    if label not in NODE_LABELS:
        raise ValueError(f"label {label!r} is not on the allow-list {NODE_LABELS}")
    return label


def check_type(rel_type: str) -> str:
    """Return ``rel_type`` if it is on the allow-list, else raise ``ValueError``.

    >>> check_type("SUPPLIES")
    'SUPPLIES'
    """
    if rel_type not in RELATION_TYPES:
        raise ValueError(f"relationship type {rel_type!r} is not on the allow-list")
    return rel_type
