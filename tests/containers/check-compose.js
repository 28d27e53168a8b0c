// containers/compose.yaml parses, every service it depends on exists, there is no dependency
// cycle, PostgreSQL has a healthcheck that migrate waits for, and the application starts only
// after migrate (and seed) completed successfully.
//   node check-compose.js containers/compose.yaml
"use strict";
const fs = require("fs");
const YAML = require("yaml");
const file = process.argv[2];
const failures = [];
const fail = (message) => failures.push(`${file}: ${message}`);
const document = YAML.parseDocument(fs.readFileSync(file, "utf8"));
if (document.errors.length) fail(document.errors[0].message);
const services = document.toJS().services || {};
const dependsOn = (service) => services[service]?.depends_on || {};

for (const [service, spec] of Object.entries(services)) {
  if (!spec.image && !spec.build) fail(`service ${service} has neither image nor build`);
  for (const [dependency, condition] of Object.entries(dependsOn(service))) {
    if (!services[dependency]) fail(`service ${service} depends on missing ${dependency}`);
    if (!condition?.condition) fail(`service ${service}: depends_on ${dependency} has no condition`);
  }
}
// Start order (a topological sort); a cycle leaves services out.
const order = [];
const started = new Set();
while (order.length < Object.keys(services).length) {
  const ready = Object.keys(services).filter((s) => !started.has(s) && Object.keys(dependsOn(s)).every((d) => started.has(d)));
  if (ready.length === 0) { fail("dependency cycle"); break; }
  ready.forEach((s) => { started.add(s); order.push(s); });
}
const before = (a, b) => order.indexOf(a) >= 0 && order.indexOf(a) < order.indexOf(b);
const condition = (service, dependency) => dependsOn(service)[dependency]?.condition;
if (!services.postgres?.healthcheck) fail("postgres has no healthcheck");
if (condition("migrate", "postgres") !== "service_healthy") fail("migrate does not wait for a healthy postgres");
if (!String(services.migrate?.command).startsWith("migrate")) fail("the migrate service does not run deckhand migrate");
if (condition("seed", "migrate") !== "service_completed_successfully") fail("seed does not wait for migrate to complete");
if (condition("app", "migrate") !== "service_completed_successfully") fail("app does not wait for migrate to complete");
if (!(before("postgres", "migrate") && before("migrate", "seed") && before("migrate", "app"))) fail(`wrong start order ${order}`);
if (failures.length) { failures.forEach((f) => console.error(f)); process.exit(1); }
console.log(`${file}: start order ${order.join(" -> ")}`);
