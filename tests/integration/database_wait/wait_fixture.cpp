// The working folder and the process helpers of the database-wait tests.
#include "wait_fixture.hpp"

#include <filesystem>
#include <fstream>

#include "support/ports.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::test {

WaitTest::WaitTest() {
    write_file(dir_ / "migrations" / "V1__create_a.sql", "CREATE TABLE a (x integer);\n");
    write_file(dir_ / "migrations" / "seed" / "01_a.sql", "INSERT INTO a VALUES (1);\n");
    write_file(dir_ / "commands" / "count_a.sql",
               "-- deckhand:command count-a\n-- deckhand:summary Count the rows of a\n"
               "SELECT count(*) FROM a;\n");
}

std::vector<std::string> WaitTest::argv(const std::string& url,
                                        const std::vector<std::string>& args) const {
    std::vector<std::string> out{deckhand_binary().string(),
                                 "--database-url",
                                 url,
                                 "--migrations",
                                 (dir_ / "migrations").string(),
                                 "--commands",
                                 (dir_ / "commands").string()};
    out.insert(out.end(), args.begin(), args.end());
    return out;
}

ProcessOptions WaitTest::with_defaults(ProcessOptions options) const {
    if (options.working_dir.empty()) {
        options.working_dir = dir_.path();
    }
    // Where a run inside "Kubernetes" leaves its termination message: not /dev.
    options.set_env.emplace("DECKHAND_TERMINATION_LOG", (dir_ / "termination-log").string());
    return options;
}

ProcessResult WaitTest::run(const std::string& url, const std::vector<std::string>& args,
                            ProcessOptions options) const {
    return run_process(argv(url, args), with_defaults(std::move(options)));
}

BackgroundProcess WaitTest::start(const std::string& url, const std::vector<std::string>& args,
                                  ProcessOptions options) const {
    return BackgroundProcess(argv(url, args), with_defaults(std::move(options)));
}

bool WaitTest::wait_for_output(BackgroundProcess& process, const std::string& text,
                               std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (process.err().find(text) == std::string::npos) {
        if (std::chrono::steady_clock::now() > deadline ||
            process.wait_for(std::chrono::milliseconds(50)).has_value()) {
            return process.err().find(text) != std::string::npos;
        }
    }
    return true;
}

std::string WaitTest::url_with_password(const std::string& password, const std::string& database) {
    const PostgresServer& server = shared_postgres();
    return "postgres://" + server.user() + ":" + password +
           "@127.0.0.1:" + std::to_string(server.port()) + "/" + database;
}

std::string WaitTest::refused_url() {
    return "postgres://app:s3cret-pw@127.0.0.1:" + std::to_string(free_local_port()) + "/app";
}

std::string WaitTest::shown(const ProcessResult& result) {
    return "exit " + std::to_string(result.exit_code) + "\nstdout:\n" + result.out + "\nstderr:\n" +
           result.err;
}

}  // namespace deckhand::test
