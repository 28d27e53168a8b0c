// Seeding: the production guard, the "schema is current" precondition, the plan against the
// seed history, and one transaction per script.
#include "deckhand/seed/seeder.hpp"

#include <spdlog/spdlog.h>

#include "deckhand/db/errors.hpp"
#include "deckhand/db/migration_lock.hpp"
#include "deckhand/duration.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/log_event.hpp"
#include "deckhand/plural.hpp"
#include "deckhand/script/script_transaction.hpp"
#include "deckhand/script/splitter.hpp"
#include "deckhand/seed/seed_history.hpp"

namespace deckhand::seed {
namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

void require_current_schema(db::Connection& connection, const script::MigrationSet& migrations,
                            script::Phase phase, const SeedIo& with) {
    const SchemaStanding standing = with.migrations.standing(connection, migrations, with.config);
    const auto outstanding = standing.outstanding_in(phase);
    if (outstanding.empty()) {
        return;
    }
    std::string list;
    for (std::size_t i = 0; i < outstanding.size() && i < 3; ++i) {
        list += (i ? ", " : "") + outstanding[i]->script + " (" + outstanding[i]->state + ")";
    }
    if (outstanding.size() > 3) {
        list += ", ...";
    }
    throw WorkFailed("the schema is not current, so seed data may not fit it: " +
                     plural(outstanding.size(), "migration is", "migrations are") +
                     " outstanding (" + list +
                     "); run `deckhand migrate` first, or `deckhand seed --migrate`");
}

std::vector<script::SubstitutedText> substitute_all(const SeedSet& seeds,
                                                    const std::string& dialect,
                                                    const script::Placeholders& given) {
    // Every script is substituted before the first one runs: an undefined placeholder anywhere
    // stops the run with nothing changed.
    std::vector<script::SubstitutedText> out;
    out.reserve(seeds.scripts.size());
    const auto sql_dialect = script::sql_dialect(dialect);
    for (const auto& seed : seeds.scripts) {
        script::refuse_transaction_control(
            seed.text, sql_dialect, seed.display_path,
            "remove it: each seed script is committed with its history row, or not at all");
        if (!seed.placeholders) {
            out.push_back(script::SubstitutedText{seed.text, {}});
            continue;
        }
        script::Placeholders values = given;
        values.set("deckhand:filename", seed.path.filename().string());
        values.set("deckhand:dialect", dialect);
        out.push_back(
            script::substitute_placeholders(seed.text, sql_dialect, values, seed.display_path));
    }
    return out;
}

// Indexes into seeds.scripts of what to run; counts the unchanged ones.
std::vector<std::size_t> plan(const SeedSet& seeds, const std::map<std::string, SeedRow>& applied,
                              SeedResult& result) {
    std::vector<std::size_t> due;
    for (std::size_t i = 0; i < seeds.scripts.size(); ++i) {
        const auto& seed = seeds.scripts[i];
        auto found = applied.find(seed.script);
        if (found != applied.end() && found->second.checksum == seed.checksum) {
            ++result.unchanged;
            continue;
        }
        due.push_back(i);
        result.applied.push_back({&seed, found != applied.end()});
    }
    return due;
}

void print_dry_run(const SeedResult& result, std::ostream& out) {
    if (result.applied.empty()) {
        out << "-- dry run: nothing to seed; "
            << plural(result.unchanged, "seed script is", "seed scripts are")
            << " applied and unchanged\n";
        return;
    }
    out << "-- dry run: " << plural(result.applied.size(), "seed script", "seed scripts")
        << " would run (" << result.unchanged << " unchanged); nothing was changed\n";
    for (const auto& entry : result.applied) {
        out << entry.script->display_path << " (" << (entry.changed ? "changed" : "new") << ")\n";
    }
}

}  // namespace

void check_environment(const Config& config, bool allow_production) {
    config.refuse_in_production(allow_production, "seed", "seed data is for development databases");
}

SeedResult seed(db::Connection& connection, const script::MigrationSet& migrations,
                const SeedSet& seeds, const SeedOptions& options, const SeedIo& with) {
    SeedResult result;
    seed(connection, migrations, seeds, options, with, result);
    return result;
}

