// A connection made by code in a private library, wrapped so that it keeps that library loaded:
// the object's code (its destructor included) lives in the library, so the library may be
// unloaded only after the object is gone.
#pragma once

#include <cstdint>
#include <memory>

#include "deckhand/db/connection.hpp"

namespace deckhand::postgres {

// Overrides every virtual of db::Connection, those with a default included: a virtual it did not
// forward would silently run the default instead of the driver's own.
class LibraryConnection final : public db::Connection {
  public:
    // `library` is anything that keeps the library loaded (the pointer to its entry).
    LibraryConnection(std::shared_ptr<const void> library, std::unique_ptr<db::Connection> inner);
    ~LibraryConnection() override;

    std::string dialect() const override;
    db::Capabilities capabilities() const override;
    std::string server_version() override;
    std::string current_user() override;
    void execute_script(const std::string& sql) override;
    db::ResultSet query(const std::string& sql, const std::vector<db::Value>& params) override;
    // The private library is built from the same tree as the plugin, so it has every entry of
    // the current API (query_each, query_batch, ...).
    std::int64_t query_each(const std::string& sql, const std::vector<db::Value>& params,
                            const db::RowVisitor& visit) override;
    db::ResultSet query_batch(const std::vector<db::BatchQuery>& queries,
                              db::AfterBatch after) override;
    void begin() override;
    void commit() override;
    void rollback() override;
    bool in_transaction() const override;
    bool try_lock_migrations() override;
    void unlock_migrations() override;
    std::string describe_lock_holder() override;
    void set_statement_timeout(std::chrono::milliseconds timeout) override;
    void set_lock_timeout(std::chrono::milliseconds timeout) override;
    void cancel() noexcept override;
    void copy_from_stdin(const std::string& sql, std::string_view data) override;
    void begin_migration_script() override;
    void check_migration_script() override;
    void end_migration_script() noexcept override;
    db::ResultSet query_typed(const std::string& sql, const std::vector<db::Value>& params,
                              std::vector<db::ColumnType>& types) override;

  private:
    // Declared first, so destroyed last: after `inner_`, whose code is in the library.
    std::shared_ptr<const void> library_;
    std::unique_ptr<db::Connection> inner_;
};

}  // namespace deckhand::postgres
