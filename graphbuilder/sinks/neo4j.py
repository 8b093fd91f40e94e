"""Load the graph into Neo4j (or any Bolt server speaking Neo4j 5 Cypher), and read it back.

Why a pure planner plus a thin writer: everything that decides *what* is written (rows,
statements, the allow-list check, the order) is a pure function of the graph, tested without
a server; the writer only opens sessions and runs one ``execute_write`` per batch. Because
the driver retries a transaction on transient errors, every batch is an idempotent
``UNWIND $rows ... MERGE`` on ``id``: running it twice changes nothing. Labels and types
are taken only from ``graphbuilder.schema`` (they cannot be parameters in Cypher); every
value travels in ``$rows``.

Identity and counts on re-load: lists (aliases, documents, evidence keys, rules) are set
unions; ``count`` on a relationship is ``size(evidence_keys)``; an entity's ``mentions`` is
the sum of ``count`` over its ``MENTIONS`` relationships (one per document), so loading a
document twice never counts it twice and loading new documents adds theirs.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("d1", label="Document", name="d1", title="", source="d1.txt")
>>> g.add_node("country:FRA", label="Country", name="France", aliases=["France"],
...            documents=["d1"], mentions=2, iso3="FRA")
>>> _ = g.add_edge("d1", "country:FRA", key="MENTIONS", type="MENTIONS", count=2)
>>> [(b.kind, b.key, len(b.rows)) for b in plan_load(g)]
[('nodes', 'Document', 1), ('nodes', 'Country', 1), ('relationships', 'MENTIONS', 1)]
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.resources import files
from typing import Any

import networkx as nx

from ..errors import (AllowListError, Neo4jAuthError, Neo4jConnectionError, Neo4jDatabaseError,
                      Neo4jQueryError)
from ..schema import ENTITY_LABELS, NODE_LABELS, RELATION_TYPES, SEMANTIC_TYPES

__all__ = [
    "DEFAULT_LOAD_BATCH_SIZE", "MAX_EVIDENCE", "ServerCaps", "caps_from_agent", "probe_server",
    "split_statements", "query_text", "schema_statements", "node_statements", "rel_statements",
    "Batch", "plan_load", "LoadSummary",
    "connect", "apply_schema", "load_graph", "run_query", "read_graph", "translate_error",
    "check_uri", "quiet_driver_logs", "BOLT_SCHEMES",
]

#: Rows per ``UNWIND`` transaction (``--batch-size`` / ``NEO4J_BATCH_SIZE`` override it).
DEFAULT_LOAD_BATCH_SIZE = 2000
#: Evidence sentence texts kept per relationship (every key is kept and counted).
MAX_EVIDENCE = 3

_LABEL_MARK, _TYPE_MARK = "__LABEL__", "__TYPE__"
_NODE_KEYS = {"label", "labels", "aliases", "documents", "mentions", "id"}
_LIST_KEYS = ("documents", "evidence_keys", "rules", "weapons")


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


# --------------------------------------------------------------------------- rows

def _value(v: Any) -> Any:
    """A property value Neo4j can store: scalars, lists of scalars; others as JSON text."""
    if isinstance(v, (list, tuple, set, frozenset)):
        items = sorted(v, key=repr) if isinstance(v, (set, frozenset)) else list(v)
        if all(isinstance(x, str) for x in items) or all(
                isinstance(x, (int, float)) and not isinstance(x, bool) for x in items):
            return items
        return json.dumps(items, ensure_ascii=False, sort_keys=True)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return v


def _strings(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):  # a list that went through GraphML as JSON text
        try:
            v = json.loads(v)
        except ValueError:
            return [v]
    return [str(x) for x in v]


def _node_row(node_id: str, attrs: dict) -> dict:
    props = {k: _value(v) for k, v in attrs.items() if k not in _NODE_KEYS and v is not None}
    if attrs.get("label") == "Document":
        return {"id": str(node_id), "props": props}
    return {"id": str(node_id), "props": props, "aliases": _strings(attrs.get("aliases")),
            "documents": _strings(attrs.get("documents"))}


def _evidence(data: dict) -> tuple[list[str], list[str]]:
    texts, refs = [], []
    for ev in data.get("evidence") or []:
        if isinstance(ev, dict):
            texts.append(str(ev.get("text", "")))
            refs.append(f"{ev.get('document', '')}:{ev.get('start', '')}:{ev.get('end', '')}")
    return texts[:MAX_EVIDENCE], refs[:MAX_EVIDENCE]


def _rel_row(s: str, t: str, rtype: str, data: dict) -> dict:
    row: dict[str, Any] = {"source": str(s), "target": str(t)}
    if rtype == "MENTIONS":
        row["count"] = int(data.get("count") or 0)
        return row
    row["documents"] = _strings(data.get("documents"))
    row["evidence_keys"] = _strings(data.get("evidence_keys"))
    if rtype == "CO_MENTIONED":
        return row
    row["evidence"], row["evidence_refs"] = _evidence(data)
    row["rules"] = _strings(data.get("rules"))
    row["weapons"] = _strings(data.get("weapons"))
    row["confidence"] = float(data.get("confidence") or 0.0)
    row["role"] = data.get("role") or None
    return row


# --------------------------------------------------------------------------- plan

@dataclass(frozen=True)
class Batch:
    """One unit of work: a statement and the rows it unwinds (one transaction)."""

    kind: str  # "nodes" or "relationships"
    key: str  # label or relationship type
    statements: tuple[str, ...]  # run in order, in one transaction
    rows: tuple[dict, ...]
    index: int = 0  # position in the plan, 1-based once planned
    total: int = 0

    def describe(self) -> str:
        """Where this batch sits in the load, for error messages.

        >>> Batch("nodes", "Person", (), ({"id": "p"},), 3, 9).describe()
        'batch 3/9 (Person nodes, 1 rows)'
        """
        return f"batch {self.index}/{self.total} ({self.key} {self.kind}, {len(self.rows)} rows)"


def _label_of(node_id: Any, attrs: dict) -> str:
    label = attrs.get("label")
    if label is None and attrs.get("labels"):  # GraphML style ":Person:Entity"
        parts = [p for p in str(attrs["labels"]).split(":") if p and p != "Entity"]
        label = parts[0] if parts else "Entity"
    if label not in NODE_LABELS or label == "Entity":
        raise AllowListError(f"node {node_id!r} has label {label!r}, not on the allow-list "
                             f"{('Document',) + ENTITY_LABELS}")
    return label


def plan_load(g: nx.MultiDiGraph, batch_size: int = DEFAULT_LOAD_BATCH_SIZE,
              caps: ServerCaps = ServerCaps()) -> list[Batch]:
    """Every batch to run, in order: documents, entities per label, MENTIONS, semantic
    relationships per type, CO_MENTIONED. Raises ``AllowListError`` before anything is sent.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("x", label="Spaceship", name="x")
    >>> plan_load(g)
    Traceback (most recent call last):
    ...
    graphbuilder.errors.AllowListError: node 'x' has label 'Spaceship', not on the allow-list ('Document', 'Person', 'Country', 'Organization', 'Weapon', 'Location')
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    nodes: dict[str, list[dict]] = {}
    for node_id in sorted(g.nodes, key=str):
        attrs = g.nodes[node_id]
        nodes.setdefault(_label_of(node_id, attrs), []).append(_node_row(node_id, attrs))
    rels: dict[str, list[dict]] = {}
    for s, t, key, data in sorted(g.edges(keys=True, data=True),
                                  key=lambda e: (str(e[3].get("type") or e[2]), str(e[0]), str(e[1]))):
        rtype = str(data.get("type") or key)
        if rtype not in RELATION_TYPES:
            raise AllowListError(f"relationship {s!r}-[{rtype}]->{t!r}: type not on the allow-list")
        rels.setdefault(rtype, []).append(_rel_row(s, t, rtype, data))
    work: list[tuple[str, str, str, list[dict]]] = []
    for label in ("Document",) + ENTITY_LABELS:
        if label in nodes:
            work.append(("nodes", label, node_statements(label, caps), nodes[label]))
    for rtype in ("MENTIONS",) + SEMANTIC_TYPES + ("CO_MENTIONED",):
        if rtype in rels:
            work.append(("relationships", rtype, rel_statements(rtype, caps), rels[rtype]))
    chunks = [(kind, key, stmt, tuple(rows[i:i + batch_size]))
              for kind, key, stmt, rows in work for i in range(0, len(rows), batch_size)]
    return [Batch(kind, key, stmt, rows, i, len(chunks))
            for i, (kind, key, stmt, rows) in enumerate(chunks, 1)]


