"""Shared fixtures: small documents on disk, a tiny graph, and a stand-in pipeline.

The stand-in (``fake_pipeline``) exists only here, for tests of reading, writing and the CLI
that must not depend on NLP quality; tests marked ``model`` use the real pipeline.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx
import pytest

from graphbuilder.model import (CoMention, Document, DocumentInfo, Entity, Evidence, Extraction,
                                Mention, Relation)

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


# --------------------------------------------------------------------------- stand-in pipeline

_COUNTRIES = {"France": "FRA", "Germany": "DEU", "Poland": "POL"}
_WORDS = re.compile(r"\w+")


def fake_extract(doc: Document) -> Extraction:
    """Countries by exact name, CO_MENTIONED per line, SUPPLIES for 'X would send ... to Y'."""
    mentions, entities, comentions, relations = [], {}, [], []
    pos = 0
    for line in doc.text.splitlines(keepends=True):
        found = []
        for m in re.finditer("|".join(_COUNTRIES), line):
            iso = _COUNTRIES[m.group()]
            start = pos + m.start()
            mentions.append(Mention(doc.id, start, start + len(m.group()), m.group(),
                                    "Country", f"country:{iso}"))
            entities[f"country:{iso}"] = Entity(f"country:{iso}", "Country", m.group(),
                                                (m.group(),), (("iso3", iso),))
            found.append(f"country:{iso}")
        ev = Evidence(doc.id, line.strip(), pos, pos + len(line.rstrip()))
        ids = sorted(set(found))
        comentions += [CoMention(a, b, ev) for i, a in enumerate(ids) for b in ids[i + 1:]]
        sup = re.search(r"(Germany) would send .* to (Poland)", line)
        if sup:
            relations.append(Relation("country:DEU", "SUPPLIES", "country:POL", ev,
                                      "fake_send", 0.9))
        pos += len(line)
    info = DocumentInfo(doc.id, doc.title, doc.source,
                        hashlib.sha256(doc.text.encode()).hexdigest(), len(doc.text),
                        len(_WORDS.findall(doc.text)))
    return Extraction(info, tuple(entities.values()), tuple(mentions), tuple(relations),
                      tuple(comentions))


def fake_extract_documents(docs: Iterable[Document], model: str = "", batch_size: int = 1,
                           n_process: int = 1) -> Iterator[Extraction]:
    """Same signature as ``graphbuilder.pipeline.extract_documents``."""
    if model == "no_such_model":
        raise OSError(f"[E050] Can't find model '{model}'.")
    for doc in docs:
        yield fake_extract(doc)


@pytest.fixture
def fake_pipeline(monkeypatch):
    """Route ``graphbuilder.api`` to the stand-in pipeline for this test only."""
    import graphbuilder.api as api
    monkeypatch.setattr(api, "_pipeline", lambda: fake_extract_documents)
    return fake_extract_documents


@pytest.fixture
def small_graph() -> nx.MultiDiGraph:
    """The merged graph of the two articles, built with the stand-in pipeline."""
    from graphbuilder.graph import build_graph
    docs = [Document("a", ARTICLE_A, "A", "a.txt"), Document("b", ARTICLE_B, "B", "b.txt")]
    return build_graph(fake_extract(d) for d in docs)
