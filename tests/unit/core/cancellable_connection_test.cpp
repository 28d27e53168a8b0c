// The host's wrapper around every driver connection: what it forwards, and that it calls
// query_each (plugin API 1.1) only on drivers built for 1.1 or later. A driver built for 1.0
// has no such entry in its vtable; calling it there would jump through garbage.
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
    void begin() override {}
    void commit() override {}
    void rollback() override {}
    bool in_transaction() const override { return false; }
    bool try_lock_migrations() override { return true; }
    void unlock_migrations() override {}
    std::string describe_lock_holder() override { return ""; }
    void set_statement_timeout(std::chrono::milliseconds) override {}
    void set_lock_timeout(std::chrono::milliseconds) override {}
    void cancel() noexcept override {}

  private:
    std::vector<std::string>& calls_;
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

}  // namespace
}  // namespace deckhand::db
