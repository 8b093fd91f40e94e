"""Mentions as JSON Lines (``mentions.jsonl``), written while documents stream through.

Why streaming: a corpus has far more mentions than entities; they are written document by
document and never collected in memory. One line per mention: ``document``, ``start``,
``end`` (character offsets into the document's text as read), ``text``, ``label``, ``entity``.

>>> import tempfile, pathlib
>>> from graphbuilder.model import Mention
>>> p = pathlib.Path(tempfile.mkdtemp()) / "mentions.jsonl"
>>> with MentionWriter(p) as w:
...     n = w.write([Mention("d1", 0, 6, "France", "Country", "country:FRA")])
>>> p.read_text(encoding="utf-8")
'{"document": "d1", "start": 0, "end": 6, "text": "France", "label": "Country", "entity": "country:FRA"}\\n'
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from ..model import Mention
from . import temp_path

__all__ = ["MentionWriter", "mention_record", "remap_mentions_file", "FIELDS"]

#: The fields of one line, in order.
FIELDS = ("document", "start", "end", "text", "label", "entity")


def mention_record(m: Mention) -> dict:
    """The JSON object written for one mention.

    >>> mention_record(Mention("d1", 3, 9, "Macron", "Person", "person:emmanuel-macron"))["entity"]
    'person:emmanuel-macron'
    """
    return {"document": m.document, "start": m.start, "end": m.end, "text": m.text,
            "label": m.label, "entity": m.entity}


class MentionWriter:
    """Append mentions to a JSONL file; the file appears complete on ``close`` (atomic rename).

    >>> import tempfile, pathlib
    >>> w = MentionWriter(pathlib.Path(tempfile.mkdtemp()) / "m.jsonl")
    >>> w.count
    0
    >>> w.close()
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._tmp = temp_path(self.path)
        self._file = open(self._tmp, "w", encoding="utf-8", newline="\n")
        self.count = 0

    def write(self, mentions: Iterable[Mention]) -> int:
        """Write ``mentions`` (one document's, in order); return how many were written."""
        n = 0
        for m in mentions:
            self._file.write(json.dumps(mention_record(m), ensure_ascii=False) + "\n")
            n += 1
        self.count += n
        return n

    def close(self) -> None:
        """Finish the file and move it into place."""
        if not self._file.closed:
            self._file.close()
            os.replace(self._tmp, self.path)

    def abort(self) -> None:
        """Drop the partial file (an error happened)."""
        if not self._file.closed:
            self._file.close()
        try:
            os.unlink(self._tmp)
        except FileNotFoundError:
            pass

    def __enter__(self) -> "MentionWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def remap_mentions_file(path: str | Path, mapping: dict[str, str]) -> Path:
    """Rewrite ``path`` with each line's ``entity`` replaced through ``mapping`` (the
    cross-document identity pass); nothing is touched when ``mapping`` is empty.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "m.jsonl"
    >>> with MentionWriter(p) as w:
    ...     n = w.write([Mention("d1", 0, 5, "Putin", "Person", "person:putin")])
    >>> _ = remap_mentions_file(p, {"person:putin": "person:vladimir-putin"})
    >>> json.loads(p.read_text(encoding="utf-8"))["entity"]
    'person:vladimir-putin'
    """
    path = Path(path)
    if not mapping:
        return path
    tmp = temp_path(path)
    try:
        with open(path, encoding="utf-8") as src, open(tmp, "w", encoding="utf-8", newline="\n") as dst:
            for line in src:
                rec = json.loads(line)
                if rec.get("entity") in mapping:
                    rec["entity"] = mapping[rec["entity"]]
                dst.write(json.dumps(rec, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
