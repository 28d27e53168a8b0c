// Every call goes straight to the connection from the private library.
#include "library_connection.hpp"

#include <utility>

namespace deckhand::postgres {

LibraryConnection::LibraryConnection(std::shared_ptr<const void> library,
                                     std::unique_ptr<db::Connection> inner)
    : library_(std::move(library)), inner_(std::move(inner)) {}

LibraryConnection::~LibraryConnection() = default;

std::string LibraryConnection::dialect() const {
    return inner_->dialect();
}

db::Capabilities LibraryConnection::capabilities() const {
    return inner_->capabilities();
}

std::string LibraryConnection::server_version() {
    return inner_->server_version();
}

std::string LibraryConnection::current_user() {
    return inner_->current_user();
}

void LibraryConnection::execute_script(const std::string& sql) {
    inner_->execute_script(sql);
}

db::ResultSet LibraryConnection::query(const std::string& sql,
                                       const std::vector<db::Value>& params) {
    return inner_->query(sql, params);
}

db::ResultSet LibraryConnection::query_typed(const std::string& sql,
                                             const std::vector<db::Value>& params,
                                             std::vector<db::ColumnType>& types) {
    return inner_->query_typed(sql, params, types);
}

std::int64_t LibraryConnection::query_each(const std::string& sql,
                                           const std::vector<db::Value>& params,
                                           const db::RowVisitor& visit) {
    return inner_->query_each(sql, params, visit);
}

db::ResultSet LibraryConnection::query_batch(const std::vector<db::BatchQuery>& queries,
                                             db::AfterBatch after) {
    return inner_->query_batch(queries, after);
}

void LibraryConnection::begin() {
    inner_->begin();
}

void LibraryConnection::commit() {
    inner_->commit();
}

void LibraryConnection::rollback() {
    inner_->rollback();
}

bool LibraryConnection::in_transaction() const {
    return inner_->in_transaction();
}

bool LibraryConnection::try_lock_migrations() {
    return inner_->try_lock_migrations();
}

void LibraryConnection::unlock_migrations() {
    inner_->unlock_migrations();
}

std::string LibraryConnection::describe_lock_holder() {
    return inner_->describe_lock_holder();
}

void LibraryConnection::set_statement_timeout(std::chrono::milliseconds timeout) {
    inner_->set_statement_timeout(timeout);
}

void LibraryConnection::set_lock_timeout(std::chrono::milliseconds timeout) {
    inner_->set_lock_timeout(timeout);
}

void LibraryConnection::cancel() noexcept {
    inner_->cancel();
}

void LibraryConnection::copy_from_stdin(const std::string& sql, std::string_view data) {
    inner_->copy_from_stdin(sql, data);
}

void LibraryConnection::begin_migration_script() {
    inner_->begin_migration_script();
}

void LibraryConnection::check_migration_script() {
    inner_->check_migration_script();
}

void LibraryConnection::end_migration_script() noexcept {
    inner_->end_migration_script();
}

}  // namespace deckhand::postgres
