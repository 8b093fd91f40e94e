// Document nodes: one row per document; scalar properties only, latest load wins.
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
SET d += row.props
