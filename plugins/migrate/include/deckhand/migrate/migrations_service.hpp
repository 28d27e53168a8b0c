// The migrate engine behind the SDK's "migrations" service (deckhand/migrations_service.hpp):
// what the migrate plugin registers for seed, doctor, kubernetes and any other plugin to use
// without linking this engine. The tests of those plugins use it the same way.
#pragma once

#include <memory>

#include "deckhand/migrations_service.hpp"

namespace deckhand::migrate {

std::unique_ptr<MigrationsService> make_migrations_service();

}  // namespace deckhand::migrate