# --------------------------------------------------------------------------- writer

@dataclass
class LoadSummary:
    """What a load did. ``*_merged`` rows matched existing nodes or relationships."""

    nodes_created: int = 0
    nodes_merged: int = 0
    relationships_created: int = 0
    relationships_merged: int = 0
    properties_set: int = 0
    batches: int = 0
    seconds: float = 0.0
    by_key: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        """One human line for the CLI.

        >>> LoadSummary(3, 1250, 5, 0, batches=2, seconds=0.5).line()
        'nodes: 3 created, 1,250 merged; relationships: 5 created, 0 merged (2 batches, 0.5 s)'
        """
        return (f"nodes: {self.nodes_created:,} created, {self.nodes_merged:,} merged; "
                f"relationships: {self.relationships_created:,} created, "
                f"{self.relationships_merged:,} merged ({self.batches:,} batches, {self.seconds:,.1f} s)")


def translate_error(exc: Exception, *, uri: str = "", user: str = "", database: str = "",
                    batch: Batch | None = None) -> Exception:
    """The user-facing ``GraphbuilderError`` for a driver exception (never with the password).

    >>> from neo4j.exceptions import ServiceUnavailable
    >>> str(translate_error(ServiceUnavailable("refused"), uri="bolt://h:1"))
    'cannot reach the Neo4j server at bolt://h:1 (is it running? check NEO4J_URI): refused'
    """
    from neo4j import exceptions as ne

    msg = " ".join(str(getattr(exc, "message", None) or exc).split())
    if isinstance(exc, ne.AuthError) or getattr(exc, "code", "") == "Neo.ClientError.Security.Unauthorized":
        return Neo4jAuthError(f"the server at {uri} refused the credentials of user {user!r} "
                              f"(check NEO4J_USER and NEO4J_PASSWORD)")
    if isinstance(exc, (ne.ServiceUnavailable, ne.SessionExpired, OSError)):
        return Neo4jConnectionError(f"cannot reach the Neo4j server at {uri} "
                                    f"(is it running? check NEO4J_URI): {msg}")
    code = getattr(exc, "code", "") or ""
    if "DatabaseNotFound" in code or "Database.DatabaseUnavailable" in code:
        return Neo4jDatabaseError(f"database {database!r} does not exist or is not available "
                                  f"on {uri} (check NEO4J_DATABASE): {msg}")
    where = f"{batch.describe()} " if batch else ""
    return Neo4jQueryError(f"the server rejected {where}: {msg}".replace(" :", ":"))


