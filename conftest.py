"""Marks for the doctests in ``graphbuilder/``: a doctest that calls the pipeline (and does not
expect that call to fail before it starts) loads the spaCy model, so it gets the ``model``
mark like every such test in ``tests/``, and ``pytest -m "not model"`` runs in an environment
without the model package.

Why here (the repository root): the doctests are collected from ``graphbuilder/``, outside
``tests/``, and the mark must hold however pytest is started.
"""
from __future__ import annotations

import re

import pytest

#: Calls that load the spaCy model (``build(`` reads real files and loads it too).
MODEL_CALLS = re.compile(r"\b(extract_text|extract_documents|extract_doc|load_pipeline|"
                         r"spacy\.load|build)\(")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        test = getattr(item, "dtest", None)  # a DoctestItem
        if test is not None and any(MODEL_CALLS.search(ex.source) and ex.exc_msg is None
                                    for ex in test.examples):
            item.add_marker(pytest.mark.model)
