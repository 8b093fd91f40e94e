// Which documents mention an entity, and how often. Edit the name.
MATCH (d:Document)-[m:MENTIONS]->(e:Entity)
WHERE e.name = 'France' OR 'France' IN e.aliases
RETURN e.name AS entity, d.id AS document, d.title AS title, d.source AS source,
       m.count AS mentions
ORDER BY mentions DESC, document;
