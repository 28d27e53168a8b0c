// The chart's values.yaml satisfies its values.schema.json (as `helm lint` would check), and a
// values file with a wrong type or an unknown key does not.   node check-values-schema.js CHART_DIR
"use strict";
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");
const Ajv = require("ajv");
const chart = process.argv[2];
const schema = JSON.parse(fs.readFileSync(path.join(chart, "values.schema.json"), "utf8"));
const values = YAML.parse(fs.readFileSync(path.join(chart, "values.yaml"), "utf8"));
const validate = new Ajv({allErrors: true}).compile(schema);
let failed = false;
if (!validate(values)) {
  console.error(`${chart}/values.yaml: ${JSON.stringify(validate.errors)}`);
  failed = true;
}
const broken = [
  ["migration.mode hooks", (v) => { v.migration.mode = "hooks"; }],
  ["replicaCount as text", (v) => { v.replicaCount = "2"; }],
  ["an unknown key", (v) => { v.migrations = {}; }],
  ["a duration without unit", (v) => { v.migration.waitTimeout = "10"; }],
];
for (const [what, change] of broken) {
  const copy = JSON.parse(JSON.stringify(values));
  change(copy);
  if (validate(copy)) {
    console.error(`${chart}/values.schema.json accepts ${what}`);
    failed = true;
  }
}
if (failed) process.exit(1);
console.log(`${chart}/values.yaml satisfies values.schema.json, which refuses ${broken.length} broken copies`);
