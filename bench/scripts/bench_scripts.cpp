// The script-size benchmark of issue 10.5: one generated INSERT-heavy script of 1, 8 and 50 MB,
// run whole by the installed deckhand (as a migration, and through `deckhand sql`) beside the
// databases' own shells: `sqlite3 DB < script` with the script wrapped in BEGIN/COMMIT, and
// `psql -1 -v ON_ERROR_STOP=1 -f script` against a PostgreSQL server this program starts (the
// test fixture's, as an unprivileged user when run as root). The sides run interleaved, round
// by round in a rotating order, each on a fresh database holding the empty table, so that a
// machine whose speed drifts affects every side alike; each run's rows are counted afterwards.
// Prints Markdown: medians and the median of the round-by-round ratios to the shell.
//
//   bench_scripts --deckhand PREFIX/bin/deckhand [--psql PATH] [--sqlite3 PATH]
//                 [--sizes 1,8,50] [--rounds N] [--large-rounds N] [--dialects sqlite,postgres]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/postgres_server.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using deckhand::test::PostgresServer;
using deckhand::test::ProcessOptions;
using deckhand::test::ProcessResult;
using deckhand::test::run_process;
using deckhand::test::TempDir;

struct Options {
    fs::path deckhand;
    fs::path psql = "/usr/lib/postgresql/15/bin/psql";
    fs::path sqlite3 = "/usr/bin/sqlite3";
    std::vector<int> sizes_mb{1, 8, 50};
    int rounds = 5;        // scripts below 50 MB
    int large_rounds = 3;  // 50 MB and more: a PostgreSQL run takes most of a minute
    std::vector<std::string> dialects{"sqlite", "postgres"};
};

[[noreturn]] void usage(const std::string& why) {
    std::fprintf(stderr,
                 "bench_scripts: %s\nusage: bench_scripts --deckhand PATH [--psql PATH] "
                 "[--sqlite3 PATH] [--sizes 1,8,50] [--rounds N] [--large-rounds N] "
                 "[--dialects sqlite,postgres]\n",
                 why.c_str());
    std::exit(2);
}

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');) {
        if (!part.empty()) {
            parts.push_back(part);
        }
    }
    return parts;
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage(arg + " needs a value");
            }
            return argv[++i];
        };
        if (arg == "--deckhand") {
            options.deckhand = value();
        } else if (arg == "--psql") {
            options.psql = value();
        } else if (arg == "--sqlite3") {
            options.sqlite3 = value();
        } else if (arg == "--sizes") {
            options.sizes_mb.clear();
            for (const auto& part : split_commas(value())) {
                options.sizes_mb.push_back(std::stoi(part));
            }
        } else if (arg == "--rounds") {
            options.rounds = std::stoi(value());
        } else if (arg == "--large-rounds") {
            options.large_rounds = std::stoi(value());
        } else if (arg == "--dialects") {
            options.dialects = split_commas(value());
        } else {
            usage("unknown argument " + arg);
        }
    }
    if (options.deckhand.empty()) {
        usage("--deckhand is required");
    }
    for (const fs::path* tool : {&options.deckhand, &options.psql, &options.sqlite3}) {
        if (access(tool->c_str(), X_OK) != 0) {
            usage(tool->string() + " is not an executable");
        }
    }
    if (options.rounds < 1 || options.large_rounds < 1 || options.sizes_mb.empty()) {
        usage("rounds and sizes must be positive");
    }
    return options;
}

// --- the generated script --------------------------------------------------------------------

const char* const table_sql =
    "CREATE TABLE events (id bigint PRIMARY KEY, account_id bigint NOT NULL, kind text NOT "
    "NULL, payload text, amount numeric(12, 2), created_at timestamp NOT NULL);";

