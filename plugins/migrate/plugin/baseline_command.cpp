// `deckhand baseline --version V`: adopt an existing database.
#include "command_support.hpp"
#include "commands.hpp"
#include "deckhand/errors.hpp"

namespace deckhand::migrate::cli {
namespace po = boost::program_options;

namespace {

class BaselineCommand final : public Command {
  public:
    std::string name() const override { return "baseline"; }
    std::string summary() const override {
        return "Adopt an existing database: mark everything up to a version applied";
    }
    std::string description() const override {
        return "For a database whose schema was built before deckhand managed it: records every "
               "versioned "
               "script up to and including --version as applied (type BASELINE) without running "
               "it, so that "
               "migrate applies only later ones. Only on a database with an empty history.";
    }
    Needs needs() const override { return Needs::database; }

    void define_options(po::options_description& options) override {
        options.add_options()("version", po::value(&version_text_)->required()->value_name("V"),
                              "the version the database is at")(
            "lock-timeout", po::value(&lock_timeout_text_)->default_value("5m")->value_name("D"),
            "how long to wait for another run's migration lock");
    }

    void validate_options() override {
        if (!script::Version::try_parse(version_text_, version_)) {
            throw UsageError("--version expects a version such as 3 or 1.2, not '" + version_text_ +
                             "'");
        }
        lock_timeout_ = duration_option(lock_timeout_text_, "--lock-timeout");
    }

    int run(Context& context) override {
        auto connection = context.open_database();
        auto migrations = load_migrations_for(context, *connection);
        migrate::baseline(*connection, migrations, version_, lock_timeout_, io_of(context));
        return 0;
    }

  private:
    std::string version_text_;
    std::string lock_timeout_text_;
    script::Version version_;
    std::chrono::milliseconds lock_timeout_{0};
};

}  // namespace

std::unique_ptr<Command> make_baseline_command() {
    return std::make_unique<BaselineCommand>();
}

}  // namespace deckhand::migrate::cli
