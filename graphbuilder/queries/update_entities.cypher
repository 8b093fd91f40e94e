// Entity nodes of one label, step 2 of 2: the same property merge as merge_entities.cypher.
// `matched` lets the loader refuse a batch whose id belongs to a node of another label.
UNWIND $rows AS row
MATCH (n:__LABEL__ {id: row.id})
SET n += row.props,
    n.aliases = coalesce(n.aliases, []) + [x IN row.aliases WHERE NOT x IN coalesce(n.aliases, [])],
    n.documents = coalesce(n.documents, []) + [x IN row.documents WHERE NOT x IN coalesce(n.documents, [])],
    n.mentions = coalesce(n.mentions, 0)
RETURN count(n) AS matched