#: URI schemes of the Bolt protocol (the driver's http/https need extras and are no Bolt).
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def check_uri(uri: str) -> str:
    """``uri`` if it names a Bolt server, else a one-line ``Neo4jConnectionError``.

    >>> check_uri("neo4j+s://db.example:7687")
    'neo4j+s://db.example:7687'
    >>> check_uri("http://localhost:7474")   # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    graphbuilder.errors.Neo4jConnectionError: 'http://localhost:7474' is Neo4j's HTTP address
    """
    scheme, sep, rest = uri.partition("://")
    if scheme.lower() in ("http", "https"):
        raise Neo4jConnectionError(
            f"{uri!r} is Neo4j's HTTP address (Browser); graphbuilder speaks Bolt: use "
            f"bolt://{rest.split('/')[0].rsplit(':', 1)[0] or 'localhost'}:7687 (check NEO4J_URI)")
    if not sep or scheme.lower() not in BOLT_SCHEMES or not rest.strip("/"):
        raise Neo4jConnectionError(
            f"unsupported Neo4j URI {uri!r}: use {', '.join(s + '://' for s in BOLT_SCHEMES)} "
            "followed by HOST[:PORT], e.g. bolt://localhost:7687 (check NEO4J_URI)")
    return uri


def quiet_driver_logs() -> None:
    """Keep the driver's own log lines (server notifications, "will be retried in 1 s", pool
    chatter) and warnings off stderr: graphbuilder reports the outcome as one line."""
    import logging
    import warnings

    log = logging.getLogger("neo4j")
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        log.addHandler(logging.NullHandler())
    log.propagate = False
    warnings.filterwarnings("ignore", module=r"neo4j(\.|$)")


def connect(uri: str, user: str, password: str, database: str = "neo4j"):
    """An open, verified driver; the database is checked too. Errors are translated.

    Connection errors fail fast (no retry loop); the password is never part of a message.
    """
    from neo4j import GraphDatabase
    from neo4j.exceptions import DriverError, Neo4jError

    check_uri(uri)
    quiet_driver_logs()
    try:
        driver = GraphDatabase.driver(uri, auth=(user, password), connection_timeout=10,
                                      max_transaction_retry_time=15)
    except (ValueError, DriverError) as exc:  # malformed URI
        raise Neo4jConnectionError(f"invalid Neo4j URI {uri!r}: {exc}") from None
    try:
        driver.verify_connectivity()
        with driver.session(database=database) as session:
            session.run("RETURN 1").consume()
    except (Neo4jError, DriverError, OSError) as exc:
        driver.close()
        raise translate_error(exc, uri=uri, user=user, database=database) from None
    return driver


