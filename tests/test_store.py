"""The extraction store and incremental builds: the same files as a full rebuild."""
from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphbuilder.api import build
from graphbuilder.cli import app
from graphbuilder.output import STATE_DIR
from graphbuilder.store import STORE, decode_extraction, encode_extraction

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ("graph.json", "graph.graphml", "mentions.jsonl")

# Own sentences; entities shared between documents, so merge order matters (aliases, evidence).
ARTICLES = {
    "a.txt": "French President Jean Dupont met German Chancellor Karl Weber in Berlin.\n"
             "Germany sent Leopard tanks to Poland.\n",
    "b.txt": "Poland thanked Germany for the Leopard tanks.\nDupont visited Warsaw on Monday.\n",
    "c.md": "# Aid\nThe United Kingdom supplied Storm Shadow missiles to Ukraine.\n",
    "d.txt": "NATO member Poland bought Patriot systems from the United States.\n",
    "e.txt": "Weber said Germany would support Ukraine. Russia struck Ukraine's grid.\n",
}


def _write(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def _change(docs: Path) -> None:
    """Add two documents (one sorting between old ones), change one, remove one."""
    (docs / "c.md").unlink()
    (docs / "b.txt").write_text("Poland thanked Germany for the tanks.\n"
                                "Karl Weber visited Poland in May.\n", encoding="utf-8")
    (docs / "a2.txt").write_text("Dupont met Weber again. France sent Caesar howitzers to Ukraine.\n",
                                 encoding="utf-8")
    (docs / "f.txt").write_text("Ukraine fired ATACMS at a Russian base.\n", encoding="utf-8")


@pytest.mark.model
def test_store_round_trips_real_extractions():
    from graphbuilder.documents import read_documents
    from graphbuilder.pipeline import extract_documents
    for ex in extract_documents(read_documents([ROOT / "seeds"])):
        assert decode_extraction(json.loads(json.dumps(encode_extraction(ex)))) == ex


@pytest.mark.model
@pytest.mark.issue(8)
@pytest.mark.parametrize("n_process, batch_size", [(1, 64), (2, 1)])
def test_incremental_after_adding_changing_removing_equals_a_full_rebuild(tmp_path, n_process,
                                                                           batch_size):
    docs = _write(tmp_path / "docs", ARTICLES)
    inc = tmp_path / "inc"
    build([docs], inc)
    _change(docs)
    result = build([docs], inc, incremental=True, n_process=n_process, batch_size=batch_size)
    full = tmp_path / "full"
    build([docs], full)
    assert _files(inc) == _files(full)
    s = result.summary
    assert (s.reused, s.processed, s.removed) == (3, 3, 1)
    assert s.documents == 6


@pytest.mark.model
def test_incremental_with_nothing_changed_reuses_every_document(tmp_path):
    docs = _write(tmp_path / "docs", ARTICLES)
    out = tmp_path / "out"
    build([docs], out)
    before = _files(out)
    for _ in range(2):  # the second run reads the store the first one rewrote
        s = build([docs], out, incremental=True).summary
        assert (s.reused, s.processed, s.removed) == (5, 0, 0)
        assert _files(out) == before


@pytest.mark.model
def test_incremental_after_moving_the_folder_reuses_and_records_new_sources(tmp_path):
    docs = _write(tmp_path / "docs", ARTICLES)
    out = tmp_path / "out"
    build([docs], out)
    moved = tmp_path / "moved"
    shutil.move(docs, moved)
    s = build([moved], out, incremental=True).summary
    full = tmp_path / "full"
    build([moved], full)
    assert s.reused == 5
    assert _files(out) == _files(full)


def _rewrite_header(out: Path, **changes) -> None:
    path = out / STATE_DIR / STORE
    with gzip.open(path, "rt", encoding="utf-8") as f:
        lines = f.read().splitlines()
    lines[0] = json.dumps({**json.loads(lines[0]), **changes})
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


@pytest.mark.model
@pytest.mark.issue(8)
def test_incremental_after_a_knowledge_change_rebuilds_fully_and_says_so(tmp_path):
    docs = _write(tmp_path / "docs", ARTICLES)
    out = tmp_path / "out"
    build([docs], out)
    _rewrite_header(out, knowledge_version="0" * 64)
    notes: list[str] = []
    s = build([docs], out, incremental=True, on_note=notes.append).summary
    assert (s.reused, s.processed) == (0, 5)
    assert notes == ["incremental: knowledge version changed since the earlier build; building everything"]


@pytest.mark.model
def test_incremental_with_a_model_version_change_names_both_versions(tmp_path):
    docs = _write(tmp_path / "docs", {"a.txt": ARTICLES["a.txt"]})
    out = tmp_path / "out"
    build([docs], out)
    _rewrite_header(out, model_version="0.0.1")
    notes: list[str] = []
    build([docs], out, incremental=True, on_note=notes.append)
    assert len(notes) == 1
    assert "model version changed since the earlier build (0.0.1 -> " in notes[0]


@pytest.mark.model
def test_incremental_with_a_damaged_store_rebuilds_fully(tmp_path):
    docs = _write(tmp_path / "docs", {"a.txt": ARTICLES["a.txt"]})
    out = tmp_path / "out"
    build([docs], out)
    (out / STATE_DIR / STORE).write_bytes(b"not gzip")
    notes: list[str] = []
    s = build([docs], out, incremental=True, on_note=notes.append).summary
    assert s.processed == 1
    assert "unreadable" in notes[0]


@pytest.mark.model
def test_cli_incremental_prints_what_it_reused_and_notes_a_first_build(tmp_path):
    docs = _write(tmp_path / "docs", {"a.txt": ARTICLES["a.txt"], "b.txt": ARTICLES["b.txt"]})
    out = tmp_path / "out"
    first = CliRunner().invoke(app, ["build", str(docs), "--out", str(out), "-q", "--incremental"])
    assert first.exit_code == 0
    assert first.stderr == "note: incremental: no earlier build to reuse; building everything\n"
    (docs / "b.txt").unlink()
    second = CliRunner().invoke(app, ["build", str(docs), "--out", str(out), "-q", "--incremental"])
    assert "Incremental: reused 1, processed 0, removed 1" in second.stdout
