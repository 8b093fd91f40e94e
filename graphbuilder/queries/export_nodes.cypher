// Every node with its labels and properties (graphbuilder export --from-neo4j).
MATCH (n)
RETURN n.id AS id, elementId(n) AS element_id, labels(n) AS labels, properties(n) AS props
