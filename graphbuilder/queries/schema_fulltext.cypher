// Full-text search over entity names and aliases (Neo4j only: the loader applies this file
// when the server supports full-text indexes; ArcadeDB's Bolt server does not).
// Example: CALL db.index.fulltext.queryNodes("entity_names", "macron") YIELD node, score
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases];
