// The migration benchmarks of issue 3, on one PostgreSQL server that this program starts (the
// test fixture's): generated small migrations applied by the installed `deckhand migrate`, by
// the physical floor (the real psql running the same scripts in one session, each in its own
// transaction with one history insert) and by dbmate; `deckhand status` on 10,000 applied
// migrations; peak memory; growth from 100 to 10,000 scripts; and the same on SQLite against
// the sqlite3 shell. The sides of a comparison run interleaved, round by round and in a
// rotating order, each on a fresh database, so that a machine whose speed drifts affects every
// side alike; results are medians and ratios to a baseline of the same run, printed as Markdown.
//
//   bench_migrate --deckhand PREFIX/bin/deckhand [--dbmate PATH] [--psql PATH] [--sqlite3 PATH]
//                 [--rounds N] [--large-rounds N] [--status-runs N] [--sqlite-rounds N]
//                 [--no-large] [--other-deckhand LABEL=PATH]...
//   bench_migrate --generate DIR     only writes the script sets (100, 1,000, 10,000) into DIR
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "deckhand/migrate/history.hpp"
#include "deckhand/script/checksum.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using deckhand::test::PostgresServer;
using deckhand::test::TempDir;

// --- options -----------------------------------------------------------------------------

struct Options {
    fs::path deckhand;
    fs::path dbmate;
    fs::path psql = "/usr/lib/postgresql/15/bin/psql";
    fs::path sqlite3 = "/usr/bin/sqlite3";
    int rounds = 11;       // 100 and 1,000 scripts
    int large_rounds = 3;  // 10,000 scripts
    int status_runs = 21;
    int sqlite_rounds = 5;  // dbmate takes seconds per round there
    bool large = true;
    fs::path generate_into;  // only write the script sets there (for profiling by hand)
    // Other builds of deckhand measured beside it (before and after a change), by label.
    std::vector<std::pair<std::string, fs::path>> others;
};

[[noreturn]] void usage() {
    std::fprintf(stderr,
                 "usage: bench_migrate --deckhand PATH [--dbmate PATH] [--psql PATH] "
                 "[--sqlite3 PATH] [--rounds N] [--large-rounds N] [--status-runs N] "
                 "[--sqlite-rounds N] [--no-large] "
                 "[--other-deckhand LABEL=PATH]...\n       bench_migrate --generate DIR\n");
    std::exit(2);
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage();
            }
            return argv[++i];
        };
        if (arg == "--deckhand") {
            options.deckhand = value();
        } else if (arg == "--dbmate") {
            options.dbmate = value();
        } else if (arg == "--psql") {
            options.psql = value();
        } else if (arg == "--sqlite3") {
            options.sqlite3 = value();
        } else if (arg == "--rounds") {
            options.rounds = std::atoi(value().c_str());
        } else if (arg == "--large-rounds") {
            options.large_rounds = std::atoi(value().c_str());
        } else if (arg == "--sqlite-rounds") {
            options.sqlite_rounds = std::atoi(value().c_str());
        } else if (arg == "--status-runs") {
            options.status_runs = std::atoi(value().c_str());
        } else if (arg == "--generate") {
            options.generate_into = value();
            return options;
        } else if (arg == "--other-deckhand") {
            const std::string text = value();
            const auto eq = text.find('=');
            if (eq == std::string::npos || eq == 0) {
                usage();
            }
            options.others.emplace_back(text.substr(0, eq), text.substr(eq + 1));
        } else if (arg == "--no-large") {
            options.large = false;
        } else {
            usage();
        }
    }
    if (options.deckhand.empty() || options.rounds < 1 || options.large_rounds < 1 ||
        options.status_runs < 1 || options.sqlite_rounds < 1) {
        usage();
    }
    // Absolute: the children run in a scratch folder.
    std::vector<fs::path*> tools{&options.deckhand, &options.dbmate, &options.psql,
                                 &options.sqlite3};
    for (auto& other : options.others) {
        tools.push_back(&other.second);
    }
    for (fs::path* tool : tools) {
        if (!tool->empty()) {
            *tool = fs::absolute(*tool);
        }
    }
    for (const fs::path* tool : tools) {
        if (tool == &options.dbmate) {
            continue;
        }
        if (access(tool->c_str(), X_OK) != 0) {
            std::fprintf(stderr, "bench_migrate: %s is not an executable\n", tool->c_str());
            std::exit(2);
        }
    }
    if (!options.dbmate.empty() && access(options.dbmate.c_str(), X_OK) != 0) {
        std::fprintf(stderr, "bench_migrate: %s is not an executable\n", options.dbmate.c_str());
        std::exit(2);
    }
    return options;
}

