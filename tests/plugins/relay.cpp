// A test plugin for run_command.hpp: `relay COMMAND [ARGS...]` runs another command (of any
// plugin) from inside itself, shows each line it wrote prefixed with "relayed: ", and its status.
#include <sstream>

#include "deckhand/context.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/plugin.hpp"
#include "deckhand/run_command.hpp"

namespace {

class RelayCommand : public deckhand::Command {
  public:
    std::string name() const override { return "relay"; }
    std::string summary() const override { return "Run another command (test plugin)"; }
    std::string usage() const override { return "[--twice] -- COMMAND [ARGS...]"; }
    void define_options(boost::program_options::options_description& options) override {
        namespace po = boost::program_options;
        options.add_options()("words", po::value(&words_)->composing(), "command and arguments")(
            "twice", po::bool_switch(&twice_), "run it a second time");
    }
    void define_positionals(
        boost::program_options::positional_options_description& positionals) override {
        positionals.add("words", -1);
    }
    int run(deckhand::Context& context) override {
        if (words_.empty()) {
            throw deckhand::UsageError("relay needs a command");
        }
        const std::vector<std::string> args(words_.begin() + 1, words_.end());
        context.out() << "offered: " << (deckhand::has_command(context, words_[0]) ? "yes" : "no")
                      << "\n";
        int status = 0;
        for (int round = 0; round < (twice_ ? 2 : 1); ++round) {
            std::ostringstream captured;
            status = deckhand::run_command(context, words_[0], args, captured);
            std::istringstream lines(captured.str());
            for (std::string line; std::getline(lines, line);) {
                context.out() << "relayed: " << line << "\n";
            }
            context.out() << "status: " << status << "\n";
        }
        return status;
    }

  private:
    std::vector<std::string> words_;
    bool twice_ = false;
};

void register_relay(deckhand::Registry& registry) {
    registry.add_command(std::make_unique<RelayCommand>());
}

}  // namespace

DECKHAND_PLUGIN("relay", "1.0.0", register_relay)
DECKHAND_PLUGIN_COMMAND(relay)