void seed(db::Connection& connection, const script::MigrationSet& migrations, const SeedSet& seeds,
          const SeedOptions& options, const SeedIo& with, SeedResult& result) {
    const MigrationsIo& io = with.io;
    const auto started = Clock::now();
    result = SeedResult{};
    // However the run ends, the result says how long it took.
    struct RecordElapsed {
        SeedResult& result;
        Clock::time_point started;
        ~RecordElapsed() { result.elapsed = since(started); }
    } record_elapsed{result, started};
    const std::string dialect = connection.dialect();
    const auto sql = substitute_all(seeds, dialect, options.placeholders);

    if (options.migrate_first) {
        MigrateRequest request;
        request.phase = options.phase;
        request.dry_run = options.dry_run;
        request.lock_wait_timeout = options.lock_wait_timeout;
        request.placeholders = options.placeholders;
        result.migrated.emplace();
        with.migrations.migrate(connection, migrations, request, with.config, io, *result.migrated);
    } else {
        require_current_schema(connection, migrations, options.phase, with);
    }

    SeedHistory history(connection, with.migrations.seed_history(connection, with.config));
    // A first look without the lock: a dry run stops here, and so does a run with nothing to
    // do, which then neither waits for the lock nor creates the history table.
    plan(seeds, history.exists() ? history.read() : std::map<std::string, SeedRow>{}, result);
    if (options.dry_run) {
        print_dry_run(result, io.out);
        return;
    }
    if (result.applied.empty()) {
        log_event(io.log, spdlog::level::info, "seed_finished",
                  {{"seeded", 0},
                   {"unchanged", result.unchanged},
                   {"duration_ms", since(started).count()}},
                  fmt::format("nothing to seed; {} applied and unchanged",
                              plural(result.unchanged, "seed script is", "seed scripts are")));
        return;
    }

    db::MigrationLock lock(connection, options.lock_wait_timeout, io.cancellation, io.log);
    // Each seed script starts in this state, and its history row is written in it: a script's
    // SET ROLE or SET search_path stays inside that script.
    const auto restore_session = with.migrations.capture_session(connection);
    history.create_if_missing();
    // Only the history read under the lock counts: another run may have seeded meanwhile.
    auto migrated = std::move(result.migrated);
    result = SeedResult{};
    result.migrated = std::move(migrated);
    const auto due = plan(seeds, history.read(), result);
    const std::string applied_by = connection.current_user();

    for (std::size_t n = 0; n < due.size(); ++n) {
        const SeedScript& seed = seeds.scripts[due[n]];
        io.cancellation.throw_if_requested();
        const auto script_started = Clock::now();
        const std::string outcome =
            "this seed script was rolled back" +
            (n == 0   ? std::string()
             : n == 1 ? std::string("; the script before it stays applied")
                      : "; the " + std::to_string(n) + " scripts before it stay applied");
        try {
            script::Transaction transaction(connection);
            script::execute_script_text(connection, sql[due[n]], seed.text, seed.display_path,
                                        io.cancellation);
            restore_session(connection);
            history.record(seed.script, seed.checksum, since(script_started).count(), applied_by);
            transaction.commit();
        } catch (const db::DatabaseError& error) {  // begin, the history row or the commit
            result.applied[n].elapsed = since(script_started);
            result.failed = n;
            io.cancellation.throw_if_requested();
            throw WorkFailed(seed.display_path + ": " + error.what() + " (" + outcome + ")");
        } catch (const script::TransactionEnded& error) {
            // Its changes may be committed: say so, and not "rolled back".
            throw WorkFailed(std::string(error.what()) + "; the seed script is not recorded as " +
                             "applied");
        } catch (const WorkFailed& error) {
            result.applied[n].elapsed = since(script_started);
            result.failed = n;
            io.cancellation.throw_if_requested();
            throw WorkFailed(std::string(error.what()) + " (" + outcome + ")");
        }
        result.applied[n].ran = true;
        result.applied[n].elapsed = since(script_started);
        log_event(
            io.log, spdlog::level::info, "seed_applied",
            {{"script", seed.script},
             {"checksum", seed.checksum},
             {"changed", result.applied[n].changed},
             {"duration_ms", result.applied[n].elapsed.count()}},
            fmt::format("seeded {} in {}", seed.script, format_elapsed(result.applied[n].elapsed)));
    }
    const auto elapsed = since(started);
    const nlohmann::json fields{{"seeded", result.applied.size()},
                                {"unchanged", result.unchanged},
                                {"duration_ms", elapsed.count()}};
    if (result.applied.empty()) {
        log_event(io.log, spdlog::level::info, "seed_finished", fields,
                  fmt::format("nothing to seed; {} applied and unchanged",
                              plural(result.unchanged, "seed script is", "seed scripts are")));
    } else {
        log_event(io.log, spdlog::level::info, "seed_finished", fields,
                  fmt::format("seeded {} in {} ({} unchanged)",
                              plural(result.applied.size(), "script", "scripts"),
                              format_elapsed(elapsed), result.unchanged));
    }
}

}  // namespace deckhand::seed