// --- generated migrations --------------------------------------------------------------------

// Script i (from 1) of a cycle of four on table t<group>: create it, insert rows (two
// statements), add a column, index it. The SQL is the same on PostgreSQL and SQLite.
struct Script {
    int number = 0;
    std::string version;      // "00042": zero-padded, so that every tool sorts alike
    std::string description;  // "create_t00010"
    std::string text;
};

std::vector<Script> generate(int count) {
    std::vector<Script> scripts;
    scripts.reserve(static_cast<std::size_t>(count));
    char buffer[16];
    for (int i = 1; i <= count; ++i) {
        std::snprintf(buffer, sizeof buffer, "%05d", i);
        std::string version = buffer;
        std::snprintf(buffer, sizeof buffer, "t%05d", (i - 1) / 4);
        const std::string table = buffer;
        Script script{i, version, {}, {}};
        switch ((i - 1) % 4) {
            case 0:
                script.description = "create_" + table;
                script.text = "-- A table of the generated schema.\nCREATE TABLE " + table +
                              " (\n    id bigint PRIMARY KEY,\n    name text NOT NULL,\n"
                              "    created_at timestamp\n);\n";
                break;
            case 1:
                script.description = "fill_" + table;
                script.text = "INSERT INTO " + table + " (id, name) VALUES (1, 'first');\n";
                script.text += "INSERT INTO " + table;
                script.text += " (id, name) VALUES (2, 'second'), (3, 'third');\n";
                break;
            case 2:
                script.description = "add_note_to_" + table;
                script.text = "ALTER TABLE " + table + " ADD COLUMN note text;\n";
                break;
            default:
                script.description = "index_" + table + "_name";
                script.text = "CREATE INDEX " + table + "_name ON ";
                script.text += table + " (name);\n";
                break;
        }
        scripts.push_back(std::move(script));
    }
    return scripts;
}

int tables_of(int count) {
    return (count + 3) / 4;
}
int indexes_of(int count) {
    return count / 4;
}

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

// The same scripts in the forms each tool reads.
struct ScriptSet {
    int count = 0;
    fs::path deckhand_dir;  // V00001__create_t00000.sql ...
    fs::path dbmate_dir;    // 00001_create_t00000.sql with -- migrate:up / -- migrate:down
    fs::path psql_file;     // one session: BEGIN; script; history row; COMMIT; per script
    fs::path sqlite_file;   // the same for the sqlite3 shell, with deckhand's pragmas
};

ScriptSet write_script_set(const fs::path& root, int count) {
    ScriptSet set;
    set.count = count;
    set.deckhand_dir = root / ("deckhand-" + std::to_string(count));
    set.dbmate_dir = root / ("dbmate-" + std::to_string(count));
    set.psql_file = root / ("floor-postgres-" + std::to_string(count) + ".sql");
    set.sqlite_file = root / ("floor-sqlite-" + std::to_string(count) + ".sql");
    fs::create_directories(set.deckhand_dir);
    fs::create_directories(set.dbmate_dir);
    // deckhand's history table, as its engine creates it, so that the floor writes the same
    // rows into the same kind of table.
    std::string psql = deckhand::migrate::create_history_table_sql("postgres") + ";\n";
    // deckhand opens SQLite files with these (plugins/sqlite/src/connection.cpp): a fair floor
    // commits the same way.
    std::string sqlite =
        "PRAGMA foreign_keys = ON;\nPRAGMA journal_mode = WAL;\nPRAGMA synchronous = NORMAL;\n";
    sqlite += deckhand::migrate::create_history_table_sql("sqlite") + ";\n";
    for (const Script& script : generate(count)) {
        const std::string file = "V" + script.version + "__" + script.description + ".sql";
        write_file(set.deckhand_dir / file, script.text);
        std::string dbmate = "-- migrate:up\n";
        dbmate += script.text;
        dbmate += "\n-- migrate:down\n";
        write_file(set.dbmate_dir / (script.version + "_" + script.description + ".sql"), dbmate);
        const std::string checksum =
            deckhand::script::script_checksum(deckhand::script::normalize_script_text(script.text));
        std::string description = script.description;
        std::replace(description.begin(), description.end(), '_', ' ');
        std::string values = "(";
        values += std::to_string(script.number);
        values.append(", '").append(script.version).append("', '").append(description);
        values.append("', 'SQL', '").append(file).append("', '").append(checksum).append("', ");
        psql += "BEGIN;\n" + script.text +
                "INSERT INTO deckhand_schema_history (installed_rank, version, description, "
                "type, script, checksum, installed_by, execution_time, success, phase) VALUES " +
                values + "current_user, 0, true, 'pre');\nCOMMIT;\n";
        sqlite += "BEGIN;\n" + script.text +
                  "INSERT INTO deckhand_schema_history (installed_rank, version, description, "
                  "type, script, checksum, installed_by, execution_time, success, phase) VALUES " +
                  values + "'', 0, 1, 'pre');\nCOMMIT;\n";
    }
    write_file(set.psql_file, psql);
    write_file(set.sqlite_file, sqlite);
    return set;
}

