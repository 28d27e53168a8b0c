// The whole of the `deckhand` executable, as a library call: main() only forwards to it.
#pragma once

#include "deckhand/export.hpp"

namespace deckhand {

// Parses the command line, loads plugins, runs the command; returns the process exit status.
DECKHAND_API int run_host(int argc, char** argv);

}  // namespace deckhand
