"""The Neo4j commands ``load``, ``query`` and ``export``, added to the ``graphbuilder`` app.

Why a separate module: the core CLI must not need a database; ``graphbuilder.cli`` calls
``register(app)`` when this module is present. Each command parses options and calls the
plain functions in ``graphbuilder.sinks.neo4j``. Connection settings come from ``NEO4J_URI``,
``NEO4J_USER``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE`` (flags override them); the password
is never echoed, shown in help, or put in a message. Errors are one line and exit code 1
(the app's error handler); Ctrl-C stops after the last committed batch with exit code 130.

>>> rows = [["Emmanuel Macron", 2], ["Keir Starmer", None]]
>>> print(format_table(["name", "n"], rows))
name            | n
----------------+--
Emmanuel Macron | 2
Keir Starmer    |
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import typer

from .errors import Neo4jConnectionError, OutputError
from .sinks import neo4j as sink

__all__ = ["register", "format_table", "format_value", "Connection", "DEFAULT_URI"]

DEFAULT_URI = "bolt://localhost:7687"


class Connection:
    """Connection settings, resolved from flags and the environment (password kept private)."""

    def __init__(self, uri: str | None, user: str | None, password: str | None,
                 database: str | None) -> None:
        env = os.environ
        self.uri = uri or env.get("NEO4J_URI") or DEFAULT_URI
        self.user = user or env.get("NEO4J_USER") or "neo4j"
        self._password = password if password is not None else env.get("NEO4J_PASSWORD")
        self.database = database or env.get("NEO4J_DATABASE") or "neo4j"

    def __repr__(self) -> str:  # never show the password
        return f"Connection(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"

    def open(self):
        """A verified driver (raises a one-line ``GraphbuilderError`` when it cannot)."""
        if not self._password:
            raise Neo4jConnectionError("no password: set NEO4J_PASSWORD (or pass --password)")
        return sink.connect(self.uri, self.user, self._password, self.database)


def format_value(value: Any) -> str:
    """One table cell: strings as they are, lists and maps as compact JSON, None empty.

    >>> format_value(["a", "b"]), format_value(None), format_value(1.5)
    ('["a", "b"]', '', '1.5')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split("\n"))
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def format_table(keys: list[str], rows: list[list[Any]], max_width: int = 80) -> str:
    """A plain-text table (no colours), cells cut at ``max_width`` characters."""
    cells = [[format_value(v) for v in row] for row in rows]
    cells = [[c if len(c) <= max_width else c[:max_width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(k)] + [len(r[i]) for r in cells]) for i, k in enumerate(keys)]
    line = lambda vals: " | ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    out = [line(keys), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    return "\n".join(out)


def _interrupted(done: list[sink.Batch]) -> typer.Exit:
    last = done[-1].describe() if done else "no batch"
    typer.echo(f"Interrupted: committed up to {last}; what was written is consistent, "
               "re-run the same command to complete the load.", err=True)
    return typer.Exit(130)


def _uri_opt():
    return typer.Option(None, "--uri", help="Bolt URI [env NEO4J_URI, default "
                        f"{DEFAULT_URI}].", show_default=False)


def _user_opt():
    return typer.Option(None, "--user", help="[env NEO4J_USER, default neo4j]", show_default=False)


def _password_opt():
    return typer.Option(None, "--password", help="[env NEO4J_PASSWORD]", show_default=False)


def _database_opt():
    return typer.Option(None, "--database", "-d", help="[env NEO4J_DATABASE, default neo4j]",
                        show_default=False)


