// Boost.ProgramOptions driven for every command alike, and its errors turned into sentences.
#include "cli/command_arguments.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/program_options/parsers.hpp>
#include <boost/program_options/variables_map.hpp>

#include "cli/did_you_mean.hpp"
#include "deckhand/duration_option.hpp"
#include "deckhand/errors.hpp"

namespace po = boost::program_options;

namespace deckhand::cli {
namespace {

constexpr int parser_style =
    po::command_line_style::default_style & ~po::command_line_style::allow_guessing;

// "--lock-timeout=5m" -> "--lock-timeout": an option's value is never echoed (it may be a URL).
std::string option_name_only(const std::string& token) {
    return token.substr(0, token.find('='));
}

// The name of a deckhand.opts group's option, without dashes or value.
std::string group_option(const OptsGroup& group) {
    return option_name_only(group.words.front()).substr(2);
}

// An empty value is never what the user meant: `--target ''` from an unset $VERSION would
// otherwise mean "no target", and migrate everything.
// `who` is the command's name ("migrate"), or the deckhand.opts line the options came from.
void refuse_empty_values(const po::parsed_options& parsed, const po::options_description& declared,
                         const std::string& who) {
    for (const auto& option : parsed.options) {
        const bool empty = std::any_of(option.value.begin(), option.value.end(),
                                       [](const std::string& value) { return value.empty(); });
        if (!empty || option.unregistered) {
            continue;
        }
        std::string shown = who + " --" + option.string_key;
        if (option.position_key >= 0) {
            const auto* description = declared.find_nothrow(option.string_key, false);
            shown = "the " +
                    (description != nullptr ? description->semantic()->name() : option.string_key) +
                    " argument of " + who;
        }
        throw UsageError(empty_value_message(shown));
    }
}

po::parsed_options parse(const std::vector<std::string>& args, const CommandOptions& declared,
                         bool with_positionals) {
    po::command_line_parser parser(args);
    parser.options(declared.options).style(parser_style);
    if (with_positionals) {
        parser.positional(declared.positionals);
    }
    return parser.run();
}

}  // namespace

std::vector<std::string> long_option_names(const po::options_description& options) {
    std::vector<std::string> names;
    for (const auto& option : options.options()) {
        names.push_back("--" + option->long_name());
    }
    return names;
}

void parse_command_arguments(Command& command, const CommandOptions& declared,
                             const std::vector<std::string>& args, const OptsDefaults& opts) {
    po::variables_map values;
    // The host prefixes every error with "deckhand: ", so messages name the command in the
    // sentence instead of starting with "deckhand <command>: " themselves.
    const std::string who = command.name();
    const std::string see_help = "see 'deckhand help " + who + "'";
    try {
        const auto parsed = parse(args, declared, true);
        refuse_empty_values(parsed, declared.options, who);
        po::store(parsed, values);
    } catch (const po::unknown_option& e) {
        const std::string name = option_name_only(e.get_option_name());
        // Global options are accepted after the command too, so a near miss may mean one.
        auto candidates = long_option_names(declared.options);
        for (const auto& global : global_options()) {
            candidates.push_back("--" + std::string(global.flag));
        }
        auto suggestion = did_you_mean(name, candidates);
        throw UsageError(who + " has no option " + name +
                         (suggestion ? "; did you mean " + *suggestion + "?" : "; " + see_help));
    } catch (const po::invalid_command_line_syntax& e) {
        if (e.kind() == po::invalid_syntax::empty_adjacent_parameter) {
            throw UsageError(
                empty_value_message(who + " " + option_name_only(e.get_option_name())));
        }
        throw UsageError(std::string(e.what()) + " (" + see_help + ")");
    } catch (const po::too_many_positional_options_error&) {
        throw UsageError("too many arguments for " + who + "; " + see_help);
    } catch (const DurationOptionError& e) {
        throw UsageError(e.what());  // names the flag and the value already
    } catch (const po::error& e) {
        throw UsageError(std::string(e.what()) + " (" + see_help + ")");
    }
    // deckhand.opts defaults, for the options this command has; the command line wins.
    for (const auto& group : opts.command_groups) {
        if (declared.options.find_nothrow(group_option(group), false) == nullptr) {
            continue;
        }
        try {
            const auto parsed = parse(group.words, declared, false);
            refuse_empty_values(parsed, declared.options, group.where + ":");
            po::store(parsed, values);
        } catch (const UsageError& e) {
            throw ConfigError(e.what());
        } catch (const po::invalid_command_line_syntax& e) {
            if (e.kind() == po::invalid_syntax::empty_adjacent_parameter) {
                throw ConfigError(group.where + ": " +
                                  empty_value_message(option_name_only(e.get_option_name())));
            }
            throw ConfigError(group.where + ": " + e.what());
        } catch (const po::error& e) {
            throw ConfigError(group.where + ": " + e.what());
        }
    }
    try {
        po::notify(values);
    } catch (const po::error& e) {
        throw UsageError(std::string(e.what()) + " (" + see_help + ")");
    }
    command.validate_options();
}

void warn_about_unknown_opts_options(const CommandOptions& declared, const OptsDefaults& opts,
                                     const std::function<std::vector<std::string>()>& other_options,
                                     spdlog::logger& log) {
    std::vector<std::string> known;
    bool asked = false;
    for (const auto& group : opts.command_groups) {
        const std::string name = group_option(group);
        if (declared.options.find_nothrow(name, false) != nullptr) {
            continue;
        }
        if (!asked) {
            known = other_options();
            for (auto& own : long_option_names(declared.options)) {
                known.push_back(std::move(own));
            }
            asked = true;
        }
        if (std::find(known.begin(), known.end(), "--" + name) != known.end()) {
            continue;
        }
        auto suggestion = did_you_mean("--" + name, known);
        log.warn("{}: --{} is not an option of any command, so it is ignored{}", group.where, name,
                 suggestion ? "; did you mean " + *suggestion + "?" : std::string());
    }
}

}  // namespace deckhand::cli
