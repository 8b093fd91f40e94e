"""The pipeline's memory bounds: units and model batches bounded by characters whatever the
documents' lengths, the same results however the text is batched, and running out of memory
as one coded line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graphbuilder import pipeline
from graphbuilder.model import Document

LINE = "Line {i}: Germany sent Leopard 2 tanks to Ukraine, Chancellor Olaf Scholz said in Berlin.\n"


class _Observed:
    """The real pipeline, with the texts of every ``pipe`` call written down."""

    def __init__(self, nlp):
        self.nlp, self.calls = nlp, []

    def pipe(self, texts, batch_size):
        self.calls.append([len(t) for t in texts])
        return self.nlp.pipe(texts, batch_size=batch_size)


@pytest.mark.model
@pytest.mark.issue(8)
def test_pipeline_long_document_goes_to_the_model_in_batches_bounded_by_characters(monkeypatch):
    text = "".join(LINE.format(i=i) for i in range(150))
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 1000)
    observed = _Observed(pipeline.load_pipeline())
    bounded = pipeline.extract_unit(observed, [Document("d", text)], batch_chars=3000)
    assert len(observed.calls) >= 4
    assert max(sum(call) for call in observed.calls) <= 3000
    at_once = pipeline.extract_unit(pipeline.load_pipeline(), [Document("d", text)], batch_chars=10**9)
    assert bounded == at_once


@pytest.mark.model
@pytest.mark.issue(8)
def test_pipeline_long_document_pieces_kept_compressed_give_the_same_extraction(monkeypatch):
    text = "".join(LINE.format(i=i) for i in range(150))
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 1000)
    nlp = pipeline.load_pipeline()
    held = {}
    real = pipeline.Piece

    class Watched(real):
        __slots__ = ()

        def __init__(self, doc, spill=False):
            super().__init__(doc, spill)
            held[len(held)] = (spill, len(self._data), len(self.text))

    monkeypatch.setattr(pipeline, "Piece", Watched)
    monkeypatch.setattr(pipeline, "HOLD_CHARS", 5000)  # this document is longer: compressed
    compressed = pipeline.extract_unit(nlp, [Document("d", text)], batch_chars=3000)
    assert len(held) >= 10 and all(spill and 0 < size for spill, size, _ in held.values())
    monkeypatch.setattr(pipeline, "HOLD_CHARS", len(text))  # not longer: its Doc objects kept
    kept = pipeline.extract_unit(nlp, [Document("d", text)], batch_chars=3000)
    assert compressed == kept
    assert compressed[0].relations and compressed[0].comentions


@pytest.mark.issue(8)
def test_pipeline_units_bound_characters_and_keep_input_order():
    docs = [Document(str(i), "x" * n) for i, n in enumerate([30, 30, 30, 500, 10, 10])]
    units = list(pipeline.work_units(docs, batch_size=64, batch_chars=100))
    assert [[d.id for d in u] for u in units] == [["0", "1", "2"], ["3"], ["4", "5"]]


_OOM_RUN = """\
import resource, sys
from graphbuilder.pipeline import load_pipeline
load_pipeline()
vm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmSize:")) * 1024
resource.setrlimit(resource.RLIMIT_AS, (vm + 64 * 2**20, resource.RLIM_INFINITY))
from graphbuilder.cli import main
main(["build", sys.argv[1], "--out", sys.argv[2], "--quiet"])
"""


@pytest.mark.model
@pytest.mark.issue(8)
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_pipeline_out_of_memory_is_one_coded_error_line(tmp_path):
    doc = tmp_path / "long.txt"
    doc.write_text("".join(LINE.format(i=i) for i in range(3000)), encoding="utf-8")
    # the model loaded, then 64 MB more address space: parsing 50,000 characters needs more
    r = subprocess.run([sys.executable, "-c", _OOM_RUN, str(doc), str(tmp_path / "out")],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 1
    assert r.stderr.startswith("Error [GB006]: out of memory (")
    assert "while parsing document 'long' (271,890 characters)" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
