// The secrets of this run that deckhand knows (the database URL's password, in every spelling),
// scrubbed from everything the host prints: stderr, the log, the termination message. Messages
// are built from redacted URLs in the first place; this catches one that echoed a secret anyway.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand::log {

class DECKHAND_API KnownSecrets {
  public:
    // Remembers the secrets of a database URL's text. Called while the run starts, before the
    // logger that reads them is shared with other threads.
    void add_url(std::string_view url_text);

    // Remembers one secret value (a secret placeholder's), when it is long enough to be told
    // from ordinary words (as a URL's: url_secret_values).
    void add_value(std::string value);

    // `text` with each known secret replaced by "***", and credentials that look like a URL's or a
    // password= keyword's masked too (redact_secrets).
    std::string scrub(std::string_view text) const;

  private:
    std::vector<std::string> secrets_;  // longest first, so that no part of one is left behind
};

}  // namespace deckhand::log
