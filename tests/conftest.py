"""Shared fixtures: small documents on disk, a hand-made graph for the sink tests (no model
needed), and the Bolt server fixtures (``tests/neo4j_server.py``) for every test module."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from neo4j_server import clean_server, driver, graph_server  # noqa: F401  (fixtures)

from graphs import extraction_a, extraction_b, extraction_c

# --------------------------------------------------------------------------- documents

ARTICLE_A = ("France and Germany met in Berlin.\n"
             "French President Jean Dupont said Germany would send tanks to Poland.\n")
ARTICLE_B = "Poland thanked Germany for the tanks.\n"


@pytest.fixture
def docs_dir(tmp_path: Path) -> Path:
    """A folder with two readable articles, one HTML page and one file to ignore."""
    d = tmp_path / "docs"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (d / "sub" / "b.md").write_text("# Thanks\n" + ARTICLE_B, encoding="utf-8")
    (d / "c.html").write_text("<html><head><title>Page C</title></head><body><p>"
                              "Germany and France agree.</p></body></html>", encoding="utf-8")
    (d / "notes.csv").write_text("x,y\n", encoding="utf-8")
    return d


# --------------------------------------------------------------------------- graphs


@pytest.fixture
def hand_graph() -> nx.MultiDiGraph:
    """The merged graph of the three hand-made extractions in ``tests/graphs.py``."""
    from graphbuilder.graph import build_graph
    return build_graph([extraction_a(), extraction_b(), extraction_c()])
