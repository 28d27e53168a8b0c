// installed_on as deckhand shows it ("2026-01-31T12:00:00.123Z"), from the epoch seconds that
// PostgreSQL's date_part('epoch', ...) returns: formatting ten thousand timestamps with to_char
// on the server took longer than sending the rows.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace deckhand::migrate {

// ISO 8601 UTC with milliseconds, the milliseconds cut (not rounded) as to_char's MS does;
// nullopt for text that is not a finite number of seconds, or a time outside the years 0-9999.
std::optional<std::string> iso8601_from_epoch_seconds(std::string_view seconds);

}  // namespace deckhand::migrate