def _merge_batch(tx, statements: tuple[str, ...], rows: list[dict]) -> dict[str, int]:
    """One batch in one transaction; may run twice when the driver retries, so every
    statement is a MERGE (or creates only what is missing)."""
    total = {"nodes_created": 0, "relationships_created": 0, "properties_set": 0}
    for statement in statements:
        result = tx.run(statement, rows=rows, max_evidence=MAX_EVIDENCE)
        records = list(result)
        if records and "matched" in records[0].keys() and records[0]["matched"] != len(rows):
            raise _Mismatch(f"{len(rows) - records[0]['matched']} ids already belong to nodes "
                            "with another label")
        counters = result.consume().counters
        for key in total:
            total[key] += getattr(counters, key)
    return total


class _Mismatch(Exception):
    """A batch matched fewer nodes than it has rows (rolled back, never retried)."""


def _schema_tx(tx, statement: str):
    return tx.run(statement).consume().counters


def apply_schema(driver, database: str = "neo4j", caps: ServerCaps | None = None) -> int:
    """Create the constraints and indexes (idempotent). Returns how many statements ran."""
    from neo4j.exceptions import DriverError, Neo4jError

    caps = caps or probe_server(driver)
    stmts = schema_statements(caps)
    with driver.session(database=database) as session:
        for stmt in stmts:
            try:
                session.execute_write(_schema_tx, stmt)
            except (Neo4jError, DriverError) as exc:
                err = translate_error(exc, database=database)
                if isinstance(err, Neo4jQueryError):
                    err = Neo4jQueryError(f"the server rejected schema statement {stmt!r}: "
                                          f"{getattr(exc, 'message', exc)}")
                raise err from None
    return len(stmts)


def _lost(uri: str, batch: Batch, last: Batch | None, exc: Exception) -> Neo4jConnectionError:
    """The one line for a connection lost in the middle of a load: how far it got.

    >>> b = Batch("nodes", "Person", (), ({"id": "p"},), 2, 5)
    >>> str(_lost("bolt://h:1", b, None, OSError("reset")))   # doctest: +ELLIPSIS
    'lost the connection to the Neo4j server at bolt://h:1 during batch 2/5 ...; committed: no batch; ...'
    """
    done = last.describe() if last else "no batch"
    msg = " ".join(str(getattr(exc, "message", None) or exc).split())
    return Neo4jConnectionError(
        f"lost the connection to the Neo4j server at {uri} during {batch.describe()} ({msg}); "
        f"committed: {'up to ' if last else ''}{done}; what was written is consistent, re-run "
        "the same command when the server is back to complete the load")


def load_graph(driver, g: nx.MultiDiGraph, *, database: str = "neo4j",
               batch_size: int = DEFAULT_LOAD_BATCH_SIZE, progress: bool = False,
               on_batch: Callable[[Batch], None] | None = None, uri: str = "",
               caps: ServerCaps | None = None) -> LoadSummary:
    """Load ``g``: plan (allow-list checked), constraints, then one ``execute_write`` per batch.

    Each batch commits on its own; if the load stops (error, Ctrl-C) what was committed is
    consistent and a re-run completes it, because every batch is an idempotent MERGE.
    ``caps`` overrides what the server's agent string says (tests run both statement
    branches against one server this way).
    """
    from neo4j.exceptions import DriverError, Neo4jError

    plan = plan_load(g, batch_size)  # raises AllowListError before anything is sent
    start = time.perf_counter()
    caps = caps or probe_server(driver)
    if caps != ServerCaps():  # same rows, the statements this server runs best
        plan = [replace(b, statements=node_statements(b.key, caps) if b.kind == "nodes"
                        else rel_statements(b.key, caps)) for b in plan]
    apply_schema(driver, database, caps)
    summary = LoadSummary()
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(total=sum(len(b.rows) for b in plan), unit="row", desc="loading",
                   leave=False)
    last: Batch | None = None
    try:
        with driver.session(database=database) as session:
            for batch in plan:
                try:
                    counters = session.execute_write(_merge_batch, batch.statements, list(batch.rows))
                except (Neo4jError, DriverError, OSError) as exc:
                    err = translate_error(exc, uri=uri, database=database, batch=batch)
                    if isinstance(err, Neo4jConnectionError):
                        err = _lost(uri, batch, last, exc)
                    raise err from None
                except _Mismatch as exc:
                    raise Neo4jQueryError(f"{batch.describe()} was rolled back: {exc}") from None
                n = len(batch.rows)
                if batch.kind == "nodes":
                    summary.nodes_created += counters["nodes_created"]
                    summary.nodes_merged += n - counters["nodes_created"]
                else:
                    summary.relationships_created += counters["relationships_created"]
                    summary.relationships_merged += n - counters["relationships_created"]
                summary.properties_set += counters["properties_set"]
                summary.by_key[batch.key] = summary.by_key.get(batch.key, 0) + n
                summary.batches += 1
                if bar is not None:
                    bar.update(n)
                last = batch
                if on_batch is not None:
                    on_batch(batch)
    finally:
        if bar is not None:
            bar.close()
    summary.seconds = time.perf_counter() - start
    return summary


