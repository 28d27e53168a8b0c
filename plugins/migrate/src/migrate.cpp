// migrate: check, plan, take the lock, re-read, check and plan again, then apply one script at
// a time; or, under --dry-run, print the plan and its SQL.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "baseline_rows.hpp"
#include "deckhand/db/migration_lock.hpp"
#include "deckhand/duration.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/log_event.hpp"
#include "deckhand/migrate/engine.hpp"
#include "deckhand/migrate/json_report.hpp"
#include "deckhand/plural.hpp"
#include "deckhand/problem_list.hpp"
#include "deckhand/script/splitter.hpp"
#include "deckhand/script/transaction_needs.hpp"
#include "first_contact.hpp"
#include "script_runner.hpp"

namespace deckhand::migrate {
namespace {

using Clock = std::chrono::steady_clock;
using script::Migration;
using script::Phase;

std::string list_scripts(const std::vector<const StatusEntry*>& entries, std::size_t limit = 3) {
    std::string out;
    for (std::size_t i = 0; i < entries.size() && i < limit; ++i) {
        out += (i ? ", " : "") + std::string(entries[i]->script);
    }
    if (entries.size() > limit) {
        out += ", ...";
    }
    return out;
}

[[noreturn]] void refuse(const std::vector<std::string>& problems) {
    throw WorkFailed(
        list_problems("migrate changed nothing: " + plural(problems.size(), "problem", "problems") +
                          " must be settled first:",
                      problems));
}

// The scripts to apply, in order: on a database without history, the B script that stands for
// the V scripts it covers; then the versioned scripts; then the repeatables. Throws when the
// checks fail.
std::vector<const Migration*> plan(const Status& status, const script::MigrationSet& migrations,
                                   const MigrateOptions& options) {
    if (auto problems = find_problems(status, {options.phase, options.out_of_order, true});
        !problems.empty()) {
        refuse(problems);
    }
    if (options.phase == Phase::post) {
        // The contract half only once the expand half is in.
        if (auto pre = status.outstanding(Phase::pre); !pre.empty()) {
            throw WorkFailed(
                plural(pre.size(), "pre-deployment migration is", "pre-deployment migrations are") +
                " still pending (" + list_scripts(pre) +
                "); run `deckhand migrate --phase pre` first, or use --phase all");
        }
    }
    const bool fresh = status.history().empty();
    const Migration* baseline =
        script::phase_includes(options.phase, Phase::pre)
            ? status.baseline_for(migrations, options.target ? &*options.target : nullptr)
            : nullptr;
    std::vector<const Migration*> versioned;
    std::vector<const Migration*> repeatable;
    if (baseline != nullptr) {
        versioned.push_back(baseline);
    }
    for (const auto& entry : status.entries()) {
        if (entry.migration == nullptr || !script::phase_includes(options.phase, entry.phase)) {
            continue;
        }
        const Migration& migration = *entry.migration;
        const bool due = entry.state == MigrationState::pending ||
                         (entry.state == MigrationState::out_of_order && options.out_of_order) ||
                         // On a fresh database, what the newest B script covers may still be
                         // due when --target picks an older one.
                         (fresh && entry.state == MigrationState::below_baseline);
        if (!due) {
            continue;
        }
        if (migration.kind == script::ScriptKind::versioned) {
            if ((baseline == nullptr || baseline->version < migration.version) &&
                (!options.target || migration.version <= *options.target)) {
                versioned.push_back(&migration);
            }
        } else if (migration.kind == script::ScriptKind::repeatable) {
            repeatable.push_back(&migration);
        }
    }
    // Entries come in version order already; repeatables run after every versioned script.
    versioned.insert(versioned.end(), repeatable.begin(), repeatable.end());
    return versioned;
}

void check_target(const Status& status, const MigrateOptions& options) {
    if (!options.target) {
        return;
    }
    for (const auto& entry : status.entries()) {
        if (entry.version && *entry.version == *options.target) {
            return;
        }
    }
    throw UsageError("--target " + options.target->text() +
                     " names no migration of this folder or the database");
}

// The outstanding scripts of the folder that the plan leaves out, and why: another phase's, above
// --target, out of order (refused unless --out-of-order, so listed only when the plan is empty
// of them), or covered by a baseline script.
std::vector<SkippedScript> skipped_scripts(const Status& status,
                                           const std::vector<const Migration*>& planned,
                                           const MigrateOptions& options) {
    std::vector<SkippedScript> skipped;
    for (const auto& entry : status.entries()) {
        if (entry.migration == nullptr || (entry.state != MigrationState::pending &&
                                           entry.state != MigrationState::out_of_order)) {
            continue;
        }
        if (std::find(planned.begin(), planned.end(), entry.migration) != planned.end()) {
            continue;
        }
        const Migration& migration = *entry.migration;
        std::string reason;
        if (!script::phase_includes(options.phase, entry.phase)) {
            reason = "phase " + std::string(script::to_string(entry.phase)) +
                     " (runs with --phase " + std::string(script::to_string(entry.phase)) + ")";
        } else if (options.target && migration.kind != script::ScriptKind::repeatable &&
                   *options.target < migration.version) {
            reason = "above --target " + options.target->text();
        } else if (entry.state == MigrationState::out_of_order) {
            reason = "out of order (older than the newest applied version)";
        } else {
            reason = "covered by a baseline script";
        }
        skipped.push_back({&migration, std::move(reason)});
    }
    return skipped;
}

// The fields of a script's log event: what script_json says, and how long it ran.
nlohmann::json event_fields(const Migration& migration, std::chrono::milliseconds elapsed) {
    nlohmann::json fields = script_json(migration);
    fields["duration_ms"] = elapsed.count();
    return fields;
}

// Checks one script and substitutes its placeholders.
script::SubstitutedText prepare_one(const Migration& migration,
                                    const script::MigrationSet& migrations,
                                    const script::Placeholders& given, const HistoryTable& table) {
    const auto dialect = script::sql_dialect(migrations.dialect);
    if (migration.transactional) {
        // golang-migrate and dbmate users wrap whole files; that much is taken out for them.
        const bool wrapping_allowed = migrations.convention == script::Convention::golang_migrate ||
                                      migrations.convention == script::Convention::dbmate;
        script::refuse_transaction_control(
            migration.text, dialect, migration.display_path,
            std::string("remove it, or start the script with -- deckhand:no-transaction") +
                (wrapping_allowed ? " (only a BEGIN first and a COMMIT last that wrap the whole "
                                    "file are taken out for you)"
                                  : ""));
    }
    if (!migration.placeholders) {
        return script::SubstitutedText{migration.text, {}};
    }
    return script::substitute_placeholders(migration.text, dialect,
                                           placeholders_for(migration, migrations, given, table),
                                           migration.display_path);
}

// The scripts of a run and the callbacks around them, checked and substituted before the first
// one runs: an undefined placeholder or a stray COMMIT anywhere stops the run with nothing
// changed.
struct Prepared {
    std::vector<const Migration*> scripts;
    std::vector<script::SubstitutedText> sql;  // one per script
    std::vector<const Migration*> callbacks;   // every callback the set has
    std::vector<script::SubstitutedText> callback_sql;

