"""Cypher for the loader: what the server can do, and the statements for it.

Why apart: statements are pure functions of a label or type and of ``ServerCaps`` (probed
once from the agent string), so every branch is built, linted and run by tests without
guessing; the ``.cypher`` text lives in ``graphbuilder/queries/``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ...errors import AllowListError
from ...schema import ENTITY_LABELS, SEMANTIC_TYPES

__all__ = ["ServerCaps", "caps_from_agent", "probe_server", "split_statements", "query_text",
           "schema_statements", "node_statements", "rel_statements"]

_LABEL_MARK, _TYPE_MARK = "__LABEL__", "__TYPE__"


# --------------------------------------------------------------------------- capabilities

@dataclass(frozen=True)
class ServerCaps:
    """What the server can do, read once from its agent string and passed to builders."""

    agent: str = "Neo4j/5"
    arcadedb: bool = False
    fulltext: bool = True  # CREATE FULLTEXT INDEX
    multi_label_merge: bool = True  # MERGE (n:Person:Entity {id}) uses an index


def caps_from_agent(agent: str) -> ServerCaps:
    """Capabilities from a Bolt agent string (pure, so both branches test without a server).

    >>> caps_from_agent("Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)").fulltext
    False
    >>> caps_from_agent("Neo4j/5.20.0").multi_label_merge
    True
    """
    arcade = "arcadedb" in (agent or "").lower()
    # ArcadeDB 26.10: no full-text index syntax; a MERGE on two labels scans (~50x slower)
    return ServerCaps(agent=agent or "", arcadedb=arcade, fulltext=not arcade,
                      multi_label_merge=not arcade)


def probe_server(driver) -> ServerCaps:
    """Ask the server for its agent string once (one round trip)."""
    return caps_from_agent(driver.get_server_info().agent)


# --------------------------------------------------------------------------- statements

def split_statements(text: str) -> list[str]:
    """Split a ``.cypher`` file into statements on ``;`` outside strings, names and comments.

    A real tokenizer, so ``//`` inside a string and ``;`` inside a quoted name survive.

    >>> split_statements("// a; b\\nRETURN 'x;//y' AS `a;b`; /* c; */ RETURN 2;")
    ["RETURN 'x;//y' AS `a;b`", 'RETURN 2']
    """
    out: list[str] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        two = text[i:i + 2]
        if two == "//":
            j = text.find("\n", i)
            i = n if j < 0 else j
            buf.append(" ")
            continue
        if two == "/*":
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            buf.append(" ")
            continue
        if ch in "'\"`":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" and ch != "`" else 1
            buf.append(text[i:j + 1])
            i = j + 1
            continue
        if ch == ";":
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    out.append("".join(buf))
    return [" ".join(s.split()) for s in out if s.strip()]


@cache
def _package_text(name: str) -> str:
    return files("graphbuilder.queries").joinpath(name).read_text(encoding="utf-8")


def query_text(name: str) -> str:
    """The one statement in package file ``graphbuilder/queries/<name>.cypher``.

    >>> query_text("merge_documents")
    'UNWIND $rows AS row MERGE (d:Document {id: row.id}) SET d += row.props'
    """
    (statement,) = split_statements(_package_text(f"{name}.cypher"))
    return statement


def schema_statements(caps: ServerCaps = ServerCaps()) -> list[str]:
    """Constraints and indexes to apply before loading (all ``IF NOT EXISTS``).

    >>> len(schema_statements(ServerCaps(fulltext=False))) + 1 == len(schema_statements(ServerCaps()))
    True
    """
    stmts = split_statements(_package_text("schema.cypher"))
    if caps.fulltext:
        stmts += split_statements(_package_text("schema_fulltext.cypher"))
    return stmts


def node_statements(label: str, caps: ServerCaps = ServerCaps()) -> tuple[str, ...]:
    """The statements (one transaction) that merge a batch of ``label`` nodes.

    One two-label ``MERGE`` where the server indexes it; else create-missing then update.

    >>> len(node_statements("Person", ServerCaps())), len(node_statements("Person", ServerCaps(multi_label_merge=False)))
    (1, 2)
    """
    if label == "Document":
        return (query_text("merge_documents"),)
    if label not in ENTITY_LABELS:
        raise AllowListError(f"node label {label!r} is not on the allow-list {ENTITY_LABELS}")
    names = ("merge_entities",) if caps.multi_label_merge else ("create_entities", "update_entities")
    return tuple(query_text(n).replace(_LABEL_MARK, label) for n in names)


def rel_statements(rtype: str, caps: ServerCaps = ServerCaps()) -> tuple[str, ...]:
    """The statement that merges a batch of ``rtype`` relationships.

    >>> rel_statements("LOVES")
    Traceback (most recent call last):
    ...
    graphbuilder.errors.AllowListError: relationship type 'LOVES' is not on the allow-list
    """
    if rtype == "MENTIONS":
        return (query_text("merge_mentions"),)
    if rtype == "CO_MENTIONED":
        return (query_text("merge_comentions"),)
    if rtype not in SEMANTIC_TYPES:
        raise AllowListError(f"relationship type {rtype!r} is not on the allow-list")
    return (query_text("merge_relations").replace(_TYPE_MARK, rtype),)
