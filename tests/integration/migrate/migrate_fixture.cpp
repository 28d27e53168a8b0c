// The migrate test fixture: databases per test on both dialects, captured logs, dumps.
#include "migrate_fixture.hpp"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>

#include "deckhand/errors.hpp"
#include "deckhand/postgres/postgres_connection.hpp"
#include "deckhand/sqlite/sqlite_connection.hpp"
#include "support/postgres_server.hpp"

namespace deckhand::test {
namespace {

// One PostgreSQL database for the whole test process; tests keep apart by schema, which is
// far cheaper to create than a database.
const std::string& suite_database_url() {
    static const std::string url = shared_postgres().create_database("deckhand_migrate_tests");
    return url;
}

std::string schema_for_this_test() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "t" + std::to_string(++counter) + "_";
    for (char c : std::string(info->test_suite_name()) + "_" + info->name()) {
        if (name.size() >= 60) {
            break;
        }
        name += std::isalnum(static_cast<unsigned char>(c)) != 0
                    ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                    : '_';
    }
    return name;
}

std::string row_text(const db::Row& row) {
    std::string out;
    for (std::size_t i = 0; i < row.size(); ++i) {
        out += (i ? "|" : "") + row[i].value_or("\\N");
    }
    return out;
}

std::string rows_text(const db::ResultSet& result, bool sort) {
    std::vector<std::string> lines;
    for (const auto& row : result.rows) {
        lines.push_back(row_text(row));
    }
    if (sort) {
        std::sort(lines.begin(), lines.end());
    }
    std::string out;
    for (const auto& line : lines) {
        out += "  " + line + "\n";
    }
    return out;
}

// Every row of each table that `tables_sql` names, in the dump's text form.
std::string tables_data(db::Connection& connection, const std::string& tables_sql,
                        bool with_history) {
    std::string out;
    for (const auto& row : connection.query(tables_sql).rows) {
        if (!with_history && *row[0] == "deckhand_schema_history") {
            continue;
        }
        out += "data of " + *row[0] + ":\n" +
               rows_text(connection.query("SELECT * FROM \"" + *row[0] + "\""), true);
    }
    return out;
}

std::unique_ptr<db::Connection> open(const DatabaseUrl& url) {
    if (url.scheme == "postgres") {
        return postgres::open_postgres(url, db::ConnectOptions{});
    }
    return sqlite::open_sqlite(url, db::ConnectOptions{});
}

}  // namespace

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
    return info.param == Backend::sqlite ? "sqlite" : "postgres";
}

