#!/usr/bin/env python3
"""deckhand lint beside squawk (PostgreSQL only): which findings of squawk's deckhand also makes,
which it misses, which it adds; and both timed over the same 1,000 scripts, interleaved runs,
medians. Called by run.sh with the installed deckhand and squawk; prints Markdown."""
import json, os, resource, statistics, subprocess, sys, tempfile, time, glob

deckhand, squawk, corpus, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

# squawk's rule -> deckhand's rule that covers the same danger (None: deckhand has no such rule).
SQUAWK_TO_DECKHAND = {
    "adding-required-field": "not-null-without-default",
    "adding-not-nullable-field": "not-null-without-default",
    "ban-drop-column": "drop-column",
    "ban-drop-table": "drop-table",
    "renaming-column": "rename-column",
    "renaming-table": "rename-table",
    "changing-column-type": "change-column-type",
    "disallowed-unique-constraint": "unique-without-index",
    "constraint-missing-not-valid": "constraint-without-not-valid",
    "adding-foreign-key-constraint": "constraint-without-not-valid",
    "require-concurrent-index-creation": "index-without-concurrently",
    "require-concurrent-index-deletion": "drop-index-without-concurrently",
    "ban-concurrent-index-creation-in-transaction": "concurrently-in-transaction",
    "adding-field-with-default": "add-column-rewrites-table",
    "adding-serial-primary-key-field": "prefer-identity",
    "prefer-identity": "prefer-identity",
    "prefer-robust-stmts": "not-retryable",
    "prefer-timestamptz": "prefer-timestamptz",
    "prefer-text-field": "prefer-text",
    "ban-truncate-cascade": "truncate-cascade",
    "require-timeout-settings": "lock-timeout-missing",
    "require-lock-timeout": "lock-timeout-missing",
    "identifier-too-long": "identifier-too-long",
    "prefer-timestamp-tz": "prefer-timestamptz",
    "syntax-error": "syntax-error",
}

def new_script(case_file):
    """The new script of a corpus case: the text after its last '-- file: new' line."""
    text = open(case_file).read()
    marker = text.rfind("-- file: new ")
    return text[text.index("\n", marker) + 1:]

work = tempfile.mkdtemp(prefix="deckhand-lint-bench-")
cases = sorted(glob.glob(os.path.join(corpus, "postgres", "*.sql")))
files = []
for case in cases:
    path = os.path.join(work, "cases", os.path.basename(case))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write(new_script(case))
    files.append(path)

def deckhand_rules(paths):
    out = subprocess.run([deckhand, "--migrations", work, "lint", "--dialect", "postgres",
                          "--output", "json", *paths], capture_output=True, text=True, cwd=work)
    found = {}
    for f in json.loads(out.stdout)["findings"]:
        found.setdefault(os.path.basename(f["file"]), set()).add(f["rule"])
    return found

def squawk_rules(paths):
    out = subprocess.run([squawk, "--reporter", "json", *paths], capture_output=True, text=True, cwd=work)
    found = {}
    for f in json.loads(out.stdout or "[]"):
        found.setdefault(os.path.basename(f["file"]), set()).add(f["rule_name"])
    return found

ours, theirs = deckhand_rules(files), squawk_rules(files)
made, missed, unmapped, added = {}, {}, {}, {}
for name in sorted(set(ours) | set(theirs)):
    mine = ours.get(name, set())
    covered = set()
    for rule in sorted(theirs.get(name, set())):
        target = SQUAWK_TO_DECKHAND.get(rule)
        if target is None:
            unmapped[rule] = unmapped.get(rule, 0) + 1
        elif target in mine:
            made[rule] = made.get(rule, 0) + 1
            covered.add(target)
        else:
            missed[rule] = missed.get(rule, 0) + 1
    for rule in sorted(mine - covered):
        added[rule] = added.get(rule, 0) + 1

def table(title, counts):
    print(f"\n{title}\n")
    if not counts:
        print("(none)")
        return
    print("| rule | scripts |\n|---|---:|")
    for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"| `{rule}` | {n} |")

print(f"Findings over the {len(files)} PostgreSQL corpus scripts (each script alone, as squawk sees it):")
table("squawk's findings that deckhand also makes (squawk rule):", made)
table("squawk's findings that deckhand misses (squawk rule, mapped to a deckhand rule):", missed)
table("squawk's findings of rules deckhand does not have:", unmapped)
table("deckhand's findings that squawk does not make (deckhand rule):", added)

# Timing: 1,000 scripts, the corpus cycled, each tool run over all of them in one process.
bulk = []
for i in range(1000):
    path = os.path.join(work, "bulk", f"{i:04d}_" + os.path.basename(files[i % len(files)]))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write(open(files[i % len(files)]).read())
    bulk.append(path)
commands = {
    "deckhand lint": [deckhand, "--migrations", work, "lint", "--dialect", "postgres", *bulk],
    "squawk": [squawk, *bulk],
}
# Wall time, and the CPU time (user + system) of the process and its children: on a shared machine
# the wall time grows with the load (a run waits for a core), the CPU time much less.
times = {name: [] for name in commands}
cpu = {name: [] for name in commands}
for _ in range(runs):
    for name, command in commands.items():
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=work)
        times[name].append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[name].append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
load = os.getloadavg()[0]
print(f"\n1,000 scripts, {runs} interleaved runs each, whole process (load average {load:.1f} on {os.cpu_count()} cores):\n")
print("| tool | wall median ms | wall min ms | wall max ms | CPU median ms |\n|---|---:|---:|---:|---:|")
for name, samples in times.items():
    print(f"| {name} | {statistics.median(samples):.1f} | {min(samples):.1f} | {max(samples):.1f} "
          f"| {statistics.median(cpu[name]):.1f} |")
ratio = statistics.median(times["squawk"]) / statistics.median(times["deckhand lint"])
print(f"\nsquawk / deckhand, wall medians: {ratio:.1f}x")
subprocess.run(["rm", "-rf", work])
