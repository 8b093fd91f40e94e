"""Load the graph into Neo4j (or any Bolt server speaking Neo4j 5 Cypher), and read it back.

Modules: ``queries`` (server capabilities, statements), ``plan`` (rows and batches, pure),
``load`` (connect, constraints, one transaction per batch), ``read`` (queries, export).

Why a pure planner plus a thin writer: everything that decides *what* is written (rows,
statements, the allow-list check, the order) is a pure function of the graph, tested without
a server; the writer only opens sessions and runs one ``execute_write`` per batch. Because
the driver retries a transaction on transient errors, every batch is an idempotent
``UNWIND $rows ... MERGE`` on ``id``: running it twice changes nothing. Labels and types
are taken only from ``graphbuilder.schema`` (they cannot be parameters in Cypher); every
value travels in ``$rows``.

Identity and counts on re-load: lists (aliases, documents, evidence keys, rules) are set
unions; ``count`` on a relationship is ``size(evidence_keys)``; an entity's ``mentions`` is
the sum of ``count`` over its ``MENTIONS`` relationships (one per document), so loading a
document twice never counts it twice and loading new documents adds theirs.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("d1", label="Document", name="d1", title="", source="d1.txt")
>>> g.add_node("country:FRA", label="Country", name="France", aliases=["France"],
...            documents=["d1"], mentions=2, iso3="FRA")
>>> _ = g.add_edge("d1", "country:FRA", key="MENTIONS", type="MENTIONS", count=2)
>>> [(b.kind, b.key, len(b.rows)) for b in plan_load(g)]
[('nodes', 'Document', 1), ('nodes', 'Country', 1), ('relationships', 'MENTIONS', 1)]
"""
from __future__ import annotations

from .load import (BOLT_SCHEMES, LoadSummary, apply_schema, check_uri, connect, load_graph,
                   quiet_driver_logs, translate_error)
from .plan import DEFAULT_LOAD_BATCH_SIZE, MAX_EVIDENCE, Batch, plan_load
from .queries import (ServerCaps, caps_from_agent, node_statements, probe_server, query_text,
                      rel_statements, schema_statements, split_statements)
from .read import read_graph, run_query

__all__ = [
    "DEFAULT_LOAD_BATCH_SIZE", "MAX_EVIDENCE", "ServerCaps", "caps_from_agent", "probe_server",
    "split_statements", "query_text", "schema_statements", "node_statements", "rel_statements",
    "Batch", "plan_load", "LoadSummary",
    "connect", "apply_schema", "load_graph", "run_query", "read_graph", "translate_error",
    "check_uri", "quiet_driver_logs", "BOLT_SCHEMES",
]
