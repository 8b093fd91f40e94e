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
def test_docs_command_has_help_with_an_example(command):
    r = CliRunner().invoke(app, [command, "--help"])
    assert r.exit_code == 0
    assert "Example" in r.stdout


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
