// Checks rendered Kubernetes manifests (Kustomize's or the Helm chart's) object by object:
// every object validates against the Kubernetes API's published schema (kubernetes-models),
// the migration Job runs `deckhand migrate` with only the migrator Secret, every application
// Pod template waits for that Job in an init container and holds only the application Secret,
// the init container's selector matches the Job's labels, the Role grants exactly get/list/watch
// on batch jobs, every container is non-root with a read-only root filesystem, and a
// post-deployment Job runs `migrate --phase post`.
//   node check-manifests.js FILE.yaml [--secrets N] [--helm] [--hook-mode]
// --helm: the post-deployment Job must be a post-install,post-upgrade hook.
// --hook-mode: the migration Job (and the migrator Secret the chart makes) must be Helm
// pre-install,pre-upgrade hooks, the Secret first.
"use strict";
const fs = require("fs");
const YAML = require("yaml");

const args = process.argv.slice(2);
const file = args[0];
const expectedSecrets = args.includes("--secrets") ? Number(args[args.indexOf("--secrets") + 1]) : null;
const failures = [];
const fail = (message) => failures.push(message);

const objects = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))
  .map((document) => {
    if (document.errors.length) fail(`${file}: ${document.errors[0].message}`);
    return document.toJS();
  })
  .filter((object) => object !== null && object !== undefined);
if (objects.length === 0) fail(`${file}: no objects`);

// 1. The published schema of each object's apiVersion and kind.
for (const object of objects) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const modulePath = `kubernetes-models/${group === "" ? "" : group + "/"}${version}/${object.kind}`;
  let Model;
  try {
    Model = require(modulePath)[object.kind];
  } catch (error) {
    fail(`${object.kind} ${object.metadata?.name}: no schema for ${object.apiVersion}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    fail(`${object.kind} ${object.metadata?.name}: ${error.message}`);
  }
}

const name = (object) => `${object.kind} ${object.metadata.name}`;
const ofKind = (kind) => objects.filter((object) => object.kind === kind);
const podSpec = (object) => object.spec.template.spec;
const containersOf = (spec) => [...(spec.initContainers || []), ...(spec.containers || [])];
const secretsOf = (spec) =>
  (spec.volumes || []).filter((volume) => volume.secret).map((volume) => volume.secret.secretName).concat(
    containersOf(spec).flatMap((container) =>
      (container.env || []).filter((env) => env.valueFrom?.secretKeyRef).map((env) => env.valueFrom.secretKeyRef.name)));
const runsDeckhand = (container, first) => (container.args || [])[0] === first && !container.command;
const hasPhasePost = (container) => (container.args || []).join(" ").includes("--phase post");

// 2. The migration Job and the post-deployment Job.
const jobs = ofKind("Job");
const migrateJobs = jobs.filter((job) =>
  podSpec(job).containers.some((container) => runsDeckhand(container, "migrate") && !hasPhasePost(container)));
const postJobs = jobs.filter((job) => podSpec(job).containers.some((container) => runsDeckhand(container, "migrate") && hasPhasePost(container)));
if (migrateJobs.length !== 1) fail(`expected one Job running deckhand migrate, found ${migrateJobs.length}`);
if (postJobs.length !== 1) fail(`expected one Job running deckhand migrate --phase post, found ${postJobs.length}`);
const migratorSecrets = new Set();
for (const job of [...migrateJobs, ...postJobs]) {
  const secrets = secretsOf(podSpec(job));
  if (secrets.length !== 1) fail(`${name(job)}: expected exactly the migrator Secret, found [${secrets}]`);
  secrets.forEach((secret) => migratorSecrets.add(secret));
  for (const field of ["backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished"]) {
    if (!Number.isInteger(job.spec[field])) fail(`${name(job)}: spec.${field} is not set`);
  }
  if (podSpec(job).restartPolicy !== "Never") fail(`${name(job)}: restartPolicy is not Never`);
}

// 3. The application: waits for the migration Job, holds only the application Secret.
const matches = (selector, labels) =>
  selector.split(",").every((term) => {
    const [key, value] = term.split("=");
    return labels && labels[key] === value;
  });
const appObjects = [...ofKind("Deployment"), ...ofKind("StatefulSet"), ...ofKind("DaemonSet")];
if (appObjects.length === 0) fail("no Deployment");
const appServiceAccounts = new Set();
for (const app of appObjects) {
  const spec = podSpec(app);
  const waits = (spec.initContainers || []).filter((container) => runsDeckhand(container, "wait-for-job"));
  if (waits.length !== 1) {
    fail(`${name(app)}: expected one wait-for-job init container, found ${waits.length}`);
    continue;
  }
  const waitArgs = waits[0].args;
  const selectorAt = waitArgs.findIndex((arg) => arg === "--selector" || arg === "-l");
  if (selectorAt < 0) fail(`${name(app)}: wait-for-job has no --selector`);
  else {
    const selector = waitArgs[selectorAt + 1];
    for (const job of migrateJobs) {
      if (!matches(selector, job.metadata.labels)) fail(`${name(app)}: selector ${selector} does not match ${name(job)}'s labels`);
      if (!matches(selector, job.spec.template.metadata.labels)) fail(`${name(app)}: selector ${selector} does not match ${name(job)}'s Pod labels`);
    }
    for (const job of postJobs) {
      if (matches(selector, job.metadata.labels)) fail(`${name(app)}: selector ${selector} also matches the post-deployment ${name(job)}`);
    }
  }
  if (!(waits[0].env || []).some((env) => env.name === "POD_NAMESPACE")) fail(`${name(app)}: wait-for-job has no POD_NAMESPACE`);
  if (!(waits[0].env || []).some((env) => env.name.startsWith("DECKHAND_DATABASE_URL"))) fail(`${name(app)}: wait-for-job has no database fallback`);
  const secrets = secretsOf(spec);
  if (secrets.length !== 1) fail(`${name(app)}: expected exactly the application Secret, found [${secrets}]`);
  for (const secret of secrets) {
    if (migratorSecrets.has(secret)) fail(`${name(app)}: holds the migrator Secret ${secret}`);
  }
  appServiceAccounts.add(spec.serviceAccountName || "default");
}

