"""The ``graphbuilder`` command: help, exit codes, warnings, summary and output files."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from graphbuilder.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
OUTPUTS = ("graph.json", "graph.graphml", "mentions.jsonl")


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m graphbuilder`` as a user would (a real process, real exit code)."""
    return subprocess.run([sys.executable, "-m", "graphbuilder", *args], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, **(env or {})}, timeout=600)


def _commands() -> list[str]:
    import typer.main
    return sorted(typer.main.get_command(app).commands)


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_cli_root_help_ends_with_example(flag):
    r = CliRunner().invoke(app, [flag])
    assert r.exit_code == 0
    description = r.stdout.split("Options:")[0].rstrip()
    assert "Example:" in description
    assert description.splitlines()[-1].strip().startswith("graphbuilder build")


@pytest.mark.parametrize("command", _commands())
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_cli_every_command_has_help_with_example(command, flag):
    r = CliRunner().invoke(app, [command, flag])
    assert r.exit_code == 0
    description = r.stdout.split("Options:")[0].split("Arguments:")[0].rstrip()
    assert "Example:" in description
    assert description.splitlines()[-1].strip().startswith("graphbuilder ")


def test_cli_build_help_names_model_env_var():
    r = CliRunner().invoke(app, ["build", "--help"])
    assert "GRAPHBUILDER_MODEL" in r.stdout


def test_cli_python_m_and_version():
    r = _run("--version")
    assert r.returncode == 0
    assert r.stdout.startswith("graphbuilder ")


@pytest.mark.parametrize("args", [[], ["--no-such-option"], ["--batch-size", "0"]],
                         ids=["no-path", "unknown-option", "bad-value"])
def test_cli_usage_error_exits_2(tmp_path, args):
    paths = [str(tmp_path)] if args else []  # the first case lacks PATH
    r = _run("build", *paths, "--out", str(tmp_path / "o"), *args)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "o").exists()


