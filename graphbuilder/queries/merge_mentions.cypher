// (:Document)-[:MENTIONS {count}]->(:Entity): the per-document mention count, then the
// entity's `mentions` recomputed as the sum over its MENTIONS, so re-loading a document
// never counts it twice.
UNWIND $rows AS row
MATCH (d:Document {id: row.source})
MATCH (e:Entity {id: row.target})
MERGE (d)-[m:MENTIONS]->(e)
SET m.count = row.count
WITH DISTINCT e
MATCH (e)<-[m:MENTIONS]-(:Document)
WITH e, sum(m.count) AS total
SET e.mentions = total
