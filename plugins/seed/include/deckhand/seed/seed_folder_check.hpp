// The seed plugin's check for `deckhand doctor`: "seed folder parses", the seed folder read for
// the configured database's dialect, as `deckhand seed` would read it.
#pragma once

#include <memory>

#include "deckhand/check.hpp"

namespace deckhand::seed {

std::unique_ptr<Check> make_seed_folder_check();

}  // namespace deckhand::seed
