// Splitting argv and deckhand.opts into global settings, the command and its arguments.
#include "cli/invocation.hpp"

#include <fstream>

#include "cli/did_you_mean.hpp"
#include "deckhand/errors.hpp"

namespace deckhand::cli {
namespace {

bool is_long_option(const std::string& token) {
    return token.size() > 2 && token.rfind("--", 0) == 0;
}

std::string flag_name(const std::string& token) {
    auto eq = token.find('=');
    return token.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
}

std::string known_globals() {
    std::string names;
    for (const auto& option : global_options()) {
        names += (names.empty() ? "--" : ", --") + std::string(option.flag);
    }
    return names;
}

// The sentence for an option before the command that deckhand does not know: the one meant when
// it is a near miss, else the list. Only the name is shown, never a value given with '='.
std::string unknown_global_message(const std::string& token) {
    const std::string shown = is_long_option(token) ? "--" + flag_name(token) : token;
    std::vector<std::string> flags;
    for (const auto& option : global_options()) {
        flags.push_back("--" + std::string(option.flag));
    }
    if (auto meant = did_you_mean(shown, flags)) {
        return "unknown global option " + shown + "; did you mean " + *meant + "?";
    }
    return "unknown global option " + shown + " (global options are " + known_globals() +
           "; a command's own options go after the command name)";
}

// Splits one line into words: whitespace separates, quotes group, '#' starts a comment.
std::vector<std::string> split_words(const std::string& line, const std::string& where) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else if (c == '\\' && quote == '"' && i + 1 < line.size()) {
                word += line[++i];
            } else {
                word += c;
            }
        } else if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == '#' && !in_word) {
            break;
        } else if (std::isspace(static_cast<unsigned char>(c))) {
            if (in_word) {
                words.push_back(std::move(word));
            }
            word.clear();
            in_word = false;
        } else {
            word += c;
            in_word = true;
        }
    }
    if (quote != 0) {
        throw ConfigError(where + " has an unterminated " + std::string(1, quote) + " quote");
    }
    if (in_word) {
        words.push_back(std::move(word));
    }
    return words;
}

// The 1-based position of tokens[index] among the words of its line.
std::size_t word_on_line(const std::vector<OptsToken>& tokens, std::size_t index) {
    std::size_t position = 1;
    while (index > 0 && tokens[index - 1].line == tokens[index].line) {
        --index;
        ++position;
    }
    return position;
}

}  // namespace

std::string empty_value_message(const std::string& option) {
    return option +
           " is given an empty value (an unset variable?); give it a value or leave it out";
}

Invocation split_invocation(const std::vector<std::string>& args) {
    Invocation invocation;
    bool after_terminator = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& token = args[i];
        if (after_terminator) {
            invocation.command_args.push_back(token);
            continue;
        }
        if (token == "--") {
            after_terminator = true;
            if (invocation.command) {
                invocation.command_args.push_back(token);
            }
            continue;
        }
        if (is_long_option(token)) {
            const std::string name = flag_name(token);
            if (const GlobalOption* option = find_global_option(name)) {
                std::string value;
                if (auto eq = token.find('='); eq != std::string::npos) {
                    value = token.substr(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args[++i];
                } else {
                    throw UsageError("--" + name + " needs a value (" + option->value_name + ")");
                }
                if (value.empty()) {
                    throw UsageError(empty_value_message("--" + name));
                }
                invocation.globals[name].push_back({value, "--" + name});
                continue;
            }
            if (name == "help") {
                invocation.help = true;
                continue;
            }
            if (name == "version" && !invocation.command) {
                invocation.version = true;
                continue;
            }
        }
        if (token == "-h") {
            invocation.help = true;
            continue;
        }
        if (!invocation.command) {
            if (!token.empty() && token.front() == '-') {
                throw UsageError(unknown_global_message(token));
            }
            invocation.command = token;
            continue;
        }
        invocation.command_args.push_back(token);
    }
    return invocation;
}

std::vector<OptsToken> read_opts_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        return {};
    }
    std::vector<OptsToken> tokens;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        for (auto& word : split_words(line, path + " line " + std::to_string(number))) {
            tokens.push_back({std::move(word), number});
        }
    }
    return tokens;
}

OptsDefaults split_opts_tokens(const std::vector<OptsToken>& tokens, const std::string& path) {
    OptsDefaults defaults;
    bool in_group = false;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto& token = tokens[i];
        const std::string where = path + " line " + std::to_string(token.line);
        if (is_long_option(token.text)) {
            const std::string name = flag_name(token.text);
            if (const GlobalOption* option = find_global_option(name)) {
                std::string value;
                if (auto eq = token.text.find('='); eq != std::string::npos) {
                    value = token.text.substr(eq + 1);
                } else if (i + 1 < tokens.size() && tokens[i + 1].line == token.line) {
                    value = tokens[++i].text;
                } else {
                    std::string message = where;
                    message.append(": --").append(name).append(" needs a value (");
                    message.append(option->value_name).append(")");
                    throw ConfigError(message);
                }
                if (value.empty()) {
                    throw ConfigError(where + ": " + empty_value_message("--" + name));
                }
                defaults.globals[name].push_back({value, where});
                in_group = false;
                continue;
            }
            defaults.command_groups.push_back({{token.text}, where});
            in_group = true;
            continue;
        }
        if (!in_group) {
            // The word is not shown: it may be half of a value split at a space, such as a
            // password in an unquoted URL.
            throw ConfigError(where + ": word " + std::to_string(word_on_line(tokens, i)) +
                              " is not an option; deckhand.opts holds default options such as "
                              "--migrations db/migrations, not commands (quote a value that "
                              "holds spaces)");
        }
        defaults.command_groups.back().words.push_back(token.text);
    }
    return defaults;
}

}  // namespace deckhand::cli
