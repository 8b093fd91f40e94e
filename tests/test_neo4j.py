"""The Neo4j loader against a real Bolt server (ArcadeDB here, or NEO4J_URI when set).

Pure parts (statements, capabilities, plan, allow-list) are tested without a server; the
rest loads graphs built by ``graphbuilder.graph.build_graph`` from hand-written extractions
and asserts on what the server returns.
"""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from neo4j import GraphDatabase

from graphbuilder.model import Entity
from graphbuilder.errors import (AllowListError, Neo4jAuthError, Neo4jConnectionError,
                                 Neo4jDatabaseError, Neo4jQueryError)
from graphbuilder.graph import build_graph
from graphbuilder.schema import NODE_LABELS
from graphbuilder.sinks import neo4j as sink

from graphs import TEXT_A, extraction, extraction_a, extraction_b, extraction_c
from neo4j_server import free_port, wipe

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- helpers

def snapshot(server) -> dict:
    """Every node and relationship with its properties, lists sorted: the database state."""
    def norm(props: dict) -> dict:
        return {k: sorted(v) if isinstance(v, list) else v for k, v in props.items()}

    with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as d:
        with d.session(database=server.database) as s:
            nodes = {r["id"]: (sorted(r["labels"]), norm(r["props"])) for r in s.run(
                "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")}
            rels = {(r["s"], r["t"], r["type"]): norm(r["props"]) for r in s.run(
                "MATCH (a)-[r]->(b) RETURN a.id AS s, b.id AS t, type(r) AS type, "
                "properties(r) AS props")}
    return {"nodes": nodes, "rels": rels}


def rows(server, cypher: str, **params) -> list[dict]:
    with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as d:
        with d.session(database=server.database) as s:
            return [r.data() for r in s.run(cypher, params)]


def load(driver, server, g, **kw) -> sink.LoadSummary:
    return sink.load_graph(driver, g, database=server.database, **kw)


# --------------------------------------------------------------------------- pure parts

def test_neo4j_caps_from_agent_tells_arcadedb_from_neo4j():
    arcade = sink.caps_from_agent("Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)")
    neo = sink.caps_from_agent("Neo4j/5.26.0")
    assert arcade.arcadedb and not arcade.fulltext
    assert neo.fulltext and not neo.arcadedb


def test_neo4j_schema_fulltext_index_only_where_the_server_has_one():
    # the one branch no test server here can run (ArcadeDB has no full-text index syntax)
    assert any("FULLTEXT" in st for st in sink.schema_statements(sink.ServerCaps(fulltext=True)))
    assert not any("FULLTEXT" in st for st in sink.schema_statements(sink.ServerCaps(fulltext=False)))


def test_neo4j_split_statements_keeps_strings_and_names_intact():
    text = "RETURN 'a;b // c' AS x; // gone; \nRETURN \"q\\\";\" AS `odd;name`;\n/* x; */"
    assert sink.split_statements(text) == ["RETURN 'a;b // c' AS x", 'RETURN "q\\";" AS `odd;name`']


def test_neo4j_cypher_schema_file_equals_package_copy():
    package = (ROOT / "graphbuilder" / "queries" / "schema.cypher").read_text(encoding="utf-8")
    assert (ROOT / "cypher" / "schema.cypher").read_text(encoding="utf-8") == package


def test_neo4j_plan_refuses_unknown_relationship_type():
    g = build_graph([extraction_a()])
    g.add_edge("country:FRA", "country:UKR", key="LOVES", type="LOVES")
    with pytest.raises(AllowListError):
        sink.plan_load(g)


def test_neo4j_plan_puts_nodes_before_relationships_and_splits_batches():
    plan = sink.plan_load(build_graph([extraction_a(), extraction_b()]), batch_size=2)
    kinds = [b.kind for b in plan]
    assert kinds == sorted(kinds)  # "nodes" < "relationships"
    assert max(len(b.rows) for b in plan) == 2
    assert [b.index for b in plan] == list(range(1, len(plan) + 1))