// --- timed processes -------------------------------------------------------------------------

struct Sample {
    double ms = 0;
    long max_rss_kb = 0;
    double cpu_ms = 0;          // the command's own user and system time
    double server_cpu_ms = -1;  // its PostgreSQL backend's, where measured
};

// The environment of every child: ours without anything that would point a tool elsewhere.
std::vector<std::string> child_environment() {
    std::vector<std::string> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string_view text = *entry;
        if (text.starts_with("DECKHAND_") || text.starts_with("DATABASE_URL=") ||
            text.starts_with("PG") || text.starts_with("KUBERNETES_") ||
            text.starts_with("DBMATE_")) {
            continue;
        }
        env.emplace_back(text);
    }
    return env;
}

class Runner {
  public:
    Runner(fs::path measure, fs::path scratch)
        : measure_(std::move(measure)), scratch_(std::move(scratch)), env_(child_environment()) {
        fs::create_directories(scratch_);
    }

    // Runs argv to completion with its output in a log file, through bench_migrate_measure: wall
    // time from spawn to reaping, and the command's peak resident memory (wait4's rusage). Any
    // failure ends the benchmark.
    Sample run(const std::vector<std::string>& argv, const std::string& label) const {
        const fs::path log = scratch_ / "last-run.log";
        const fs::path result = scratch_ / "last-run.result";
        std::vector<std::string> words{measure_.string(), result.string()};
        words.insert(words.end(), argv.begin(), argv.end());
        std::vector<char*> args;
        args.reserve(words.size() + 1);
        for (const auto& word : words) {
            args.push_back(const_cast<char*>(word.c_str()));
        }
        args.push_back(nullptr);
        std::vector<char*> env;
        for (const auto& entry : env_) {
            env.push_back(const_cast<char*>(entry.c_str()));
        }
        env.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        // No deckhand.opts, .env or ./migrations of ours is found from here.
        posix_spawn_file_actions_addchdir_np(&actions, scratch_.c_str());
        fs::remove(result);
        pid_t pid = 0;
        const int spawned = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), env.data());
        posix_spawn_file_actions_destroy(&actions);
        if (spawned != 0) {
            throw std::runtime_error("cannot start " + words[0] + ": " + std::strerror(spawned));
        }
        int status = 0;
        while (waitpid(pid, &status, 0) < 0) {
            if (errno != EINTR) {
                throw std::runtime_error("waitpid failed");
            }
        }
        Sample sample;
        long long ns = 0;
        long long cpu_us = 0;
        int command_status = -1;
        std::FILE* in = std::fopen(result.c_str(), "r");
        const bool measured =
            in != nullptr && std::fscanf(in, "%lld %ld %d %lld", &ns, &sample.max_rss_kb,
                                         &command_status, &cpu_us) == 4;
        if (in != nullptr) {
            std::fclose(in);
        }
        if (!measured || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            std::string output = deckhand::test::read_file(log);
            if (output.size() > 4000) {
                output = "..." + output.substr(output.size() - 4000);
            }
            throw std::runtime_error(label + " failed (status " + std::to_string(command_status) +
                                     "):\n" + output);
        }
        sample.ms = static_cast<double>(ns) / 1e6;
        sample.cpu_ms = static_cast<double>(cpu_us) / 1e3;
        return sample;
    }

    const fs::path& scratch() const { return scratch_; }

  private:
    fs::path measure_;
    fs::path scratch_;
    std::vector<std::string> env_;
};

// --- statistics ----------------------------------------------------------------------------

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

struct Series {
    std::string label;
    std::vector<Sample> samples;  // one per round

