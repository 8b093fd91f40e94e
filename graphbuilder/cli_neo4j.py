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

import csv
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import typer

from .errors import Neo4jConnectionError, Neo4jQueryError, OutputError
from .sinks import neo4j as sink

__all__ = ["register", "format_table", "format_value", "format_csv", "format_rows", "read_cypher",
           "Connection", "DEFAULT_URI", "FORMATS"]

DEFAULT_URI = "bolt://localhost:7687"
#: Output formats of ``query``.
FORMATS = ("table", "json", "csv")


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
        """A verified driver (raises a one-line ``GraphbuilderError`` when it cannot). With no
        password given anywhere, it is asked for when stdin is a terminal."""
        sink.check_uri(self.uri)  # a wrong URI fails before any prompt
        if not self._password and _interactive():
            self._password = typer.prompt(f"Password for {self.user} at {self.uri}",
                                          hide_input=True, default="", show_default=False,
                                          err=True)
        if not self._password:
            raise Neo4jConnectionError("no password: set NEO4J_PASSWORD, pipe it with "
                                       "--password-stdin, or run in a terminal to be asked")
        return sink.connect(self.uri, self.user, self._password, self.database)


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _stdin_password() -> str:
    """The first line of stdin, without its line break (``--password-stdin``)."""
    line = sys.stdin.readline()
    return line[:-1] if line.endswith("\n") else line


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


def format_table(keys: list[str], rows: list[list[Any]], max_width: int | None = 80) -> str:
    """A plain-text table (no colours), cells cut at ``max_width`` characters (None: never).

    >>> print(format_table(["q"], [["abcdef"]], max_width=4))
    q
    ----
    abc…
    """
    cells = [[format_value(v) for v in row] for row in rows]
    if max_width:
        cells = [[c if len(c) <= max_width else c[:max_width - 1] + "…" for c in row]
                 for row in cells]
    widths = [max([len(k)] + [len(r[i]) for r in cells]) for i, k in enumerate(keys)]
    line = lambda vals: " | ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    out = [line(keys), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    return "\n".join(out)