# --------------------------------------------------------------------------- live server

@pytest.mark.neo4j
def test_neo4j_load_writes_nodes_relationships_and_facts(driver, clean_server):
    g = build_graph([extraction_a()])
    summary = load(driver, clean_server, g)
    snap = snapshot(clean_server)
    assert len(snap["nodes"]) == g.number_of_nodes()
    assert len(snap["rels"]) == g.number_of_edges()
    assert summary.nodes_created == g.number_of_nodes()
    assert summary.relationships_created == g.number_of_edges()
    leaders = rows(clean_server, "MATCH (p:Person)-[r:LEADER_OF]->(c:Country) "
                                 "RETURN p.name AS p, c.name AS c, r.role AS role, r.evidence AS ev")
    assert leaders == [{"p": "Emmanuel Macron", "c": "France", "role": "President", "ev": [TEXT_A]}]
    france = snap["nodes"]["country:FRA"]
    assert france[0] == ["Country", "Entity"]
    assert france[1]["iso3"] == "FRA"
    assert snap["nodes"]["person:emmanuel-macron"][1]["mentions"] == 2
    assert snap["rels"][("country:FRA", "country:UKR", "SUPPLIES")]["weapons"] == ["weapon:scalp-eg"]


@pytest.mark.neo4j
def test_neo4j_both_statement_branches_load_the_same_database(driver, clean_server, hand_graph):
    # Neo4j's MERGE on two labels (one statement) and ArcadeDB's MERGE on one label then
    # SET of the second, run for real through load_graph against the same server
    snaps = []
    for multi in (True, False):
        wipe(clean_server)
        caps = sink.ServerCaps(agent="test", arcadedb=not multi, fulltext=False,
                               multi_label_merge=multi)
        first = load(driver, clean_server, hand_graph, caps=caps, batch_size=3)
        again = load(driver, clean_server, hand_graph, caps=caps, batch_size=3)
        assert first.nodes_created == hand_graph.number_of_nodes()
        assert (again.nodes_created, again.relationships_created) == (0, 0)
        snaps.append(snapshot(clean_server))
    assert snaps[0] == snaps[1]
    labels = {node_id: tuple(labels) for node_id, (labels, _) in snaps[0]["nodes"].items()}
    assert labels["weapon:scalp-eg"] == ("Entity", "Weapon")
    assert labels["doc-a"] == ("Document",)
    assert len(snaps[0]["rels"]) == hand_graph.number_of_edges()


@pytest.mark.neo4j
def test_neo4j_second_load_changes_nothing(driver, clean_server):
    g = build_graph([extraction_a(), extraction_b()])
    load(driver, clean_server, g)
    first = snapshot(clean_server)
    again = load(driver, clean_server, g, batch_size=3)
    assert snapshot(clean_server) == first
    assert again.nodes_created == 0
    assert again.relationships_created == 0


@pytest.mark.neo4j
def test_neo4j_incremental_load_equals_loading_everything_at_once(driver, clean_server):
    load(driver, clean_server, build_graph([extraction_a()]))
    load(driver, clean_server, build_graph([extraction_b()]))
    load(driver, clean_server, build_graph([extraction_a()]))  # an old document again
    incremental = snapshot(clean_server)
    wipe(clean_server)
    load(driver, clean_server, build_graph([extraction_a(), extraction_b()]))
    assert incremental == snapshot(clean_server)
    macron = incremental["nodes"]["person:emmanuel-macron"][1]
    assert macron["aliases"] == ["Emmanuel Macron", "Macron", "Président Macron"]
    assert macron["documents"] == ["doc-a", "doc-b"]
    assert macron["mentions"] == 4
    operates = incremental["rels"][("country:UKR", "weapon:scalp-eg", "OPERATES")]
    assert operates["count"] == 2
    assert operates["documents"] == ["doc-a", "doc-b"]


