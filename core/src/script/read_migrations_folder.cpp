// The configured migrations folder, read once for the dialect the driver declares.
#include "deckhand/context.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/migrations_service.hpp"
#include "deckhand/service.hpp"

namespace deckhand {

namespace {

constexpr std::uint32_t folder_rules_since_api_minor = 5;

}  // namespace

script::FolderRules migrations_folder_rules(Context& context, MigrationsService& migrations,
                                            const std::string& dialect) {
    const ServiceOffer offer = context.find_service(MigrationsService::service_name);
    if (offer.service == &migrations && offer.api_minor < folder_rules_since_api_minor) {
        // Its vtable ends before folder_rules: calling it would call whatever lies beyond.
        return script::FolderRules::as_of_api_1_4(dialect);
    }
    return migrations.folder_rules(dialect, context.dialects());
}

script::MigrationSet read_migrations_folder(Context& context, MigrationsService& migrations,
                                            const db::Connection* connection,
                                            script::ScriptTexts texts) {
    std::string dialect = context.dialect();
    if (dialect.empty() && connection != nullptr) {
        dialect = connection->dialect();
    }
    if (dialect.empty()) {
        throw ConfigError("the driver for '" + context.database_url().scheme +
                          ":' URLs declares no dialect, so the migrations folder cannot be read "
                          "before connecting");
    }
    return script::load_migrations(context.config().migrations_dir,
                                   migrations_folder_rules(context, migrations, dialect), texts);
}

}  // namespace deckhand