def register(app: typer.Typer) -> None:
    """Add ``load``, ``query`` and ``export`` to ``app``."""

    @app.command("load", short_help="Load documents (or a built graph.json) into Neo4j.")
    def load_cli(
        paths: list[Path] = typer.Argument(None, metavar="PATH",
                                           help="Files or folders to build and load."),
        graph: Path = typer.Option(None, "--graph", "-g", exists=True, dir_okay=False,
                                   help="Load this graph.json (from `build`) without NLP."),
        out: Path = typer.Option(None, "--out", "-o",
                                 help="Also write the built graph files here."),
        uri: str = _uri_opt(),
        user: str = _user_opt(),
        password: str = _password_opt(),
        database: str = _database_opt(),
        batch_size: int = typer.Option(sink.DEFAULT_LOAD_BATCH_SIZE, "--batch-size", min=1,
                                       envvar="NEO4J_BATCH_SIZE",
                                       help="Rows per transaction [env NEO4J_BATCH_SIZE]."),
        model: str = typer.Option(None, "--model", "-m", envvar="GRAPHBUILDER_MODEL",
                                  help="spaCy pipeline when building from PATHs."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    ) -> None:
        """Build the graph from PATH... and load it into Neo4j, or load --graph FILE.

        Loading is idempotent: loading the same input again changes nothing; new documents
        merge into existing nodes by id. Constraints are created first.

        \b
        Example:
          export NEO4J_URI=bolt://localhost:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=...
          graphbuilder load seeds
          graphbuilder load --graph out/graph.json
        """
        if bool(paths) == bool(graph):
            raise typer.BadParameter("give either PATH... or --graph FILE (not both)")
        conn = Connection(uri, user, password, database)
        progress = not quiet and sys.stderr.isatty()
        driver = conn.open()  # fail fast, before running NLP
        try:
            if graph:
                from .sinks.node_link import read_node_link
                try:
                    g = read_node_link(graph)
                except (OSError, ValueError, KeyError) as exc:
                    raise OutputError(f"cannot read graph {graph}: {exc}") from None
            else:
                from .api import build
                kwargs = {"model": model} if model else {}
                try:
                    g = build(paths, out, progress=progress, **kwargs,
                              on_skip=lambda s: typer.echo(
                                  f"warning: skipped {s.source}: {s.reason}", err=True)).graph
                except KeyboardInterrupt:
                    typer.echo("Interrupted while building: nothing was loaded.", err=True)
                    raise typer.Exit(130) from None
            done: list[sink.Batch] = []
            try:
                summary = sink.load_graph(driver, g, database=conn.database,
                                          batch_size=batch_size, progress=progress,
                                          on_batch=done.append, uri=conn.uri)
            except KeyboardInterrupt:
                raise _interrupted(done) from None
        finally:
            driver.close()
        typer.echo(f"Loaded into {conn.uri} (database {conn.database}): {summary.line()}")

    @app.command("query", short_help="Run a Cypher statement and print the result.")
    def query_cli(
        cypher: str = typer.Argument(..., metavar="CYPHER", help="The statement ('-' reads stdin)."),
        param: list[str] = typer.Option(None, "--param", "-p", metavar="NAME=JSON",
                                        help="A query parameter: JSON, or a bare string."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON lines instead of a table."),
        uri: str = _uri_opt(),
        user: str = _user_opt(),
        password: str = _password_opt(),
        database: str = _database_opt(),
    ) -> None:
        """Run CYPHER against Neo4j and print the rows as a table (or --json).

        \b
        Example:
          graphbuilder query "MATCH (p:Person)-[:LEADER_OF]->(c:Country) RETURN p.name, c.name"
          graphbuilder query --json -p name=France 'MATCH (c:Country {name: $name}) RETURN c.iso3' 
        """
        if cypher == "-":
            cypher = sys.stdin.read()
        params = {}
        for item in param or []:
            name, sep, raw = item.partition("=")
            if not sep or not name:
                raise typer.BadParameter(f"--param wants NAME=JSON, got {item!r}")
            try:
                params[name] = json.loads(raw)
            except ValueError:
                params[name] = raw  # a bare string
        conn = Connection(uri, user, password, database)
        driver = conn.open()
        try:
            keys, rows = sink.run_query(driver, cypher, database=conn.database, params=params)
        finally:
            driver.close()
        if as_json:
            for row in rows:
                typer.echo(json.dumps(dict(zip(keys, row)), ensure_ascii=False, sort_keys=True))
        elif keys:
            typer.echo(format_table(keys, rows))
            typer.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)

    @app.command("export", short_help="Export the graph stored in Neo4j to GraphML/JSON.")
    def export_cli(
        from_neo4j: bool = typer.Option(False, "--from-neo4j",
                                        help="Read the whole graph from the server."),
        graph: Path = typer.Option(None, "--graph", "-g", exists=True, dir_okay=False,
                                   help="Read this graph.json (from `build`) instead."),
        graphml: Path = typer.Option(None, "--graphml", help="Write GraphML here."),
        json_out: Path = typer.Option(None, "--json", help="Write node-link graph.json here."),
        neo4j_admin: Path = typer.Option(None, "--neo4j-admin", file_okay=False,
                                         help="Write CSVs for `neo4j-admin database import "
                                              "full` into this folder."),
        uri: str = _uri_opt(),
        user: str = _user_opt(),
        password: str = _password_opt(),
        database: str = _database_opt(),
    ) -> None:
        """Read the whole graph back from Neo4j (or a --graph file) into GraphML (as `build`
        writes it), JSON, or the CSVs of `neo4j-admin database import full`.

        A graph grown over many loads can be exported this way; --neo4j-admin prints the
        import command the CSVs need.

        \b
        Example:
          graphbuilder export --from-neo4j --graphml all.graphml
          graphbuilder export --graph out/graph.json --neo4j-admin out/csv
        """
        if from_neo4j == bool(graph):
            raise typer.BadParameter("give --from-neo4j or --graph FILE (one of them)")
        if not graphml and not json_out and not neo4j_admin:
            raise typer.BadParameter("give --graphml FILE, --json FILE and/or --neo4j-admin DIR")
        conn = Connection(uri, user, password, database)
        if graph:
            from .sinks.node_link import read_node_link
            try:
                g = read_node_link(graph)
            except (OSError, ValueError, KeyError) as exc:
                raise OutputError(f"cannot read graph {graph}: {exc}") from None
        else:
            driver = conn.open()
            try:
                g = sink.read_graph(driver, conn.database)
            finally:
                driver.close()
        written = []
        try:
            if graphml:
                from .sinks.graphml import write_graphml
                written.append(write_graphml(g, graphml))
            if json_out:
                from .sinks.node_link import to_node_link, write_json
                written.append(write_json(to_node_link(g), json_out))
            if neo4j_admin:
                from .sinks.neo4j_admin import write_import
                _, _, command = write_import(g, neo4j_admin)
                written.append(neo4j_admin)
        except OSError as exc:
            raise OutputError(f"cannot write {exc.filename}: {exc.strerror}") from None
        typer.echo(f"Exported {g.number_of_nodes()} nodes and {g.number_of_edges()} "
                   f"relationships from {graph or conn.uri} to {', '.join(map(str, written))}")
        if neo4j_admin:
            typer.echo(f"Import with (Neo4j stopped, database absent or empty):\n{command}")