def format_csv(keys: list[str], rows: list[list[Any]]) -> str:
    """RFC 4180 CSV with a header row; lists and maps as JSON, None empty.

    >>> print(format_csv(["name", "aliases"], [["Zoë, Ana", ["a", "b"]], [None, 2]]), end="")
    name,aliases
    "Zoë, Ana","[""a"", ""b""]"
    ,2
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(keys)
    writer.writerows([["" if v is None else v if isinstance(v, str) else format_value(v)
                       for v in row] for row in rows])
    return buf.getvalue()


def format_rows(keys: list[str], rows: list[list[Any]], fmt: str, truncate: bool = True) -> str:
    """Rows as ``table``, ``json`` (one object per line) or ``csv``.

    >>> print(format_rows(["n"], [[1], [2]], "json"))
    {"n": 1}
    {"n": 2}
    """
    if fmt == "json":
        return "\n".join(json.dumps(dict(zip(keys, row)), ensure_ascii=False, sort_keys=True)
                         for row in rows)
    if fmt == "csv":
        return format_csv(keys, rows).rstrip("\n")
    return format_table(keys, rows, max_width=80 if truncate else None) if keys else ""


def read_cypher(cypher: str | None, file: Path | None) -> str:
    """The statement to run: CYPHER, ``-`` for stdin, or ``--file``; never empty.

    >>> read_cypher("  ", None)   # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    graphbuilder.errors.Neo4jQueryError: the query is empty
    """
    if cypher is not None and file is not None:
        raise typer.BadParameter("give CYPHER or --file FILE, not both")
    if file is not None:
        try:
            cypher = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise Neo4jQueryError(f"cannot read query file {file}: "
                                  f"{getattr(exc, 'strerror', None) or exc}") from None
    elif cypher == "-":
        cypher = sys.stdin.read()
    if not cypher or not sink.split_statements(cypher):
        where = f" ({file} holds only comments or blanks)" if file is not None else ""
        raise Neo4jQueryError(f"the query is empty{where}: give a Cypher statement as CYPHER, "
                              "with --file FILE, or on stdin with -")
    return cypher


def _check_format(value: str) -> str:
    if value not in FORMATS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(FORMATS)}")
    return value


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
    return typer.Option(None, "--password", show_default=False,
                        help="[env NEO4J_PASSWORD; asked for when stdin is a terminal] Prefer "
                             "the prompt or --password-stdin: a command line is visible to "
                             "other users.")


def _password_stdin_opt():
    return typer.Option(False, "--password-stdin",
                        help="Read the password from the first line of stdin.")


def _password(password: str | None, from_stdin: bool) -> str | None:
    if from_stdin:
        if password is not None:
            raise typer.BadParameter("give --password or --password-stdin, not both")
        return _stdin_password()
    return password


def _database_opt():
    return typer.Option(None, "--database", "-d", help="[env NEO4J_DATABASE, default neo4j]",
                        show_default=False)


def _read_graph_file(path: Path):
    """A ``graph.json`` written by ``build`` (one coded error line when it cannot be read)."""
    from .sinks.node_link import read_node_link
    try:
        return read_node_link(path)
    except (OSError, ValueError, KeyError) as exc:
        raise OutputError(f"cannot read graph {path}: {exc}") from None


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
        password_stdin: bool = _password_stdin_opt(),
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
        conn = Connection(uri, user, _password(password, password_stdin), database)
        progress = not quiet and sys.stderr.isatty()
        driver = conn.open()  # fail fast, before running NLP
        try:
            if graph:
                g = _read_graph_file(graph)
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
        cypher: str = typer.Argument(None, metavar="CYPHER",
                                     help="The statement ('-' reads stdin)."),
        file: Path = typer.Option(None, "--file", "-f", dir_okay=False,
                                  help="Read the statement from this .cypher file."),
        param: list[str] = typer.Option(None, "--param", "-p", metavar="NAME=JSON",
                                        help="A query parameter: JSON, or a bare string."),
        fmt: str = typer.Option("table", "--format", metavar="|".join(FORMATS),
                                callback=_check_format, help="table (default), json (one object per line) or csv."),
        as_json: bool = typer.Option(False, "--json", help="The same as --format json."),
        no_truncate: bool = typer.Option(False, "--no-truncate",
                                         help="Show table cells whole (cut at 80 characters "
                                              "otherwise)."),
        uri: str = _uri_opt(),
        user: str = _user_opt(),
        password: str = _password_opt(),
        password_stdin: bool = _password_stdin_opt(),
        database: str = _database_opt(),
    ) -> None:
        """Run CYPHER (or --file FILE) against Neo4j and print the rows as a table, JSON lines
        or CSV. The row count goes to stderr.

        \b
        Example:
          graphbuilder query "MATCH (p:Person)-[:LEADER_OF]->(c:Country) RETURN p.name, c.name"
          graphbuilder query --file cypher/queries/01_leaders.cypher --format csv > leaders.csv
          graphbuilder query --format json -p name=France 'MATCH (c:Country {name: $name}) RETURN c.iso3'
        """
        if password_stdin and (cypher == "-"):
            raise typer.BadParameter("stdin cannot hold both the query (-) and the password")
        params = {}
        for item in param or []:
            name, sep, raw = item.partition("=")
            if not sep or not name:
                raise typer.BadParameter(f"--param wants NAME=JSON, got {item!r}")
            try:
                params[name] = json.loads(raw)
            except ValueError:
                params[name] = raw  # a bare string
        conn = Connection(uri, user, _password(password, password_stdin), database)
        statement = read_cypher(cypher, file)
        driver = conn.open()
        try:
            keys, rows = sink.run_query(driver, statement, database=conn.database, params=params)
        finally:
            driver.close()
        text = format_rows(keys, rows, "json" if as_json else fmt, truncate=not no_truncate)
        if text:
            typer.echo(text)
        typer.echo(f"({len(rows):,} row{'s' if len(rows) != 1 else ''})", err=True)

    @app.command("export", short_help="Export the graph stored in Neo4j to GraphML/JSON.")
    def export_cli(
        from_neo4j: bool = typer.Option(False, "--from-neo4j",
                                        help="Read the whole graph from the server (the "
                                             "default source when --graph is not given)."),
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
        password_stdin: bool = _password_stdin_opt(),
        database: str = _database_opt(),
    ) -> None:
        """Read the whole graph back from Neo4j (or a --graph file) into GraphML (as `build`
        writes it), JSON, or the CSVs of `neo4j-admin database import full`.

        A graph grown over many loads can be exported this way; --neo4j-admin prints the
        import command the CSVs need.

        \b
        Example:
          graphbuilder export --graphml all.graphml
          graphbuilder export --graph out/graph.json --neo4j-admin out/csv
        """
        if from_neo4j and graph:
            raise typer.BadParameter("give --from-neo4j or --graph FILE, not both")
        if not graphml and not json_out and not neo4j_admin:
            raise typer.BadParameter("give --graphml FILE, --json FILE and/or --neo4j-admin DIR")
        conn = Connection(uri, user, _password(password, password_stdin), database)
        if graph:
            g = _read_graph_file(graph)
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
        typer.echo(f"Exported {g.number_of_nodes():,} nodes and {g.number_of_edges():,} "
                   f"relationships from {graph or conn.uri} to {', '.join(map(str, written))}")
        if neo4j_admin:
            typer.echo(f"Import with (Neo4j stopped, database absent or empty):\n{command}")