@pytest.mark.neo4j
def test_neo4j_constraints_exist_for_every_label(driver, clean_server):
    load(driver, clean_server, build_graph([extraction_a()]))
    constraints = rows(clean_server, "SHOW CONSTRAINTS")
    unique_on_id = {lab for c in constraints if c.get("properties") == ["id"]
                    for lab in c.get("labelsOrTypes") or []}
    assert set(NODE_LABELS) <= unique_on_id


@pytest.mark.neo4j
def test_neo4j_constraint_refuses_duplicate_id(driver, clean_server):
    load(driver, clean_server, build_graph([extraction_a()]))
    from neo4j.exceptions import ClientError
    with pytest.raises(ClientError):
        rows(clean_server, "CREATE (:Country:Entity {id: 'country:FRA'})")


HOSTILE = [
    "O'Brien \"the Quote\"",
    "back`tick` }) DETACH DELETE n //",
    "{braces: $rows} ; MATCH (n) DETACH DELETE n",
    "line one\nline two\r\n\ttabbed",
    "Володимир Зеленський",
    "習近平 / محمد بن سلمان / Ελλάδα",
    "\\u0027 escaped \\ backslash",
]


@pytest.mark.neo4j
def test_neo4j_hostile_names_load_intact(driver, clean_server):
    ents = [(Entity(f"person:hostile-{i}", "Person", name, (name, name.upper())), [])
            for i, name in enumerate(HOSTILE)]
    ex = extraction("doc`'\"{x}", "Some text.", ents)
    g = build_graph([ex])
    load(driver, clean_server, g)
    got = {r["id"]: r for r in rows(clean_server, "MATCH (n:Person) RETURN n.id AS id, "
                                                  "n.name AS name, n.aliases AS aliases")}
    for i, name in enumerate(HOSTILE):
        assert got[f"person:hostile-{i}"]["name"] == name
        assert sorted(got[f"person:hostile-{i}"]["aliases"]) == sorted({name, name.upper()})
    assert rows(clean_server, "MATCH (d:Document) RETURN d.id AS id") == [{"id": "doc`'\"{x}"}]