    // The prepared callbacks of one event, in the order they run.
    std::vector<detail::PreparedScript> callbacks_for(script::CallbackEvent event) const {
        std::vector<detail::PreparedScript> out;
        for (std::size_t i = 0; i < callbacks.size(); ++i) {
            if (callbacks[i]->event == event) {
                out.push_back({callbacks[i], &callback_sql[i]});
            }
        }
        return out;
    }
};

Prepared prepare(std::vector<const Migration*> scripts, const script::MigrationSet& migrations,
                 const script::Placeholders& given, const HistoryTable& table) {
    Prepared out;
    out.scripts = std::move(scripts);
    out.sql.reserve(out.scripts.size());
    for (const Migration* migration : out.scripts) {
        out.sql.push_back(prepare_one(*migration, migrations, given, table));
    }
    for (const auto& callback : migrations.callbacks) {
        out.callbacks.push_back(&callback);
        out.callback_sql.push_back(prepare_one(callback, migrations, given, table));
    }
    return out;
}

std::string describe(const Migration& migration) {
    switch (migration.kind) {
        case script::ScriptKind::versioned:
            return "V" + migration.version.text() + " " + migration.description;
        case script::ScriptKind::baseline:
            return "B" + migration.version.text() + " " + migration.description +
                   " (baseline, in place of the versions it covers)";
        case script::ScriptKind::callback:
            return std::string(script::to_string(migration.event)) + " callback";
        default:
            return "R " + migration.description;
    }
}

// Why a script runs outside a transaction, for the progress line and the dry-run plan.
std::string outside_transaction(const Migration& migration,
                                const script::MigrationSet& migrations) {
    if (migration.no_transaction != script::NoTransaction::statements) {
        return std::string(script::describe(migration.no_transaction));
    }
    const auto needs =
        script::transaction_needs(migration.text, script::sql_dialect(migrations.dialect));
    if (!needs.non_transactional) {
        return std::string(script::describe(migration.no_transaction));
    }
    return std::string(needs.non_transactional->what) + " (line " +
           std::to_string(needs.non_transactional->line) + ") cannot run in one";
}

void print_script(std::ostream& out, const Migration& migration, const script::SubstitutedText& sql,
                  const script::MigrationSet& migrations) {
    out << "\n-- " << describe(migration) << ": " << migration.display_path
        << (migration.transactional ? std::string(" (in a transaction)")
                                    : " (outside a transaction, statement by statement: " +
                                          outside_transaction(migration, migrations) + ")")
        << "\n"
        << script::shown_text(sql, migration.text);  // secret placeholders as ***
    if (!sql.text.empty() && sql.text.back() != '\n') {
        out << '\n';
    }
}

void print_dry_run(const Prepared& prepared, const script::MigrationSet& migrations,
                   const MigrateOptions& options, std::ostream& out) {
    using script::CallbackEvent;
    const auto& scripts = prepared.scripts;
    if (scripts.empty()) {
        out << "-- dry run: nothing to apply; the schema is current (phase "
            << to_string(options.phase) << ")\n";
    } else {
        out << "-- dry run: " << plural(scripts.size(), "migration", "migrations")
            << " would be applied (phase " << to_string(options.phase)
            << "); nothing was changed\n";
    }
    auto print_callbacks = [&](CallbackEvent event) {
        for (const auto& callback : prepared.callbacks_for(event)) {
            print_script(out, *callback.migration, *callback.sql, migrations);
        }
    };
    print_callbacks(CallbackEvent::before_migrate);
    const auto before_each = prepared.callbacks_for(CallbackEvent::before_each_migrate);
    const auto after_each = prepared.callbacks_for(CallbackEvent::after_each_migrate);
    if (!scripts.empty() && (!before_each.empty() || !after_each.empty())) {
        out << "\n-- around each migration, in its transaction: "
            << plural(before_each.size(), "beforeEachMigrate callback",
                      "beforeEachMigrate callbacks")
            << " before, "
            << plural(after_each.size(), "afterEachMigrate callback", "afterEachMigrate callbacks")
            << " after:\n";
        print_callbacks(CallbackEvent::before_each_migrate);
        print_callbacks(CallbackEvent::after_each_migrate);
    }
    for (std::size_t i = 0; i < scripts.size(); ++i) {
        print_script(out, *scripts[i], prepared.sql[i], migrations);
    }
    print_callbacks(CallbackEvent::after_migrate);
}

// Runs the callbacks of a failure (afterEachMigrateError, afterMigrateError) before the error is
// reported: one that fails itself is logged, and the first error still is the one reported.
void run_error_callbacks(detail::ScriptRunner& runner,
                         const std::vector<detail::PreparedScript>& callbacks, const Io& io) {
    for (const auto& callback : callbacks) {
        try {
            runner.run_callback(callback);
            io.log.info("ran callback {}", callback.migration->script);
        } catch (const WorkFailed& error) {
            io.log.error("{}", error.what());
        }
    }
}

}  // namespace

script::Placeholders placeholders_for(const Migration& migration,
                                      const script::MigrationSet& migrations,
                                      const script::Placeholders& given,
                                      const HistoryTable& table) {
    script::Placeholders values = given;
    values.set("deckhand:filename", std::string(migration.file_name()));
    values.set("deckhand:dialect", migrations.dialect);
    values.set("deckhand:table", table.sql());
    return values;
}

MigrateResult migrate(db::Connection& connection, const script::MigrationSet& migrations,
                      const MigrateOptions& options, const Io& io) {
    MigrateResult result;
    migrate(connection, migrations, options, io, result);
    return result;
}

void migrate(db::Connection& connection, const script::MigrationSet& migrations,
             const MigrateOptions& options, const Io& io, MigrateResult& result) {
    using script::CallbackEvent;
    const auto started = Clock::now();
    result = MigrateResult{};
    // However the run ends, the result says how long it took.
    struct RecordElapsed {
        MigrateResult& result;
        Clock::time_point started;
        ~RecordElapsed() {
            result.elapsed =
                std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
        }
    } record_elapsed{result, started};

    // Fixed now, before any script runs: a script's SET search_path cannot move the history.
    const HistoryTable table = HistoryTable::resolve(connection, options.history_table);

    // Everything that can be checked without the lock is checked first, so that a run that
    // would fail changes nothing, not even by creating the history table.
    {
        Status before = read_status(connection, migrations, table);
        if (before.history().empty()) {
            if (auto version = detail::check_first_contact(connection, table, options, nullptr)) {
                // Planned as it will run: after the baseline.
                before = Status(migrations, detail::baseline_rows(migrations, *version, ""), true,
                                table.display());
                if (options.dry_run) {
                    result.baselined_at = *version;
                    io.out << "-- dry run: the schema holds objects but no history; it would "
                              "first be baselined at version "
                           << version->text() << " (--baseline-on-migrate)\n";
                }
            }
        }
        if (!options.create_schemas) {
            table.ensure_schema(connection, false);
        }
        check_target(before, options);
        result.schema_version = before.newest_applied();
        auto planned = plan(before, migrations, options);
        result.skipped = skipped_scripts(before, planned, options);
        auto prepared = prepare(std::move(planned), migrations, options.placeholders, table);
        if (options.dry_run) {
            print_dry_run(prepared, migrations, options, io.out);
            for (const Migration* migration : prepared.scripts) {
                result.applied.push_back({migration->script, {}, migration});
                if (migration->kind != script::ScriptKind::repeatable) {
                    ++result.versioned;
                }
            }
            return;
        }
    }

    if (options.ddl_lock_timeout.count() > 0) {
        connection.set_lock_timeout(options.ddl_lock_timeout);
    }
    if (options.statement_timeout.count() > 0) {
        connection.set_statement_timeout(options.statement_timeout);
    }

    db::MigrationLock lock(connection, options.lock_wait_timeout, io.cancellation, io.log);
    // The state each script starts in, deckhand's timeouts included.
    SessionState session = SessionState::capture(connection);
    if (options.create_schemas) {
        table.ensure_schema(connection, true);
    }
    History history(connection, table);
    history.create_if_missing();
    // Another process may have migrated while this one waited: only the history read under
    // the lock counts.
    auto rows = history.read();
    const std::string installed_by = connection.current_user();
    std::optional<detail::SchemaObjects> first_run;  // what the schema held before a first run
    if (rows.empty()) {
        if (auto version = detail::check_first_contact(connection, table, options, &io.log)) {
            detail::write_rows(connection, history,
                               detail::baseline_rows(migrations, *version, installed_by));
            rows = history.read();
            result.baselined_at = *version;
        } else {
            first_run = detail::objects_beside(connection, table);
        }
    }
    Status status(migrations, std::move(rows), true, table.display());
    result.schema_version = status.newest_applied();
    auto planned = plan(status, migrations, options);
    result.skipped = skipped_scripts(status, planned, options);
    const auto prepared = prepare(std::move(planned), migrations, options.placeholders, table);
    const auto& scripts = prepared.scripts;

    detail::ScriptRunner runner(connection, history, io.cancellation, installed_by,
                                std::move(session));
    // Callbacks leave no history row, so the log is their record.
    auto run_callbacks = [&](CallbackEvent event) {
        for (const auto& callback : prepared.callbacks_for(event)) {
            const auto callback_started = Clock::now();
            runner.run_callback(callback);
            const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                Clock::now() - callback_started);
            log_event(io.log, spdlog::level::info, "callback_ran",
                      event_fields(*callback.migration, elapsed),
                      fmt::format("ran callback {} in {}", callback.migration->script,
                                  format_elapsed(elapsed)));
        }
    };
    detail::EachCallbacks each{prepared.callbacks_for(CallbackEvent::before_each_migrate),
                               prepared.callbacks_for(CallbackEvent::after_each_migrate)};
    const auto dialect = script::sql_dialect(migrations.dialect);
    std::int64_t rank = status.next_rank();
    run_callbacks(CallbackEvent::before_migrate);
    // As Flyway: afterMigrateError covers the migrations (and their callbacks), not the
    // callbacks of the whole run.
    try {
        for (std::size_t i = 0; i < scripts.size(); ++i) {
            const Migration& migration = *scripts[i];
            const bool repeatable = migration.kind == script::ScriptKind::repeatable;
            if (repeatable && (i == 0 || scripts[i - 1]->kind != script::ScriptKind::repeatable)) {
                if (i > 0) {
                    run_callbacks(CallbackEvent::after_versioned);
                }
                run_callbacks(CallbackEvent::before_repeatables);
            }
            io.log.debug("applying {} ({})", migration.display_path, describe(migration));
            if (!script::has_statements(prepared.sql[i].text, dialect)) {
                io.log.debug("{} holds no statement; it is recorded as applied all the same",
                             migration.display_path);
            }
            const auto script_started = Clock::now();
            try {
                runner.apply(migration, prepared.sql[i], rank++, each);
            } catch (const WorkFailed& error) {
                const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                    Clock::now() - script_started);
                result.failed = FailedScript{&migration, elapsed};
                nlohmann::json fields = event_fields(migration, elapsed);
                fields["error"] = error.what();
                log_event(
                    io.log, spdlog::level::err, "migration_failed", fields,
                    fmt::format("{} failed after {}", migration.script, format_elapsed(elapsed)));
                run_error_callbacks(
                    runner, prepared.callbacks_for(CallbackEvent::after_each_migrate_error), io);
                if (first_run && i == 0) {
                    detail::explain_first_failure(table, *first_run, error);
                }
                throw;
            }
            const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                Clock::now() - script_started);
            std::string message;
            if (migration.kind == script::ScriptKind::baseline) {
                message = fmt::format(
                    "applied {} in {}: a baseline script, in place of the versioned "
                    "scripts up to {}",
                    migration.script, format_elapsed(elapsed), migration.version.text());
            } else if (migration.transactional) {
                message =
                    fmt::format("applied {} in {}", migration.script, format_elapsed(elapsed));
            } else {
                message = fmt::format("applied {} in {}, outside a transaction ({})",
                                      migration.script, format_elapsed(elapsed),
                                      outside_transaction(migration, migrations));
            }
            log_event(io.log, spdlog::level::info, "migration_applied",
                      event_fields(migration, elapsed), message);
            result.applied.push_back({migration.script, elapsed, &migration});
            if (!repeatable) {
                ++result.versioned;
                if (!result.schema_version || *result.schema_version < migration.version) {
                    result.schema_version = migration.version;
                }
            }
            if (!repeatable && i + 1 == scripts.size()) {
                run_callbacks(CallbackEvent::after_versioned);
            }
        }
    } catch (const WorkFailed&) {
        run_error_callbacks(runner, prepared.callbacks_for(CallbackEvent::after_migrate_error), io);
        throw;
    }
    if (!scripts.empty()) {
        run_callbacks(CallbackEvent::after_migrate_applied);
    }
    run_callbacks(CallbackEvent::after_migrate);
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);

    const std::string version =
        result.schema_version ? result.schema_version->text() : std::string("none");
    const nlohmann::json fields{{"phase", to_string(options.phase)},
                                {"applied", result.applied.size()},
                                {"versioned", result.versioned},
                                {"repeatable", result.applied.size() - result.versioned},
                                {"skipped", result.skipped.size()},
                                {"duration_ms", result.elapsed.count()},
                                {"schema_version", version_json(result.schema_version)}};
    if (result.applied.empty() && options.target && result.schema_version &&
        *options.target < *result.schema_version) {
        // Flyway and golang-migrate users may expect --target to go back: say that it did not.
        log_event(io.log, spdlog::level::warn, "migrate_finished", fields,
                  fmt::format("--target {} is below the current schema version {}; nothing is "
                              "undone (deckhand never reverts a migration: write a new one that "
                              "reverses it)",
                              options.target->text(), version));
    } else if (result.applied.empty()) {
        log_event(io.log, spdlog::level::info, "migrate_finished", fields,
                  fmt::format("schema is up to date (version {}, phase {}); nothing to apply",
                              version, to_string(options.phase)));
    } else {
        log_event(io.log, spdlog::level::info, "migrate_finished", fields,
                  fmt::format("applied {} ({} versioned, {} repeatable) in {}; schema version {}",
                              plural(result.applied.size(), "migration", "migrations"),
                              result.versioned, result.applied.size() - result.versioned,
                              format_elapsed(result.elapsed), version));
    }
}

}  // namespace deckhand::migrate
