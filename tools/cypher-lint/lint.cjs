// Parse Cypher with Neo4j's own parser and semantic analysis (lintCypherQuery, Cypher 5).
// Why: the Bolt server the tests use forgives things Neo4j would reject; this is the check
// that Neo4j itself would accept every statement we ship or build.
// Input on stdin: JSON [{"name": str, "query": str, "parameters": {name: example value}}].
// Output on stdout: JSON [{"name", "errors": [msg...], "warnings": [msg...]}], exit 0;
// exit 2 when the input is not such a list. Run by tests/test_cypher_lint.py.
"use strict";
const { lintCypherQuery } = require("@neo4j-cypher/language-support");

const ERROR = 1; // vscode-languageserver DiagnosticSeverity.Error; 2 is Warning

function lintOne(item) {
  const schema = { defaultLanguage: "CYPHER 5", parameters: item.parameters || {} };
  const { diagnostics } = lintCypherQuery(item.query, schema);
  const say = (d) => `${d.message} (at ${d.offsets ? d.offsets.start : "?"})`;
  return {
    name: item.name,
    errors: diagnostics.filter((d) => d.severity === ERROR).map(say),
    warnings: diagnostics.filter((d) => d.severity !== ERROR).map(say),
  };
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  let items;
  try {
    items = JSON.parse(input);
    if (!Array.isArray(items)) throw new Error("expected a JSON list");
  } catch (e) {
    process.stderr.write(`lint.cjs: bad input: ${e.message}\n`);
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(items.map(lintOne)) + "\n");
});
