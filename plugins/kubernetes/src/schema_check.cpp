// The absent-Job check, delegated to the migrate engine.
#include "deckhand/kubernetes/schema_check.hpp"

#include "deckhand/context.hpp"
#include "deckhand/migrate/status.hpp"
#include "deckhand/script/migration_set.hpp"

namespace deckhand::kubernetes {

bool database_holds_shipped_migrations(Context& context) {
    const auto table = migrate::history_table_name(context.config());
    // One attempt, closed on return: wait-for-job's own wait goes on (on the Job) meanwhile,
    // and holds no connection while it does.
    auto connection = context.open_database_with({.mode = db::OpenMode::read_only, .once = true});
    auto migrations =
        script::load_migrations(context.config().migrations_dir, connection->dialect());
    return migrate::schema_is_current(*connection, migrations, script::Phase::pre, table);
}

}  // namespace deckhand::kubernetes
