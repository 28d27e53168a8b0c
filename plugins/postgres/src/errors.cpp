// Conversion of libpq's error reports into deckhand's error kinds.
#include "errors.hpp"

#include <optional>
#include <string>
#include <vector>

namespace deckhand::postgres {
namespace {

constexpr const char* connection_failure_sqlstate = "08006";

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n')) {
        text.remove_suffix(1);
    }
    return text;
}

std::string_view without_prefix(std::string_view text, std::string_view prefix) {
    if (text.substr(0, prefix.size()) == prefix) {
        text.remove_prefix(prefix.size());
    }
    return text;
}

// Lines of libpq's own message, severity prefixes removed, joined into one sentence.
std::string one_line(std::string_view message) {
    std::string out;
    while (!message.empty()) {
        auto newline = message.find('\n');
        std::string_view line = trim(message.substr(0, newline));
        message =
            newline == std::string_view::npos ? std::string_view() : message.substr(newline + 1);
        if (line.substr(0, 21) == "connection to server ") {
            if (auto failed = line.find(" failed: "); failed != std::string_view::npos) {
                line = line.substr(failed + 9);
            }
        }
        for (std::string_view prefix : {"FATAL:  ", "ERROR:  ", "FATAL: ", "ERROR: "}) {
            line = without_prefix(line, prefix);
        }
        line = trim(line);
        if (line.empty()) {
            continue;
        }
        if (!out.empty()) {
            out += "; ";
        }
        out += line;
    }
    return out;
}

}  // namespace

std::string_view error_field(const PGresult* result, int code) {
    const char* value = result == nullptr ? nullptr : PQresultErrorField(result, code);
    return value == nullptr ? std::string_view() : std::string_view(value);
}

std::size_t byte_offset_of_character(std::string_view text, std::size_t position) {
    if (position <= 1) {
        return 0;
    }
    std::size_t characters = 0;
    for (std::size_t byte = 0; byte < text.size(); ++byte) {
        // Every byte but a UTF-8 continuation byte starts a character.
        if ((static_cast<unsigned char>(text[byte]) & 0xC0U) != 0x80U) {
            if (++characters == position) {
                return byte;
            }
        }
    }
    return text.size();
}

db::DatabaseError error_from_result(const PGresult* result, PGconn* connection,
                                    std::string_view sql) {
    std::string_view primary = error_field(result, PG_DIAG_MESSAGE_PRIMARY);
    if (primary.empty()) {
        // No server report: libpq itself failed (typically the connection was lost).
        std::string message = one_line(result != nullptr ? PQresultErrorMessage(result) : "");
        if (message.empty()) {
            message = one_line(PQerrorMessage(connection));
        }
        if (message.empty()) {
            message = "the PostgreSQL connection failed";
        }
        return db::DatabaseError(message, connection_failure_sqlstate);
    }
    std::string message(primary);
    std::string_view detail = error_field(result, PG_DIAG_MESSAGE_DETAIL);
    std::string_view hint = error_field(result, PG_DIAG_MESSAGE_HINT);
    if (!detail.empty() || !hint.empty()) {
        message += " (";
        if (!detail.empty()) {
            message.append("DETAIL: ").append(detail);
        }
        if (!detail.empty() && !hint.empty()) {
            message += "; ";
        }
        if (!hint.empty()) {
            message.append("HINT: ").append(hint);
        }
        message += ")";
    }
    std::optional<std::size_t> offset;
    if (std::string_view position = error_field(result, PG_DIAG_STATEMENT_POSITION);
        !position.empty()) {
        try {
            offset = byte_offset_of_character(sql, std::stoul(std::string(position)));
        } catch (const std::exception&) {
            // A position libpq could not give as a number is no position.
        }
    }
    std::string code(error_field(result, PG_DIAG_SQLSTATE));
    return db::DatabaseError(message, code, offset);
}

db::DatabaseError locate_in_copy_data(const db::DatabaseError& error, const PGresult* result,
                                      std::string_view sql, std::string_view data) {
    if (error.offset()) {
        return error;
    }
    // The context is a stack, innermost first (a trigger fired by the row comes before it):
    // the line that starts with "COPY " is the COPY's.
    std::string_view context = error_field(result, PG_DIAG_CONTEXT);
    std::string_view copy_line;
    while (!context.empty()) {
        const auto newline = context.find('\n');
        const std::string_view line = context.substr(0, newline);
        if (line.substr(0, 5) == "COPY ") {
            copy_line = line;
            break;
        }
        context =
            newline == std::string_view::npos ? std::string_view() : context.substr(newline + 1);
    }
    constexpr std::string_view line_marker = ", line ";
    const auto marker = copy_line.find(line_marker);
    if (marker == std::string_view::npos) {
        return error;
    }
    std::size_t number = 0;
    std::size_t digits = marker + line_marker.size();
    while (digits < copy_line.size() && copy_line[digits] >= '0' && copy_line[digits] <= '9') {
        number = number * 10 + static_cast<std::size_t>(copy_line[digits++] - '0');
    }
    if (number == 0) {
        return error;
    }
    std::size_t offset = 0;  // of line `number`, or the end of the data past its last line
    for (std::size_t line = 1; line < number && offset < data.size(); ++line) {
        const auto newline = data.find('\n', offset);
        offset = newline == std::string_view::npos ? data.size() : newline + 1;
    }
    std::string message = error.what();
    constexpr std::string_view column_marker = ", column ";
    if (copy_line.substr(digits, column_marker.size()) == column_marker) {
        const std::string_view rest = copy_line.substr(digits + column_marker.size());
        message.append(" (column ").append(rest.substr(0, rest.find(':'))).append(")");
    }
    return db::DatabaseError(message, error.code(), sql.size() + offset);
}

db::DatabaseError error_from_connection(PGconn* connection) {
    std::string message = one_line(connection == nullptr ? "" : PQerrorMessage(connection));
    if (message.empty()) {
        message = "the PostgreSQL connection failed";
    }
    return db::DatabaseError(message, connection_failure_sqlstate);
}

std::string connection_failure_reason(std::string_view libpq_message) {
    std::string reason = one_line(libpq_message);
    return reason.empty() ? "the server refused the connection" : reason;
}

const char* whole_sql(const std::string& sql) {
    if (const auto nul = sql.find('\0'); nul != std::string::npos) {
        throw db::DatabaseError(
            "the SQL text holds a NUL byte, where libpq would stop sending it and drop the rest",
            "22021", nul);
    }
    return sql.c_str();
}

bool stale_prepared_statement(const db::DatabaseError& error) {
    return error.code() == "26000" ||
           (error.code() == "0A000" &&
            std::string_view(error.what()).find("cached plan must not change result type") !=
                std::string_view::npos);
}

}  // namespace deckhand::postgres
