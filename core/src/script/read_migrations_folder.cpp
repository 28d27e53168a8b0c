// The configured migrations folder, read once for the dialect the driver declares.
#include "deckhand/context.hpp"
#include "deckhand/errors.hpp"
#include "deckhand/migrations_service.hpp"

namespace deckhand {

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
                                   migrations.folder_rules(dialect, context.dialects()), texts);
}

}  // namespace deckhand
