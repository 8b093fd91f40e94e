// Semantic relationships of one type (the loader fills in __TYPE__ from the allow-list).
// A new relationship takes the row's values as they are (the fast path of a first load); an
// existing one unites them: documents, evidence_keys, rules and weapons are set unions; `count`
// is the number of distinct supporting sentences; `evidence` keeps a few sentence texts and
// `evidence_refs` the matching "document:start:end" keys (texts first: both read the old refs);
// confidence is the highest seen; role the first seen. Re-running a batch changes nothing.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:__TYPE__]->(b)
ON CREATE SET r.documents = row.documents,
              r.evidence_keys = row.evidence_keys,
              r.count = size(row.evidence_keys),
              r.rules = row.rules,
              r.weapons = row.weapons,
              r.evidence = row.evidence[..$max_evidence],
              r.evidence_refs = row.evidence_refs[..$max_evidence],
              r.confidence = row.confidence,
              r.role = row.role
ON MATCH SET r.evidence = (coalesce(r.evidence, []) + [i IN range(0, size(row.evidence_refs) - 1)
                           WHERE NOT row.evidence_refs[i] IN coalesce(r.evidence_refs, []) | row.evidence[i]])[..$max_evidence],
             r.evidence_refs = (coalesce(r.evidence_refs, []) + [x IN row.evidence_refs
                           WHERE NOT x IN coalesce(r.evidence_refs, [])])[..$max_evidence],
             r.count = size(coalesce(r.evidence_keys, []) + [x IN row.evidence_keys WHERE NOT x IN coalesce(r.evidence_keys, [])]),
             r.evidence_keys = coalesce(r.evidence_keys, []) + [x IN row.evidence_keys WHERE NOT x IN coalesce(r.evidence_keys, [])],
             r.documents = coalesce(r.documents, []) + [x IN row.documents WHERE NOT x IN coalesce(r.documents, [])],
             r.rules = coalesce(r.rules, []) + [x IN row.rules WHERE NOT x IN coalesce(r.rules, [])],
             r.weapons = coalesce(r.weapons, []) + [x IN row.weapons WHERE NOT x IN coalesce(r.weapons, [])],
             r.confidence = CASE WHEN r.confidence IS NULL OR r.confidence < row.confidence
                                 THEN row.confidence ELSE r.confidence END,
             r.role = coalesce(r.role, row.role)
