// Where the secrets of a database URL lie, from its parse: what DatabaseUrl::redacted() masks,
// and what the host scrubs from everything it prints in case some message echoed it anyway.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/database_url.hpp"
#include "deckhand/export.hpp"

namespace deckhand {

struct SecretSpan {
    std::size_t offset = 0;  // in the URL's text
    std::size_t length = 0;
    std::string decoded;  // the value it stands for (percent-decoded), if known
};

// The secret places of `text`, in order: the password of the user info and the values of secret
// query parameters. A text that does not parse is secret after its scheme.
DECKHAND_API std::vector<SecretSpan> url_secret_spans(std::string_view text);

// What stands in for a secret wherever one is masked: in a redacted URL and in foreign text.
inline constexpr std::string_view secret_mask = "***";

// Secrets shorter than this are not scrubbed from output: they would mask ordinary words.
inline constexpr std::size_t shortest_scrubbed_secret = 4;

// Every spelling of the URL's secrets worth scrubbing from output: each secret as written and as
// decoded, when at least `min_length` bytes long.
DECKHAND_API std::vector<std::string> url_secret_values(
    std::string_view text, std::size_t min_length = shortest_scrubbed_secret);

}  // namespace deckhand