    std::vector<double> ms() const {
        std::vector<double> out;
        for (const auto& sample : samples) {
            out.push_back(sample.ms);
        }
        return out;
    }
    double median_ms() const { return median(ms()); }
    double min_ms() const {
        double least = samples.empty() ? 0 : samples.front().ms;
        for (const auto& sample : samples) {
            least = std::min(least, sample.ms);
        }
        return least;
    }
    double max_ms() const {
        double most = 0;
        for (const auto& sample : samples) {
            most = std::max(most, sample.ms);
        }
        return most;
    }
    double median_cpu_ms() const {
        std::vector<double> values;
        for (const auto& sample : samples) {
            values.push_back(sample.cpu_ms);
        }
        return median(values);
    }
    // -1 where the server's share was not measured.
    double median_server_cpu_ms() const {
        std::vector<double> values;
        for (const auto& sample : samples) {
            values.push_back(sample.server_cpu_ms);
        }
        return median(values);
    }
    double median_rss_mb() const {
        std::vector<double> values;
        values.reserve(samples.size());
        for (const auto& sample : samples) {
            values.push_back(static_cast<double>(sample.max_rss_kb) / 1024.0);
        }
        return median(values);
    }
    double max_rss_mb() const {
        long most = 0;
        for (const auto& sample : samples) {
            most = std::max(most, sample.max_rss_kb);
        }
        return static_cast<double>(most) / 1024.0;
    }
    // The median over rounds of this side's time over the baseline's in the same round.
    double median_round_ratio(const Series& baseline) const {
        std::vector<double> ratios;
        for (std::size_t i = 0; i < samples.size(); ++i) {
            ratios.push_back(samples[i].ms / baseline.samples[i].ms);
        }
        return median(ratios);
    }
};

// --- the sides of a comparison -----------------------------------------------------------------

// A side applies a script set to a fresh target (a database name on PostgreSQL, a file path on
// SQLite) and says how to check afterwards that every script is in its history.
struct Side {
    std::string label;
    std::function<std::vector<std::string>(const std::string& target)> argv;
    std::string history_table;
};

// One Series per side, each with room for a sample per round (filled in rotating order).
std::vector<Series> empty_series(const std::vector<Side>& sides, int rounds) {
    std::vector<Series> series;
    series.reserve(sides.size());
    for (const auto& side : sides) {
        series.push_back({side.label, std::vector<Sample>(static_cast<std::size_t>(rounds))});
    }
    return series;
}

std::string print_ms(double ms) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, ms < 100 ? "%.1f" : "%.0f", ms);
    return buffer;
}

std::string print_fixed(double value, int digits) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
    return buffer;
}

void print_table(const std::vector<Series>& series, int scripts) {
    const Series& baseline = series.front();
    const bool server = baseline.median_server_cpu_ms() >= 0;
    std::printf(
        "| side | median ms | min ms | max ms | ms per script | × %s (medians) | × %s (median of "
        "round ratios) | own CPU ms |%s max RSS MB (median, max) |\n",
        baseline.label.c_str(), baseline.label.c_str(), server ? " server CPU ms |" : "");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|%s---:|\n", server ? "---:|" : "");
    for (const auto& side : series) {
        std::string server_cell;
        if (server) {
            server_cell = " ";
            server_cell += print_ms(side.median_server_cpu_ms());
            server_cell += " |";
        }
        std::printf("| %s | %s | %s | %s | %s | %sx | %sx | %s |%s %s, %s |\n", side.label.c_str(),
                    print_ms(side.median_ms()).c_str(), print_ms(side.min_ms()).c_str(),
                    print_ms(side.max_ms()).c_str(),
                    print_fixed(side.median_ms() / scripts, 3).c_str(),
                    print_fixed(side.median_ms() / baseline.median_ms(), 3).c_str(),
                    print_fixed(side.median_round_ratio(baseline), 3).c_str(),
                    print_ms(side.median_cpu_ms()).c_str(), server_cell.c_str(),
                    print_fixed(side.median_rss_mb(), 1).c_str(),
                    print_fixed(side.max_rss_mb(), 1).c_str());
    }
    std::printf("\n");
    std::fflush(stdout);
}

const Series& find(const std::vector<Series>& series, const std::string& label) {
    for (const auto& side : series) {
        if (side.label == label) {
            return side;
        }
    }
    throw std::logic_error("no side " + label);
}

void verdict(const std::string& what, bool met, const std::string& detail) {
    std::printf("- %s: **%s** (%s)\n", what.c_str(), met ? "met" : "missed", detail.c_str());
}

// --- PostgreSQL ---------------------------------------------------------------------------------

class PostgresBench {
  public:
    PostgresBench(const PostgresServer& server, const Runner& runner)
        : server_(server), runner_(runner) {
        // The postmaster's own helpers (checkpointer, background writer, ...) stay; backends
        // come and go. Their count once the server is idle tells when a session has ended.
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        idle_children_ = deckhand::test::child_processes_of(server_.postmaster_pid()).size();
    }

