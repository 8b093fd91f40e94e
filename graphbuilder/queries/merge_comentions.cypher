// CO_MENTIONED, stored once per pair (lower id -> higher id). A new pair takes the row as it is;
// an existing one unites documents and evidence_keys; `count` = distinct sentences.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:CO_MENTIONED]->(b)
ON CREATE SET r.documents = row.documents,
              r.evidence_keys = row.evidence_keys,
              r.count = size(row.evidence_keys)
ON MATCH SET r.count = size(coalesce(r.evidence_keys, []) + [x IN row.evidence_keys WHERE NOT x IN coalesce(r.evidence_keys, [])]),
             r.evidence_keys = coalesce(r.evidence_keys, []) + [x IN row.evidence_keys WHERE NOT x IN coalesce(r.evidence_keys, [])],
             r.documents = coalesce(r.documents, []) + [x IN row.documents WHERE NOT x IN coalesce(r.documents, [])]
