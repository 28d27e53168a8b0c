// A forwarding Connection whose only addition is the cancellation registration. The
// registration is a member declared after the inner connection, so it is dropped first: a
// signal arriving during destruction never reaches a half-destroyed driver object.
#include "db/cancellable_connection.hpp"

namespace deckhand::db {
namespace {

class CancellableConnection final : public Connection {
  public:
    CancellableConnection(std::unique_ptr<Connection> inner, Cancellation& cancellation,
                          std::uint32_t inner_api_minor)
        : inner_(std::move(inner)),
          inner_api_minor_(inner_api_minor),
          registration_(cancellation.on_cancel([this] { inner_->cancel(); })) {}

    std::string dialect() const override { return inner_->dialect(); }
    Capabilities capabilities() const override { return inner_->capabilities(); }
    std::string server_version() override { return inner_->server_version(); }
    std::string current_user() override { return inner_->current_user(); }
    void execute_script(const std::string& sql) override { inner_->execute_script(sql); }
    ResultSet query(const std::string& sql, const std::vector<Value>& params) override {
        return inner_->query(sql, params);
    }
    void begin() override { inner_->begin(); }
    void commit() override { inner_->commit(); }
    void rollback() override { inner_->rollback(); }
    bool in_transaction() const override { return inner_->in_transaction(); }
    bool try_lock_migrations() override { return inner_->try_lock_migrations(); }
    void unlock_migrations() override { inner_->unlock_migrations(); }
    std::string describe_lock_holder() override { return inner_->describe_lock_holder(); }
    void set_statement_timeout(std::chrono::milliseconds timeout) override {
        inner_->set_statement_timeout(timeout);
    }
    void set_lock_timeout(std::chrono::milliseconds timeout) override {
        inner_->set_lock_timeout(timeout);
    }
    void cancel() noexcept override { inner_->cancel(); }
    std::int64_t query_each(const std::string& sql, const std::vector<Value>& params,
                            const RowVisitor& visit) override {
        // A driver built for API 1.0 has no query_each in its vtable: it gets the default,
        // which only calls query().
        return inner_api_minor_ >= 1 ? inner_->query_each(sql, params, visit)
                                     : Connection::query_each(sql, params, visit);
    }
    // A driver built before API 1.2 gets the defaults of these: COPY refused, and migration
    // scripts with nothing around them.
    void copy_from_stdin(const std::string& sql, std::string_view data) override {
        if (inner_api_minor_ >= 2) {
            inner_->copy_from_stdin(sql, data);
        } else {
            Connection::copy_from_stdin(sql, data);
        }
    }
    void begin_migration_script() override {
        if (inner_api_minor_ >= 2) {
            inner_->begin_migration_script();
        }
    }
    void check_migration_script() override {
        if (inner_api_minor_ >= 2) {
            inner_->check_migration_script();
        }
    }
    void end_migration_script() noexcept override {
        if (inner_api_minor_ >= 2) {
            inner_->end_migration_script();
        }
    }

    // A driver built before API 1.3 says nothing of its columns' types: text.
    ResultSet query_typed(const std::string& sql, const std::vector<Value>& params,
                          std::vector<ColumnType>& types) override {
        return inner_api_minor_ >= 3 ? inner_->query_typed(sql, params, types)
                                     : Connection::query_typed(sql, params, types);
    }

    // A driver built before API 1.6 runs a batch one statement at a time.
    ResultSet query_batch(const std::vector<BatchQuery>& queries, AfterBatch after) override {
        return inner_api_minor_ >= 6 ? inner_->query_batch(queries, after)
                                     : Connection::query_batch(queries, after);
    }

  private:
    std::unique_ptr<Connection> inner_;
    std::uint32_t inner_api_minor_;
    Cancellation::Registration registration_;
};

}  // namespace

std::unique_ptr<Connection> make_cancellable(std::unique_ptr<Connection> inner,
                                             Cancellation& cancellation,
                                             std::uint32_t driver_api_minor) {
    return std::make_unique<CancellableConnection>(std::move(inner), cancellation,
                                                   driver_api_minor);
}

}  // namespace deckhand::db
