// The values of secret placeholders (a name holding password, secret, token or key) that a run
// was given, in `--set NAME=VALUE` arguments, deckhand.opts lines and DECKHAND_PLACEHOLDER_*
// variables: the host scrubs them from everything it prints, as it does the URL's password, so
// that a server error quoting a statement (or the value itself) never shows one.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand::cli {

// The values of the secret placeholders among `words` (a command's arguments: `--set NAME=VALUE`
// and `--set=NAME=VALUE`) and `placeholders` (name to value).
DECKHAND_API std::vector<std::string> secret_placeholder_values(
    const std::vector<std::string>& words, const std::map<std::string, std::string>& placeholders);

}  // namespace deckhand::cli
