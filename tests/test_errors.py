"""Every way a run can fail ends in one coded line on stderr, a documented exit code, and no
traceback: each case runs ``python -m graphbuilder`` as a real process, as a user would."""
from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graphbuilder.errors import CATALOGUE

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def _run(*args: str, env: dict | None = None, limit_mb: int | None = None,
         stdin: str | None = None) -> subprocess.CompletedProcess:
    def limit():  # a memory ceiling for this process only
        size = limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return subprocess.run([sys.executable, "-m", "graphbuilder", *args], capture_output=True,
                          text=True, cwd=ROOT, input=stdin, timeout=300,
                          env={**os.environ, **(env or {})}, preexec_fn=limit if limit_mb else None)


def _one_error(r: subprocess.CompletedProcess, code: str, exit_code: int = 1) -> str:
    """Assert exactly one ``Error [code]`` line, nothing else on stderr, the exit code."""
    assert "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith(f"Error [{code}]: "), lines[0]
    assert r.returncode == exit_code
    assert code in CATALOGUE
    return lines[0]


# --------------------------------------------------------------------------- query and URI

NEO = {"NEO4J_PASSWORD": "secret-pw-7", "NEO4J_URI": "bolt://127.0.0.1:1"}


@pytest.mark.issue(9)
@pytest.mark.parametrize("args", [["query", ""], ["query", "  // only a comment\n"],
                                  ["query", "-"]], ids=["empty", "comment", "empty-stdin"])
def test_errors_empty_query_is_one_line_before_connecting(args):
    line = _one_error(_run(*args, env=NEO, stdin=""), "GB013")
    assert "the query is empty" in line


@pytest.mark.issue(9)
def test_errors_empty_query_file_says_so(tmp_path):
    f = tmp_path / "q.cypher"
    f.write_text("// nothing here yet\n", encoding="utf-8")
    line = _one_error(_run("query", "--file", str(f), env=NEO), "GB013")
    assert str(f) in line


@pytest.mark.issue(9)
@pytest.mark.parametrize("uri, says", [
    ("http://localhost:7474", "use bolt://localhost:7687"),
    ("https://db.example:7473/db", "use bolt://db.example:7687"),
    ("ftp://host", "unsupported Neo4j URI"),
    ("localhost:7687", "unsupported Neo4j URI"),
])
def test_errors_unsupported_uri_is_one_line(uri, says):
    line = _one_error(_run("query", "RETURN 1", "--uri", uri, env=NEO), "GB010")
    assert says in line
    assert "secret-pw-7" not in line


# --------------------------------------------------------------------------- models

@pytest.mark.issue(9)
def test_errors_model_without_parser_is_one_line(tmp_path):
    line = _one_error(_run("build", str(SEEDS), "--out", str(tmp_path / "o"),
                           "--model", "blank:en"), "GB005")
    assert "has no dependency parser" in line


@pytest.mark.issue(9)
@pytest.mark.parametrize("name", ["typer", "networkx"])
def test_errors_installed_package_that_is_no_pipeline_is_one_line(tmp_path, name):
    line = _one_error(_run("build", str(SEEDS), "--out", str(tmp_path / "o"), "--model", name),
                      "GB005")
    assert f"'{name}' is installed but is not a spaCy pipeline" in line


@pytest.mark.issue(9)
def test_errors_unknown_model_is_gb002(tmp_path):
    line = _one_error(_run("build", str(SEEDS), "--out", str(tmp_path / "o"), "--model",
                           "xx_no_such_pipeline"), "GB002")
    assert "'xx_no_such_pipeline' is not installed" in line


@pytest.mark.issue(9)
@pytest.mark.model
def test_errors_out_of_memory_is_one_line_and_keeps_no_output(tmp_path):
    src = tmp_path / "long.txt"
    para = "Poland sent Krab howitzers to Ukraine, Defence Minister Anna Nowak said on Monday. "
    src.write_text((para * 30 + "\n") * 300, encoding="utf-8")
    out = tmp_path / "out"
    # enough address space to start and load the model (about 330 MB), too little to parse a
    # batch of 50,000 characters (memory is bounded by characters, issue 8)
    line = _one_error(_run("build", str(src), "--out", str(out), limit_mb=400), "GB006")
    assert line.startswith("Error [GB006]: out of memory (")
    assert "--max-bytes" in line
    assert not (out / "graph.json").exists()


# --------------------------------------------------------------------------- lost connection

@pytest.mark.issue(9)
@pytest.mark.neo4j
def test_errors_server_killed_during_load_says_how_far_and_that_a_rerun_completes(tmp_path):
    if os.environ.get("NEO4J_URI"):
        pytest.skip("kills the server it loads into: needs the tests' own ArcadeDB")
    import networkx as nx
    from neo4j_server import start_arcadedb, stop_server

    from graphbuilder.sinks.node_link import to_node_link, write_json

    g = nx.MultiDiGraph()
    for i in range(4000):
        g.add_node(f"d{i:05d}", label="Document", name=f"d{i}", title="", source="x.txt")
    graph = write_json(to_node_link(g), tmp_path / "graph.json")
    server = start_arcadedb(tmp_path / "arcade", heap="512m")
    try:
        env = {"NEO4J_URI": server.uri, "NEO4J_USER": server.user,
               "NEO4J_PASSWORD": server.password, "NEO4J_DATABASE": server.database}
        proc = subprocess.Popen([sys.executable, "-m", "graphbuilder", "load", "--graph",
                                 str(graph), "--batch-size", "1"], cwd=ROOT, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env={**os.environ, **env})
        _wait_for_nodes(server, proc)
        os.kill(server.pid, signal.SIGKILL)
        _, err = proc.communicate(timeout=120)
    finally:
        stop_server(server)
    line = _one_error(subprocess.CompletedProcess([], proc.returncode, "", err), "GB010")
    assert "lost the connection to the Neo4j server" in line
    assert "committed: up to batch " in line
    assert "re-run the same command" in line
    assert server.password not in err


def _wait_for_nodes(server, proc, timeout: float = 60.0) -> None:
    from neo4j import GraphDatabase

    deadline = time.monotonic() + timeout
    with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as d:
        while time.monotonic() < deadline and proc.poll() is None:
            with d.session(database=server.database) as s:
                if s.run("MATCH (n:Document) RETURN count(n) AS n").single()["n"] > 50:
                    return
            time.sleep(0.05)
    raise AssertionError(f"the load did not start (exit {proc.poll()})")


# --------------------------------------------------------------------------- catalogue

def test_errors_catalogue_codes_are_unique_and_documented():
    from graphbuilder import errors
    classes = [c for c in vars(errors).values() if isinstance(c, type)
               and issubclass(c, errors.GraphbuilderError) and c is not errors.GraphbuilderError]
    assert sorted(c.code for c in classes) == sorted(CATALOGUE)  # every class listed, none twice
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code, cls in CATALOGUE.items():
        assert f"| {code} | {cls.__name__} |" in readme, code
