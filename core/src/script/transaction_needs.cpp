// Which statements must run outside a transaction: a word-level look at each statement's
// tokens (never at raw text, so comments and strings do not count).
#include "deckhand/script/transaction_needs.hpp"

#include <array>
#include <vector>

#include "deckhand/script/splitter.hpp"

namespace deckhand::script {
namespace {

constexpr bool is_word_byte(unsigned char c) noexcept {
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// The significant tokens of one statement, with a few questions asked of them.
class Words {
  public:
    void read(std::string_view statement, SqlDialect dialect) {
        tokens_.clear();
        SqlLexer lexer(statement, dialect);
        Token token;
        while (lexer.next(token)) {
            if (token.significant()) {
                tokens_.push_back({token.kind, lexer.text_of(token), token.line});
            }
        }
    }

    std::size_t size() const noexcept { return tokens_.size(); }
    // Whether token `i` is the keyword `upper`.
    bool is(std::size_t i, std::string_view upper) const noexcept {
        return i < tokens_.size() && tokens_[i].kind == TokenKind::word &&
               keyword_equals(tokens_[i].text, upper);
    }
    bool is_symbol(std::size_t i, char c) const noexcept {
        return i < tokens_.size() && tokens_[i].kind == TokenKind::symbol &&
               tokens_[i].text.size() == 1 && tokens_[i].text[0] == c;
    }
    // The first token at or after `from` that is the keyword, or size() when none is.
    std::size_t find(std::string_view upper, std::size_t from = 0) const noexcept {
        for (std::size_t i = from; i < tokens_.size(); ++i) {
            if (is(i, upper)) {
                return i;
            }
        }
        return tokens_.size();
    }
    bool has(std::string_view upper) const noexcept { return find(upper) < tokens_.size(); }
    // Past a parenthesised group starting at `i` (an option list), or `i` when there is none.
    std::size_t skip_group(std::size_t i) const noexcept {
        if (!is_symbol(i, '(')) {
            return i;
        }
        int depth = 0;
        for (; i < tokens_.size(); ++i) {
            depth += is_symbol(i, '(') ? 1 : is_symbol(i, ')') ? -1 : 0;
            if (depth == 0) {
                return i + 1;
            }
        }
        return i;
    }
    // `option = false` (or off, or '0') somewhere in the statement's WITH list.
    bool option_off(std::string_view upper_option) const noexcept {
        for (std::size_t i = find(upper_option); i < tokens_.size();
             i = find(upper_option, i + 1)) {
            std::size_t value = is_symbol(i + 1, '=') ? i + 2 : i + 1;
            if (is(value, "FALSE") || is(value, "OFF") ||
                (value < tokens_.size() &&
                 (tokens_[value].text == "'false'" || tokens_[value].text == "'off'" ||
                  tokens_[value].text == "0"))) {
                return true;
            }
        }
        return false;
    }
    std::string_view text(std::size_t i) const noexcept { return tokens_[i].text; }
    TokenKind kind(std::size_t i) const noexcept { return tokens_[i].kind; }

  private:
    struct Item {
        TokenKind kind;
        std::string_view text;
        std::size_t line;
    };
    std::vector<Item> tokens_;
};

// The server's name for a statement that cannot run in a transaction, or "" if it can.
std::string_view postgres_kind(const Words& w) {
    const bool create = w.is(0, "CREATE");
    const bool drop = w.is(0, "DROP");
    const bool alter = w.is(0, "ALTER");
    if (create || drop) {
        const std::size_t object = create && w.is(1, "UNIQUE") ? 2 : 1;
        if (w.is(object, "INDEX") && w.is(object + 1, "CONCURRENTLY")) {
            return create ? "CREATE INDEX CONCURRENTLY" : "DROP INDEX CONCURRENTLY";
        }
        if (w.is(1, "DATABASE")) {
            return create ? "CREATE DATABASE" : "DROP DATABASE";
        }
        if (w.is(1, "TABLESPACE")) {
            return create ? "CREATE TABLESPACE" : "DROP TABLESPACE";
        }
        if (w.is(1, "SUBSCRIPTION")) {
            if (drop) {
                return "DROP SUBSCRIPTION";
            }
            // Only creating the replication slot (the default) needs to be outside.
            if (!w.option_off("CREATE_SLOT") && !w.option_off("CONNECT")) {
                return "CREATE SUBSCRIPTION";
            }
        }
        return {};
    }
    if (alter) {
        if (w.is(1, "SYSTEM")) {
            return "ALTER SYSTEM";
        }
        if (w.is(1, "DATABASE") && w.is(3, "SET") && w.is(4, "TABLESPACE")) {
            return "ALTER DATABASE SET TABLESPACE";
        }
        if (w.is(1, "SUBSCRIPTION") && w.has("PUBLICATION") && !w.option_off("REFRESH")) {
            return "ALTER SUBSCRIPTION ... PUBLICATION";
        }
        if (w.is(1, "TABLE") && w.has("DETACH") && w.has("CONCURRENTLY")) {
            return "ALTER TABLE ... DETACH PARTITION CONCURRENTLY";
        }
        return {};
    }
    if (w.is(0, "VACUUM")) {
        return "VACUUM";
    }
    if (w.is(0, "REINDEX")) {
        if (w.has("CONCURRENTLY")) {
            return "REINDEX CONCURRENTLY";
        }
        std::size_t i = w.skip_group(1);
        i += w.is(i, "VERBOSE") ? 1 : 0;
        if (w.is(i, "SCHEMA")) {
            return "REINDEX SCHEMA";
        }
        if (w.is(i, "DATABASE")) {
            return "REINDEX DATABASE";
        }
        if (w.is(i, "SYSTEM")) {
            return "REINDEX SYSTEM";
        }
        return {};
    }
    if (w.is(0, "CLUSTER")) {
        // CLUSTER, CLUSTER VERBOSE, CLUSTER (VERBOSE): every table at once.
        std::size_t i = w.skip_group(1);
        i += w.is(i, "VERBOSE") ? 1 : 0;
        return i == w.size() ? "CLUSTER" : std::string_view();
    }
    if (w.is(0, "DISCARD") && w.is(1, "ALL")) {
        return "DISCARD ALL";
    }
    return {};
}

std::string_view sqlite_kind(const Words& w) {
    if (w.is(0, "VACUUM")) {
        return "VACUUM";
    }
    // PRAGMA [schema.]journal_mode = WAL fails inside a transaction.
    if (w.is(0, "PRAGMA") &&
        (w.is(1, "JOURNAL_MODE") || (w.is_symbol(2, '.') && w.is(3, "JOURNAL_MODE")))) {
        return "PRAGMA journal_mode";
    }
    return {};
}

// The label (as written, quotes included) that ALTER TYPE ... ADD VALUE adds, or "".
std::string_view added_enum_value(const Words& w) {
    if (!w.is(0, "ALTER") || !w.is(1, "TYPE")) {
        return {};
    }
    const std::size_t add = w.find("ADD");
    if (!w.is(add + 1, "VALUE")) {
        return {};
    }
    std::size_t label = add + 2;
    if (w.is(label, "IF") && w.is(label + 1, "NOT") && w.is(label + 2, "EXISTS")) {
        label += 3;
    }
    return label < w.size() && w.kind(label) == TokenKind::string ? w.text(label)
                                                                  : std::string_view();
}

// Whether the statement uses a string equal to `label`.
bool uses(const Words& w, std::string_view label) {
    for (std::size_t i = 0; i < w.size(); ++i) {
        if (w.kind(i) == TokenKind::string && w.text(i) == label) {
            return true;
        }
    }
    return false;
}

}  // namespace

bool may_need_no_transaction(std::string_view sql, SqlDialect dialect) noexcept {
    // One pass over the words of the raw text. It runs on every script that `status` reads, so
    // the loop stays tight: a word is looked at only if its length and first letter could make
    // it one of the telling words, and compared only then.
    static constexpr auto word_bytes = [] {
        std::array<bool, 256> table{};
        for (int c = 0; c < 256; ++c) {
            table[static_cast<std::size_t>(c)] = is_word_byte(static_cast<unsigned char>(c));
        }
        return table;
    }();
    const bool sqlite = dialect == SqlDialect::sqlite;
    const auto* p = reinterpret_cast<const unsigned char*>(sql.data());
    const auto* const end = p + sql.size();
    const unsigned char* previous = nullptr;  // the word before, for ADD VALUE
    std::size_t previous_size = 0;
    while (p != end) {
        while (p != end && !word_bytes[*p]) {
            ++p;
        }
        const unsigned char* const start = p;
        while (p != end && word_bytes[*p]) {
            ++p;
        }
        const auto size = static_cast<std::size_t>(p - start);
        // Lengths 5 (VALUE), 6 (VACUUM, SYSTEM), 7 (REINDEX, CLUSTER, DISCARD), 8 (DATABASE),
        // 10 (TABLESPACE), 12 (CONCURRENTLY, SUBSCRIPTION, JOURNAL_MODE).
        constexpr unsigned lengths =
            (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8) | (1u << 10) | (1u << 12);
        if (size <= 12 && ((lengths >> size) & 1u) != 0) {
            const std::string_view word(reinterpret_cast<const char*>(start), size);
            switch (*start | 0x20) {
                case 'v':
                    if (keyword_equals(word, "VACUUM") ||
                        (!sqlite && keyword_equals(word, "VALUE") &&
                         keyword_equals({reinterpret_cast<const char*>(previous), previous_size},
                                        "ADD"))) {
                        return true;
                    }
                    break;
                case 'j':
                    if (sqlite && keyword_equals(word, "JOURNAL_MODE")) {
                        return true;
                    }
                    break;
                case 'c':
                    if (!sqlite &&
                        (keyword_equals(word, "CONCURRENTLY") || keyword_equals(word, "CLUSTER"))) {
                        return true;
                    }
                    break;
                case 'd':
                    if (!sqlite &&
                        (keyword_equals(word, "DATABASE") || keyword_equals(word, "DISCARD"))) {
                        return true;
                    }
                    break;
                case 's':
                    if (!sqlite &&
                        (keyword_equals(word, "SYSTEM") || keyword_equals(word, "SUBSCRIPTION"))) {
                        return true;
                    }
                    break;
                case 't':
                    if (!sqlite && keyword_equals(word, "TABLESPACE")) {
                        return true;
                    }
                    break;
                case 'r':
                    if (!sqlite && keyword_equals(word, "REINDEX")) {
                        return true;
                    }
                    break;
                default:
                    break;
            }
        }
        previous = start;
        previous_size = size;
    }
    return false;
}

TransactionNeeds transaction_needs(std::string_view sql, SqlDialect dialect) {
    TransactionNeeds needs;
    const auto statements = split_statements(sql, dialect);
    Words words;
    // ALTER TYPE ... ADD VALUE statements, and where a later statement first uses the value.
    struct Added {
        std::size_t statement;
        std::string_view label;  // into `sql`
        std::size_t use_line = 0;
    };
    std::vector<Added> added;
    std::vector<std::string_view> kinds(statements.size());
    for (std::size_t s = 0; s < statements.size(); ++s) {
        words.read(statements[s].text, dialect);
        if (dialect == SqlDialect::sqlite) {
            kinds[s] = sqlite_kind(words);
            continue;
        }
        kinds[s] = postgres_kind(words);
        if (const auto label = added_enum_value(words); !label.empty()) {
            added.push_back({s, label});
            continue;  // ADD VALUE 'b' AFTER 'a' may name a value added just before: allowed
        }
        for (auto& add : added) {
            if (add.use_line == 0 && uses(words, add.label)) {
                add.use_line = statements[s].line;
                kinds[add.statement] = "ALTER TYPE ... ADD VALUE";
            }
        }
    }
    for (std::size_t s = 0; s < statements.size(); ++s) {
        if (kinds[s].empty()) {
            if (!needs.transactional_line) {
                needs.transactional_line = statements[s].line;
            }
        } else if (!needs.non_transactional) {
            NonTransactionalStatement found{kinds[s], statements[s].line, 0};
            for (const auto& add : added) {
                if (add.statement == s) {
                    found.use_line = add.use_line;
                }
            }
            needs.non_transactional = found;
        }
    }
    return needs;
}

}  // namespace deckhand::script
