// Everything known about one entity: its properties and every relationship, both directions,
// with evidence. Edit the name (or match on id, e.g. {id: 'country:FRA'}).
MATCH (e:Entity)
WHERE e.name = 'Emmanuel Macron' OR 'Emmanuel Macron' IN e.aliases
OPTIONAL MATCH (e)-[r]-(other)
WHERE type(r) <> 'MENTIONS'
RETURN e.id AS id, e.name AS name, e.aliases AS aliases, e.mentions AS mentions,
       type(r) AS relationship,
       CASE WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction,
       other.name AS other, r.count AS sentences, r.evidence AS evidence
ORDER BY relationship = 'CO_MENTIONED', relationship, other;
