"""Attacks stated with a noun, sentences of our own (real model): "airstrikes" is one word, and
the parser often hangs "on X" on the light verb ("carried out strikes on X")."""
from __future__ import annotations

import pytest

from graphbuilder import extract_text

pytestmark = [pytest.mark.model, pytest.mark.issue(7)]


def _typed(text: str) -> set[tuple[str, str, str]]:
    return {(r.source, r.type, r.target) for r in extract_text(text).relations}


@pytest.mark.parametrize("text", [
    "Israel carried out air strikes on Iran.",
    "Israel launched airstrikes on Iran's nuclear sites.",
    "Israeli airstrikes on Iran killed ten people.",
])
def test_a_strike_noun_with_its_target(text):
    assert ("country:ISR", "ATTACKED", "country:IRN") in _typed(text)


def test_a_strike_noun_without_a_target_names_no_target_on_the_verb():
    assert not any(t == "ATTACKED" for _, t, _ in _typed(
        "Israel carried out air strikes for the first time since 2019, the army said on Friday."))
