// Who is co-mentioned with whom: pairs of entities named in the same sentence, most
// frequent first (CO_MENTIONED is stored once per pair).
MATCH (a:Entity)-[r:CO_MENTIONED]->(b:Entity)
RETURN a.name AS entity, b.name AS co_mentioned_with, r.count AS sentences,
       size(r.documents) AS documents
ORDER BY sentences DESC, entity, co_mentioned_with
LIMIT 50;
