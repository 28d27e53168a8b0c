// Connections held and release latency of `deckhand status --wait` under a crowd of waiters:
// N waiters against one PostgreSQL server (the test fixture's, with max_connections raised
// above N so that a waiter that holds its connection can), the migration after a few seconds,
// then every waiter's exit. With --baseline, another deckhand's waiters are measured the same
// way, round by round in turn with the first. The migration itself always runs with --deckhand.
// Usage: bench_status_wait --deckhand PATH [--baseline PATH] [--waiters N] [--rounds R]
//                          [--transport socket|tcp|both]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"
#include "waiter_crowd.hpp"

namespace {

using deckhand::test::CrowdOptions;
using deckhand::test::CrowdReport;
using deckhand::test::PostgresServer;

struct Arguments {
    std::string deckhand;
    std::string baseline;
    int waiters = 200;
    int rounds = 3;
    std::vector<std::string> transports{"socket", "tcp"};
};

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr,
                 "bench_status_wait: %s\nusage: bench_status_wait --deckhand PATH [--baseline "
                 "PATH] [--waiters N] [--rounds R] [--transport socket|tcp|both]\n",
                 why);
    std::exit(2);
}

Arguments parse(int argc, char** argv) {
    Arguments arguments;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) {
            usage(("missing value after " + flag).c_str());
        }
        const std::string value = argv[++i];
        if (flag == "--deckhand") {
            arguments.deckhand = value;
        } else if (flag == "--baseline") {
            arguments.baseline = value;
        } else if (flag == "--waiters") {
            arguments.waiters = std::stoi(value);
        } else if (flag == "--rounds") {
            arguments.rounds = std::stoi(value);
        } else if (flag == "--transport") {
            arguments.transports = value == "both" ? std::vector<std::string>{"socket", "tcp"}
                                                   : std::vector<std::string>{value};
        } else {
            usage(("unknown option " + flag).c_str());
        }
    }
    if (arguments.deckhand.empty()) {
        usage("--deckhand is required");
    }
    // The waiters run in the work folder: relative paths would not reach the binaries.
    arguments.deckhand = std::filesystem::absolute(arguments.deckhand).string();
    if (!arguments.baseline.empty()) {
        arguments.baseline = std::filesystem::absolute(arguments.baseline).string();
    }
    return arguments;
}

long long at(const std::vector<std::chrono::milliseconds>& sorted, double quantile) {
    if (sorted.empty()) {
        return -1;
    }
    const auto index = std::min(
        sorted.size() - 1, static_cast<std::size_t>(quantile * static_cast<double>(sorted.size())));
    return sorted[index].count();
}

}  // namespace

int main(int argc, char** argv) {
    const Arguments arguments = parse(argc, argv);
    deckhand::test::TempDir work("deckhand-bench-wait");
    std::filesystem::create_directories(work / "migrations");
    std::ofstream(work / "migrations" / "V1__create_a.sql") << "CREATE TABLE a (x integer);\n";

    PostgresServer server(PostgresServer::StartAt::later);
    std::ofstream(server.data_dir() / "postgresql.conf", std::ios::app)
        << "max_connections = " << arguments.waiters + 30 << "\n";
    server.start();

    std::vector<std::pair<std::string, std::string>> binaries{{"deckhand", arguments.deckhand}};
    if (!arguments.baseline.empty()) {
        binaries.emplace_back("baseline", arguments.baseline);
    }
    std::printf(
        "| waiters | deckhand | transport | round | start spread ms | most connections | "
        "most once started | mean once started | release median ms | p95 ms | max ms | "
        "exited 0 |\n|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    int database = 0;
    for (int round = 1; round <= arguments.rounds; ++round) {
        for (const auto& transport : arguments.transports) {
            for (const auto& [name, binary] : binaries) {
                const std::string db = "crowd_" + std::to_string(++database);
                server.create_database(db);
                CrowdOptions options;
                options.waiter_binary = binary;
                options.migrate_binary = arguments.deckhand;
                options.migrations_dir = work / "migrations";
                options.waiters = arguments.waiters;
                options.url = transport == "tcp" ? server.url(db)
                                                 : "postgres://" + server.user() + "@/" + db +
                                                       "?host=" + server.socket_dir().string() +
                                                       "&port=" + std::to_string(server.port());
                const CrowdReport report = run_waiter_crowd(options);
                std::printf(
                    "| %d | %s | %s | %d | %lld | %d | %d | %.2f | %lld | %lld | %lld | %d |\n",
                    report.waiters, name.c_str(), transport.c_str(), round,
                    static_cast<long long>(report.start_spread.count()), report.most_connections,
                    report.most_connections_waiting, report.mean_connections_waiting,
                    at(report.release_latencies, 0.5), at(report.release_latencies, 0.95),
                    at(report.release_latencies, 1.0), report.waiters_ok);
                for (const auto& failure : report.failures) {
                    std::fprintf(stderr, "  %s\n", failure.substr(0, 300).c_str());
                }
                std::fflush(stdout);
            }
        }
    }
    return 0;
}
