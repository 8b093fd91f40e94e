// Semantic relationships of one type (the loader fills in __TYPE__ from the allow-list).
// documents, evidence_keys, rules and weapons are set unions; `count` is the number of
// distinct supporting sentences; `evidence` keeps a few sentence texts, `evidence_refs` the
// matching "document:start:end" keys; confidence is the highest seen; role the first seen.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:__TYPE__]->(b)
WITH r, row, coalesce(r.evidence_refs, []) AS refs, coalesce(r.evidence, []) AS texts
WITH r, row, refs, texts,
     [i IN range(0, size(row.evidence_refs) - 1) WHERE NOT row.evidence_refs[i] IN refs] AS fresh
SET r.documents = coalesce(r.documents, []) + [x IN row.documents WHERE NOT x IN coalesce(r.documents, [])],
    r.evidence_keys = coalesce(r.evidence_keys, []) + [x IN row.evidence_keys WHERE NOT x IN coalesce(r.evidence_keys, [])],
    r.rules = coalesce(r.rules, []) + [x IN row.rules WHERE NOT x IN coalesce(r.rules, [])],
    r.weapons = coalesce(r.weapons, []) + [x IN row.weapons WHERE NOT x IN coalesce(r.weapons, [])],
    r.evidence = (texts + [i IN fresh | row.evidence[i]])[..$max_evidence],
    r.evidence_refs = (refs + [i IN fresh | row.evidence_refs[i]])[..$max_evidence],
    r.confidence = CASE WHEN r.confidence IS NULL OR r.confidence < row.confidence
                        THEN row.confidence ELSE r.confidence END,
    r.role = coalesce(r.role, row.role)
SET r.count = size(r.evidence_keys)
