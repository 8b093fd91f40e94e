"""What a test does when a tool from outside Python (Chromium, Node.js) is missing.

Why: on a developer's machine such a test may skip, with the command that installs the tool;
under CI (``CI`` set, as ``.ci/run`` does) it fails, so CI can never pass by skipping it.
"""
from __future__ import annotations

import os

import pytest

__all__ = ["missing_tool"]


def missing_tool(what: str, install: str) -> None:
    """Skip (fail under CI) because ``what`` is missing; ``install`` says how to get it."""
    message = f"{what} is missing; install it with: {install}"
    if os.environ.get("CI"):
        pytest.fail(f"CI needs it: {message}", pytrace=False)
    pytest.skip(message)
