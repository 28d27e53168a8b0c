// Transactions, stray dbmate sections and NUL bytes: the loader's checks of a script's text.
#include "script/script_checks.hpp"

#include <cstring>

#include "deckhand/script/line_index.hpp"
#include "deckhand/script/transaction_needs.hpp"
#include "script/dbmate_sections.hpp"

namespace deckhand::script {
namespace {

std::string mixed_statements(std::string_view display_path, const NonTransactionalStatement& found,
                             std::size_t transactional_line) {
    std::string message = std::string(display_path) + ":" + std::to_string(found.line) + ": ";
    if (found.use_line != 0) {
        message +=
            "the value that ALTER TYPE ... ADD VALUE adds here cannot be used in the same "
            "transaction, and line " +
            std::to_string(found.use_line) + " uses it";
    } else {
        message += std::string(found.what) +
                   " cannot run inside a transaction, and the script's other statements (line " +
                   std::to_string(transactional_line) + ") run in one";
    }
    return message +
           "; split the script in two, or start it with -- deckhand:no-transaction to run every "
           "statement on its own";
}

}  // namespace

NoTransaction decide_transaction(const TransactionChoice& choice, std::string_view text,
                                 SqlDialect dialect, std::string_view display_path,
                                 std::vector<std::string>& problems) {
    if (choice.directive) {
        return NoTransaction::directive;
    }
    if (choice.execute_in_transaction) {
        // An explicit true also overrides the detection below: a way out of a wrong guess.
        return *choice.execute_in_transaction ? NoTransaction::no : NoTransaction::config;
    }
    if (!choice.dbmate_transaction) {
        return NoTransaction::dbmate;
    }
    if (!may_need_no_transaction(text, dialect)) {
        return NoTransaction::no;
    }
    const auto needs = transaction_needs(text, dialect);
    if (needs.mixed()) {
        problems.push_back(
            mixed_statements(display_path, *needs.non_transactional, *needs.transactional_line));
        return NoTransaction::no;
    }
    return needs.none_may_run_in_one() ? NoTransaction::statements : NoTransaction::no;
}

std::optional<std::string> nul_byte_problem(std::string_view text, std::string_view display_path) {
    const void* nul = text.empty() ? nullptr : std::memchr(text.data(), '\0', text.size());
    if (nul == nullptr) {
        return std::nullopt;
    }
    const auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
    return std::string(display_path) + ":" + std::to_string(line_at(text, offset)) +
           ": the script holds a NUL byte, where the database would stop reading it and drop "
           "the rest without a word; remove it (a file saved as UTF-16 is full of them: save it "
           "as UTF-8)";
}

void refuse_down_sections(std::string_view text, SqlDialect dialect, std::string_view display_path,
                          Convention convention, std::vector<std::string>& problems) {
    for (const auto& marker : find_dbmate_markers(text, dialect)) {
        if (marker.up) {
            continue;
        }
        problems.push_back(
            std::string(display_path) + ":" + std::to_string(marker.line) +
            ": '-- migrate:down' starts dbmate's undo section, but this file is named the " +
            std::string(to_string(convention)) +
            " way, which runs the whole file, undo included; name it the dbmate way "
            "(<version>_<name>.sql) to run only its up section, or move the undo part " +
            (convention == Convention::golang_migrate
                 ? "into its .down.sql file"
                 : "out (a U script, if you keep undo scripts)"));
        return;
    }
}

}  // namespace deckhand::script
