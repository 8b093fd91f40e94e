"""Dask: the extraction on a real two-worker LocalCluster gives the local run's graph, byte for
byte; a scheduler that cannot be reached is one coded error."""
from __future__ import annotations

from pathlib import Path

import pytest

from graphbuilder import distributed
from graphbuilder.api import build
from graphbuilder.errors import DaskError

ARTICLES = [
    "Germany sent Leopard 2 tanks to Ukraine, Chancellor Olaf Scholz said on Tuesday.\n",
    "French President Emmanuel Macron visited Poland.\nHe met Polish President Andrzej Duda.\n",
    "Russia launched Kalibr missiles and Shahed drones at Kharkiv overnight.\n",
    "NATO Secretary-General Mark Rutte met Scholz in Berlin.\n",
    "Britain supplied Storm Shadow missiles to Ukraine.\nKyiv fired them at a bridge.\n",
    "Poland and Germany agreed on air defence. Duda thanked Scholz.\n",
]


def _corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for i, text in enumerate(ARTICLES):
        (src / f"a{i}.txt").write_text(text, encoding="utf-8")
    return src


@pytest.mark.model
@pytest.mark.issue(8)
def test_dask_local_cluster_builds_the_same_files_as_a_local_run(tmp_path):
    src = _corpus(tmp_path)
    local = build([src], tmp_path / "local", batch_size=2)
    on_dask = build([src], tmp_path / "dask", batch_size=2, n_process=2, dask="local")
    assert on_dask.summary.documents == len(ARTICLES)
    assert local.summary.relations
    for name in ("graph.json", "mentions.jsonl", "graph.graphml"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()


@pytest.mark.issue(8)
def test_dask_unreachable_scheduler_is_one_coded_error(tmp_path, monkeypatch):
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "2s")
    docs = [distributed.Document("d", "Germany sent tanks to Ukraine.")]
    with pytest.raises(DaskError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        list(distributed.extract_documents(docs, "tcp://127.0.0.1:9"))


@pytest.mark.issue(8)
def test_dask_address_must_be_local_or_a_scheduler_url():
    with pytest.raises(DaskError, match="tcp://HOST:8786"):
        distributed.check_address("scheduler:8786")


@pytest.mark.issue(8)
def test_dask_bad_address_on_the_command_line_is_one_line_before_any_work(tmp_path):
    from typer.testing import CliRunner

    from graphbuilder.cli import app
    r = CliRunner().invoke(app, ["build", str(_corpus(tmp_path)), "--out", str(tmp_path / "out"),
                                 "--dask", "scheduler:8786"])
    assert r.exit_code == 1
    assert r.stderr.startswith("Error [GB007]: --dask takes 'local' or a scheduler address")
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()
