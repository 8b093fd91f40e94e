// The most connected entities: distinct neighbours over semantic and co-mention
// relationships, with how many documents mention them.
MATCH (e:Entity)-[r]-(other:Entity)
WITH e, count(DISTINCT other) AS neighbours, count(r) AS relationships
RETURN e.name AS entity, labels(e) AS labels, neighbours, relationships,
       size(e.documents) AS documents, e.mentions AS mentions
ORDER BY neighbours DESC, mentions DESC, entity
LIMIT 20;
