// Out-of-line destructors of the SDK's interfaces, so their vtables live in the core.
#include "deckhand/check.hpp"
#include "deckhand/command.hpp"
#include "deckhand/context.hpp"
#include "deckhand/db/connection.hpp"
#include "deckhand/registry.hpp"

namespace deckhand {

Check::~Check() = default;
Command::~Command() = default;
Context::~Context() = default;
Registry::~Registry() = default;
db::Connection::~Connection() = default;
db::DatabaseError::~DatabaseError() = default;
db::ConnectionError::~ConnectionError() = default;

}  // namespace deckhand
