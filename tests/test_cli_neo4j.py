"""``query``, ``load`` and ``export`` as users of cypher-shell and sqlite-utils expect: a query
from a file, table/json/csv output, whole cells on request, and a password that need not go
on the command line (a prompt on a terminal, or ``--password-stdin``)."""
from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphbuilder.cli import app
from graphbuilder.sinks import neo4j as sink

ROOT = Path(__file__).resolve().parents[1]
LEADERS = "MATCH (p:Person)-[r:LEADER_OF]->(c:Country) RETURN p.name AS p, c.name AS c, r.evidence AS ev"
LONG = "x" * 120


def _env(server, password: str | None = None) -> dict:
    env = {"NEO4J_URI": server.uri, "NEO4J_USER": server.user, "NEO4J_DATABASE": server.database}
    if password is not None:
        env["NEO4J_PASSWORD"] = password
    return env


def _cli(server, *args: str, input: str | None = None, password: str | None = None):
    env = _env(server, server.password if password is None else password)
    return CliRunner().invoke(app, list(args), env=env, input=input)


@pytest.fixture
def loaded(clean_server, driver, hand_graph):
    """The session's server holding the hand-made graph, plus one node with a long name."""
    sink.load_graph(driver, hand_graph, database=clean_server.database)
    with driver.session(database=clean_server.database) as s:
        s.run("MATCH (p:Person {id: 'person:keir-starmer'}) SET p.motto = $m", m=LONG).consume()
    return clean_server


# --------------------------------------------------------------------------- query

@pytest.mark.neo4j
@pytest.mark.issue(9)
def test_cli_query_file_and_every_format_print_the_same_rows(loaded, tmp_path):
    f = tmp_path / "leaders.cypher"
    f.write_text("// who leads which country\n" + LEADERS + ";\n", encoding="utf-8")
    as_json = _cli(loaded, "query", "--file", str(f), "--format", "json")
    assert as_json.exit_code == 0, as_json.output
    rows = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [(r["p"], r["c"]) for r in rows] == [("Emmanuel Macron", "France")]
    assert as_json.stderr.strip() == "(1 row)"
    assert _cli(loaded, "query", "--file", str(f), "--json").stdout == as_json.stdout
    as_csv = _cli(loaded, "query", "--file", str(f), "--format", "csv")
    parsed = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert parsed[0] == ["p", "c", "ev"]
    assert parsed[1][:2] == ["Emmanuel Macron", "France"]
    assert json.loads(parsed[1][2]) == rows[0]["ev"]  # a list cell is JSON inside CSV quoting
    table = _cli(loaded, "query", "--file", str(f))
    assert table.stdout.splitlines()[0].split(" | ")[:2] == ["p              ", "c     "]


@pytest.mark.neo4j
@pytest.mark.issue(9)
def test_cli_query_table_cuts_long_cells_unless_no_truncate(loaded):
    q = "MATCH (p:Person {id: 'person:keir-starmer'}) RETURN p.motto AS motto"
    cut = _cli(loaded, "query", q).stdout.splitlines()[2]
    assert cut == "x" * 79 + "…"
    whole = _cli(loaded, "query", q, "--no-truncate").stdout.splitlines()[2]
    assert whole == LONG


@pytest.mark.issue(9)
def test_cli_query_unknown_format_is_a_usage_error(graph_server):
    r = _cli(graph_server, "query", "RETURN 1", "--format", "xml")
    assert r.exit_code == 2
    assert "xml" in r.output


# --------------------------------------------------------------------------- password

@pytest.mark.neo4j
@pytest.mark.issue(9)
def test_cli_password_stdin_reads_the_first_line(loaded):
    r = CliRunner().invoke(app, ["query", "--password-stdin", "--format", "json",
                                 "RETURN 1 AS one"], env=_env(loaded),
                           input=loaded.password + "\nignored\n")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {"one": 1}


@pytest.mark.issue(9)
def test_cli_password_stdin_and_query_from_stdin_cannot_share_it(graph_server):
    r = CliRunner().invoke(app, ["query", "--password-stdin", "-"], env=_env(graph_server),
                           input="pw\n")
    assert r.exit_code == 2


@pytest.mark.issue(9)
def test_cli_no_password_and_no_terminal_says_how_to_give_one(graph_server):
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    r = subprocess.run([sys.executable, "-m", "graphbuilder", "query", "RETURN 1"],
                       capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd=ROOT,
                       env={**env, **_env(graph_server)}, timeout=60)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        "Error [GB010]: no password: set NEO4J_PASSWORD, pipe it with --password-stdin, "
        "or run in a terminal to be asked"]


@pytest.mark.neo4j
@pytest.mark.issue(9)
def test_cli_password_is_asked_for_on_a_terminal_and_not_echoed(loaded):
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    master, slave = pty.openpty()
    # the pseudo-terminal is the child's controlling terminal: getpass reads /dev/tty
    proc = subprocess.Popen([sys.executable, "-m", "graphbuilder", "query", "--format", "json",
                             "RETURN 2 AS two"], stdin=slave, stdout=subprocess.PIPE,
                            stderr=slave, cwd=ROOT, env={**env, **_env(loaded)},
                            start_new_session=True,
                            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
    os.close(slave)
    try:
        # the space after the colon comes once echo is off (getpass drops earlier typing)
        seen = _read_until(master, f"Password for {loaded.user} at {loaded.uri}: ".encode())
        os.write(master, loaded.password.encode() + b"\n")
        out, _ = proc.communicate(timeout=60)
        seen += _read_all(master)
    finally:
        os.close(master)
    assert proc.returncode == 0, seen
    assert json.loads(out) == {"two": 2}
    assert f"Password for {loaded.user} at {loaded.uri}".encode() in seen
    assert loaded.password.encode() not in seen  # typed, never echoed


def _read_until(fd: int, marker: bytes, timeout: float = 60.0) -> bytes:
    buf, deadline = b"", time.monotonic() + timeout
    while marker not in buf and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.5)[0]:
            buf += os.read(fd, 4096)
    assert marker in buf, buf
    return buf


def _read_all(fd: int) -> bytes:
    buf = b""
    while select.select([fd], [], [], 0.2)[0]:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        buf += chunk
    return buf


# --------------------------------------------------------------------------- export

@pytest.mark.neo4j
@pytest.mark.issue(9)
def test_cli_export_reads_the_server_without_from_neo4j(loaded, hand_graph, tmp_path):
    out = tmp_path / "all.json"
    r = _cli(loaded, "export", "--json", str(out))
    assert r.exit_code == 0, r.output
    ids = {n["id"] for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]}
    assert ids == set(hand_graph.nodes)
