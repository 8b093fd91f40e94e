// Every relationship with its endpoints' ids, its type and its properties.
MATCH (a)-[r]->(b)
RETURN coalesce(a.id, elementId(a)) AS source, type(r) AS type,
       coalesce(b.id, elementId(b)) AS target, properties(r) AS props
