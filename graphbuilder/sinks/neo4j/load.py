"""The writer: connect (URI checked, driver logs kept quiet), constraints, one managed
transaction per batch, and one coded line for whatever the driver raises.

Why thin: the plan is made in ``plan.py``; here are only sessions, retries and errors, so a
stopped load (error, lost server, Ctrl-C) leaves committed batches that a rerun completes.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import networkx as nx

from ...errors import Neo4jAuthError, Neo4jConnectionError, Neo4jDatabaseError, Neo4jQueryError
from .plan import DEFAULT_LOAD_BATCH_SIZE, MAX_EVIDENCE, Batch, plan_load
from .queries import ServerCaps, node_statements, probe_server, rel_statements, schema_statements

__all__ = ["LoadSummary", "translate_error", "BOLT_SCHEMES", "check_uri", "quiet_driver_logs",
           "connect", "apply_schema", "load_graph"]


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
                    batch: Batch | None = None, what: str = "") -> Exception:
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
    where = what or (batch.describe() if batch else "the statement")
    return Neo4jQueryError(f"the server rejected {where}: {msg}")


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
                raise translate_error(exc, database=database,
                                      what=f"schema statement {stmt!r}") from None
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
