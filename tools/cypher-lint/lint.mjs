// Lint Cypher statements with Neo4j's own parser and semantic analysis.
//
// Why: no Neo4j server runs in CI, yet every statement the store sends must be valid Cypher
// that names only our labels, relationship types, properties and parameters. The package
// @neo4j-cypher/language-support is the parser and semantic analyser behind Neo4j's editors;
// `lintCypherQuery(query, dbSchema)` returns syntax errors, semantic errors (undefined
// variables, undeclared parameters) and warnings for labels, types and properties that the
// DbSchema does not declare.
//
// stdin:  {"schema": DbSchema, "statements": [{"name": "...", "text": "..."}]}
// stdout: [{"name": "...", "diagnostics": [{"severity": "error"|"warning"|"info"|"hint",
//           "message": "...", "start": n, "end": n}]}]
// Exit status 0 when the input could be linted (the caller judges the diagnostics), 2 when
// the input was not valid JSON of that shape.

import { lintCypherQuery } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function lintOne(statement, schema) {
  const { diagnostics } = lintCypherQuery(statement.text, schema, {
    consoleCommandsEnabled: false,
  });
  return {
    name: statement.name,
    diagnostics: diagnostics.map((d) => ({
      severity: SEVERITY[d.severity] ?? String(d.severity),
      message: d.message,
      start: d.offsets?.start ?? null,
      end: d.offsets?.end ?? null,
    })),
  };
}

let input;
try {
  input = JSON.parse(await readStdin());
  if (!Array.isArray(input.statements)) throw new Error('"statements" must be an array');
} catch (err) {
  process.stderr.write(`cypher-lint: bad input: ${err.message}\n`);
  process.exit(2);
}

const schema = input.schema ?? {};
const results = input.statements.map((statement) => lintOne(statement, schema));
process.stdout.write(JSON.stringify(results));
