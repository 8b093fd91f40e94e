// Officials (ministers, spokespeople, commanders) of countries and organisations, by title.
MATCH (p:Person)-[r:OFFICIAL_OF]->(c:Entity)
RETURN c.name AS of, r.role AS role, p.name AS official, r.evidence AS evidence
ORDER BY of, role, official;
