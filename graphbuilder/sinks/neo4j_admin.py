"""The graph as CSV files for ``neo4j-admin database import full``: the bulk path into Neo4j.

Why: transactional loading (``graphbuilder load``) merges row by row and suits graphs that
grow; a graph of millions of nodes goes in faster through the offline importer, which reads
node and relationship CSVs with typed headers. :func:`plan_import` is the pure transform (files,
headers, rows, the options they need); :func:`write_import` only writes them and returns the
exact command, which the CLI prints.

The files follow the importer's header format (Neo4j operations manual, "Import"):

- one node file per label, ``id:ID`` in one id space (the ids are unique across labels) and
  ``:LABEL`` with every label (``Person`` and ``Entity``); one relationship file per type with
  ``:START_ID``, ``:END_ID``, ``:TYPE``;
- a typed column per property: ``int`` (``long`` past 32 bits), ``double`` (a ``float`` column
  would round 0.85 to 32 bits), ``boolean``, ``string``, and arrays (``string[]``, ``int[]``...)
  whose items are joined by the array delimiter. Lists of maps (``evidence``) become the two
  lists the Bolt loader stores: ``evidence`` (texts) and ``evidence_refs`` (``doc:start:end``);
- every string is quoted with ``"`` and an inner ``"`` is doubled (RFC 4180, the importer's
  default); a backslash is an ordinary character (``--legacy-style-quoting=false``); a value
  with a line break needs ``--multiline-fields=true``;
- the array delimiter is a character no list item and no label holds, the unit separator
  U+001F unless the data has it, so names with commas, quotes, semicolons, backslashes and
  newlines come through intact. The CSV import leaves empty lists out (Neo4j cannot tell them
  from null).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("person:a", label="Person", name='Al "Q", Jr; x', aliases=["A"], documents=["d"], mentions=2)
>>> plan = plan_import(g)
>>> plan.files[0].name, plan.files[0].header
('nodes_Person.csv', ('id:ID', ':LABEL', 'name', 'aliases:string[]', 'documents:string[]', 'mentions:int'))
>>> format_row(plan.files[0].rows[0], plan.array_delimiter).replace(US, "|")
'"person:a","Person|Entity","Al ""Q"", Jr; x","A","d",2'
"""
from __future__ import annotations

import json
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import AllowListError
from ..schema import ENTITY_LABELS, NODE_LABELS, RELATION_TYPES

__all__ = ["US", "CsvFile", "ImportPlan", "plan_import", "format_row", "format_value",
           "import_command", "write_import", "ARRAY_DELIMITERS", "READ_BUFFER"]

#: The unit separator: the array delimiter unless the data holds it.
US = "\x1f"
#: Array delimiters tried in order (control and private-use characters, never in news text).
ARRAY_DELIMITERS = (US, "\x1e", "\x1d", "\x1c", "\ue000", "\ue001")
_INT32 = 2 ** 31
#: The importer's default ``--read-buffer-size``: it must hold the largest single field.
READ_BUFFER = 4 * 1024 * 1024
_SKIP_NODE = {"id", "label", "labels"}
_SKIP_EDGE = {"source", "target", "type", "key"}
_FIRST = ("name",)


@dataclass(frozen=True)
class CsvFile:
    """One CSV file: its name, its header fields and its rows (values in header order)."""

    name: str
    kind: str  # "nodes" or "relationships"
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class ImportPlan:
    """Every file of an import and the importer options they rely on."""

    files: tuple[CsvFile, ...]
    array_delimiter: str
    multiline: bool  # some value holds a line break

    def count(self, kind: str) -> int:
        """Rows of ``kind`` ("nodes" or "relationships") over all files.

        >>> ImportPlan((CsvFile("n.csv", "nodes", ("id:ID",), (("a",), ("b",))),), US, False).count("nodes")
        2
        """
        return sum(len(f.rows) for f in self.files if f.kind == kind)


def _evidence_lists(value: list) -> tuple[list[str], list[str]]:
    texts = [str(e.get("text", "")) for e in value]
    refs = [f"{e.get('document', '')}:{e.get('start', '')}:{e.get('end', '')}" for e in value]
    return texts, refs


