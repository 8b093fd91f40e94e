"""The build folder: manifest, never reading our own outputs, one writer, staged swap."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphbuilder.api import build
from graphbuilder.cli import app
from graphbuilder.documents import read_documents
from graphbuilder.errors import OutputBusyError
from graphbuilder.model import Skipped
from graphbuilder.output import MANIFEST, OutputFolder, input_exclusion, is_build_folder

ROOT = Path(__file__).resolve().parents[1]


def _manifest(out: Path) -> dict:
    return json.loads((out / MANIFEST).read_text(encoding="utf-8"))


def _consistent(out: Path) -> dict:
    """Assert ``out`` holds one complete build: every output hash in the manifest matches, and
    graph.json and mentions.jsonl hold the manifest's documents. Returns the manifest."""
    manifest = _manifest(out)
    for name, sha in manifest["outputs"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == sha, name
    ids = {d["id"] for d in manifest["documents"]}
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert {n["id"] for n in graph["nodes"] if n.get("label") == "Document"} == ids
    lines = (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["document"] for line in lines} <= ids
    return manifest


def _fake_build_folder(folder: Path) -> Path:
    """A folder an earlier build left (a real manifest file, written by hand)."""
    folder.mkdir(parents=True)
    (folder / MANIFEST).write_text(json.dumps({"tool": {"name": "graphbuilder"}}), encoding="utf-8")
    (folder / "mentions.jsonl").write_text('{"document": "d", "text": "France"}\n', encoding="utf-8")
    (folder / "graph.html").write_text("<html><body>France</body></html>", encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- reading


def test_output_reader_skips_a_build_folder_with_one_warning(tmp_path):
    (tmp_path / "a.txt").write_text("Poland thanked Germany.", encoding="utf-8")
    old = _fake_build_folder(tmp_path / "old")
    items = list(read_documents([tmp_path], skip=input_exclusion))
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [i.id for i in items if not isinstance(i, Skipped)] == ["a"]
    assert [s.source for s in skipped] == [str(old)]
    assert "graphbuilder build" in skipped[0].reason


def test_output_reader_reads_documents_of_the_folder_being_built_not_its_outputs(tmp_path):
    folder = _fake_build_folder(tmp_path / "docs")
    (folder / "a.txt").write_text("Poland thanked Germany.", encoding="utf-8")
    items = list(read_documents([folder], skip=lambda p: input_exclusion(p, allow=folder)))
    assert [i.id for i in items if not isinstance(i, Skipped)] == ["a"]
    assert sorted(Path(i.source).name for i in items if isinstance(i, Skipped)) == [
        "graph.html", "mentions.jsonl"]


def test_output_reader_refuses_an_output_file_named_explicitly(tmp_path):
    old = _fake_build_folder(tmp_path / "old")
    items = list(read_documents([old / "mentions.jsonl"], skip=input_exclusion))
    assert len(items) == 1
    assert isinstance(items[0], Skipped)


def test_output_folder_without_manifest_but_with_old_outputs_is_a_build_folder(tmp_path):
    (tmp_path / "graph.graphml").write_text("<graphml/>", encoding="utf-8")
    (tmp_path / "mentions.jsonl").write_text("", encoding="utf-8")
    assert is_build_folder(tmp_path)


def test_output_plain_folder_is_not_a_build_folder(tmp_path):
    (tmp_path / "mentions.jsonl").write_text("", encoding="utf-8")
    (tmp_path / MANIFEST).write_text('{"tool": {"name": "other"}}', encoding="utf-8")
    assert not is_build_folder(tmp_path)


@pytest.mark.issue(9)
def test_cli_build_out_equal_to_input_file_is_refused_with_a_coded_line(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Poland thanked Germany.", encoding="utf-8")
    r = CliRunner().invoke(app, ["build", str(src), "--out", str(src)])
    assert r.exit_code == 1
    assert r.stderr.strip().startswith("Error [GB003]: ")
    assert len(r.stderr.strip().splitlines()) == 1
    assert src.read_text(encoding="utf-8") == "Poland thanked Germany."


@pytest.mark.model
@pytest.mark.issue(9)
def test_build_into_subfolder_of_input_three_times_does_not_grow(docs_dir):
    out = docs_dir / "out"
    counts = [build([docs_dir], out).summary.documents for _ in range(3)]
    assert counts == [3, 3, 3]
    assert len(_consistent(out)["documents"]) == 3


@pytest.mark.model
@pytest.mark.issue(9)
def test_build_next_to_an_old_output_folder_skips_it_with_one_warning(docs_dir, tmp_path):
    build([docs_dir], docs_dir / "old")
    seen: list[Skipped] = []
    result = build([docs_dir], tmp_path / "new", on_skip=seen.append)
    assert result.summary.documents == 3
    assert [s.source for s in seen] == [str(docs_dir / "old")]


@pytest.mark.model
@pytest.mark.issue(9)
def test_build_out_equal_to_input_folder_reads_its_documents_not_its_outputs(docs_dir):
    counts = [build([docs_dir], docs_dir).summary.documents for _ in range(2)]
    assert counts == [3, 3]


@pytest.mark.model
def test_build_manifest_records_versions_options_and_document_hashes(docs_dir, tmp_path):
    out = tmp_path / "out"
    build([docs_dir], out, batch_size=7)
    manifest = _consistent(out)
    text = (docs_dir / "a.txt").read_text(encoding="utf-8")
    assert {"id": "a", "source": str(docs_dir / "a.txt"),
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()} in manifest["documents"]
    assert manifest["options"]["batch_size"] == 7
    assert manifest["model"]["version"]
    assert len(manifest["knowledge"]) == 64
    assert sorted(manifest["outputs"]) == sorted(
        p.name for p in out.iterdir() if not p.name.startswith(".") and p.name != MANIFEST)


# --------------------------------------------------------------------------- one writer


_HOLD = ("import sys, time; from graphbuilder.output import OutputFolder; "
         "f = OutputFolder(sys.argv[1]).__enter__(); "
         "open(f.stage('graph.json'), 'w').write('partial'); print('locked', flush=True); "
         "time.sleep(600)")


def _holder(out: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", _HOLD, str(out)], stdout=subprocess.PIPE,
                            text=True, cwd=ROOT)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_output_folder_lock_refuses_a_second_writer_and_dies_with_its_holder(tmp_path):
    out = tmp_path / "out"
    proc = _holder(out)
    try:
        with pytest.raises(OutputBusyError, match=str(proc.pid)):
            with OutputFolder(out):
                pass
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    with OutputFolder(out) as folder:  # the dead holder's lock is gone; its staging is dropped
        assert [p.name for p in folder.state.glob("stage-*")] == [folder.stage_dir.name]
    assert not (out / "graph.json").exists()


def test_output_folder_left_without_commit_keeps_the_previous_files(tmp_path):
    out = tmp_path / "out"
    with OutputFolder(out) as folder:
        folder.stage("graph.json").write_text("one", encoding="utf-8")
        folder.commit(["graph.json"])
    with pytest.raises(KeyboardInterrupt):
        with OutputFolder(out) as folder:
            folder.stage("graph.json").write_text("two", encoding="utf-8")
            raise KeyboardInterrupt
    assert (out / "graph.json").read_text(encoding="utf-8") == "one"
    assert sorted(p.name for p in out.iterdir()) == ["graph.json"]


@pytest.mark.model
@pytest.mark.issue(9)
def test_cli_two_builds_into_one_out_at_once_one_fails_with_a_coded_line(tmp_path):
    src = tmp_path / "docs.jsonl"
    line = "Germany sent Leopard tanks to Poland, Defence Minister Anna Nowak said. "
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": line * 3 + str(i)}) + "\n"
                           for i in range(60)), encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "graphbuilder", "build", str(src), "--out", str(out), "-q"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT, env=env) for _ in range(2)]
    results = [(p.wait(timeout=600), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    codes = sorted(code for code, _ in results)
    assert codes == [0, 1], results  # both stderr texts when it fails
    failed = next(err for code, err in results if code == 1)
    assert failed.strip().startswith("Error [GB004]: another build is writing to ")
    assert len(failed.strip().splitlines()) == 1
    assert len(_consistent(out)["documents"]) == 60


@pytest.mark.model
def test_cli_build_interrupted_keeps_the_previous_build(tmp_path):
    src = tmp_path / "many.jsonl"
    line = "Poland sent Krab howitzers to Ukraine, Defence Minister Anna Nowak said. " * 3
    (tmp_path / "one.txt").write_text(line, encoding="utf-8")
    out = tmp_path / "out"
    build([tmp_path / "one.txt"], out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": line + str(i)}) + "\n"
                           for i in range(20000)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "graphbuilder", "build", str(src), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not list(out.glob(".graphbuilder/stage-*/.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert list(out.glob(".graphbuilder/stage-*")) == []


@pytest.mark.model
@pytest.mark.issue(9)
def test_cli_build_dot_three_times_next_to_an_old_output_folder_does_not_grow(docs_dir, monkeypatch):
    monkeypatch.chdir(docs_dir)
    assert CliRunner().invoke(app, ["build", ".", "--out", "old", "-q"]).exit_code == 0
    runs = [CliRunner().invoke(app, ["build", ".", "--out", "new", "-q"]) for _ in range(3)]
    assert [r.exit_code for r in runs] == [0, 0, 0]
    assert all("Documents: 3 read, 1 skipped" in r.stdout for r in runs)
    assert all(r.stderr.count("warning: skipped old: holds a graphbuilder build") == 1 for r in runs)
