// (:Document)-[:MENTIONS {count}]->(:Entity): the per-document mention count. The entity's
// `mentions` is the sum of its MENTIONS counts, kept by adding the change: a new MENTIONS adds
// its count, a re-loaded one adds (new - old), which is 0 for the same document, so re-loading
// never counts a document twice.
UNWIND $rows AS row
MATCH (d:Document {id: row.source})
MATCH (e:Entity {id: row.target})
MERGE (d)-[m:MENTIONS]->(e)
ON CREATE SET e.mentions = coalesce(e.mentions, 0) + row.count, m.count = row.count
ON MATCH SET e.mentions = coalesce(e.mentions, 0) + row.count - m.count, m.count = row.count