    std::string url(const std::string& database) const { return server_.url(database); }

    // `rounds` rounds; in each, every side gets a fresh database, in an order that rotates from
    // round to round. Databases are dropped after their round unless `keep` names a side,
    // whose last database is returned through `kept`.
    std::vector<Series> compare(const std::vector<Side>& sides, const ScriptSet& set, int rounds,
                                const std::string& keep = {}, std::string* kept = nullptr) {
        std::vector<Series> series = empty_series(sides, rounds);
        for (int round = 0; round < rounds; ++round) {
            for (std::size_t k = 0; k < sides.size(); ++k) {
                const std::size_t index = (k + static_cast<std::size_t>(round)) % sides.size();
                const Side& side = sides[index];
                const std::string database = "bench_" + std::to_string(next_database_++);
                server_.create_database(database);
                // Every run starts from the same state: no dirty buffers of the previous run
                // left for the checkpointer or the kernel to write meanwhile.
                server_.psql("CHECKPOINT");
                ::sync();
                const double server_before = server_children_cpu_ms();
                std::fprintf(stderr, "  postgres %d scripts, round %d/%d: %s ...", set.count,
                             round + 1, rounds, side.label.c_str());
                Sample sample = runner_.run(side.argv(database), side.label);
                sample.server_cpu_ms = server_children_cpu_ms() - server_before;
                std::fprintf(stderr,
                             " %.0f ms, %ld kB, CPU %.0f ms here and %.0f ms in the server\n",
                             sample.ms, sample.max_rss_kb, sample.cpu_ms, sample.server_cpu_ms);
                check(database, side, set.count);
                series[index].samples[static_cast<std::size_t>(round)] = sample;
                const bool last_round = round + 1 == rounds;
                if (last_round && side.label == keep && kept != nullptr) {
                    *kept = database;
                } else {
                    server_.psql("DROP DATABASE " + database + " WITH (FORCE)");
                }
            }
        }
        return series;
    }

    std::string server_version() const { return server_.psql("SHOW server_version"); }

