// The absent-Job check, asked of the migrate plugin through the SDK's "migrations" service.
#include "deckhand/kubernetes/schema_check.hpp"

#include "deckhand/context.hpp"
#include "deckhand/migrations_service.hpp"
#include "deckhand/script/migration_set.hpp"

namespace deckhand::kubernetes {

bool database_holds_shipped_migrations(Context& context) {
    auto& migrations_service = use_service<MigrationsService>(context);
    migrations_service.check_history_table(context.config());
    // One attempt, closed on return: wait-for-job's own wait goes on (on the Job) meanwhile,
    // and holds no connection while it does.
    auto connection = context.open_database_with({.mode = db::OpenMode::read_only, .once = true});
    auto migrations = read_migrations_folder(context, migrations_service, connection.get());
    return migrations_service.standing(*connection, migrations, context.config())
        .is_current(script::Phase::pre);
}

}  // namespace deckhand::kubernetes
