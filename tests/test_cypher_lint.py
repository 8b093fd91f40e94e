"""Every Cypher statement we ship or build goes through Neo4j's own parser.

Why: Neo4j does not run here, and the Bolt server the other tests use (ArcadeDB) accepts
things Neo4j would reject. Neo4j's language-support library (npm package
``@neo4j-cypher/language-support``, ``lintCypherQuery`` with Cypher 5) holds Neo4j's grammar
and semantic analysis; ``tools/cypher-lint/lint.cjs`` runs it over a JSON list of statements.
Any error fails; warnings are allowed (``05_shortest_path.cypher`` has a cartesian product).

``.ci/run`` installs Node.js and the package (``cd tools/cypher-lint && npm ci``). Without
them these tests skip on a developer's machine and fail under CI (``CI`` set), so CI can
never pass by skipping them.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from external_tools import missing_tool

from graphbuilder.schema import ENTITY_LABELS, RELATION_TYPES
from graphbuilder.sinks.neo4j import (MAX_EVIDENCE, ServerCaps, caps_from_agent, node_statements,
                                      rel_statements, schema_statements, split_statements)

ROOT = Path(__file__).resolve().parents[1]
LINT_DIR = ROOT / "tools" / "cypher-lint"
LINT_SCRIPT = LINT_DIR / "lint.cjs"
PACKAGE = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support" / "package.json"

#: Both capability branches of the loader: Neo4j itself, and a server like ArcadeDB.
CAPS = {"neo4j": ServerCaps(),
        "arcadedb": caps_from_agent("Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)")}
#: What the loader sends with every batch (values only shape-checked by the linter).
LOADER_PARAMS = {"rows": [{"id": "x", "source": "a", "target": "b", "props": {}}],
                 "max_evidence": MAX_EVIDENCE}


def _cypher_files() -> list[Path]:
    files = sorted((ROOT / "cypher").rglob("*.cypher"))
    return files + sorted((ROOT / "graphbuilder" / "queries").glob("*.cypher"))


def _statements() -> list[tuple[str, str, dict]]:
    """(name, statement, parameters) for every file statement and every built statement."""
    out = []
    for path in _cypher_files():
        for i, stmt in enumerate(split_statements(path.read_text(encoding="utf-8")), 1):
            params = LOADER_PARAMS if path.parent.name == "queries" and "$" in stmt else {}
            out.append((f"{path.relative_to(ROOT)}#{i}", stmt, params))
    for branch, caps in CAPS.items():
        for i, stmt in enumerate(schema_statements(caps), 1):
            out.append((f"{branch}:schema#{i}", stmt, {}))
        for label in ("Document",) + ENTITY_LABELS:
            for i, stmt in enumerate(node_statements(label, caps), 1):
                out.append((f"{branch}:nodes:{label}#{i}", stmt, LOADER_PARAMS))
        for rtype in RELATION_TYPES:
            for i, stmt in enumerate(rel_statements(rtype, caps), 1):
                out.append((f"{branch}:relationships:{rtype}#{i}", stmt, LOADER_PARAMS))
    return out


STATEMENTS = _statements()


def _lint(items: list[tuple[str, str, dict]]) -> dict[str, dict]:
    node = shutil.which("node")
    install = f"cd {LINT_DIR.relative_to(ROOT)} && npm ci"
    if node is None:
        missing_tool("Node.js (node)", f"apt-get install nodejs npm && {install}")
    if not PACKAGE.exists():
        missing_tool("npm package @neo4j-cypher/language-support", install)
    unique: dict[str, tuple[str, dict]] = {}  # the same text is parsed once
    for _, query, params in items:
        unique.setdefault(query, (f"s{len(unique)}", params))
    work = [{"name": key, "query": q, "parameters": p} for q, (key, p) in unique.items()]

    # about 0.5 s of CPU per long statement: two processes, one per core of a CI machine
    def run(chunk: list[dict]) -> subprocess.CompletedProcess:
        return subprocess.run([node, str(LINT_SCRIPT)], input=json.dumps(chunk), text=True,
                              capture_output=True, timeout=600, cwd=LINT_DIR)

    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(run, [work[0::2], work[1::2]]))
    by_key = {}
    for done in runs:
        assert done.returncode == 0, done.stderr[-2000:]
        by_key.update((r["name"], r) for r in json.loads(done.stdout))
    return {name: by_key[unique[query][0]] for name, query, _ in items}


@pytest.fixture(scope="module")
def linted() -> dict[str, dict]:
    """One node process lints every distinct text (starting node costs about a second)."""
    checks = [("check:broken", "MATCH (n RETURN n", {}),
              ("check:cartesian", "MATCH (a), (b) RETURN a, b", {}),
              ("check:undeclared-parameter", "UNWIND $rows AS row RETURN row", {})]
    return _lint(STATEMENTS + checks)


def test_cypher_lint_covers_files_and_both_branches():
    names = [n for n, _, _ in STATEMENTS]
    assert len(names) == len(set(names))
    assert any(n.startswith("cypher/queries/05_shortest_path.cypher") for n in names)
    assert any(n.startswith("graphbuilder/queries/merge_relations.cypher") for n in names)
    built = {(n.split(":")[0], s) for n, s, _ in STATEMENTS if not n.endswith(".cypher#1")}
    neo4j = {s for b, s in built if b == "neo4j"}
    arcade = {s for b, s in built if b == "arcadedb"}
    assert arcade - neo4j  # the ArcadeDB branch builds statements of its own ...
    assert neo4j - arcade  # ... and so does the Neo4j one (full-text index, two-label MERGE)


@pytest.mark.issue(9)
def test_cypher_lint_reports_errors_and_warnings(linted):
    """The linter is no rubber stamp: a broken statement fails, warnings are passed on."""
    assert linted["check:broken"]["errors"]
    assert linted["check:cartesian"]["errors"] == []
    assert any("cartesian product" in w for w in linted["check:cartesian"]["warnings"])
    assert any("$rows" in e for e in linted["check:undeclared-parameter"]["errors"])


@pytest.mark.issue(9)
@pytest.mark.parametrize("name", [n for n, _, _ in STATEMENTS])
def test_cypher_neo4j_parser_accepts(linted, name):
    result = linted[name]
    statement = next(q for n, q, _ in STATEMENTS if n == name)
    assert result["errors"] == [], f"{name}: {statement}"