  private:
    // CPU time of the server's ended backends (the postmaster's reaped children), once every
    // session has ended: what the server spent on the sessions since the last call.
    double server_children_cpu_ms() const {
        const pid_t postmaster = server_.postmaster_pid();
        for (int waited = 0; waited < 300; ++waited) {
            if (deckhand::test::child_processes_of(postmaster).size() <= idle_children_) {
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        const std::string text =
            deckhand::test::read_file("/proc/" + std::to_string(postmaster) + "/stat");
        // Fields after the command name in parentheses; cutime and cstime are fields 16 and 17.
        std::istringstream fields(text.substr(text.rfind(')') + 2));
        std::vector<std::string> values;
        for (std::string value; fields >> value;) {
            values.push_back(value);
        }
        const double ticks = std::stod(values.at(13)) + std::stod(values.at(14));
        return ticks * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
    }

    // Every script applied once, and the schema they build exists.
    void check(const std::string& database, const Side& side, int count) const {
        const std::string found = server_.psql(
            "SELECT (SELECT count(*) FROM " + side.history_table +
                "), (SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname ~ "
                "'^t[0-9]+$'), (SELECT count(*) FROM pg_class WHERE relkind = 'i' AND relname ~ "
                "'^t[0-9]+_name$')",
            database);
        const std::string expected = std::to_string(count) + "|" +
                                     std::to_string(tables_of(count)) + "|" +
                                     std::to_string(indexes_of(count));
        if (found != expected) {
            throw std::runtime_error(side.label + " left " + found + " (history rows|tables|" +
                                     "indexes) in " + database + ", expected " + expected);
        }
    }

    const PostgresServer& server_;
    const Runner& runner_;
    std::size_t idle_children_ = 0;
    int next_database_ = 1;
};

std::vector<Side> postgres_sides(const Options& options, const PostgresBench& bench,
                                 const ScriptSet& set, bool with_dbmate) {
    std::vector<Side> sides;
    sides.push_back({"psql floor",
                     [&options, &bench, file = set.psql_file](const std::string& database) {
                         return std::vector<std::string>{
                             options.psql,        "-X", "-q",         "-v", "ON_ERROR_STOP=1", "-d",
                             bench.url(database), "-f", file.string()};
                     },
                     "deckhand_schema_history"});
    sides.push_back({"deckhand",
                     [&options, &bench, dir = set.deckhand_dir](const std::string& database) {
                         return std::vector<std::string>{options.deckhand,    "--database-url",
                                                         bench.url(database), "--migrations",
                                                         dir.string(),        "migrate"};
                     },
                     "deckhand_schema_history"});
    for (const auto& [label, path] : options.others) {
        if (!with_dbmate) {
            break;  // only in the main comparison
        }
        sides.push_back(
            {label,
             [&bench, path = path, dir = set.deckhand_dir](const std::string& database) {
                 return std::vector<std::string>{path.string(),       "--database-url",
                                                 bench.url(database), "--migrations",
                                                 dir.string(),        "migrate"};
             },
             "deckhand_schema_history"});
    }
    if (with_dbmate && !options.dbmate.empty()) {
        sides.push_back({"dbmate",
                         [&options, &bench, dir = set.dbmate_dir](const std::string& database) {
                             return std::vector<std::string>{
                                 options.dbmate,
                                 "--url",
                                 bench.url(database) + "?sslmode=disable",
                                 "--migrations-dir",
                                 dir.string(),
                                 "--no-dump-schema",
                                 "up"};
                         },
                         "schema_migrations"});
    }
    return sides;
}

// --- SQLite ---------------------------------------------------------------------------------

std::vector<Series> compare_sqlite(const Options& options, const Runner& runner,
                                   const ScriptSet& set, int rounds) {
    std::vector<Side> sides;
    sides.push_back({"sqlite3 floor",
                     [&options, file = set.sqlite_file](const std::string& path) {
                         return std::vector<std::string>{options.sqlite3, "-bail", path,
                                                         ".read " + file.string()};
                     },
                     "deckhand_schema_history"});
    sides.push_back({"deckhand",
                     [&options, dir = set.deckhand_dir](const std::string& path) {
                         return std::vector<std::string>{options.deckhand,   "--database-url",
                                                         "sqlite://" + path, "--migrations",
                                                         dir.string(),       "migrate"};
                     },
                     "deckhand_schema_history"});
    if (!options.dbmate.empty()) {
        sides.push_back({"dbmate",
                         [&options, dir = set.dbmate_dir](const std::string& path) {
                             return std::vector<std::string>{options.dbmate,
                                                             "--url",
                                                             "sqlite:" + path,
                                                             "--migrations-dir",
                                                             dir.string(),
                                                             "--no-dump-schema",
                                                             "up"};
                         },
                         "schema_migrations"});
    }
    std::vector<Series> series = empty_series(sides, rounds);
    const fs::path dir = runner.scratch() / "sqlite";
    fs::create_directories(dir);
    for (int round = 0; round < rounds; ++round) {
        for (std::size_t k = 0; k < sides.size(); ++k) {
            const std::size_t index = (k + static_cast<std::size_t>(round)) % sides.size();
            const Side& side = sides[index];
            const fs::path file =
                dir / ("round-" + std::to_string(round) + "-" + std::to_string(index) + ".db");
            std::fprintf(stderr, "  sqlite %d scripts, round %d/%d: %s ...", set.count, round + 1,
                         rounds, side.label.c_str());
            Sample sample = runner.run(side.argv(file.string()), side.label);
            std::fprintf(stderr, " %.0f ms, %ld kB\n", sample.ms, sample.max_rss_kb);
            series[index].samples[static_cast<std::size_t>(round)] = sample;
            TempDir out_dir("bench-migrate-check");
            // Checked with the sqlite3 shell: every script in the history, the schema built.
            const fs::path out = out_dir / "count";
            runner.run({"/bin/sh", "-c",
                        "\"$0\" \"$1\" \"SELECT (SELECT count(*) FROM " + side.history_table +
                            "), (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                            "name GLOB 't[0-9]*'), (SELECT count(*) FROM sqlite_master WHERE "
                            "type = 'index' AND name GLOB 't[0-9]*_name')\" > \"$2\"",
                        options.sqlite3.string(), file.string(), out.string()},
                       "sqlite3 check");
            std::string found = deckhand::test::read_file(out);
            while (!found.empty() && found.back() == '\n') {
                found.pop_back();
            }
            const std::string expected = std::to_string(set.count) + "|" +
                                         std::to_string(tables_of(set.count)) + "|" +
                                         std::to_string(indexes_of(set.count));
            if (found != expected) {
                std::string message = side.label;
                message.append(" left ").append(found).append(" in ").append(file.string());
                throw std::runtime_error(message.append(", expected ").append(expected));
            }
            for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
                fs::remove(file.string() + suffix);
            }
        }
    }
    return series;
}

// sha256sum over every script of a folder: what reading and checksumming the folder costs in one
// process, without any database.
std::vector<std::string> sha256sum_argv(const fs::path& dir) {
    std::vector<std::string> argv{"/usr/bin/sha256sum"};
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    argv.insert(argv.end(), files.begin(), files.end());
    return argv;
}

// --- the run ---------------------------------------------------------------------------------

int run(const Options& options) {
    const auto started = std::chrono::steady_clock::now();
    TempDir work("bench-migrate");
    const fs::path tools = fs::read_symlink("/proc/self/exe").parent_path();
    Runner runner(tools / "bench_migrate_measure", work / "cwd");
    std::fprintf(stderr, "generating scripts in %s\n", work.path().c_str());
    const ScriptSet small = write_script_set(work.path(), 100);
    const ScriptSet medium = write_script_set(work.path(), 1000);
    std::optional<ScriptSet> large;
    if (options.large) {
        large = write_script_set(work.path(), 10000);
    }

    std::fprintf(stderr, "starting PostgreSQL\n");
    PostgresServer server;
    PostgresBench bench(server, runner);
    std::printf(
        "PostgreSQL %s (the test fixture's server: fsync off, one server for every "
        "side), %ld cores.\n\n",
        bench.server_version().c_str(), sysconf(_SC_NPROCESSORS_ONLN));

    // Warm-up: binaries and the server's caches, not recorded.
    bench.compare(postgres_sides(options, bench, small, true), small, 1);

    // 1, 2 and 4: 1,000 scripts against the floor and dbmate, with peak memory.
    std::printf("### PostgreSQL, 1,000 scripts (%d interleaved rounds, fresh database each)\n\n",
                options.rounds);
    auto thousand =
        bench.compare(postgres_sides(options, bench, medium, true), medium, options.rounds);
    print_table(thousand, 1000);
    const Series& floor = find(thousand, "psql floor");
    const Series& deckhand = find(thousand, "deckhand");
    const double ratio = deckhand.median_ms() / floor.median_ms();
    verdict("deckhand ≤ 1.15× the psql floor", ratio <= 1.15,
            print_fixed(ratio, 3) + "× by medians, " +
                print_fixed(deckhand.median_round_ratio(floor), 3) + "× by round ratios");
    if (!options.dbmate.empty()) {
        const Series& dbmate = find(thousand, "dbmate");
        verdict("deckhand faster than dbmate", deckhand.median_ms() < dbmate.median_ms(),
                "deckhand " + print_ms(deckhand.median_ms()) + " ms, dbmate " +
                    print_ms(dbmate.median_ms()) +
                    " ms: " + print_fixed(dbmate.median_ms() / deckhand.median_ms(), 2) +
                    "× faster by medians, " +
                    print_fixed(1.0 / deckhand.median_round_ratio(dbmate), 2) +
                    "× by round ratios");
    }
    verdict("deckhand migrate peak memory < 20 MB", deckhand.max_rss_mb() < 20.0,
            "max RSS " + print_fixed(deckhand.median_rss_mb(), 1) + " MB median, " +
                print_fixed(deckhand.max_rss_mb(), 1) + " MB max over the rounds");
    std::printf("\n");

    // 5: growth.
    std::printf("### PostgreSQL, growth from 100 to 10,000 scripts\n\n");
    std::map<int, std::vector<Series>> by_size;
    std::printf("100 scripts (%d rounds):\n\n", options.rounds);
    by_size[100] =
        bench.compare(postgres_sides(options, bench, small, false), small, options.rounds);
    print_table(by_size[100], 100);
    by_size[1000] = {find(thousand, "psql floor"), find(thousand, "deckhand")};
    std::string status_database;
    if (large) {
        std::printf("10,000 scripts (%d rounds):\n\n", options.large_rounds);
        by_size[10000] = bench.compare(postgres_sides(options, bench, *large, false), *large,
                                       options.large_rounds, "deckhand", &status_database);
        print_table(by_size[10000], 10000);
    }
    std::printf(
        "| scripts | psql floor ms | deckhand ms | psql µs per script | deckhand µs per "
        "script | deckhand × floor |\n|---:|---:|---:|---:|---:|---:|\n");
    for (const auto& [size, series] : by_size) {
        const double psql_ms = find(series, "psql floor").median_ms();
        const double deckhand_ms = find(series, "deckhand").median_ms();
        std::printf("| %d | %s | %s | %.0f | %.0f | %.3fx |\n", size, print_ms(psql_ms).c_str(),
                    print_ms(deckhand_ms).c_str(), psql_ms * 1000 / size, deckhand_ms * 1000 / size,
                    deckhand_ms / psql_ms);
    }
    std::printf("\n");
    std::fflush(stdout);

    // 3: status on 10,000 applied migrations.
    if (large) {
        std::printf("### `deckhand status` on 10,000 applied migrations (%d interleaved runs)\n\n",
                    options.status_runs);
        const std::string url = bench.url(status_database);
        const std::string dir = large->deckhand_dir.string();
        std::vector<std::pair<std::string, std::vector<std::string>>> subjects = {
            {"psql count(*) (connect and read the table)",
             {options.psql.string(), "-X", "-q", "-A", "-t", "-d", url, "-c",
              "select count(*) from deckhand_schema_history"}},
            {"psql select * (every row to the client)",
             {options.psql.string(), "-X", "-q", "-A", "-t", "-d", url, "-c",
              "select * from deckhand_schema_history order by installed_rank"}},
            {"read every script once (open, read, close; one thread)",
             {(tools / "bench_migrate_read_folder").string(), dir}},
            {"sha256sum of every script", sha256sum_argv(dir)},
            {"deckhand status",
             {options.deckhand.string(), "--database-url", url, "--migrations", dir, "status"}},
            {"deckhand status --output json",
             {options.deckhand.string(), "--database-url", url, "--migrations", dir, "status",
              "--output", "json"}},
        };
        for (const auto& [label, path] : options.others) {
            subjects.push_back(
                {label + " status",
                 {path.string(), "--database-url", url, "--migrations", dir, "status"}});
        }
        std::vector<Series> series;
        series.reserve(subjects.size());
        for (const auto& subject : subjects) {
            series.push_back({subject.first, {}});
        }
        for (const auto& subject : subjects) {
            runner.run(subject.second, subject.first);  // warm
        }
        for (int run = 0; run < options.status_runs; ++run) {
            for (std::size_t k = 0; k < subjects.size(); ++k) {
                const std::size_t index = (k + static_cast<std::size_t>(run)) % subjects.size();
                series[index].samples.push_back(
                    runner.run(subjects[index].second, subjects[index].first));
            }
        }
        // What status reported: the schema is current.
        runner.run({options.deckhand.string(), "--database-url", url, "--migrations", dir, "status",
                    "--output", "json"},
                   "deckhand status --output json");
        const std::string shown = deckhand::test::read_file(runner.scratch() / "last-run.log");
        std::printf(
            "| command | median ms | min ms | max ms | × %s | own CPU ms | max RSS MB (median) |\n",
            series.front().label.c_str());
        std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
        for (const auto& side : series) {
            std::printf("| %s | %s | %s | %s | %.2fx | %s | %.1f |\n", side.label.c_str(),
                        print_ms(side.median_ms()).c_str(), print_ms(side.min_ms()).c_str(),
                        print_ms(side.max_ms()).c_str(),
                        side.median_ms() / series.front().median_ms(),
                        print_ms(side.median_cpu_ms()).c_str(), side.median_rss_mb());
        }
        std::printf("\n");
        const Series& status = find(series, "deckhand status");
        verdict("deckhand status on 10,000 applied migrations < 50 ms", status.median_ms() < 50,
                "median " + print_ms(status.median_ms()) + " ms, " +
                    print_fixed(status.median_ms() / series.front().median_ms(), 2) +
                    "× psql count(*)");
        if (shown.find("\"current\": true") == std::string::npos) {
            throw std::runtime_error("status did not report the schema as current:\n" +
                                     shown.substr(0, 2000));
        }
        std::printf("\n");
        server.psql("DROP DATABASE " + status_database + " WITH (FORCE)");
    }

    // Informative: SQLite.
    std::printf(
        "### SQLite, 1,000 scripts (%d interleaved rounds, fresh file each; informative)\n\n",
        options.sqlite_rounds);
    compare_sqlite(options, runner, small, 1);  // warm-up
    auto sqlite = compare_sqlite(options, runner, medium, options.sqlite_rounds);
    print_table(sqlite, 1000);

    const auto total = std::chrono::steady_clock::now() - started;
    std::printf("Whole run: %.0f s.\n", std::chrono::duration<double>(total).count());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    try {
        if (!options.generate_into.empty()) {
            for (int count : {100, 1000, 10000}) {
                write_script_set(options.generate_into, count);
            }
            return 0;
        }
        return run(options);
    } catch (const std::exception& error) {
        std::fflush(stdout);
        std::fprintf(stderr, "bench_migrate: %s\n", error.what());
        return 1;
    }
}
