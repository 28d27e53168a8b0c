// Bound statements run in one transaction, with errors located in the file.
#include "deckhand/tasks/script_execution.hpp"

#include <algorithm>
#include <optional>

#include "deckhand/db/errors.hpp"
#include "deckhand/errors.hpp"
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

}  // namespace deckhand::tasks
