// migrate: check, plan, take the lock, re-read, check and plan again, then apply one script at
// a time; or, under --dry-run, print the plan and its SQL.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "baseline_rows.hpp"
#include "deckhand/db/migration_lock.hpp"
#include "deckhand/duration.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/migrate/engine.hpp"
#include "deckhand/script/splitter.hpp"
#include "first_contact.hpp"
#include "script_runner.hpp"

namespace deckhand::migrate {
namespace {

using Clock = std::chrono::steady_clock;
using script::Migration;
using script::Phase;

std::string plural(std::size_t count, const char* one, const char* many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

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
    std::string message = problems.front();
    if (problems.size() > 1) {
        message += " (and " + plural(problems.size() - 1, "more problem", "more problems") + ")";
    }
    throw WorkFailed(message);
}

// The scripts to apply, in order; throws when the checks fail.
std::vector<const Migration*> plan(const Status& status, const MigrateOptions& options) {
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
    std::vector<const Migration*> versioned;
    std::vector<const Migration*> repeatable;
    for (const auto& entry : status.entries()) {
        if (entry.migration == nullptr || !script::phase_includes(options.phase, entry.phase)) {
            continue;
        }
        const bool due = entry.state == MigrationState::pending ||
                         (entry.state == MigrationState::out_of_order && options.out_of_order);
        if (!due) {
            continue;
        }
        if (entry.migration->versioned()) {
            if (!options.target || entry.migration->version <= *options.target) {
                versioned.push_back(entry.migration);
            }
        } else {
            repeatable.push_back(entry.migration);
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

// Every script is checked and substituted before the first one runs: an undefined placeholder
// or a stray COMMIT anywhere stops the run with nothing changed.
std::vector<script::SubstitutedText> prepare(const std::vector<const Migration*>& scripts,
                                             const script::MigrationSet& migrations,
                                             const script::Placeholders& given,
                                             const HistoryTable& table) {
    std::vector<script::SubstitutedText> out;
    out.reserve(scripts.size());
    const auto dialect = script::sql_dialect(migrations.dialect);
    for (const Migration* migration : scripts) {
        if (migration->transactional) {
            if (auto control = script::find_transaction_control(migration->text, dialect)) {
                std::string_view statement =
                    control->text.substr(0, control->text.find_first_of(" \t\n;"));
                throw ConfigError(
                    migration->display_path + ":" + std::to_string(control->line) + ": '" +
                    std::string(statement) +
                    "' controls transactions, but deckhand runs this script in a transaction of "
                    "its "
                    "own; remove it, or start the script with -- deckhand:no-transaction");
            }
        }
        if (!migration->placeholders) {
            out.push_back(script::SubstitutedText{migration->text, {}});
            continue;
        }
        out.push_back(script::substitute_placeholders(
            migration->text, dialect, placeholders_for(*migration, migrations, given, table),
            migration->display_path));
    }
    return out;
}

std::string describe(const Migration& migration) {
    return (migration.versioned() ? "V" + migration.version.text() : std::string("R")) + " " +
           migration.description;
}

void print_dry_run(const std::vector<const Migration*>& scripts,
                   const std::vector<script::SubstitutedText>& sql, const MigrateOptions& options,
                   std::ostream& out) {
    if (scripts.empty()) {
        out << "-- dry run: nothing to apply; the schema is current (phase "
            << to_string(options.phase) << ")\n";
        return;
    }
    out << "-- dry run: " << plural(scripts.size(), "migration", "migrations")
        << " would be applied (phase " << to_string(options.phase) << "); nothing was changed\n";
    for (std::size_t i = 0; i < scripts.size(); ++i) {
        const Migration& migration = *scripts[i];
        out << "\n-- " << describe(migration) << ": " << migration.display_path
            << (migration.transactional ? " (in a transaction)"
                                        : " (outside a transaction, statement by statement)")
            << "\n"
            << sql[i].text;
        if (!sql[i].text.empty() && sql[i].text.back() != '\n') {
            out << '\n';
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
    const auto started = Clock::now();
    MigrateResult result;

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
        auto scripts = plan(before, options);
        auto sql = prepare(scripts, migrations, options.placeholders, table);
        if (options.dry_run) {
            print_dry_run(scripts, sql, options, io.out);
            for (const Migration* migration : scripts) {
                result.applied.push_back({migration->script, {}});
                if (migration->versioned()) {
                    ++result.versioned;
                }
            }
            result.schema_version = before.newest_applied();
            return result;
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
        } else {
            first_run = detail::objects_beside(connection, table);
        }
    }
    Status status(migrations, std::move(rows), true, table.display());
    auto scripts = plan(status, options);
    auto sql = prepare(scripts, migrations, options.placeholders, table);

    detail::ScriptRunner runner(connection, history, io.cancellation, installed_by,
                                std::move(session));
    std::int64_t rank = status.next_rank();
    result.schema_version = status.newest_applied();
    for (std::size_t i = 0; i < scripts.size(); ++i) {
        const Migration& migration = *scripts[i];
        io.log.debug("applying {} ({})", migration.display_path, describe(migration));
        const auto script_started = Clock::now();
        try {
            runner.apply(migration, sql[i], rank++);
        } catch (const WorkFailed& error) {
            if (first_run && i == 0) {
                detail::explain_first_failure(table, *first_run, error);
            }
            throw;
        }
        const auto elapsed =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - script_started);
        io.log.info("applied {} in {}", migration.script, format_elapsed(elapsed));
        result.applied.push_back({migration.script, elapsed});
        if (migration.versioned()) {
            ++result.versioned;
            if (!result.schema_version || *result.schema_version < migration.version) {
                result.schema_version = migration.version;
            }
        }
    }
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);

    const std::string version =
        result.schema_version ? result.schema_version->text() : std::string("none");
    if (result.applied.empty()) {
        io.log.info("schema is up to date (version {}, phase {}); nothing to apply", version,
                    to_string(options.phase));
    } else {
        io.log.info("applied {} ({} versioned, {} repeatable) in {}; schema version {}",
                    plural(result.applied.size(), "migration", "migrations"), result.versioned,
                    result.applied.size() - result.versioned, format_elapsed(result.elapsed),
                    version);
    }
    return result;
}

}  // namespace deckhand::migrate
