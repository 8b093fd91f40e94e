"""CSV files for ``neo4j-admin database import full``: parsed back by the importer's own rules.

The reader below follows the operations manual ("Import", header format and options), not the
writer: fields split on ``,``; a field may be quoted with ``"``, where ``""`` is one quote and
a backslash is an ordinary character (``--legacy-style-quoting=false``); inside quotes a line
break belongs to the value (``--multiline-fields=true``); an empty unquoted field is no value;
a header field is ``name:type``; ``:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE`` are
special; ``type[]`` is an array whose items the array delimiter separates, as it separates
labels.
"""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphbuilder.cli import app
from graphbuilder.errors import AllowListError
from graphbuilder.graph import build_graph
from graphbuilder.model import CoMention, DocumentInfo, Entity, Evidence, Extraction, Mention, Relation
from graphbuilder.sinks.neo4j_admin import plan_import, write_import
from graphbuilder.sinks.node_link import read_node_link, to_node_link, write_json

pytestmark = pytest.mark.issue(8)

AWKWARD = ['Jean "Le Boss", Dupont', "O'Neil; Smith", "Back\\slash \\\" Ltd", "Two\nLines",
           "Comma, Inc", 'Trailing quote"']
TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string"}


# --------------------------------------------------------------------------- the reader

def read_records(text: str, delimiter: str = ",", quote: str = '"') -> list[list[tuple[str, bool]]]:
    """Records of (field text, was quoted); a line break inside quotes stays in the field."""
    records, fields, buf, i, quoted, in_quotes = [], [], [], 0, False, False
    while i < len(text):
        ch = text[i]
        if in_quotes:
            if ch == quote and text[i + 1:i + 2] == quote:
                buf.append(quote)
                i += 1
            elif ch == quote:
                in_quotes = False
                nxt = text[i + 1:i + 2]
                assert nxt in (delimiter, "\n", ""), f"text after a closing quote at {i}: {nxt!r}"
            else:
                buf.append(ch)
        elif ch == quote and not buf:
            in_quotes = quoted = True
        elif ch == delimiter or ch == "\n":
            fields.append(("".join(buf), quoted))
            buf, quoted = [], False
            if ch == "\n":
                records.append(fields)
                fields = []
        else:
            assert ch != quote, f"a quote inside an unquoted field at {i}"
            buf.append(ch)
        i += 1
    assert not in_quotes, "unterminated quoted field"
    assert not buf and not fields, "the last record has no line ending"
    return records


def convert(raw: str, ftype: str):
    if ftype in ("int", "long", "short", "byte"):
        assert re.fullmatch(r"-?\d+", raw), raw
        return int(raw)
    if ftype in ("float", "double"):
        return float(raw)
    if ftype == "boolean":
        return raw == "true"
    return raw


def parse_file(path: Path, array_delimiter: str) -> list[dict]:
    """Rows of one import file as {property or special field: value}; no value, no key."""
    header, *rows = read_records(path.read_text(encoding="utf-8"))
    columns = []
    for name, was_quoted in header:
        assert not was_quoted
        key, _, ftype = name.partition(":")
        ftype = ftype or "string"
        is_array = ftype.endswith("[]")
        base = ftype[:-2] if is_array else ftype
        if base in ("ID", "LABEL", "START_ID", "END_ID", "TYPE"):
            columns.append((key, base, False))
        else:
            assert base in TYPES, f"{path.name}: unknown type {ftype!r}"
            columns.append((key, base, is_array))
    out = []
    for row in rows:
        assert len(row) == len(columns), f"{path.name}: {len(row)} fields for {len(columns)} columns"
        item = {}
        for (key, base, is_array), (raw, was_quoted) in zip(columns, row):
            if raw == "" and not was_quoted:
                continue
            if base == "ID":
                item[":ID"] = raw
                if key:
                    item[key] = raw
            elif base == "LABEL":
                item[":LABEL"] = raw.split(array_delimiter)
            elif base in ("START_ID", "END_ID", "TYPE"):
                item[":" + base] = raw
            elif is_array:
                item[key] = [convert(x, base) for x in raw.split(array_delimiter)]
            else:
                item[key] = convert(raw, base)
        out.append(item)
    return out


def parse_command(command: str) -> tuple[list[Path], list[Path], str, dict[str, str]]:
    words = shlex.split(command)
    assert words[:4] == ["neo4j-admin", "database", "import", "full"]
    nodes, rels, options = [], [], {}
    for w in words[4:-1]:
        name, _, value = w.partition("=")
        if name == "--nodes":
            nodes.append(Path(value))
        elif name == "--relationships":
            rels.append(Path(value))
        else:
            options[name] = value
    delim = options["--array-delimiter"]
    if delim.startswith("U+"):
        delim = chr(int(delim[2:], 16))
    return nodes, rels, delim, options


# --------------------------------------------------------------------------- the graph

