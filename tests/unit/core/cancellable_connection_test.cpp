// The host's wrapper around every driver connection: what it forwards, and that it calls
// query_each (plugin API 1.1) only on drivers built for 1.1 or later, copy_from_stdin and the
// migration script steps (1.2) only on drivers built for 1.2, query_batch (1.6) only on drivers
// built for 1.6. A driver built for an older API has no such entry in its vtable; calling it
// there would jump through garbage.
#include "db/cancellable_connection.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "deckhand/cancellation.hpp"

namespace deckhand::db {
namespace {

// A stand-in driver that records which entry the wrapper used. It answers from a fixed table:
// this tests the wrapper's dispatch, not a database (the drivers' own tests do that).
class RecordingConnection final : public Connection {
  public:
    explicit RecordingConnection(std::vector<std::string>& calls) : calls_(calls) {}

    std::string dialect() const override { return "recording"; }
    Capabilities capabilities() const override { return {}; }
    std::string server_version() override { return "1"; }
    std::string current_user() override { return ""; }
    void execute_script(const std::string&) override {}
    ResultSet query(const std::string& sql, const std::vector<Value>&) override {
        calls_.push_back("query " + sql);
        ResultSet result;
        result.rows = {{"1", std::nullopt}, {"2", "two"}};
        result.affected_rows = 2;
        return result;
    }
    std::int64_t query_each(const std::string& sql, const std::vector<Value>&,
                            const RowVisitor& visit) override {
        calls_.push_back("query_each " + sql);
        const std::vector<FieldView> row{std::string_view("streamed")};
        visit(row);
        return 7;
    }
    void begin() override {
        calls_.emplace_back("begin");
        in_transaction_ = true;
    }
    void commit() override {
        calls_.emplace_back("commit");
        in_transaction_ = false;
    }
    void rollback() override {}
    bool in_transaction() const override { return in_transaction_; }
    bool try_lock_migrations() override { return true; }
    void unlock_migrations() override {}
    std::string describe_lock_holder() override { return ""; }
    void set_statement_timeout(std::chrono::milliseconds) override {}
    void set_lock_timeout(std::chrono::milliseconds) override {}
    void cancel() noexcept override {}
    void copy_from_stdin(const std::string& sql, std::string_view data) override {
        calls_.push_back("copy " + sql + " " + std::string(data));
    }
    void begin_migration_script() override { calls_.emplace_back("begin script"); }
    void check_migration_script() override { calls_.emplace_back("check script"); }
    void end_migration_script() noexcept override { calls_.emplace_back("end script"); }
    ResultSet query_batch(const std::vector<BatchQuery>& queries, AfterBatch after) override {
        calls_.push_back("batch of " + std::to_string(queries.size()) +
                         (after == AfterBatch::commit ? ", then commit" : ""));
        return {};
    }

  private:
    std::vector<std::string>& calls_;
    bool in_transaction_ = false;
};

std::vector<std::string> visited_texts(Connection& connection, std::int64_t& affected) {
    std::vector<std::string> texts;
    affected = connection.query_each("SELECT", {}, [&](RowView fields) {
        for (const auto& field : fields) {
            texts.emplace_back(field ? *field : "NULL");
        }
    });
    return texts;
}

TEST(CancellableConnection, StreamsRowsFromADriverBuiltForApi11) {
    std::vector<std::string> calls;
    Cancellation cancellation;
    auto connection =
        make_cancellable(std::make_unique<RecordingConnection>(calls), cancellation, 1);
    std::int64_t affected = 0;
    EXPECT_EQ(visited_texts(*connection, affected), std::vector<std::string>{"streamed"});
    EXPECT_EQ(affected, 7);
    EXPECT_EQ(calls, std::vector<std::string>{"query_each SELECT"});
}

TEST(CancellableConnection, GoesThroughQueryForADriverBuiltForApi10) {
    std::vector<std::string> calls;
    Cancellation cancellation;
    auto connection =
        make_cancellable(std::make_unique<RecordingConnection>(calls), cancellation, 0);
    std::int64_t affected = 0;
    EXPECT_EQ(visited_texts(*connection, affected),
              (std::vector<std::string>{"1", "NULL", "2", "two"}));
    EXPECT_EQ(affected, 2);
    EXPECT_EQ(calls, std::vector<std::string>{"query SELECT"});
}

void run_one_migration_script(Connection& connection) {
    connection.begin_migration_script();
    connection.copy_from_stdin("COPY t FROM STDIN", "1\n");
    connection.check_migration_script();
    connection.end_migration_script();
}

TEST(CancellableConnection, ForwardsCopyAndTheMigrationScriptStepsToADriverBuiltForApi12) {
    std::vector<std::string> calls;
    Cancellation cancellation;
    auto connection =
        make_cancellable(std::make_unique<RecordingConnection>(calls), cancellation, 2);
    run_one_migration_script(*connection);
    EXPECT_EQ(calls, (std::vector<std::string>{"begin script", "copy COPY t FROM STDIN 1\n",
                                               "check script", "end script"}));
}

TEST(CancellableConnection, GivesADriverBuiltForApi11TheDefaultsOfApi12) {
    std::vector<std::string> calls;
    Cancellation cancellation;
    auto connection =
        make_cancellable(std::make_unique<RecordingConnection>(calls), cancellation, 1);
    try {
        run_one_migration_script(*connection);
        FAIL() << "COPY went through";
    } catch (const DatabaseError& error) {
        EXPECT_EQ(std::string(error.what()),
                  "COPY ... FROM STDIN is not available on recording databases; write the rows "
                  "as INSERT statements");
        EXPECT_EQ(error.offset(), std::optional<std::size_t>(0));
    }
    connection->check_migration_script();
    connection->end_migration_script();
    EXPECT_TRUE(calls.empty());
}

// Two batches: one outside a transaction, one that commits the transaction it runs in.
std::vector<std::string> calls_of_two_batches(std::uint32_t driver_api_minor) {
    std::vector<std::string> calls;
    Cancellation cancellation;
    auto connection = make_cancellable(std::make_unique<RecordingConnection>(calls), cancellation,
                                       driver_api_minor);
    const std::string first = "SET ROLE migrator";
    const std::string second = "INSERT";
    const std::vector<Value> none;
    connection->query_batch({{&first, &none}, {&second, &none}}, AfterBatch::nothing);
    connection->begin();
    connection->query_batch({{&first, &none}, {&second, &none}}, AfterBatch::commit);
    return calls;
}

TEST(CancellableConnection, HandsBatchesToADriverBuiltForApi16) {
    EXPECT_EQ(calls_of_two_batches(6),
              (std::vector<std::string>{"batch of 2", "begin", "batch of 2, then commit"}));
}

TEST(CancellableConnection, RunsBatchesOneByOneOnADriverBuiltForApi15) {
    EXPECT_EQ(
        calls_of_two_batches(5),
        (std::vector<std::string>{"begin", "query SET ROLE migrator", "query INSERT", "commit",
                                  "begin", "query SET ROLE migrator", "query INSERT", "commit"}));
}

}  // namespace
}  // namespace deckhand::db
