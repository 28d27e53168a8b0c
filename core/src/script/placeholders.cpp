// Finding and replacing ${name} placeholders outside comments.
#include "deckhand/script/placeholders.hpp"

#include <algorithm>

#include "deckhand/ascii.hpp"
#include "deckhand/errors.hpp"

namespace deckhand::script {
namespace {

bool is_placeholder_name_byte(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == ':';
}

[[noreturn]] void undefined(const PlaceholderUse& use, std::string_view display_path) {
    throw ConfigError(std::string(display_path) + ":" + std::to_string(use.line) +
                      ": placeholder ${" + use.name + "} has no value; pass --set " + use.name +
                      "=VALUE or set DECKHAND_PLACEHOLDER_" + use.name);
}

}  // namespace

void Placeholders::set(std::string_view name, std::string value) {
    values_[ascii_lower(name)] = std::move(value);
}

const std::string* Placeholders::find(std::string_view name) const {
    auto it = values_.find(ascii_lower(name));
    return it == values_.end() ? nullptr : &it->second;
}

std::pair<std::string, std::string> parse_placeholder_assignment(std::string_view text,
                                                                 std::string_view what) {
    auto eq = text.find('=');
    std::string_view name = text.substr(0, eq);
    if (eq == std::string_view::npos || name.empty() ||
        !std::all_of(name.begin(), name.end(), is_placeholder_name_byte)) {
        throw UsageError(
            std::string(what) +
            " expects NAME=VALUE with a name of letters, digits, '_', '.' or ':', not '" +
            std::string(text) + "'");
    }
    return {std::string(name), std::string(text.substr(eq + 1))};
}

std::vector<PlaceholderUse> find_placeholders(std::string_view sql, SqlDialect dialect) {
    std::vector<PlaceholderUse> uses;
    std::size_t candidate = sql.find("${");
    if (candidate == std::string_view::npos) {
        return uses;
    }

    // Comments are found with the lexer; everything else (strings, bodies) is substituted.
    std::vector<std::pair<std::size_t, std::size_t>> comments;
    ScriptLexer lexer(sql, dialect);
    Token token;
    while (lexer.next(token)) {
        if (token.kind == TokenKind::line_comment || token.kind == TokenKind::block_comment) {
            comments.emplace_back(token.offset, token.end());
        }
    }
    std::size_t comment = 0;
    std::size_t line = 1;
    std::size_t counted_to = 0;
    for (; candidate != std::string_view::npos; candidate = sql.find("${", candidate + 2)) {
        while (comment < comments.size() && comments[comment].second <= candidate) {
            ++comment;
        }
        if (comment < comments.size() && comments[comment].first <= candidate) {
            continue;
        }
        std::size_t end = candidate + 2;
        while (end < sql.size() && is_placeholder_name_byte(sql[end])) {
            ++end;
        }
        if (end == candidate + 2 || end >= sql.size() || sql[end] != '}') {
            continue;  // not ${name}
        }
        line += static_cast<std::size_t>(
            std::count(sql.begin() + static_cast<std::ptrdiff_t>(counted_to),
                       sql.begin() + static_cast<std::ptrdiff_t>(candidate), '\n'));
        counted_to = candidate;
        uses.push_back(PlaceholderUse{std::string(sql.substr(candidate + 2, end - candidate - 2)),
                                      candidate, end + 1 - candidate, line});
    }
    return uses;
}

std::size_t SubstitutedText::source_offset(std::size_t offset) const noexcept {
    auto after = std::upper_bound(
        replacements.begin(), replacements.end(), offset,
        [](std::size_t value, const Replacement& r) { return value < r.output_offset; });
    if (after == replacements.begin()) {
        return offset;
    }
    const Replacement& r = *(after - 1);
    if (offset < r.output_offset + r.output_length) {
        return r.source_offset;
    }
    return r.source_offset + r.source_length + (offset - r.output_offset - r.output_length);
}

SubstitutedText substitute_placeholders(std::string_view sql, SqlDialect dialect,
                                        const Placeholders& values, std::string_view display_path) {
    SubstitutedText out;
    auto uses = find_placeholders(sql, dialect);
    if (uses.empty()) {
        out.text = std::string(sql);
        return out;
    }
    out.text.reserve(sql.size());
    out.replacements.reserve(uses.size());
    std::size_t copied = 0;
    for (const auto& use : uses) {
        const std::string* value = values.find(use.name);
        if (value == nullptr) {
            undefined(use, display_path);
        }
        out.text.append(sql.substr(copied, use.offset - copied));
        out.replacements.push_back({use.offset, use.length, out.text.size(), value->size()});
        out.text.append(*value);
        copied = use.offset + use.length;
    }
    out.text.append(sql.substr(copied));
    return out;
}

bool is_secret_placeholder(std::string_view name) noexcept {
    static constexpr std::string_view secret_words[] = {"password", "secret", "token", "key"};
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    for (const auto word : secret_words) {
        for (std::size_t at = 0; at + word.size() <= name.size(); ++at) {
            std::size_t i = 0;
            while (i < word.size() && lower(name[at + i]) == word[i]) {
                ++i;
            }
            if (i == word.size()) {
                return true;
            }
        }
    }
    return false;
}

std::string shown_text(const SubstitutedText& substituted, std::string_view original) {
    std::string out;
    out.reserve(substituted.text.size());
    std::size_t copied = 0;
    for (const auto& r : substituted.replacements) {
        // The placeholder as written: ${name}.
        const std::string_view name =
            r.source_length >= 3 && r.source_offset + r.source_length <= original.size()
                ? original.substr(r.source_offset + 2, r.source_length - 3)
                : std::string_view();
        if (!is_secret_placeholder(name)) {
            continue;
        }
        out.append(substituted.text, copied, r.output_offset - copied);
        out.append("***");
        copied = r.output_offset + r.output_length;
    }
    out.append(substituted.text, copied);
    return out;
}

void check_placeholders(std::string_view sql, SqlDialect dialect, const Placeholders& values,
                        std::string_view display_path) {
    for (const auto& use : find_placeholders(sql, dialect)) {
        if (values.find(use.name) == nullptr) {
            undefined(use, display_path);
        }
    }
}

}  // namespace deckhand::script
