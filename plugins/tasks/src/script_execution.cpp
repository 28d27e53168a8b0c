// Transactions, bound statements and whole scripts, with errors located in the file.
#include "deckhand/tasks/script_execution.hpp"

#include <algorithm>
#include <optional>

#include "deckhand/db/errors.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/script/line_index.hpp"
#include "deckhand/script/run_statement.hpp"
#include "deckhand/script/splitter.hpp"

namespace deckhand::tasks {
namespace {

using Clock = std::chrono::steady_clock;

// The line of `offset` in `text`, counted from `first_line`.
std::size_t line_within(std::string_view text, std::size_t offset, std::size_t first_line) {
    offset = std::min(offset, text.size());
    return first_line +
           static_cast<std::size_t>(
               std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// The server speaks of $2 where the task says :before: name the parameter as written.
std::string with_parameter_names(std::string message, const std::vector<std::string>& names) {
    for (std::size_t i = names.size(); i-- > 0;) {
        const std::string number = "$" + std::to_string(i + 1);
        for (std::size_t at = message.find(number); at != std::string::npos;
             at = message.find(number, at + 1)) {
            const std::size_t end = at + number.size();
            if (end < message.size() && message[end] >= '0' && message[end] <= '9') {
                continue;
            }
            message.replace(at, number.size(), ":" + names[i]);
        }
    }
    if (!names.empty() &&
        message.find("could not determine data type of parameter") != std::string::npos) {
        message +=
            " (nothing in the statement says its type; write CAST(:name AS TEXT), or the "
            "type it has)";
    }
    return message;
}

}  // namespace

Transaction::Transaction(db::Connection& connection) : connection_(connection) {
    connection_.begin();
    open_ = true;
}

Transaction::~Transaction() {
    rollback();
}

void Transaction::commit() {
    open_ = false;  // a failed COMMIT leaves nothing to roll back
    connection_.commit();
}

void Transaction::rollback() noexcept {
    if (!open_) {
        return;
    }
    open_ = false;
    try {
        if (connection_.in_transaction()) {
            connection_.rollback();
        }
    } catch (...) {
        // The session is broken; the server rolls back when it ends.
    }
}

void check_still_in_transaction(const db::Connection& connection, std::string_view display_path,
                                std::size_t line) {
    if (connection.in_transaction()) {
        return;
    }
    throw TransactionEnded(std::string(display_path) + ":" + std::to_string(line) +
                           ": this statement ended the transaction deckhand runs the script in, "
                           "so what the statements before it changed may be committed (even in a "
                           "dry run), and the statements after it did not run");
}

std::vector<BoundStatement> bind_statements(std::string_view text, script::SqlDialect dialect,
                                            std::string_view display_path,
                                            const ParameterLookup* lookup) {
    script::refuse_transaction_control(text, dialect, display_path, remove_transaction_control);
    std::vector<BoundStatement> out;
    for (const auto& statement : script::split_statements(text, dialect)) {
        BoundStatement bound;
        bound.line = statement.line;
        if (const auto data = script::copy_data(text, statement, dialect)) {
            bound.sql = std::string(statement.text);
            bound.copy_data = std::string(data->text);
            bound.copy_data_line = data->line;
        } else if (lookup == nullptr) {
            bound.sql = std::string(statement.text);
        } else {
            auto numbered = script::number_named_parameters(statement.text, dialect);
            bound.sql = std::move(numbered.sql);
            bound.names = numbered.names;
            // Uses carry lines within the statement; the lookup wants lines of the file.
            const auto uses = script::find_named_parameters(statement.text, dialect);
            bound.params.reserve(numbered.names.size());
            for (const auto& name : numbered.names) {
                auto use = *std::find_if(uses.begin(), uses.end(),
                                         [&](const auto& u) { return u.name == name; });
                use.line += statement.line - 1;
                bound.params.push_back((*lookup)(use));
            }
        }
        out.push_back(std::move(bound));
    }
    return out;
}

RunResult run_in_transaction(db::Connection& connection,
                             const std::vector<BoundStatement>& statements,
                             std::string_view display_path, bool dry_run,
                             const Cancellation& cancellation) {
    const auto started = Clock::now();
    RunResult result;
    cancellation.throw_if_requested();
    Transaction transaction(connection);
    for (const auto& statement : statements) {
        cancellation.throw_if_requested();
        try {
            auto& done = result.statements.emplace_back();
            done.line = statement.line;
            if (statement.copy_data) {
                connection.copy_from_stdin(statement.sql, *statement.copy_data);
            } else {
                done.result = connection.query_typed(statement.sql, statement.params, done.types);
            }
            result.affected_rows += done.result.affected_rows;
        } catch (const db::DatabaseError& error) {
            // A refused statement leaves the transaction open (failed on PostgreSQL) or rolls it
            // back whole (some SQLite errors): either way nothing of it stays.
            transaction.rollback();
            cancellation.throw_if_requested();
            std::size_t line = statement.line;
            if (auto offset = error.offset()) {
                line = statement.copy_data && *offset >= statement.sql.size()
                           ? line_within(*statement.copy_data, *offset - statement.sql.size(),
                                         statement.copy_data_line)
                           : line_within(statement.sql, *offset, line);
            }
            throw WorkFailed(std::string(display_path) + ":" + std::to_string(line) + ": " +
                             with_parameter_names(error.what(), statement.names) +
                             " (the transaction was rolled back; nothing changed)");
        }
        check_still_in_transaction(connection, display_path, statement.line);
    }
    cancellation.throw_if_requested();
    if (dry_run) {
        transaction.rollback();
    } else {
        try {
            transaction.commit();
        } catch (const db::DatabaseError& error) {
            cancellation.throw_if_requested();
            throw WorkFailed(std::string(display_path) + ": the commit failed: " + error.what() +
                             " (nothing changed)");
        }
        result.committed = true;
    }
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    return result;
}

void execute_script_text(db::Connection& connection, const script::SubstitutedText& sql,
                         std::string_view original, std::string_view display_path,
                         const Cancellation& cancellation) {
    auto fail = [&](const db::DatabaseError& error, std::optional<std::size_t> statement_offset) {
        std::optional<std::size_t> offset = statement_offset;
        if (auto within = error.offset()) {
            offset = statement_offset.value_or(0) + *within;
        }
        std::string where(display_path);
        if (offset) {
            where += ":" + std::to_string(script::line_at(original, sql.source_offset(*offset)));
        }
        throw WorkFailed(where + ": " + error.what());
    };
    const auto dialect = script::sql_dialect(connection.dialect());
    if (dialect == script::SqlDialect::sqlite) {
        try {
            connection.execute_script(sql.text);
        } catch (const db::DatabaseError& error) {
            fail(error, std::nullopt);
        }
        // SQLite ran the script whole: which statement ended the transaction is not known.
        if (!connection.in_transaction()) {
            throw TransactionEnded(std::string(display_path) +
                                   ": a statement of the script ended the transaction deckhand "
                                   "runs it in, so what it changed may be committed");
        }
        return;
    }
    for (const auto& statement : script::split_statements(sql.text, dialect)) {
        cancellation.throw_if_requested();
        try {
            script::run_statement(connection, sql.text, statement, dialect);
        } catch (const db::DatabaseError& error) {
            fail(error, std::nullopt);  // its offset is in the script
        }
        check_still_in_transaction(connection, display_path,
                                   script::line_at(original, sql.source_offset(statement.offset)));
    }
}

}  // namespace deckhand::tasks