// 4. RBAC: the application's service account gets exactly get/list/watch on batch jobs.
const sorted = (list) => [...(list || [])].sort().join(",");
for (const account of appServiceAccounts) {
  const bindings = ofKind("RoleBinding").filter((binding) =>
    binding.subjects.some((subject) => subject.kind === "ServiceAccount" && subject.name === account));
  if (bindings.length !== 1) fail(`service account ${account}: expected one RoleBinding, found ${bindings.length}`);
  for (const binding of bindings) {
    const role = ofKind("Role").find((candidate) => candidate.metadata.name === binding.roleRef.name);
    if (!role) fail(`${name(binding)}: no Role ${binding.roleRef.name}`);
    else if (role.rules.length !== 1 || sorted(role.rules[0].apiGroups) !== "batch" ||
             sorted(role.rules[0].resources) !== "jobs" || sorted(role.rules[0].verbs) !== "get,list,watch")
      fail(`${name(role)}: expected exactly get/list/watch on batch jobs, found ${JSON.stringify(role.rules)}`);
    if (ofKind("ServiceAccount").length && !ofKind("ServiceAccount").some((sa) => sa.metadata.name === account))
      fail(`service account ${account} is not rendered`);
  }
}

// 5. Hardening of every container of every Pod template.
for (const owner of [...jobs, ...appObjects]) {
  const spec = podSpec(owner);
  if (spec.securityContext?.seccompProfile?.type !== "RuntimeDefault") fail(`${name(owner)}: seccompProfile is not RuntimeDefault`);
  for (const container of containersOf(spec)) {
    const where = `${name(owner)} container ${container.name}`;
    const context = container.securityContext || {};
    if (!(context.runAsNonRoot ?? spec.securityContext?.runAsNonRoot)) fail(`${where}: not runAsNonRoot`);
    const user = context.runAsUser ?? spec.securityContext?.runAsUser;
    if (!(user > 0)) fail(`${where}: runAsUser is not a non-root number`);
    if (context.readOnlyRootFilesystem !== true) fail(`${where}: root filesystem is not read-only`);
    if (context.allowPrivilegeEscalation !== false) fail(`${where}: allows privilege escalation`);
    if (sorted(context.capabilities?.drop) !== "ALL") fail(`${where}: capabilities not dropped`);
    for (const kind of ["requests", "limits"]) {
      if (!container.resources?.[kind]?.cpu || !container.resources?.[kind]?.memory) fail(`${where}: no resource ${kind}`);
    }
  }
}

// 6. Helm's hook mode.
const hooks = (object) => (object.metadata.annotations?.["helm.sh/hook"] || "").split(",");
const weight = (object) => Number(object.metadata.annotations?.["helm.sh/hook-weight"] || 0);
for (const job of postJobs) {
  if (args.includes("--helm") && !(hooks(job).includes("post-install") && hooks(job).includes("post-upgrade")))
    fail(`${name(job)}: not a post-install,post-upgrade hook`);
}
if (args.includes("--hook-mode")) {
  for (const job of migrateJobs) {
    if (!(hooks(job).includes("pre-install") && hooks(job).includes("pre-upgrade"))) fail(`${name(job)}: not a pre-install,pre-upgrade hook`);
    for (const secret of ofKind("Secret").filter((secret) => migratorSecrets.has(secret.metadata.name))) {
      if (!(hooks(secret).includes("pre-install") && weight(secret) < weight(job))) fail(`${name(secret)}: not a hook that comes before ${name(job)}`);
    }
  }
} else {
  for (const job of migrateJobs) if (job.metadata.annotations?.["helm.sh/hook"]) fail(`${name(job)}: a hook outside hook mode`);
}

// 7. Secrets, when the rendering carries them: the two, and no more.
if (expectedSecrets !== null && ofKind("Secret").length !== expectedSecrets)
  fail(`expected ${expectedSecrets} Secrets, found ${ofKind("Secret").length}`);

if (failures.length) {
  for (const failure of failures) console.error(`${file}: ${failure}`);
  process.exit(1);
}
console.log(`${file}: ${objects.length} objects checked`);