// An application's event log as a data load or a backfill writes it: single-row INSERTs, a
// multi-row INSERT every 20 statements, an UPDATE every 100, quotes doubled inside strings.
// The same SQL runs on PostgreSQL and SQLite. Returns the script and its row count.
std::pair<std::string, long> generate_script(std::size_t bytes) {
    static const char* const kinds[] = {"login", "logout", "purchase", "refund", "comment"};
    static const char* const names[] = {"Ada", "O''Brien", "Grace", "Linus", "Barbara"};
    std::string sql;
    sql.reserve(bytes + 4096);
    sql += "-- generated by bench_scripts: an event backfill\n";
    long id = 0;
    char line[512];
    for (long statement = 0; sql.size() < bytes; ++statement) {
        if (statement % 100 == 99) {
            std::snprintf(line, sizeof line,
                          "UPDATE events SET amount = amount + 1, payload = payload || ' "
                          "(corrected)' WHERE id = %ld;\n",
                          id / 2 + 1);
            sql += line;
            continue;
        }
        const int rows = statement % 20 == 19 ? 10 : 1;
        sql += "INSERT INTO events (id, account_id, kind, payload, amount, created_at) VALUES ";
        for (int row = 0; row < rows; ++row) {
            ++id;
            const long account = (id * 7919) % 100000;
            std::snprintf(line, sizeof line,
                          "%s(%ld, %ld, '%s', '%s of account %ld did it from 10.%ld.%ld.%ld', "
                          "%ld.%02ld, '2026-%02ld-%02ld %02ld:%02ld:%02ld')",
                          row == 0 ? "" : ",\n  ", id, account, kinds[id % 5], names[id % 5],
                          account, id % 256, (id / 256) % 256, id % 251, (id * 37) % 10000,
                          id % 100, 1 + id % 12, 1 + id % 28, id % 24, id % 60, (id * 13) % 60);
            sql += line;
        }
        sql += ";\n";
    }
    return {sql, id};
}

void write_file(const fs::path& path, const std::string& text) {
    std::FILE* out = std::fopen(path.c_str(), "wb");
    if (out == nullptr || std::fwrite(text.data(), 1, text.size(), out) != text.size() ||
        std::fclose(out) != 0) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

// --- runs ------------------------------------------------------------------------------------

ProcessResult checked(const std::vector<std::string>& argv, const std::string& label,
                      const fs::path& working_dir) {
    ProcessOptions options;
    options.working_dir = working_dir;  // no deckhand.opts, .env or migrations of ours
    options.timeout = std::chrono::minutes(10);
    auto result = run_process(argv, options);
    if (result.exit_code != 0) {
        std::string err = result.err.size() > 2000 ? result.err.substr(0, 2000) : result.err;
        throw std::runtime_error(label + " failed (exit " + std::to_string(result.exit_code) +
                                 "): " + err);
    }
    return result;
}

struct Side {
    std::string label;
    // Prepares a fresh database (untimed) and returns the command to time, then a check.
    std::function<std::vector<std::string>(int round)> prepare;
    std::function<long()> count_rows;
    std::vector<double> ms;
};

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Runs every side `rounds` times, in a rotating order, checking each run's row count.
void run_rounds(std::vector<Side>& sides, int rounds, long rows, const fs::path& scratch) {
    for (int round = 0; round < rounds; ++round) {
        for (std::size_t k = 0; k < sides.size(); ++k) {
            Side& side = sides[(k + static_cast<std::size_t>(round)) % sides.size()];
            const auto argv = side.prepare(round);
            const auto result = checked(argv, side.label, scratch);
            const long found = side.count_rows();
            if (found != rows) {
                throw std::runtime_error(side.label + " left " + std::to_string(found) +
                                         " rows, not " + std::to_string(rows));
            }
            side.ms.push_back(static_cast<double>(result.elapsed.count()));
        }
    }
}

// A Markdown row per side: median, range, and the median of its per-round ratios to the last
// side (the database's own shell).
void print_table(const std::string& dialect, int mb, std::size_t bytes,
                 const std::vector<Side>& sides) {
    const Side& shell = sides.back();
    for (const Side& side : sides) {
        std::vector<double> ratios;
        for (std::size_t i = 0; i < side.ms.size(); ++i) {
            ratios.push_back(side.ms[i] / shell.ms[i]);
        }
        const double med = median(side.ms);
        std::printf("| %s | %d MB | %s | %zu | %.0f | %.0f–%.0f | %.1f | %.2fx |\n",
                    dialect.c_str(), mb, side.label.c_str(), side.ms.size(), med,
                    *std::min_element(side.ms.begin(), side.ms.end()),
                    *std::max_element(side.ms.begin(), side.ms.end()),
                    static_cast<double>(bytes) / 1e6 / (med / 1000), median(ratios));
    }
    std::fflush(stdout);
}

long sqlite_count(const Options& options, const fs::path& database, const fs::path& scratch) {
    const auto result =
        checked({options.sqlite3.string(), database.string(), "SELECT count(*) FROM events;"},
                "counting rows", scratch);
    return std::stol(result.out);
}

std::vector<Side> sqlite_sides(const Options& options, const fs::path& dir, const fs::path& script,
                               const fs::path& wrapped, const fs::path& scratch) {
    const fs::path database = dir / "bench.db";
    auto fresh = [&options, database, scratch] {
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            fs::remove(database.string() + suffix);
        }
        // WAL, as deckhand makes its databases; the shell runs on the same kind of file.
        checked({options.sqlite3.string(), database.string(),
                 std::string("PRAGMA journal_mode = WAL; ") + table_sql},
                "creating the table", scratch);
    };
    const std::string url = "sqlite:" + database.string();
    auto count = [&options, database, scratch] { return sqlite_count(options, database, scratch); };
    std::vector<Side> sides;
    sides.push_back({"deckhand migrate",
                     [=, &options](int) {
                         fresh();
                         return std::vector<std::string>{
                             options.deckhand.string(),     "--database-url", url, "--migrations",
                             (dir / "migrations").string(), "migrate"};
                     },
                     count,
                     {}});
    sides.push_back({"deckhand sql",
                     [=, &options](int) {
                         fresh();
                         return std::vector<std::string>{options.deckhand.string(),
                                                         "--database-url", url, "sql",
                                                         script.string()};
                     },
                     count,
                     {}});
    sides.push_back({"sqlite3 < script (BEGIN … COMMIT)",
                     [=, &options](int) {
                         fresh();
                         return std::vector<std::string>{"/bin/sh",
                                                         "-c",
                                                         "exec \"$0\" \"$1\" < \"$2\"",
                                                         options.sqlite3.string(),
                                                         database.string(),
                                                         wrapped.string()};
                     },
                     count,
                     {}});
    return sides;
}

