"""The docs stay true: every command has help, an example, and a place in the README; the
README's two Quick start commands are the ones CI runs."""
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphbuilder.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = ("build", "load", "query", "export")


@pytest.mark.parametrize("command", COMMANDS)
def test_docs_command_is_in_the_readme(command):
    assert f"graphbuilder {command}" in README


def test_docs_readme_starts_with_two_quick_start_commands():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line for line in quick.splitlines() if line.startswith("python3 -m venv")]
    assert len(commands) == 2
    assert "graphbuilder build seeds" in commands[0]
    assert "pytest" in commands[1]


def test_docs_ci_runs_the_readme_test_command():
    assert "pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_docs_every_example_query_is_listed_in_the_readme():
    for path in sorted((ROOT / "cypher" / "queries").glob("*.cypher")):
        assert path.name in README


def _table(section: str) -> dict[str, list[str]]:
    """The rows of the first table under ``## section``: first cell -> the other cells."""
    text = README.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in text.splitlines() if line.startswith("|") and "---" not in line]
    return {r[0]: r[1:] for r in rows[1:]}


@pytest.mark.issue(9)
def test_docs_configuration_table_states_the_defaults_of_the_code():
    from graphbuilder import settings
    from graphbuilder.cli_neo4j import DEFAULT_URI
    from graphbuilder.sinks.neo4j import DEFAULT_LOAD_BATCH_SIZE
    table = _table("Configuration")
    assert table["spaCy model"][0] == f"`{settings.FALLBACK_MODEL}`"
    assert table["batch size"][0] == f"{settings.DEFAULT_BATCH_SIZE} documents"
    assert table["worker processes"][0] == str(settings.DEFAULT_N_PROCESS)
    assert table["largest file or JSONL line"][0] == f"{settings.DEFAULT_MAX_BYTES // 2**20} MB"
    assert table["Neo4j URI (`load`, `query`, `export`)"][0] == f"`{DEFAULT_URI}`"
    assert table["rows per Neo4j transaction"][0] == str(DEFAULT_LOAD_BATCH_SIZE)


@pytest.mark.issue(9)
def test_docs_build_help_lists_every_file_a_build_writes():
    from graphbuilder.output import OUTPUT_NAMES, STATE_DIR
    r = CliRunner().invoke(app, ["build", "-h"])
    for name in OUTPUT_NAMES + (STATE_DIR + "/",):
        assert f"  {name} " in r.stdout, name


@pytest.mark.issue(9)
def test_docs_benchmark_docs_name_data_by_repository_relative_paths():
    for path in sorted((ROOT / "benchmarks").glob("*")):
        if path.suffix in (".md", ".py"):
            text = path.read_text(encoding="utf-8")
            for bad in ("/work/", "/home/", "/root/", "/Users/"):
                assert bad not in text, f"{path.name} names an absolute path ({bad}...)"
