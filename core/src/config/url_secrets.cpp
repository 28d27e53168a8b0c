// The spellings of a URL's secrets, for the host's last line of defence when it prints.
#include "config/url_secrets.hpp"

namespace deckhand {

std::vector<std::string> url_secret_values(std::string_view text, std::size_t min_length) {
    std::vector<std::string> values;
    auto add = [&](std::string value) {
        if (value.size() >= min_length) {
            values.push_back(std::move(value));
        }
    };
    for (const auto& span : url_secret_spans(text)) {
        add(std::string(text.substr(span.offset, span.length)));
        if (!span.decoded.empty() && span.decoded != text.substr(span.offset, span.length)) {
            add(span.decoded);
        }
    }
    return values;
}

}  // namespace deckhand