std::vector<Side> postgres_sides(const Options& options, const PostgresServer& server,
                                 const fs::path& dir, const fs::path& script) {
    // A fresh database per run, the table in it.
    auto fresh = [&server](const std::string& name) {
        const std::string url = server.create_database(name);
        server.psql(table_sql, name);
        return url;
    };
    auto count = [&server](const std::string& name) {
        return
            [&server, name] { return std::stol(server.psql("SELECT count(*) FROM events", name)); };
    };
    std::vector<Side> sides;
    sides.push_back({"deckhand migrate",
                     [=, &options](int) {
                         const std::string url = fresh("bench_migrate");
                         return std::vector<std::string>{
                             options.deckhand.string(),     "--database-url", url, "--migrations",
                             (dir / "migrations").string(), "migrate"};
                     },
                     count("bench_migrate"),
                     {}});
    sides.push_back({"deckhand sql",
                     [=, &options](int) {
                         const std::string url = fresh("bench_sql");
                         return std::vector<std::string>{options.deckhand.string(),
                                                         "--database-url", url, "sql",
                                                         script.string()};
                     },
                     count("bench_sql"),
                     {}});
    sides.push_back({"psql -1 -v ON_ERROR_STOP=1 -f script",
                     [=, &options](int) {
                         const std::string url = fresh("bench_psql");
                         return std::vector<std::string>{
                             options.psql.string(), "-X", "-q", "-1", "-v",
                             "ON_ERROR_STOP=1",     "-d", url,  "-f", script.string()};
                     },
                     count("bench_psql"),
                     {}});
    return sides;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options options = parse_options(argc, argv);
        TempDir scratch("deckhand-bench-scripts");
        const bool on_postgres = std::find(options.dialects.begin(), options.dialects.end(),
                                           "postgres") != options.dialects.end();
        std::unique_ptr<PostgresServer> server;
        if (on_postgres) {
            server = std::make_unique<PostgresServer>();
            // The password reaches psql and deckhand through the URL; nothing else is needed.
        }
        std::printf(
            "| database | script | command | runs | median ms | min–max ms | MB/s | vs the shell "
            "|\n|---|---|---|---:|---:|---:|---:|---:|\n");
        for (const int mb : options.sizes_mb) {
            const auto [text, rows] = generate_script(static_cast<std::size_t>(mb) << 20);
            const fs::path dir = scratch.path() / (std::to_string(mb) + "mb");
            fs::create_directories(dir / "migrations");
            // The folder and the scripts must be readable by the server account too.
            fs::permissions(scratch.path(), fs::perms(0755));
            fs::permissions(dir, fs::perms(0755));
            const fs::path script = dir / "events.sql";
            const fs::path wrapped = dir / "events-transaction.sql";
            write_file(script, text);
            write_file(dir / "migrations" / "V1__load_events.sql", text);
            write_file(wrapped, "BEGIN;\n" + text + "COMMIT;\n");
            const int rounds = mb >= 50 ? options.large_rounds : options.rounds;
            for (const auto& dialect : options.dialects) {
                std::vector<Side> sides =
                    dialect == "postgres"
                        ? postgres_sides(options, *server, dir, script)
                        : sqlite_sides(options, dir, script, wrapped, scratch.path());
                run_rounds(sides, rounds, rows, scratch.path());
                print_table(dialect == "postgres" ? "PostgreSQL" : "SQLite", mb, text.size(),
                            sides);
            }
            fs::remove_all(dir);
        }
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_scripts: %s\n", error.what());
        return 1;
    }
}
