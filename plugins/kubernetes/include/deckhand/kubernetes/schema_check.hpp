// "Does the database already hold every migration this build ships?", asked when the Job is
// absent (deleted after ttlSecondsAfterFinished, or the Pod started long after the release).
// Answered by the migrate plugin (its "migrations" service), so the two commands never disagree.
#pragma once

namespace deckhand {
class Context;
}

namespace deckhand::kubernetes {

// Opens the configured database, reads the configured migrations folder for its dialect and
// asks the migrations service whether every pre-phase migration is applied as shipped (post-phase
// scripts run after the rollout, so init containers never wait for them).
bool database_holds_shipped_migrations(Context& context);

}  // namespace deckhand::kubernetes
