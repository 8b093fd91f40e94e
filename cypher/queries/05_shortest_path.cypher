// The shortest chain of relationships between two entities, either direction, through what
// the text says (semantic relationships and co-mentions; documents are left out).
// Edit the two names.
MATCH (a:Entity {name: 'Emmanuel Macron'}), (b:Entity {name: 'Keir Starmer'})
MATCH p = shortestPath((a)-[:LEADER_OF|OFFICIAL_OF|VISITED|MET_WITH|BASED_IN|PART_OF|MEMBER_OF|PRODUCED_BY|SUPPLIES|OPERATES|SUPPORTS|ATTACKED|CO_MENTIONED*..6]-(b))
RETURN [n IN nodes(p) | n.name] AS path, [r IN relationships(p) | type(r)] AS via,
       length(p) AS hops;
