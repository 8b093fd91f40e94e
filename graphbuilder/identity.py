"""Identity across documents: short names join the one full name the whole corpus gives them.

Why a pass of its own, after the merge: resolution sees one document, so "Putin" in a story
that never says "Vladimir Putin" becomes ``person:putin``, a node of its own, although the
corpus knows exactly one Putin. Only the merged graph knows every name, so the decision is
made here, as a pure function of that graph: :func:`identity_map` returns ``old id -> new id``
and :func:`apply_identity` folds the old nodes into the new ones. Nothing depends on the order
in which documents were read, on batch sizes or on worker processes: the map is computed from
the set of nodes and their merged names and aliases, and every merge sorts what it unites.

What fits what (a short node joins only when exactly one node in the corpus fits it):

- **Person**: a surname-only name (one word, or led by a particle: "von der Leyen") fits a
  full-name Person that ends with it ("Reagan" -> "Ronald Reagan"), or whose first word it
  is when the full name is family-name-first: a hyphenated given name ("Shin Won-sik"), or
  a document in which the short form was already joined to it (its aliases hold "Xi").
  Only when nothing fits so does the first word of a full name count on its own ("Xi" ->
  "Xi Jinping"), as resolution does inside one document. "Reagan" with both
  "Nancy Reagan" and "Ronald Reagan" in the corpus fits two and keeps its own node.
- **Organization**, **Weapon**: a short code (an acronym or a designation: "DCI", "RS-26")
  fits the one longer node of its label that carries it as an alias (a document defined it:
  "Defense Conseil International (DCI)"); a name the knowledge base knows under another
  entry's id fits that entry's node. Knowledge-base nodes never move.

Applying the map: aliases, documents and other lists unite, mentions add up, the target keeps
its name and fills missing properties; edges are redirected, and edges that meet at one
(source, type, target) merge as the graph merges evidence (keys and documents united, count =
distinct sentences, the first few evidence sentences, confidence the highest);
``CO_MENTIONED`` stays lower id -> higher id; a relation of a node with itself is dropped.

>>> from graphbuilder.graph import add_extraction, new_graph
>>> from graphbuilder.model import DocumentInfo, Entity, Extraction, Mention
>>> g = new_graph()
>>> def doc(i, name):
...     info = DocumentInfo(i, "", i, "0" * 64, 10, 2)
...     eid = "person:" + name.lower().replace(" ", "-")
...     return Extraction(info, (Entity(eid, "Person", name, (name,)),),
...                       (Mention(i, 0, len(name), name, "Person", eid),))
>>> for ex in (doc("d1", "Vladimir Putin"), doc("d2", "Putin")):
...     add_extraction(g, ex)
>>> identity_map(g)
{'person:putin': 'person:vladimir-putin'}
>>> g = apply_identity(g, identity_map(g))
>>> g.nodes["person:vladimir-putin"]["documents"], g.nodes["person:vladimir-putin"]["mentions"]
(['d1', 'd2'], 2)
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

import networkx as nx

from .graph import MAX_EVIDENCE
from .knowledge import Knowledge, load_knowledge, words as word_list
from .knowledge import slug as _kb_slug

__all__ = ["identity_map", "apply_identity", "person_fits", "is_surname_only", "is_short_code"]

#: Labels the pass joins; countries and locations already have one id per knowledge entry.
_LABELS = ("Person", "Organization", "Weapon")
_HYPHENATED_GIVEN = re.compile(r"^[A-Z][a-z]+-[a-z]+$")  # "Won-sik", "Jong-un"
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9&.\-/]*")


#: Names recur across a corpus; their slugs are computed once each.
slug = functools.lru_cache(maxsize=1 << 16)(_kb_slug)


def is_short_code(name: str) -> bool:
    """True for an acronym or a designation written as one token: "DCI", "RS-26", "M3".

    >>> is_short_code("DCI"), is_short_code("RS-26"), is_short_code("Times"), is_short_code("EU")
    (True, True, False, True)
    >>> is_short_code("McDonald"), is_short_code("MiG-29")
    (False, True)
    """
    if not _TOKEN.fullmatch(name):
        return False
    letters = [c for c in name if c.isalpha()]
    return any(c.isdigit() for c in name) or (len(letters) >= 2 and all(c.isupper() for c in letters))


def _words(name: str) -> list[str]:
    return [w for w in (slug(part) for part in name.split()) if w]


def _surname_keys(word: str) -> set[str]:
    """A surname as written and without an article ("al-Halbousi" is also "halbousi")."""
    keys = {slug(word)}
    for particle in word_list("surname_particle"):
        if word.startswith(particle) and len(word) > len(particle) + 1:
            keys.add(slug(word[len(particle):]))
    return keys - {""}


def _family_name_first(name: str, aliases: Iterable[str]) -> bool:
    """A full name written family name first: a hyphenated given name after the family name,
    or its first word seen alone as a name of this person in some document."""
    parts = name.split()
    if len(parts) < 2:
        return False
    if len(parts) == 2 and _HYPHENATED_GIVEN.match(parts[1]):
        return True
    first = slug(parts[0])
    return any(slug(a) == first for a in aliases if len(a.split()) == 1)


def is_surname_only(name: str) -> bool:
    """A Person name that can only be a surname: one word, or words led by a lower-case
    particle ("von der Leyen", "de Gaulle").

    >>> is_surname_only("Macron"), is_surname_only("von der Leyen"), is_surname_only("Ursula von der Leyen")
    (True, True, False)
    """
    parts = name.split()
    return len(parts) == 1 or (len(parts) > 1 and parts[0][:1].islower())


def person_fits(short: str, full: str, aliases: Iterable[str] = ()) -> bool:
    """Whether the surname-only Person name ``short`` can be the full-name Person ``full``.

    >>> person_fits("Reagan", "Ronald Reagan"), person_fits("Shin", "Shin Won-sik")
    (True, True)
    >>> person_fits("Xi", "Xi Jinping"), person_fits("Xi", "Xi Jinping", ["Xi", "Xi Jinping"])
    (False, True)
    >>> person_fits("Ronald", "Ronald Reagan"), person_fits("von der Leyen", "Ursula von der Leyen")
    (False, True)
    >>> person_fits("Halbousi", "Mohammed al-Halbousi"), person_fits("al-Assad", "Bashar Assad")
    (True, True)
    """
    mine, words = _words(short), _words(full)
    if not mine or not is_surname_only(short) or is_surname_only(full) or len(words) <= len(mine):
        return False
    if words[-len(mine):] == mine:
        return True
    if len(mine) > 1:
        return False
    if _surname_keys(short) & _surname_keys(full.split()[-1]):
        return True  # "Halbousi" and "Mohammed al-Halbousi"
    aliases = tuple(aliases)
    if any(slug(a) == mine[0] for a in aliases if len(a.split()) == 1):
        return True
    return words[0] == mine[0] and _family_name_first(full, aliases)


def _entities(g: nx.MultiDiGraph) -> dict[str, list[tuple[str, dict]]]:
    by_label: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for node_id in sorted(g.nodes, key=str):
        data = g.nodes[node_id]
        if data.get("label") in _LABELS:
            by_label[data["label"]].append((node_id, data))
    return by_label


def _person_targets(persons: list[tuple[str, dict]]) -> dict[str, set[str]]:
    """Surname-only Person id -> ids of the full-name Persons it fits."""
    by_word: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    persons_by_id = dict(persons)
    for node_id, data in persons:
        name = data.get("name", "")
        if is_surname_only(name):
            continue
        words = _words(name)
        keys = {words[0]} | _surname_keys(name.split()[-1]) if words else set()
        keys |= {slug(a) for a in data.get("aliases", ()) if len(a.split()) == 1}
        for key in keys:
            by_word[key].append((node_id, data))
    fits: dict[str, set[str]] = {}
    for node_id, data in persons:
        name = data.get("name", "")
        words = _words(name)
        if not words or not is_surname_only(name):
            continue
        keys = _surname_keys(name) if len(words) == 1 else {words[-1]}
        found = {fid for key in keys for fid, _ in by_word.get(key, ())}
        strong = {fid for fid in found if person_fits(
            name, persons_by_id[fid]["name"], persons_by_id[fid].get("aliases", ()))}
        # no surname fits: the first word of a full name, as resolution does in a document
        fits[node_id] = strong or {fid for fid in found if len(words) == 1
                                   and _words(persons_by_id[fid]["name"])[0] == words[0]}
    return fits


def _kb_entry(kb: Knowledge, label: str, text: str):
    return kb.organization(text) if label == "Organization" else kb.weapon(text)


def _named_targets(label: str, nodes: list[tuple[str, dict]], g: nx.MultiDiGraph,
                   kb: Knowledge) -> dict[str, set[str]]:
    """Organization or Weapon id -> ids it fits: by a code alias, or by the knowledge base."""
    by_code: dict[str, set[str]] = defaultdict(set)
    for node_id, data in nodes:
        for alias in data.get("aliases", ()):
            if is_short_code(alias) and alias != data.get("name"):
                by_code[alias].add(node_id)
    fits: dict[str, set[str]] = {}
    for node_id, data in nodes:
        name = data.get("name", "")
        own = _kb_entry(kb, label, name)
        if own is not None and own.id == node_id:
            continue  # a knowledge-base node never moves
        found = {t for t in by_code.get(name, ()) if t != node_id} if is_short_code(name) else set()
        if own is not None and g.nodes.get(own.id, {}).get("label") == label:
            found.add(own.id)  # its name is a knowledge-base form of another node's entry
        if found:
            fits[node_id] = found
    return fits


def _settle(fits: Mapping[str, set[str]]) -> dict[str, str]:
    """Keep the unique fits and follow chains to their end (a cycle keeps its nodes)."""
    step = {k: next(iter(v)) for k, v in fits.items() if len(v) == 1}
    out = {}
    for start in sorted(step):
        seen, node = {start}, step[start]
        while node in step and node not in seen:
            seen.add(node)
            node = step[node]
        if node not in seen:
            out[start] = node
    return out


def identity_map(g: nx.MultiDiGraph, kb: Knowledge | None = None) -> dict[str, str]:
    """``old id -> new id`` for every node that joins another (sorted by old id; pure).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for n in ("Nancy Reagan", "Ronald Reagan", "Reagan"):
    ...     g.add_node("person:" + n.lower().replace(" ", "-"), label="Person", name=n, aliases=[n])
    >>> identity_map(g)
    {}
    """
    kb = kb or load_knowledge()
    fits: dict[str, set[str]] = {}
    for label, nodes in sorted(_entities(g).items()):
        if label == "Person":
            fits.update(_person_targets(nodes))
        else:
            fits.update(_named_targets(label, nodes, g, kb))
    return dict(sorted(_settle(fits).items()))


def _unite(a, b):
    """Merge two attribute values: lists unite (sorted), numbers take the larger, else ``a``."""
    if isinstance(a, list) and isinstance(b, list):
        try:
            return sorted(set(a) | set(b))
        except TypeError:  # unhashable items (evidence dicts)
            return a + [x for x in b if x not in a]
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return max(a, b)
    return a if a not in (None, "") else b


def _merge_node(target: dict, source: dict) -> None:
    for key, value in source.items():
        if key in ("label", "name"):
            continue
        if key == "mentions":
            target[key] = target.get(key, 0) + value
        elif key in target:
            target[key] = _unite(target[key], value)
        else:
            target[key] = value


def _merge_edge(target: dict, source: dict) -> None:
    """Fold one edge's evidence into another's, as ``graph.add_extraction`` would have."""
    for key, value in source.items():
        if key == "type":
            continue
        if key == "evidence":
            seen = {(e["document"], e["start"], e["end"]): e for e in target.get(key, []) + value}
            target[key] = sorted(seen.values(), key=lambda e: (e["document"], e["start"]))[:MAX_EVIDENCE]
        elif key == "count" and "evidence_keys" in target:
            continue  # recomputed from the keys below
        elif key == "count":  # MENTIONS: the same document's mentions of two nodes add up
            target[key] = target.get(key, 0) + value
        elif key in target:
            target[key] = _unite(target[key], value)
        else:
            target[key] = value
    if "evidence_keys" in target:
        target["count"] = len(target["evidence_keys"])


def _ends(s: str, t: str, rtype: str, mapping: Mapping[str, str]) -> tuple[str, str]:
    s, t = mapping.get(s, s), mapping.get(t, t)
    if rtype == "CO_MENTIONED" and t < s:
        s, t = t, s
    return s, t


def apply_identity(g: nx.MultiDiGraph, mapping: Mapping[str, str], *,
                   in_place: bool = False) -> nx.MultiDiGraph:
    """The graph with every ``old`` node folded into ``mapping[old]`` (a copy unless
    ``in_place``). Only the edges of moved nodes are touched.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="Person", name="A", aliases=["A"], documents=["d2"], mentions=1)
    >>> g.add_node("b", label="Person", name="B", aliases=["B"], documents=["d1"], mentions=2)
    >>> _ = g.add_edge("b", "a", key="CO_MENTIONED", type="CO_MENTIONED", count=1, evidence_keys=["d1:0:9"])
    >>> h = apply_identity(g, {"a": "b"})
    >>> dict(h.nodes["b"]), h.number_of_edges()
    ({'label': 'Person', 'name': 'B', 'aliases': ['A', 'B'], 'documents': ['d1', 'd2'], 'mentions': 3}, 0)
    """
    if not in_place:
        g = g.copy()
    moved = [n for n in sorted(mapping) if n in g and mapping[n] in g and mapping[n] != n]
    if not moved:
        return g
    affected: dict[tuple[str, str, str], list] = {}
    for node in moved:
        for s, t, key, data in list(g.in_edges(node, keys=True, data=True)) + \
                list(g.out_edges(node, keys=True, data=True)):
            affected.setdefault((s, t, key), data)
    for node in moved:
        _merge_node(g.nodes[mapping[node]], g.nodes[node])
    groups: dict[tuple[str, str, str], list[tuple[tuple[str, str], dict]]] = defaultdict(list)
    for (s, t, key), data in sorted(affected.items()):
        ns, nt = _ends(s, t, data.get("type") or key, mapping)
        if ns != nt:
            groups[(ns, nt, key)].append(((s, t), data))
    g.remove_nodes_from(moved)
    for (s, t, key), parts in sorted(groups.items()):
        if g.has_edge(s, t, key=key):
            merged = g.edges[s, t, key]
        else:
            g.add_edge(s, t, key=key)
            merged = g.edges[s, t, key]
            merged.update(_copy_edge(parts.pop(0)[1]))
        for _, data in parts:
            _merge_edge(merged, data)
    for _, _, data in g.edges(data=True):  # SUPPLIES names its weapon by id
        if any(w in mapping for w in data.get("weapons", ())):
            data["weapons"] = sorted({mapping.get(w, w) for w in data["weapons"]})
    return g


def _copy_edge(data: dict) -> dict:
    return {k: (list(v) if isinstance(v, list) else v) for k, v in data.items()}

