"""Sinks: each turns the merged graph (or the mentions) into one output format.

Why a shared ``temp_path``: every sink writes to a temporary file beside its target and renames
it into place, so a reader never sees half a file; the temporary name is unique per writer
(process id and a random token), so two writers never share one.

>>> temp_path("out/graph.json").name.startswith(".graph.json.")
True
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

__all__ = ["temp_path", "write_text_atomic"]


def temp_path(path: str | Path) -> Path:
    """A hidden, unique temporary name in ``path``'s folder: ``.NAME.<pid>-<random>.tmp``.

    >>> temp_path("out/graph.json").suffix, temp_path("g.json") != temp_path("g.json")
    ('.tmp', True)
    """
    path = Path(path)
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


def write_text_atomic(path: str | Path, pieces: Iterable[str]) -> Path:
    """Write ``pieces`` one after another as UTF-8 text into ``path``, through a temporary file
    renamed into place (removed if anything fails): a streamed sink never holds its whole text.

    >>> import tempfile, pathlib
    >>> write_text_atomic(pathlib.Path(tempfile.mkdtemp()) / "a.txt", ["a", "b"]).read_text()
    'ab'
    """
    path = Path(path)
    tmp = temp_path(path)
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.writelines(pieces)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