def _awkward_graph(extra_name: str = ""):
    names = AWKWARD + ([extra_name] if extra_name else [])
    ents = [Entity(f"org:n{i}", "Organization", n, (n, f"alias; {i}")) for i, n in enumerate(names)]
    ents.append(Entity("person:amy-lee", "Person", "Amy Lee", ("Amy Lee", "Lee")))
    ents.append(Entity("country:FRA", "Country", "France", ("France",), (("iso2", "FR"), ("iso3", "FRA"))))
    ments = tuple(Mention("d1", i, i + 1, e.name, e.label, e.id) for i, e in enumerate(ents))
    text = 'She said: "it\'s a deal, \\ done";\nthen left.'
    rels = (Relation("person:amy-lee", "LEADER_OF", "org:n0", Evidence("d1", text, 0, 40), "title", 0.85,
                     role='CEO "acting", interim'),
            Relation("org:n1", "SUPPLIES", "country:FRA", Evidence("d1", "x", 50, 60), "verb", 0.5,
                     weapon="weapon:x"))
    comentions = (CoMention("org:n0", "person:amy-lee", Evidence("d1", text, 0, 40)),)
    info = DocumentInfo("d1", 'Title, with "quotes"\nand a break', "in/d1.txt", "a" * 64, 3_000_000_000, 9)
    return build_graph([Extraction(info, tuple(ents), ments, rels, comentions)])


def _check_against_graph(csv_dir: Path, graph_json: Path, command: str) -> None:
    data = json.loads(graph_json.read_text(encoding="utf-8"))
    nodes, rels, delim, options = parse_command(command)
    assert options["--legacy-style-quoting"] == "false"
    assert options["--multiline-fields"] == "true"
    assert {p.parent for p in nodes + rels} == {csv_dir.resolve()}
    assert sorted(p.name for p in nodes + rels) == sorted(p.name for p in csv_dir.glob("*.csv"))
    parsed_nodes = {r[":ID"]: r for p in nodes for r in parse_file(p, delim)}
    assert len(parsed_nodes) == len(data["nodes"])  # one id space: no id twice
    for node in data["nodes"]:
        row = parsed_nodes[node["id"]]
        label = node["label"]
        assert row[":LABEL"] == ([label] if label == "Document" else [label, "Entity"])
        assert row["name"] == node["name"]
        for key, value in node.items():
            if key in ("id", "label") or value in ([], None):
                continue
            assert row[key] == value, (node["id"], key)
    parsed_rels = [r for p in rels for r in parse_file(p, delim)]
    assert len(parsed_rels) == len(data["edges"])
    by_key = {(r[":START_ID"], r[":TYPE"], r[":END_ID"]): r for r in parsed_rels}
    assert len(by_key) == len(parsed_rels)
    for edge in data["edges"]:
        row = by_key[(edge["source"], edge["type"], edge["target"])]
        for key, value in edge.items():
            if key in ("source", "target", "type") or value in ([], None) or (
                    edge["type"] == "MENTIONS" and key == "documents"):
                continue
            if key == "evidence":
                assert row["evidence"] == [e["text"] for e in value]
                assert row["evidence_refs"] == [f"{e['document']}:{e['start']}:{e['end']}" for e in value]
            else:
                assert row[key] == value, (edge["type"], key)


def test_neo4j_admin_csv_parse_and_agree_with_graph_json(tmp_path):
    g = _awkward_graph()
    graph_json = write_json(to_node_link(g), tmp_path / "graph.json")
    csv_dir = tmp_path / "csv"
    plan, paths, command = write_import(read_node_link(graph_json), csv_dir)
    assert plan.array_delimiter == "\x1f"
    assert "--array-delimiter=U+001F" in command
    _check_against_graph(csv_dir, graph_json, command)
    header = (csv_dir / "nodes_Document.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "chars:long" in header.split(",")  # past 32 bits
    assert "words:int" in header.split(",")
    leader = (csv_dir / "relationships_LEADER_OF.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "confidence:double" in leader.split(",")
    assert "evidence:string[]" in leader.split(",")


def test_neo4j_admin_array_delimiter_avoids_the_data(tmp_path):
    g = _awkward_graph(extra_name="unit\x1fseparator")
    graph_json = write_json(to_node_link(g), tmp_path / "graph.json")
    plan, _, command = write_import(g, tmp_path / "csv")
    assert plan.array_delimiter == "\x1e"
    _check_against_graph(tmp_path / "csv", graph_json, command)


def test_neo4j_admin_refuses_labels_outside_the_schema():
    g = _awkward_graph()
    g.add_node("x", label="Spaceship", name="x")
    with pytest.raises(AllowListError):
        plan_import(g)


def test_neo4j_admin_cli_export_prints_the_command(tmp_path):
    graph_json = write_json(to_node_link(_awkward_graph()), tmp_path / "graph.json")
    csv_dir = tmp_path / "csv"
    r = CliRunner().invoke(app, ["export", "--graph", str(graph_json), "--neo4j-admin", str(csv_dir)])
    assert r.exit_code == 0, r.output
    command = next(line for line in r.stdout.splitlines() if line.startswith("neo4j-admin "))
    _check_against_graph(csv_dir, graph_json, command)


def test_neo4j_admin_cli_export_needs_one_source(tmp_path):
    graph_json = write_json(to_node_link(_awkward_graph()), tmp_path / "graph.json")
    r = CliRunner().invoke(app, ["export", "--graph", str(graph_json), "--from-neo4j",
                                 "--neo4j-admin", str(tmp_path / "csv")])
    assert r.exit_code == 2


def test_neo4j_admin_folder_holds_only_the_files_the_command_names(tmp_path):
    g = _awkward_graph()
    csv_dir = tmp_path / "csv"
    write_import(g, csv_dir)
    assert (csv_dir / "relationships_SUPPLIES.csv").exists()
    g.remove_edges_from([(s, t, k) for s, t, k in g.edges(keys=True) if k == "SUPPLIES"])
    _, paths, command = write_import(g, csv_dir)
    assert not (csv_dir / "relationships_SUPPLIES.csv").exists()
    assert sorted(csv_dir.glob("*.csv")) == sorted(paths)
    assert "SUPPLIES" not in command
