// Entity nodes of one label (the loader fills in __LABEL__ from the schema allow-list).
// aliases and documents are set unions, so loading the same rows again changes nothing;
// `mentions` is owned by merge_mentions.cypher (the sum of the MENTIONS counts).
UNWIND $rows AS row
MERGE (n:__LABEL__:Entity {id: row.id})
SET n += row.props,
    n.aliases = coalesce(n.aliases, []) + [x IN row.aliases WHERE NOT x IN coalesce(n.aliases, [])],
    n.documents = coalesce(n.documents, []) + [x IN row.documents WHERE NOT x IN coalesce(n.documents, [])],
    n.mentions = coalesce(n.mentions, 0)