# --------------------------------------------------------------------------- reading back

def _plain(value: Any) -> Any:
    """Driver values (nodes, relationships, paths, temporal) as JSON-friendly Python."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"type": value.type, **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def run_query(driver, cypher: str, *, database: str = "neo4j",
              params: dict | None = None) -> tuple[list[str], list[list[Any]]]:
    """Run one user statement (auto-commit); return column names and plain-Python rows."""
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        with driver.session(database=database) as session:
            result = session.run(cypher, params or {})
            keys = list(result.keys())
            rows = [[_plain(v) for v in record.values()] for record in result]
    except (Neo4jError, DriverError) as exc:
        err = translate_error(exc, database=database)
        if isinstance(err, Neo4jQueryError):
            err = Neo4jQueryError(f"the server rejected the query: "
                                  f"{' '.join(str(getattr(exc, 'message', exc)).split())}")
        raise err from None
    return keys, rows


def _label_from(labels: Iterable[str]) -> str:
    labels = sorted(labels)
    for label in ("Document",) + ENTITY_LABELS:
        if label in labels:
            return label
    others = [x for x in labels if x != "Entity"]
    return others[0] if others else (labels[0] if labels else "")


def _graph_from_records(nodes: Iterable[dict], rels: Iterable[dict]) -> nx.MultiDiGraph:
    """Pure part of ``read_graph``: rebuild the graph.py shape from exported records.

    >>> g = _graph_from_records(
    ...     [{"id": "p", "labels": ["Entity", "Person"], "props": {"id": "p", "name": "P"}},
    ...      {"id": "c", "labels": ["Country", "Entity"], "props": {"id": "c", "name": "C"}}],
    ...     [{"source": "p", "type": "LEADER_OF", "target": "c",
    ...       "props": {"evidence": ["P leads C."], "evidence_refs": ["d1:0:10"], "count": 1}}])
    >>> g.nodes["p"]["label"], g.edges["p", "c", "LEADER_OF"]["evidence"]
    ('Person', [{'document': 'd1', 'text': 'P leads C.', 'start': 0, 'end': 10}])
    """
    g = nx.MultiDiGraph()
    for rec in nodes:
        props = dict(rec["props"])
        node_id = rec.get("id") or rec.get("element_id")
        props.pop("id", None)
        attrs = {"label": _label_from(rec["labels"]), **props}
        for key in ("aliases", "documents"):
            if isinstance(attrs.get(key), list):
                attrs[key] = sorted(attrs[key])
        g.add_node(node_id, **attrs)
    for rec in rels:
        props = dict(rec["props"])
        rtype = rec["type"]
        texts = props.pop("evidence", None)
        refs = props.pop("evidence_refs", None)
        if texts is not None:
            evidence = []
            for text, ref in zip(texts, refs or [""] * len(texts)):
                doc, _, span = str(ref).rpartition(":")
                doc, _, start = doc.rpartition(":")
                evidence.append({"document": doc, "text": text,
                                 "start": int(start) if start.isdigit() else 0,
                                 "end": int(span) if span.isdigit() else 0})
            props["evidence"] = sorted(evidence, key=lambda e: (e["document"], e["start"]))
        for key in _LIST_KEYS:
            if isinstance(props.get(key), list):
                props[key] = sorted(props[key])
        g.add_edge(rec["source"], rec["target"], key=rtype, type=rtype, **props)
    return g


def read_graph(driver, database: str = "neo4j") -> nx.MultiDiGraph:
    """The whole graph on the server, in the shape ``graphbuilder.graph`` builds."""
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        with driver.session(database=database) as session:
            nodes = session.execute_read(
                lambda tx: [r.data() for r in tx.run(query_text("export_nodes"))])
            rels = session.execute_read(
                lambda tx: [r.data() for r in tx.run(query_text("export_relationships"))])
    except (Neo4jError, DriverError) as exc:
        raise translate_error(exc, database=database) from None
    return _graph_from_records(nodes, rels)
