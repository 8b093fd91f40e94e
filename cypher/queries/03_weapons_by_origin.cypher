// Weapons grouped by origin and manufacturer: from the knowledge base (`origin`,
// `manufacturer` properties) and from the text (PRODUCED_BY relationships).
MATCH (w:Weapon)
OPTIONAL MATCH (w)-[:PRODUCED_BY]->(maker:Entity)
WITH w, collect(maker.name) AS makers_in_text
RETURN coalesce(w.origin, '?') AS origin, coalesce(w.manufacturer, '?') AS manufacturer,
       w.name AS weapon, w.category AS category, makers_in_text
ORDER BY origin, manufacturer, weapon;
