// help, version and plugins: what deckhand can do, which build it is, and where each part came
// from.
#include "cli/builtin_commands.hpp"

#include <nlohmann/json.hpp>

#include "cli/help.hpp"
#include "cli/peer_commands.hpp"
#include "deckhand/context.hpp"
#include "deckhand/errors.hpp"
#include "plugin/plugin_file.hpp"

namespace deckhand::cli {
namespace {

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : separator) + item;
    }
    return out;
}

class HelpCommand : public Command {
  public:
    explicit HelpCommand(plugin::PluginHost& host) : host_(host) {}
    std::string name() const override { return "help"; }
    std::string summary() const override { return "Show the usage of every command, or of one"; }
    std::string usage() const override { return "[COMMAND]"; }
    Needs needs() const override { return Needs::nothing; }
    void define_options(boost::program_options::options_description& options) override {
        options.add_options()("command", boost::program_options::value<std::string>(&topic_),
                              "the command to describe");
    }
    void define_positionals(
        boost::program_options::positional_options_description& positionals) override {
        positionals.add("command", 1);
    }

    int run(Context& context) override {
        if (topic_.empty()) {
            host_.load_all();
            context.out() << general_help(host_);
            return 0;
        }
        Command* command = host_.find_command(topic_);
        if (command == nullptr) {
            const std::string hint = unknown_command_hint(topic_, host_.command_names());
            throw UsageError("there is no command '" + topic_ + "'" +
                             (hint.empty() ? "; see 'deckhand help'" : hint));
        }
        CommandOptions options(*command);
        context.out() << command_help(*command, options);
        return 0;
    }

  private:
    plugin::PluginHost& host_;
    std::string topic_;
};

class VersionCommand : public Command {
  public:
    explicit VersionCommand(plugin::PluginHost& host) : host_(host) {}
    std::string name() const override { return "version"; }
    std::string summary() const override {
        return "Show the version of deckhand and of each plugin";
    }
    Needs needs() const override { return Needs::nothing; }

    int run(Context& context) override {
        host_.load_all();
        auto& out = context.out();
        out << "deckhand " << DECKHAND_VERSION << " (plugin API " << plugin::host_api_version()
            << ", " << plugin::host_abi_tag() << ")\n";
        for (const auto& plugin : host_.loaded()) {
            out << "  " << plugin.name << " " << plugin.version << "  " << plugin.path.string()
                << "\n";
        }
        return 0;
    }

  private:
    plugin::PluginHost& host_;
};

class PluginsCommand : public Command {
  public:
    explicit PluginsCommand(plugin::PluginHost& host) : host_(host) {}
    std::string name() const override { return "plugins"; }
    std::string summary() const override {
        return "List the plugins found, where from, and their commands";
    }
    Needs needs() const override { return Needs::nothing; }
    void define_options(boost::program_options::options_description& options) override {
        options.add_options()(
            "output", boost::program_options::value<std::string>(&output_)->default_value("text"),
            "text or json");
    }
    void validate_options() override {
        if (output_ != "text" && output_ != "json") {
            throw UsageError("--output must be text or json, not '" + output_ + "'");
        }
    }

    int run(Context& context) override {
        host_.load_all();
        auto& out = context.out();
        if (output_ == "json") {
            nlohmann::json plugins = nlohmann::json::array();
            for (const auto& plugin : host_.loaded()) {
                plugins.push_back({{"name", plugin.name},
                                   {"version", plugin.version},
                                   {"file", plugin.path.string()},
                                   {"commands", plugin.commands},
                                   {"drivers", plugin.drivers}});
            }
            nlohmann::json refused = nlohmann::json::array();
            for (const auto& refusal : host_.refusals()) {
                refused.push_back({{"file", refusal.path.string()}, {"reason", refusal.reason}});
            }
            out << nlohmann::json{{"plugins", plugins}, {"refused", refused}}.dump(2) << "\n";
            return 0;
        }
        for (const auto& plugin : host_.loaded()) {
            out << plugin.name << " " << plugin.version << "\n  file:     " << plugin.path.string()
                << "\n";
            if (!plugin.commands.empty()) {
                out << "  commands: " << join(plugin.commands) << "\n";
            }
            if (!plugin.drivers.empty()) {
                out << "  drivers:  " << join(plugin.drivers) << "\n";
            }
        }
        if (host_.loaded().empty()) {
            out << "no plugins were found\n";
        }
        for (const auto& refusal : host_.refusals()) {
            out << "refused: " << refusal.reason << "\n";
        }
        return 0;
    }

  private:
    plugin::PluginHost& host_;
    std::string output_;
};

}  // namespace

std::vector<std::unique_ptr<Command>> make_builtin_commands(plugin::PluginHost& host) {
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<HelpCommand>(host));
    commands.push_back(std::make_unique<VersionCommand>(host));
    commands.push_back(std::make_unique<PluginsCommand>(host));
    return commands;
}

}  // namespace deckhand::cli
