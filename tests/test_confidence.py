"""Calibrated confidence: ``build --min-confidence`` and ``benchmarks/calibrate.py``."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphbuilder.api import build, extract_text
from graphbuilder.cli import app

ROOT = Path(__file__).resolve().parents[1]
TEXT = ("French President Jean Dupont arrived in Berlin on Monday.\n"
        "Germany sent Leopard tanks to Poland last year.\n"
        "Poland's support for Ukraine has not wavered.\n")


def _calibrate():
    spec = importlib.util.spec_from_file_location("gb_calibrate", ROOT / "benchmarks" / "calibrate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _semantic(graph) -> dict[tuple[str, str, str], dict]:
    return {(s, k, t): d for s, t, k, d in graph.edges(keys=True, data=True)
            if k not in ("MENTIONS", "CO_MENTIONED")}


@pytest.mark.model
@pytest.mark.issue(7)
def test_min_confidence_drops_below_and_keeps_at_the_threshold(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    rels = extract_text(TEXT, doc_id="a").relations
    assert len({r.confidence for r in rels}) >= 1 and rels
    everything = _semantic(build([tmp_path], out=None, min_confidence=0.0).graph)
    assert all("confidence" in d and d["rules"] for d in everything.values())
    t = sorted({r.confidence for r in rels})[-1]  # the most trusted relation's confidence
    kept = _semantic(build([tmp_path], out=None, min_confidence=t).graph)
    assert kept, "a relation whose confidence equals the threshold is kept"
    assert all(d["confidence"] >= t for d in kept.values())
    assert {k for k, d in everything.items() if d["confidence"] < t}.isdisjoint(kept)
    higher = _semantic(build([tmp_path], out=None, min_confidence=min(1.0, t + 0.005)).graph)
    assert set(higher) < set(kept) or t >= 1.0


@pytest.mark.model
@pytest.mark.issue(7)
def test_cli_min_confidence_one_keeps_co_mentions_only(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXT, encoding="utf-8")
    r = CliRunner().invoke(app, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "o"),
                                 "--min-confidence", "1", "--quiet"])
    assert r.exit_code == 0, r.output
    edges = json.loads((tmp_path / "o" / "graph.json").read_text(encoding="utf-8"))["edges"]
    types = {e["type"] for e in edges}
    assert "CO_MENTIONED" in types
    assert types <= {"CO_MENTIONED", "MENTIONS"}


def test_cli_min_confidence_out_of_range_is_a_usage_error(tmp_path):
    r = CliRunner().invoke(app, ["build", str(tmp_path), "--out", str(tmp_path / "o"),
                                 "--min-confidence", "1.5"])
    assert r.exit_code == 2


def test_calibrate_smoothing_and_choice():
    cal = _calibrate()
    assert cal.smoothed(0, 0, pooled=0.9, weight=4) == 0.9
    assert cal.smoothed(10, 10, pooled=0.5, weight=4) < 1.0
    new, pooled = cal.calibrate({"a": [3, 4], "b": [1, 4]}, {"a": 0.5, "b": 0.5, "c": 0.7}, 4)
    assert pooled == 0.5 and new["c"] == 0.7  # a frame that never fired keeps its value
    assert new["a"] > new["b"]
    rows = [{"threshold": 0.0, "p": 0.85, "cv_p": 0.86, "cv_f1": 0.7},
            {"threshold": 0.8, "p": 0.95, "cv_p": 0.93, "cv_f1": 0.6}]
    assert cal.choose_threshold(rows, 0.9) == 0.8


def test_calibrate_rewrites_only_confidence_fields(tmp_path):
    cal = _calibrate()
    path = tmp_path / "frames.jsonl"
    lines = ['{"frame": "x", "kind": "binary", "confidence": 0.8, "why": "\u2019s"}',
             '{"frame": "y", "confidence": 0.5}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cal.write_confidences({"x": 0.93}, path) == 1
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert rows == [{"frame": "x", "kind": "binary", "confidence": 0.93, "why": "\u2019s"},
                    {"frame": "y", "confidence": 0.5}]
    assert list(rows[0]) == ["frame", "kind", "confidence", "why"]


@pytest.mark.model
@pytest.mark.issue(7)
def test_incremental_build_with_a_lower_threshold_gets_the_relations_back(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXT, encoding="utf-8")
    strict = build([tmp_path / "in"], out=tmp_path / "o", min_confidence=1.0)
    assert not _semantic(strict.graph)
    again = build([tmp_path / "in"], out=tmp_path / "o", min_confidence=0.0, incremental=True)
    assert again.summary.reused == 1
    assert _semantic(again.graph) == _semantic(build([tmp_path / "in"], out=None).graph)
