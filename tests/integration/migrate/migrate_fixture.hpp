// The base of the engine-level migrate tests: one fixture, run on SQLite and on PostgreSQL.
// Each test gets its own database (a SQLite file in a temporary folder, or a fresh schema in
// the suite's PostgreSQL database, found through search_path), a migrations folder to write
// scripts into, captured log and output, and a dump of schema and data to prove that a failed
// run changed nothing. The engine and the drivers are linked directly: no plugin loading.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "deckhand/cancellation.hpp"
#include "deckhand/database_url.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/migrate/engine.hpp"
#include "deckhand/migrate/history.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace spdlog {
class logger;
}

namespace deckhand::test {

enum class Backend { sqlite, postgres };

// For INSTANTIATE_TEST_SUITE_P: test names end in /sqlite or /postgres.
std::string backend_name(const ::testing::TestParamInfo<Backend>& info);
#define DECKHAND_ON_BOTH_DIALECTS(suite)      \
    INSTANTIATE_TEST_SUITE_P(Dialects, suite, \
                             ::testing::Values(Backend::sqlite, Backend::postgres), backend_name)

class MigrateTest : public ::testing::TestWithParam<Backend> {
  protected:
    MigrateTest();
    ~MigrateTest() override;
    void SetUp() override;
    void TearDown() override;

    bool on_postgres() const { return GetParam() == Backend::postgres; }
    // The URL of this test's database, as a user would pass it to deckhand.
    const std::string& url_text() const { return url_text_; }
    const DatabaseUrl& url() const { return url_; }
    const std::filesystem::path& migrations_dir() const { return migrations_dir_; }

    // The test's main connection, and more connections to the same database.
    db::Connection& db() { return *connection_; }
    std::unique_ptr<db::Connection> connect() const;

    // Writes a script into the migrations folder (relative path, e.g. "postgres/V2__x.sql").
    void write(const std::string& relative, const std::string& text) const;
    // Writes "<dialect>/<name>" for this test's dialect.
    void write_for_dialect(const std::string& name, const std::string& text) const;
    // Writes V<n>__t.sql creating the table t<n> for each n from `from` to `to`: scripts of one
    // statement each, where only their number matters.
    void write_table_scripts(int from, int to) const;
    script::MigrationSet load() const;

    migrate::Io io();
    migrate::MigrateResult run_migrate(const migrate::MigrateOptions& options = {});
    migrate::MigrateResult run_migrate(db::Connection& connection,
                                       const migrate::MigrateOptions& options);
    // Reads the folder and the history as they are now.
    migrate::Status status();
    std::vector<migrate::HistoryRow> history();
    // The state status gives the versioned script `version` (fails the test if there is none).
    migrate::MigrationState status_of_version(const std::string& version);

    // One value (first column of the first row) of a query, "" for NULL or no row.
    std::string scalar(const std::string& sql);
    static std::string value(db::Connection& connection, const std::string& sql);
    // A connection to another database of this dialect, by URL.
    static std::unique_ptr<db::Connection> open_url(const std::string& url);
    bool table_exists(const std::string& table);
    // Schema and data of the whole database, as text, for before/after comparisons.
    std::string dump();
    // The same for another connection; without the history table's data when !with_history
    // (its times differ between two runs of the same scripts).
    std::string dump(db::Connection& connection, bool with_history);
    // Another empty database of this test's dialect; returns its URL.
    std::string new_database_url();

    // The message of the deckhand::Error that `action` throws, or "(no error)"; the error's
    // exit status goes to *exit_status when given.
    static std::string error_of(const std::function<void()>& action, int* exit_status = nullptr);

    // The deckhand executable's arguments against `url` and this test's migrations folder.
    std::vector<std::string> args(const std::string& url, std::vector<std::string> command) const;
    // Runs the deckhand executable against this test's database, as a user would.
    ProcessResult deckhand(std::vector<std::string> command,
                           const ProcessOptions& options = {}) const;

    std::string log_text() const { return log_stream_.str(); }
    std::string out_text() const { return out_stream_.str(); }

    Cancellation cancellation_;

  private:
    std::string dump_sqlite(db::Connection& connection, bool with_history);
    std::string dump_postgres(db::Connection& connection, bool with_history);
    std::string new_schema();

    TempDir dir_;
    std::filesystem::path migrations_dir_;
    std::string url_text_;
    DatabaseUrl url_;
    std::string schema_;  // postgres: this test's schema
    std::vector<std::unique_ptr<script::MigrationSet>> status_migrations_;
    std::unique_ptr<db::Connection> connection_;
    std::ostringstream log_stream_;
    std::ostringstream out_stream_;
    std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace deckhand::test
