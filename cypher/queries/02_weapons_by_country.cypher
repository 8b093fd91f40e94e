// Which weapons each country (or organisation) operates or supplies, with the evidence sentences.
// OPERATES points at the weapon; SUPPLIES points at the receiving country and lists the
// weapon ids it named in `weapons` (empty when the sentence named none).
MATCH (c:Entity)-[r:OPERATES]->(w:Weapon)
RETURN c.name AS country, 'operates' AS how, w.name AS weapon, '' AS recipient,
       r.evidence AS evidence
UNION
MATCH (c:Entity)-[r:SUPPLIES]->(to:Country)
OPTIONAL MATCH (w:Weapon) WHERE w.id IN r.weapons
RETURN c.name AS country, 'supplies' AS how, w.name AS weapon, to.name AS recipient,
       r.evidence AS evidence;
