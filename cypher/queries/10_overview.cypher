// What the graph holds: nodes per label and relationships per type.
MATCH (n)
WITH [l IN labels(n) WHERE l <> 'Entity'][0] AS what, count(*) AS n
RETURN 'node' AS kind, what, n
UNION ALL
MATCH ()-[r]->()
RETURN 'relationship' AS kind, type(r) AS what, count(*) AS n;
