// The .env reader: godotenv's rules (as dbmate applies them), one line at a time, so that one bad
// line is a warning naming it and the others still count.
#include "config/dotenv.hpp"

namespace deckhand::config {
namespace {

bool is_blank(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

bool is_name_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.';
}

// godotenv expands names of upper-case letters, digits and '_' only.
bool is_expandable_char(char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_blank(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_blank(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

class Parser {
  public:
    Parser(std::string_view text, const std::string& shown_path,
           const std::map<std::string, std::string>& environment)
        : text_(text), shown_path_(shown_path), environment_(environment) {}

    Dotenv run() {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") {
            text_.remove_prefix(3);  // a byte order mark some editors write
        }
        while (position_ < text_.size()) {
            const std::string_view line = next_line();
            const std::size_t number = line_;
            std::string why = statement(line, number);
            if (!why.empty()) {
                result_.warnings.push_back(shown_path_ + ":" + std::to_string(number) + ": " + why +
                                           "; the line is ignored");
            }
        }
        return std::move(result_);
    }

  private:
    // The rest of the current line (without its newline), moving past it.
    std::string_view next_line() {
        const std::size_t end = text_.find('\n', position_);
        const std::size_t stop = end == std::string_view::npos ? text_.size() : end;
        std::string_view line = text_.substr(position_, stop - position_);
        position_ = end == std::string_view::npos ? text_.size() : end + 1;
        ++line_;
        return line;
    }

    // Reads one statement starting on `line`; returns why it cannot, or "".
    std::string statement(std::string_view line, std::size_t number) {
        std::string_view rest = trim(line);
        if (rest.empty() || rest.front() == '#' || rest == "---") {
            return {};
        }
        if (rest.substr(0, 6) == "export" && rest.size() > 6 && is_blank(rest[6])) {
            rest = trim(rest.substr(6));
        }
        std::size_t end = 0;
        while (end < rest.size() && is_name_char(rest[end])) {
            ++end;
        }
        const std::string name(rest.substr(0, end));
        rest = trim(rest.substr(end));
        if (name.empty() || rest.empty() || (rest.front() != '=' && rest.front() != ':')) {
            return "expected NAME=value (a name of letters, digits, '_' and '.')";
        }
        rest = trim(rest.substr(1));
        std::string value;
        if (!rest.empty() && (rest.front() == '\'' || rest.front() == '"')) {
            std::string why = quoted(rest, value);
            if (!why.empty()) {
                return why;
            }
        } else {
            value = unquoted(rest);
        }
        result_.values[name] = DotenvValue{std::move(value), number};
        return {};
    }

    // An unquoted value: up to the end of the line, less a trailing " # comment" (godotenv cuts
    // at the last '#' that follows a blank), blanks trimmed, names expanded.
    std::string unquoted(std::string_view rest) {
        for (std::size_t i = rest.size(); i-- > 1;) {
            if (rest[i] == '#' && is_blank(rest[i - 1])) {
                rest = rest.substr(0, i);
                break;
            }
        }
        return expand(trim(rest), false);
    }

    // A quoted value, which may run over several lines: up to the same quote not preceded by a
    // backslash. Single quotes keep the text as it is; double quotes read \n and \r and expand.
    std::string quoted(std::string_view rest, std::string& value) {
        const char quote = rest.front();
        // `rest` lies within the text: carry on from its position, across lines.
        std::size_t at = static_cast<std::size_t>(rest.data() - text_.data()) + 1;
        const std::size_t opened = at;
        std::size_t lines_crossed = 0;
        while (at < text_.size() && !(text_[at] == quote && text_[at - 1] != '\\')) {
            lines_crossed += text_[at] == '\n' ? 1 : 0;
            ++at;
        }
        if (at >= text_.size()) {
            return std::string("the ") + (quote == '"' ? "double" : "single") +
                   " quote that opens the value is never closed";
        }
        const std::string_view inside = text_.substr(opened, at - opened);
        // What follows the closing quote on its line may only be blanks and a comment.
        const std::size_t line_end = text_.find('\n', at);
        const std::size_t stop = line_end == std::string_view::npos ? text_.size() : line_end;
        const std::string_view after = trim(text_.substr(at + 1, stop - at - 1));
        line_ += lines_crossed;
        position_ = line_end == std::string_view::npos ? text_.size() : line_end + 1;
        if (!after.empty() && after.front() != '#') {
            return "text follows the closing quote (quote the whole value, or start a comment "
                   "with ' #')";
        }
        value = quote == '\'' ? std::string(inside) : expand(inside, true);
        return {};
    }

    // Expands $NAME and ${NAME}; `\$` is a literal '$'. In double quotes, \n and \r are a
    // newline and a carriage return, and a backslash keeps any other character as it is.
    std::string expand(std::string_view text, bool double_quoted) {
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '\\' && i + 1 < text.size()) {
                const char next = text[i + 1];
                if (next == '$') {
                    out += '$';
                    ++i;
                    continue;
                }
                if (double_quoted) {
                    out += next == 'n' ? '\n' : next == 'r' ? '\r' : next;
                    ++i;
                    continue;
                }
                out += c;
                continue;
            }
            if (c != '$') {
                out += c;
                continue;
            }
            const bool braced = i + 1 < text.size() && text[i + 1] == '{';
            std::size_t start = i + (braced ? 2 : 1);
            std::size_t end = start;
            while (end < text.size() && is_expandable_char(text[end])) {
                ++end;
            }
            if (end == start || (braced && (end >= text.size() || text[end] != '}'))) {
                out += c;  // not a reference: kept as written
                continue;
            }
            out += lookup(std::string(text.substr(start, end - start)));
            i = braced ? end : end - 1;
        }
        return out;
    }

    std::string lookup(const std::string& name) const {
        if (auto found = result_.values.find(name); found != result_.values.end()) {
            return found->second.value;
        }
        if (auto found = environment_.find(name); found != environment_.end()) {
            return found->second;
        }
        return {};
    }

    std::string_view text_;
    const std::string& shown_path_;
    const std::map<std::string, std::string>& environment_;
    std::size_t position_ = 0;
    std::size_t line_ = 0;
    Dotenv result_;
};

}  // namespace

Dotenv parse_dotenv(std::string_view text, const std::string& shown_path,
                    const std::map<std::string, std::string>& environment) {
    return Parser(text, shown_path, environment).run();
}

}  // namespace deckhand::config
