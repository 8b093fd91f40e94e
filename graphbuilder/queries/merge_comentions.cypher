// CO_MENTIONED between two entities named in one sentence (stored once, lower id -> higher).
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:CO_MENTIONED]->(b)
SET r.documents = coalesce(r.documents, []) + [x IN row.documents WHERE NOT x IN coalesce(r.documents, [])],
    r.evidence_keys = coalesce(r.evidence_keys, []) + [x IN row.evidence_keys WHERE NOT x IN coalesce(r.evidence_keys, [])]
SET r.count = size(r.evidence_keys)