MigrateTest::MigrateTest() : dir_("deckhand-migrate") {
    migrations_dir_ = dir_ / "migrations";
    std::filesystem::create_directories(migrations_dir_);
    logger_ = std::make_shared<spdlog::logger>(
        "migrate-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_stream_));
    logger_->set_pattern("%l %v");
    logger_->set_level(spdlog::level::debug);
}

MigrateTest::~MigrateTest() = default;

void MigrateTest::SetUp() {
    try {
        if (on_postgres()) {
            schema_ = new_schema();
            url_text_ = suite_database_url() + "?options=-csearch_path%3D" + schema_;
        } else {
            url_text_ = "sqlite:" + (dir_ / "test.db").string();
        }
        url_ = parse_database_url(url_text_, "the test database");
        connection_ = open(url_);
    } catch (const std::exception& error) {
        FAIL() << "cannot set up the test database: " << error.what();
    }
}

void MigrateTest::TearDown() {
    connection_.reset();
}

std::string MigrateTest::new_schema() {
    std::string schema = schema_for_this_test();
    auto admin = open(parse_database_url(suite_database_url(), "the test database"));
    admin->execute_script("CREATE SCHEMA " + schema);  // the name is new in this process
    return schema;
}

std::string MigrateTest::new_database_url() {
    static std::atomic<int> counter{0};
    if (on_postgres()) {
        return suite_database_url() + "?options=-csearch_path%3D" + new_schema();
    }
    return "sqlite:" + (dir_ / ("other-" + std::to_string(++counter) + ".db")).string();
}

std::unique_ptr<db::Connection> MigrateTest::connect() const {
    return open(url_);
}

void MigrateTest::write(const std::string& relative, const std::string& text) const {
    dir_.write(std::filesystem::path("migrations") / relative, text);
}

void MigrateTest::write_for_dialect(const std::string& name, const std::string& text) const {
    write((on_postgres() ? "postgres/" : "sqlite/") + name, text);
}

void MigrateTest::write_table_scripts(int from, int to) const {
    for (int version = from; version <= to; ++version) {
        write("V" + std::to_string(version) + "__t.sql",
              "CREATE TABLE t" + std::to_string(version) + " (x integer);\n");
    }
}

script::MigrationSet MigrateTest::load() const {
    return script::load_migrations(migrations_dir_, on_postgres() ? "postgres" : "sqlite");
}

migrate::Io MigrateTest::io() {
    return migrate::Io{*logger_, out_stream_, cancellation_};
}

migrate::MigrateResult MigrateTest::run_migrate(const migrate::MigrateOptions& options) {
    return run_migrate(*connection_, options);
}

migrate::MigrateResult MigrateTest::run_migrate(db::Connection& connection,
                                                const migrate::MigrateOptions& options) {
    auto migrations = load();
    return migrate::migrate(connection, migrations, options, io());
}

migrate::Status MigrateTest::status() {
    // The Status points into the folder it was built from: keep every one for the test's life.
    status_migrations_.push_back(std::make_unique<script::MigrationSet>(load()));
    return migrate::read_status(*connection_, *status_migrations_.back());
}

migrate::MigrationState MigrateTest::status_of_version(const std::string& version) {
    const auto wanted = script::Version::parse(version, "test");
    auto current = status();
    for (const auto& entry : current.entries()) {
        if (entry.version && *entry.version == wanted) {
            return entry.state;
        }
    }
    ADD_FAILURE() << "status has no entry for version " << version;
    return migrate::MigrationState::pending;
}

std::vector<migrate::HistoryRow> MigrateTest::history() {
    migrate::History history(
        *connection_, migrate::HistoryTable::resolve(*connection_, migrate::HistoryTableName{}));
    return history.exists() ? history.read() : std::vector<migrate::HistoryRow>{};
}

std::string MigrateTest::scalar(const std::string& sql) {
    return value(*connection_, sql);
}

std::unique_ptr<db::Connection> MigrateTest::open_url(const std::string& url) {
    return open(parse_database_url(url, "a test database"));
}

std::string MigrateTest::value(db::Connection& connection, const std::string& sql) {
    auto result = connection.query(sql);
    if (result.rows.empty() || result.rows[0].empty()) {
        return "";
    }
    return result.rows[0][0].value_or("");
}

bool MigrateTest::table_exists(const std::string& table) {
    if (on_postgres()) {
        return scalar(
                   "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                   "current_schema() AND "
                   "table_name = '" +
                   table + "'") != "0";
    }
    return scalar("SELECT count(*) FROM sqlite_master WHERE name = '" + table + "'") != "0";
}

std::string MigrateTest::dump() {
    return dump(*connection_, true);
}

std::string MigrateTest::dump(db::Connection& connection, bool with_history) {
    return on_postgres() ? dump_postgres(connection, with_history)
                         : dump_sqlite(connection, with_history);
}

std::string MigrateTest::dump_sqlite(db::Connection& connection, bool with_history) {
    std::string out =
        "schema:\n" +
        rows_text(connection.query("SELECT type, name, tbl_name, coalesce(sql, '') FROM "
                                   "sqlite_master ORDER BY type, name"),
                  false);
    return out + tables_data(connection,
                             "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                             "LIKE 'sqlite_%' ORDER BY name",
                             with_history);
}

std::string MigrateTest::dump_postgres(db::Connection& connection, bool with_history) {
    std::string out;
    out +=
        "columns:\n" +
        rows_text(connection.query("SELECT table_name, column_name, data_type, is_nullable, "
                                   "coalesce(column_default, '') FROM information_schema.columns "
                                   "WHERE table_schema = current_schema() "
                                   "ORDER BY table_name, ordinal_position"),
                  false);
    out +=
        "indexes:\n" +
        rows_text(
            connection.query(
                "SELECT indexname, replace(indexdef, current_schema() || '.', '') FROM pg_indexes "
                "WHERE schemaname = current_schema() ORDER BY indexname"),
            false);
    out += "constraints:\n" +
           rows_text(connection.query(
                         "SELECT c.conname, pg_get_constraintdef(c.oid), c.convalidated "
                         "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
                         "WHERE n.nspname = current_schema() ORDER BY c.conname"),
                     false);
    out += "views:\n" +
           rows_text(connection.query("SELECT viewname, definition FROM pg_views "
                                      "WHERE schemaname = current_schema() ORDER BY viewname"),
                     false);
    out += "sequences:\n" +
           rows_text(connection.query("SELECT sequencename, last_value FROM pg_sequences "
                                      "WHERE schemaname = current_schema() ORDER BY 1"),
                     false);
    return out + tables_data(connection,
                             "SELECT table_name FROM information_schema.tables WHERE "
                             "table_schema = current_schema() AND table_type = 'BASE TABLE' "
                             "ORDER BY table_name",
                             with_history);
}

std::vector<std::string> MigrateTest::args(const std::string& url,
                                           std::vector<std::string> command) const {
    std::vector<std::string> out{deckhand_binary().string(), "--database-url", url, "--migrations",
                                 migrations_dir().string()};
    out.insert(out.end(), command.begin(), command.end());
    return out;
}

ProcessResult MigrateTest::deckhand(std::vector<std::string> command,
                                    const ProcessOptions& options) const {
    return run_process(args(url_text(), std::move(command)), options);
}

std::string MigrateTest::error_of(const std::function<void()>& action, int* exit_status) {
    try {
        action();
    } catch (const Error& error) {
        if (exit_status != nullptr) {
            *exit_status = error.exit_status();
        }
        return error.what();
    } catch (const std::exception& error) {
        return std::string("(unexpected exception: ") + error.what() + ")";
    }
    return "(no error)";
}

}  // namespace deckhand::test