def _properties(attrs: dict, skip: set[str]) -> dict[str, Any]:
    """The storable properties of a node or edge: scalars and lists of scalars."""
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if key in skip or value is None:
            continue
        if key == "evidence" and isinstance(value, list) and all(isinstance(e, dict) for e in value):
            out["evidence"], out["evidence_refs"] = _evidence_lists(value)
        elif isinstance(value, (set, frozenset, tuple)):
            out[key] = sorted(value, key=repr)
        elif isinstance(value, dict):
            out[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        else:
            out[key] = value
    return out


def _scalar_type(values: list) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "int" if all(-_INT32 <= v < _INT32 for v in values) else "long"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _column_type(values: list) -> str:
    """The importer type of one column from every value it holds (None left out).

    >>> _column_type([1, 2]), _column_type([0.5, 1]), _column_type([["a"], []]), _column_type([[1], "x"])
    ('int', 'double', 'string[]', 'string')
    """
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, list) for v in present):
        items = [x for v in present for x in v]
        return (_scalar_type(items) if items else "string") + "[]"
    if any(isinstance(v, list) for v in present):
        return "string"
    return _scalar_type(present) if present else "string"


def _cell(value: Any, ctype: str) -> Any:
    """A value in the form its column's type wants (mixed columns fall back to JSON text)."""
    if value is None:
        return None
    if ctype.endswith("[]"):
        return value if value else None  # the importer skips empty arrays; say so explicitly
    if ctype == "string" and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if ctype == "double":
        return float(value)
    return value


def _table(name: str, kind: str, fixed: tuple[str, ...], items: list[tuple[tuple, dict]]) -> CsvFile:
    keys = sorted({k for _, props in items for k in props},
                  key=lambda k: (k not in _FIRST, k))
    types = {k: _column_type([props.get(k) for _, props in items]) for k in keys}
    header = fixed + tuple(f"{k}:{types[k]}" if types[k] != "string" else k for k in keys)
    rows = tuple(lead + tuple(_cell(props.get(k), types[k]) for k in keys) for lead, props in items)
    return CsvFile(name, kind, header, rows)


def _label(node_id: Any, attrs: dict) -> str:
    label = attrs.get("label")
    if label not in NODE_LABELS or label == "Entity":
        raise AllowListError(f"node {node_id!r} has label {label!r}, not on the allow-list "
                             f"{('Document',) + ENTITY_LABELS}")
    return label


def _node_files(g: nx.MultiDiGraph) -> list[CsvFile]:
    by_label: dict[str, list[tuple[tuple, dict]]] = {}
    for node_id in sorted(g.nodes, key=str):
        attrs = g.nodes[node_id]
        label = _label(node_id, attrs)
        labels = (label,) if label == "Document" else (label, "Entity")
        by_label.setdefault(label, []).append(((str(node_id), list(labels)),
                                               _properties(attrs, _SKIP_NODE)))
    return [_table(f"nodes_{label}.csv", "nodes", ("id:ID", ":LABEL"), by_label[label])
            for label in ("Document",) + ENTITY_LABELS if label in by_label]


def _relationship_files(g: nx.MultiDiGraph) -> list[CsvFile]:
    by_type: dict[str, list[tuple[tuple, dict]]] = {}
    for s, t, key, data in sorted(g.edges(keys=True, data=True),
                                  key=lambda e: (str(e[3].get("type") or e[2]), str(e[0]), str(e[1]))):
        rtype = str(data.get("type") or key)
        if rtype not in RELATION_TYPES:
            raise AllowListError(f"relationship {s!r}-[{rtype}]->{t!r}: type not on the allow-list")
        skip = _SKIP_EDGE | ({"documents"} if rtype == "MENTIONS" else set())
        by_type.setdefault(rtype, []).append(((str(s), str(t), rtype), _properties(data, skip)))
    return [_table(f"relationships_{rtype}.csv", "relationships", (":START_ID", ":END_ID", ":TYPE"),
                   by_type[rtype]) for rtype in RELATION_TYPES if rtype in by_type]


def _strings_in(files: Iterable[CsvFile]) -> Iterable[str]:
    for f in files:
        for row in f.rows:
            for value in row:
                if isinstance(value, str):
                    yield value
                elif isinstance(value, list):
                    yield from (x for x in value if isinstance(x, str))


def _choose_delimiter(files: list[CsvFile]) -> str:
    """The first of ``ARRAY_DELIMITERS`` that no array item holds."""
    items = [x for f in files for row in f.rows for v in row if isinstance(v, list) for x in v
             if isinstance(x, str)]
    for delim in ARRAY_DELIMITERS:
        if not any(delim in x for x in items):
            return delim
    raise ValueError("every candidate array delimiter occurs in the data")  # pragma: no cover