@pytest.mark.neo4j
def test_neo4j_unknown_label_is_refused_before_any_query(driver, clean_server):
    g = build_graph([extraction_a()])
    g.add_node("x:1", label="Spaceship", name="Enterprise")
    with pytest.raises(AllowListError):
        load(driver, clean_server, g)
    assert rows(clean_server, "MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_neo4j_server_down_is_a_connection_error():
    with pytest.raises(Neo4jConnectionError) as err:
        sink.connect(f"bolt://127.0.0.1:{free_port()}", "neo4j", "secret-pw")
    assert "secret-pw" not in str(err.value)


@pytest.mark.neo4j
def test_neo4j_wrong_password_is_an_auth_error(graph_server):
    with pytest.raises(Neo4jAuthError) as err:
        sink.connect(graph_server.uri, graph_server.user, "wrong-pw-123", graph_server.database)
    assert "wrong-pw-123" not in str(err.value)


@pytest.mark.neo4j
def test_neo4j_unknown_database_is_a_database_error(graph_server):
    with pytest.raises(Neo4jDatabaseError):
        sink.connect(graph_server.uri, graph_server.user, graph_server.password, "no_such_db_gb")


@pytest.mark.neo4j
def test_neo4j_rejected_batch_is_named(driver, clean_server):
    sink.apply_schema(driver, clean_server.database)
    rows(clean_server, "CREATE (:Country:Entity {id: 'person:emmanuel-macron'})")
    with pytest.raises(Neo4jQueryError) as err:
        load(driver, clean_server, build_graph([extraction_a()]))
    assert "Person nodes" in str(err.value)


@pytest.mark.neo4j
def test_neo4j_read_graph_returns_the_loaded_graph(driver, clean_server):
    g = build_graph([extraction_a(), extraction_b()])
    load(driver, clean_server, g)
    back = sink.read_graph(driver, clean_server.database)
    assert sorted(back.nodes) == sorted(g.nodes)
    assert sorted(back.edges(keys=True)) == sorted(g.edges(keys=True))
    for n in g.nodes:
        assert back.nodes[n]["label"] == g.nodes[n]["label"]
    edge = ("person:emmanuel-macron", "country:FRA", "LEADER_OF")
    assert back.edges[edge]["evidence"] == g.edges[edge]["evidence"]
    assert back.nodes["person:emmanuel-macron"]["aliases"] == g.nodes["person:emmanuel-macron"]["aliases"]


@pytest.mark.neo4j
def test_neo4j_run_query_returns_plain_values(driver, clean_server):
    load(driver, clean_server, build_graph([extraction_a()]))
    keys, data = sink.run_query(driver, "MATCH (c:Country {id: $id}) RETURN c.name AS name, c",
                                database=clean_server.database, params={"id": "country:FRA"})
    assert keys == ["name", "c"]
    assert data[0][0] == "France"
    assert json.dumps(data)  # nodes became plain dicts


# --------------------------------------------------------------------------- cypher/ examples

QUERIES = sorted((ROOT / "cypher" / "queries").glob("*.cypher"))


def test_neo4j_there_are_at_least_eight_commented_example_queries():
    assert len(QUERIES) >= 8
    for path in QUERIES:
        assert path.read_text(encoding="utf-8").startswith("//"), path.name


#: For each example query on the three hand-made documents: values one row must hold.
EXPECTED = {
    "01_leaders": {"leader": "Emmanuel Macron", "of": "France", "role": "President"},
    "02_weapons_by_country": {"country": "France", "how": "supplies", "weapon": "SCALP EG",
                              "recipient": "Ukraine"},
    "03_weapons_by_origin": {"weapon": "SCALP EG", "manufacturer": "MBDA",
                             "makers_in_text": ["MBDA"]},
    "04_entity_profile": {"relationship": "LEADER_OF", "other": "France", "direction": "out"},
    "05_shortest_path": {"path": ["Emmanuel Macron", "France", "Keir Starmer"], "hops": 2},
    "06_most_connected": {"entity": "France", "neighbours": 6},
    "07_documents_mentioning": {"document": "doc-c", "mentions": 1},
    "08_co_mentions": {"entity": "France", "co_mentioned_with": "Keir Starmer"},
    "09_officials": {"official": "Jean-Noel Barrot", "role": "Foreign Minister"},
    "10_overview": {"kind": "node", "what": "Document", "n": 3},
}


def test_neo4j_every_example_query_has_an_expectation():
    assert {p.stem for p in QUERIES} == set(EXPECTED)


@pytest.mark.neo4j
@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_neo4j_example_query_returns_expected_row(path, driver, clean_server):
    load(driver, clean_server, build_graph([extraction_a(), extraction_b(), extraction_c()]))
    (statement,) = sink.split_statements(path.read_text(encoding="utf-8"))
    keys, data = sink.run_query(driver, statement, database=clean_server.database)
    found = [dict(zip(keys, row)) for row in data]
    want = EXPECTED[path.stem]
    assert any(all(r.get(k) == v for k, v in want.items()) for r in found), found


# --------------------------------------------------------------------------- seeds and CLI

@pytest.fixture(scope="module")
def seed_graph():
    """The seed article built by the real pipeline (once per module)."""
    from graphbuilder.api import build
    return build([ROOT / "seeds"], None).graph


@pytest.mark.neo4j
@pytest.mark.model
def test_neo4j_seeds_load_twice_identically_with_macron_leading_france(seed_graph, driver,
                                                                       clean_server):
    load(driver, clean_server, seed_graph)
    first = snapshot(clean_server)
    load(driver, clean_server, seed_graph)
    assert snapshot(clean_server) == first
    assert len(first["nodes"]) == seed_graph.number_of_nodes()
    assert len(first["rels"]) == seed_graph.number_of_edges()
    leaders = rows(clean_server, "MATCH (p:Person)-[:LEADER_OF]->(c:Country) "
                                 "RETURN p.name AS p, c.name AS c")
    assert {"p": "Emmanuel Macron", "c": "France"} in leaders


@pytest.mark.neo4j
@pytest.mark.model
@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_neo4j_example_query_has_rows_on_the_seeds(path, seed_graph, driver, clean_server):
    load(driver, clean_server, seed_graph)
    (statement,) = sink.split_statements(path.read_text(encoding="utf-8"))
    keys, data = sink.run_query(driver, statement, database=clean_server.database)
    assert data, f"{path.name} returned no rows on the seeds"
    assert all(any(v not in (None, "", []) for v in row) for row in data)


def _cli(server, *args, password=None):
    import typer
    from typer.testing import CliRunner

    from graphbuilder.cli import app
    env = {"NEO4J_URI": server.uri, "NEO4J_USER": server.user,
           "NEO4J_PASSWORD": password or server.password, "NEO4J_DATABASE": server.database}
    assert isinstance(app, typer.Typer)
    return CliRunner().invoke(app, list(args), env=env)


@pytest.mark.neo4j
def test_neo4j_cli_load_query_export_round_trip(clean_server, tmp_path):
    from graphbuilder.sinks.node_link import to_node_link, write_json
    g = build_graph([extraction_a(), extraction_b(), extraction_c()])
    graph_json = write_json(to_node_link(g), tmp_path / "graph.json")
    first = _cli(clean_server, "load", "--graph", str(graph_json), "-q")
    assert first.exit_code == 0, first.output
    second = _cli(clean_server, "load", "--graph", str(graph_json), "-q")
    assert f"nodes: 0 created, {g.number_of_nodes()} merged" in second.output
    res = _cli(clean_server, "query", "--json", "-p", "name=France",
               "MATCH (p:Person)-[:LEADER_OF]->(c:Country {name: $name}) RETURN p.name AS p")
    assert json.loads(res.stdout.splitlines()[0]) == {"p": "Emmanuel Macron"}
    out = tmp_path / "all.graphml"
    exp = _cli(clean_server, "export", "--graphml", str(out))  # the server: the default source
    assert exp.exit_code == 0, exp.output
    back = nx.read_graphml(out)
    assert sorted((s, t, d["label"]) for s, t, d in back.edges(data=True)) == \
        sorted(g.edges(keys=True))
    assert back.nodes["person:emmanuel-macron"]["labels"] == ":Person:Entity"


@pytest.mark.neo4j
def test_neo4j_cli_wrong_password_is_one_line_without_secret(graph_server, tmp_path):
    res = _cli(graph_server, "query", "RETURN 1", password="not-the-pw-42")
    assert res.exit_code == 1
    assert res.output.strip().startswith("Error [GB011]")
    assert len(res.output.strip().splitlines()) == 1
    assert "not-the-pw-42" not in res.output


def test_neo4j_cli_server_down_is_one_line(tmp_path):
    from neo4j_server import BoltServer
    res = _cli(BoltServer(f"bolt://127.0.0.1:{free_port()}", "neo4j", "pw-secret-9"), "query",
               "RETURN 1")
    assert res.exit_code == 1
    assert res.output.strip().startswith("Error [GB010]")
    assert "Traceback" not in res.output


@pytest.mark.neo4j
def test_neo4j_interrupted_load_is_completed_by_a_rerun(driver, clean_server):
    g = build_graph([extraction_a(), extraction_b(), extraction_c()])
    load(driver, clean_server, g)
    complete = snapshot(clean_server)
    wipe(clean_server)
    seen = []

    def ctrl_c_after_three(batch):
        seen.append(batch)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load(driver, clean_server, g, batch_size=2, on_batch=ctrl_c_after_three)
    partial = snapshot(clean_server)
    assert 0 < len(partial["nodes"]) < len(complete["nodes"])
    load(driver, clean_server, g, batch_size=2)
    assert snapshot(clean_server) == complete
