// TCP ports of 127.0.0.1 for tests: one that nothing listens on (yet).
#pragma once

namespace deckhand::test {

// A port the kernel just handed out and released: free now, and refused when connected to until
// someone binds it. Throws std::runtime_error when no socket can be bound.
int free_local_port();

}  // namespace deckhand::test