def plan_import(g: nx.MultiDiGraph) -> ImportPlan:
    """The files of ``g`` for ``neo4j-admin database import full`` (pure; rows sorted).

    Raises ``AllowListError`` for a label or type outside the schema, before anything is
    written.
    """
    files = _node_files(g) + _relationship_files(g)
    multiline = any("\n" in s or "\r" in s for s in _strings_in(files))
    return ImportPlan(tuple(files), _choose_delimiter(files), multiline)


def format_value(value: Any, array_delimiter: str = US) -> str:
    """One CSV field: strings and arrays quoted (inner quotes doubled), numbers bare, null empty.

    >>> format_value('say "hi", \\\\ ok'), format_value(None), format_value(0.5), format_value(True)
    ('"say ""hi"", \\\\ ok"', '', '0.5', 'true')
    >>> format_value(["a;b", "c"], "|")
    '"a;b|c"'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        value = array_delimiter.join(format_value(x)[1:-1] if isinstance(x, str) else format_value(x)
                                     for x in value)
        return f'"{value}"'
    text = str(value).replace('"', '""')
    return f'"{text}"'


def format_row(row: Iterable[Any], array_delimiter: str = US) -> str:
    """One CSV line without its line ending.

    >>> format_row(["a", 1, None, ["x", "y"]], "|")
    '"a",1,,"x|y"'
    """
    return ",".join(format_value(v, array_delimiter) for v in row)


def _delimiter_option(delim: str) -> str:
    return delim if delim.isprintable() and delim not in " '\"\\" else f"U+{ord(delim):04X}"


def import_command(plan: ImportPlan, csv_dir: str | Path, database: str = "neo4j",
                   largest_value: int = 0) -> str:
    """The exact ``neo4j-admin database import full`` command for the files in ``csv_dir``;
    ``largest_value`` (bytes of the longest field) raises the read buffer when it would not
    hold that field.

    >>> plan = ImportPlan((CsvFile("nodes_Person.csv", "nodes", (), ()),), US, True)
    >>> print(import_command(plan, "/data/csv"))  # doctest: +NORMALIZE_WHITESPACE
    neo4j-admin database import full --nodes=/data/csv/nodes_Person.csv --delimiter=, \
      --array-delimiter=U+001F --quote='"' --legacy-style-quoting=false \
      --multiline-fields=true neo4j
    >>> import_command(plan, "/d", largest_value=5 * 2 ** 20).split()[-2]
    '--read-buffer-size=10m'
    """
    folder = Path(csv_dir)
    parts = ["neo4j-admin", "database", "import", "full"]
    for f in plan.files:
        parts.append(shlex.quote(f"--{f.kind}={folder / f.name}"))
    parts += ["--delimiter=,", f"--array-delimiter={_delimiter_option(plan.array_delimiter)}",
              "--quote='\"'", "--legacy-style-quoting=false"]
    if plan.multiline:
        parts.append("--multiline-fields=true")
    if largest_value >= READ_BUFFER:
        parts.append(f"--read-buffer-size={-(-2 * largest_value // (1 << 20))}m")
    parts.append(shlex.quote(database))
    return " ".join(parts)


def write_import(g: nx.MultiDiGraph, csv_dir: str | Path,
                 database: str = "neo4j") -> tuple[ImportPlan, list[Path], str]:
    """Write the CSV files of ``g`` into ``csv_dir`` (created if needed); return the plan, the
    paths written and the import command.

    >>> import tempfile
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("d1", label="Document", name="d1", chars=5)
    >>> _, paths, command = write_import(g, tempfile.mkdtemp())
    >>> [p.name for p in paths], paths[0].read_text(encoding="utf-8")
    (['nodes_Document.csv'], 'id:ID,:LABEL,name,chars:int\\n"d1","Document","d1",5\\n')

    Files of an earlier export that this graph has no rows for are removed, so the folder
    holds exactly the files the command names.
    """
    plan = plan_import(g)
    folder = Path(csv_dir)
    folder.mkdir(parents=True, exist_ok=True)
    paths, largest = [], 0
    for f in plan.files:
        path = folder / f.name
        tmp = path.with_name(f".{path.name}.tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            out.write(",".join(f.header) + "\n")
            for row in f.rows:
                fields = [format_value(v, plan.array_delimiter) for v in row]
                largest = max(largest, max(len(x) for x in fields))  # characters (4 bytes at most)
                out.write(",".join(fields) + "\n")
        tmp.replace(path)
        paths.append(path)
    for stale in sorted(folder.glob("nodes_*.csv")) + sorted(folder.glob("relationships_*.csv")):
        if stale not in paths:
            stale.unlink()
    return plan, paths, import_command(plan, folder.resolve(), database, 4 * largest)