def test_cli_nothing_readable_exits_1_with_one_line_error(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    r = _run("build", str(tmp_path), str(tmp_path / "missing.txt"), "--out", str(out))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1
    assert errors[0].startswith("Error [GB001]: no document could be read")
    warnings = [line for line in r.stderr.splitlines() if line.startswith("warning: skipped ")]
    assert len(warnings) == 3
    assert not out.exists()  # nothing created for a failed run


@pytest.mark.model
def test_cli_build_writes_outputs_and_summary(docs_dir, tmp_path):
    (docs_dir / "broken.txt").write_bytes(b"caf\xe9")
    out = tmp_path / "new" / "out"
    r = CliRunner().invoke(app, ["build", str(docs_dir), "--out", str(out), "--quiet"])
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines() == [
        f"warning: skipped {docs_dir / 'broken.txt'}: not UTF-8 text "
        "(byte 0xe9 at offset 3); convert it to UTF-8"]
    for name in OUTPUTS:
        assert (out / name).is_file()
    assert "Documents: 3 read, 1 skipped" in r.stdout
    assert "words/s" in r.stdout
    for name in OUTPUTS + ("graph.html",):
        assert str(out / name) in r.stdout
    assert (out / "graph.html").stat().st_size > 0
    # typed relations apart from the MENTIONS and CO_MENTIONED links
    typed = r.stdout.split("Typed relations:", 1)[1].split("\nLinks:", 1)[0]
    links = r.stdout.split("\nLinks:", 1)[1].split("\nMentions:", 1)[0]
    assert "SUPPLIES" in typed and "MENTIONS" not in typed and "CO_MENTIONED" not in typed
    assert [line.split()[0] for line in links.strip().splitlines()[1:]] == ["MENTIONS", "CO_MENTIONED"]
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert {n["id"] for n in graph["nodes"]} >= {"country:FRA", "country:DEU", "country:POL"}
    lines = (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()
    country_mentions = [json.loads(x)["text"] for x in lines if json.loads(x)["label"] == "Country"]
    assert sorted(country_mentions).count("Germany") == 4  # twice in a, once in b and in the page
    from graphbuilder.documents import read_documents
    texts = {d.id: d.text for d in read_documents([docs_dir]) if hasattr(d, "text")}
    for m in map(json.loads, lines):  # offsets point into the text as read
        assert texts[m["document"]][m["start"]:m["end"]] == m["text"]


def test_cli_build_model_from_environment(docs_dir, tmp_path):
    r = CliRunner(env={"GRAPHBUILDER_MODEL": "no_such_model"}).invoke(
        app, ["build", str(docs_dir), "--out", str(tmp_path / "o")])
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines()[-1].startswith(
        "Error [GB002]: spaCy model 'no_such_model' is not installed")


def test_cli_build_output_not_writable_exits_1(docs_dir, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    r = CliRunner().invoke(app, ["build", str(docs_dir), "--out", str(blocker / "out")])
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines()[-1].startswith("Error [GB003]: cannot create output")


@pytest.mark.model
def test_cli_build_is_deterministic(docs_dir, tmp_path):
    for name in ("o1", "o2"):
        assert CliRunner().invoke(
            app, ["build", str(docs_dir), "--out", str(tmp_path / name), "-q"]).exit_code == 0
    for name in OUTPUTS:
        assert (tmp_path / "o1" / name).read_bytes() == (tmp_path / "o2" / name).read_bytes()


@pytest.mark.model
def test_api_build_without_out_writes_nothing(docs_dir, tmp_path, monkeypatch):
    from graphbuilder.api import build
    monkeypatch.chdir(tmp_path)
    seen = []
    result = build([docs_dir, tmp_path / "missing"], on_skip=seen.append)
    assert result.summary.documents == 3
    assert [s.reason for s in seen] == ["no such file or directory"]
    assert result.summary.skipped == tuple(seen)
    assert result.summary.entities["Country"] == 3
    assert result.summary.entities["Person"] == 1  # Jean Dupont, the title stripped
    assert result.summary.relations["SUPPLIES"] == 1
    assert result.summary.words > 0
    assert result.summary.outputs == ()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]


# --------------------------------------------------------------------------- real pipeline


@pytest.mark.model
def test_cli_build_seeds_end_to_end(tmp_path):
    out = tmp_path / "out"
    r = _run("build", str(SEEDS), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    labels = {n.get("label") for n in graph["nodes"]}
    assert {"Person", "Country"} <= labels
    back = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert back.number_of_nodes() == len(graph["nodes"])
    assert "Documents: 1 read, 0 skipped" in r.stdout


@pytest.mark.model
def test_api_extract_text_finds_a_country():
    from graphbuilder.api import extract_text
    ex = extract_text("France and Germany signed a treaty in Berlin on Monday.")
    assert "country:FRA" in {e.id for e in ex.entities}


@pytest.mark.model
@pytest.mark.issue(9)
def test_api_build_progress_bar_goes_to_stderr_with_a_total(docs_dir, capsys):
    from graphbuilder.api import build
    (docs_dir / "more.jsonl").write_text('{"text": "Poland agreed."}\n{"text": "So did Spain."}\n',
                                         encoding="utf-8")
    build([docs_dir], progress=True)
    captured = capsys.readouterr()
    assert "documents" in captured.err
    assert "0/5" in captured.err  # a total, counted before the run: 3 files, 2 JSONL lines
    assert captured.out == ""


@pytest.mark.model
def test_cli_build_twice_into_input_folder_does_not_read_its_outputs(docs_dir):
    out = docs_dir / "out"
    first = CliRunner().invoke(app, ["build", str(docs_dir), "--out", str(out), "-q"])
    second = CliRunner().invoke(app, ["build", str(docs_dir), "--out", str(out), "-q"])
    assert first.exit_code == second.exit_code == 0
    assert second.stderr == ""
    assert "Documents: 3 read, 0 skipped" in second.stdout


@pytest.mark.model
def test_cli_build_ctrl_c_exits_130_with_one_line_and_keeps_no_partial_file(tmp_path):
    import signal
    import subprocess
    import sys
    import time
    src = tmp_path / "many.jsonl"
    line = "Poland sent Krab howitzers to Ukraine, Defence Minister Anna Nowak said on Monday. " * 4
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": line + str(i)}) + "\n" for i in range(40000)),
                   encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "graphbuilder", "build", str(src), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not list(out.glob(".graphbuilder/stage-*/.*.tmp")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)  # wait until documents are being written
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1].startswith("Interrupted")
    assert "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == []
