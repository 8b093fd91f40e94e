// Who leads which country (or organisation), with the title and the sentences that say so.
// Change the label to :Organization to see leaders of organisations only.
MATCH (p:Person)-[r:LEADER_OF]->(c:Entity)
RETURN p.name AS leader, r.role AS role, c.name AS of, labels(c) AS labels,
       r.count AS sentences, r.evidence AS evidence
ORDER BY of, leader;
