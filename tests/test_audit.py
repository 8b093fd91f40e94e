"""benchmarks/audit.py: a fixed-seed sample of semantic relations, printed for judging."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _audit():
    spec = importlib.util.spec_from_file_location("gb_audit", ROOT / "benchmarks" / "audit.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_audit_sample_is_fixed_by_the_seed_and_skips_bookkeeping_edges():
    audit = _audit()
    edges = [(f"s{i}", "t", "SUPPLIES", {}) for i in range(20)]
    edges += [("d", "s1", "MENTIONS", {}), ("s1", "s2", "CO_MENTIONED", {})]
    kept = audit.semantic_edges(reversed(edges))
    assert {e[2] for e in kept} == {"SUPPLIES"}
    first = audit.sample_edges(kept, 5, seed=3)
    assert first == audit.sample_edges(audit.semantic_edges(edges), 5, seed=3)
    assert first != audit.sample_edges(kept, 5, seed=4)


@pytest.mark.model
def test_audit_prints_rule_confidence_and_evidence(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("French President Jean Dupont arrived in Berlin on Monday.\n"
                                    "Germany sent Leopard tanks to Poland last year.\n",
                                    encoding="utf-8")
    out = tmp_path / "sample.json"
    assert _audit().main([str(tmp_path), "--sample", "5", "--seed", "1", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Jean Dupont [Person] -LEADER_OF-> France [Country]" in printed
    assert "rule=role_prefix" in printed and "conf=" in printed
    assert "[a] French President Jean Dupont arrived in Berlin" in printed
    records = json.loads(out.read_text(encoding="utf-8"))
    assert all(r["type"] not in ("MENTIONS", "CO_MENTIONED") for r in records)
    assert any(r["type"] == "SUPPLIES" for r in records)
