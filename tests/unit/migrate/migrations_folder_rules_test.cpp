// migrations_folder_rules: the migrate engine's service says how a folder is read, with every
// dialect the drivers declare; a service offered by a plugin of API 1.4 (whose vtable has no
// folder_rules) is never asked, and the folder is read by the rules of 1.4 instead.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>
#include <stdexcept>

#include "deckhand/cancellation.hpp"
#include "deckhand/context.hpp"
#include "deckhand/migrate/migrations_service.hpp"
#include "deckhand/migrations_service.hpp"
#include "deckhand/service.hpp"

namespace deckhand {
namespace {

// A Context that offers the engine's service as a plugin of `api_minor` would, with drivers of
// three dialects in the plugin folders. It opens no database: reading rules needs none.
class RulesContext final : public Context {
  public:
    explicit RulesContext(std::uint32_t api_minor) : api_minor_(api_minor) {}

    const Config& config() const override { return config_; }
    spdlog::logger& log() override { return log_; }
    std::ostream& out() override { return out_; }
    std::unique_ptr<db::Connection> open_database() override {
        throw std::logic_error("no database here");
    }
    std::unique_ptr<db::Connection> open_database(const DatabaseUrl&) override {
        throw std::logic_error("no database here");
    }
    Cancellation& cancellation() override { return cancellation_; }
    PluginReport plugins() override { return {}; }
    std::vector<Check*> checks() override { return {}; }
    ServiceOffer find_service(const std::string& name) override {
        if (name != MigrationsService::service_name) {
            return {};
        }
        return {migrations_.get(), api_minor_, "migrate.so"};
    }
    std::vector<std::string> dialects() override { return {"mysql", "postgres", "sqlite"}; }

    MigrationsService& migrations() { return *migrations_; }

  private:
    std::uint32_t api_minor_;
    Config config_;
    spdlog::logger log_{"test", std::make_shared<spdlog::sinks::null_sink_mt>()};
    std::ostringstream out_;
    Cancellation cancellation_;
    std::unique_ptr<MigrationsService> migrations_ = migrate::make_migrations_service();
};

TEST(MigrationsFolderRules, AServiceOfPluginApi15SaysThemWithEveryDeclaredDialect) {
    RulesContext context(5);
    const auto rules = migrations_folder_rules(context, context.migrations(), "sqlite");
    EXPECT_EQ(rules.dialect, "sqlite");
    EXPECT_EQ(rules.other_dialects, (std::vector<std::string>{"mysql", "postgres"}));
    EXPECT_EQ(rules.not_migrations, std::vector<std::string>{"seed"});
}

TEST(MigrationsFolderRules, AServiceOfPluginApi14IsNotAskedAndTheRulesOf14Apply) {
    // The 1.4 rules know only the shipped dialects: mysql/ is not passed over quietly.
    RulesContext context(4);
    const auto rules = migrations_folder_rules(context, context.migrations(), "sqlite");
    EXPECT_EQ(rules.dialect, "sqlite");
    EXPECT_EQ(rules.other_dialects, std::vector<std::string>{"postgres"});
    EXPECT_EQ(rules.post_folder, "post");
    EXPECT_EQ(rules.not_migrations, std::vector<std::string>{"seed"});
}

}  // namespace
}  // namespace deckhand
