// Entity nodes of one label, step 1 of 2 (servers where a two-label MERGE is slow, such as
// ArcadeDB): create the nodes whose id is not there yet. Step 2 is update_entities.cypher;
// both run in one transaction, so the pair is as idempotent as merge_entities.cypher.
UNWIND $rows AS row
OPTIONAL MATCH (old:Entity {id: row.id})
WITH row, old WHERE old IS NULL
CREATE (n:__LABEL__:Entity {id: row.id})
