// Scrubbing known secrets out of text before it is printed.
#include "log/known_secrets.hpp"

#include <algorithm>

#include "config/url_secrets.hpp"
#include "deckhand/database_url.hpp"

namespace deckhand::log {

void KnownSecrets::add_url(std::string_view url_text) {
    for (auto& secret : url_secret_values(url_text)) {
        add_value(std::move(secret));
    }
}

void KnownSecrets::add_value(std::string value) {
    if (value.size() < shortest_scrubbed_secret) {
        return;
    }
    secrets_.push_back(std::move(value));
    std::sort(secrets_.begin(), secrets_.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string KnownSecrets::scrub(std::string_view text) const {
    std::string out(text);
    for (const auto& secret : secrets_) {
        for (std::size_t at = out.find(secret); at != std::string::npos;
             at = out.find(secret, at + 3)) {
            out.replace(at, secret.size(), "***");
        }
    }
    return redact_secrets(out);
}

}  // namespace deckhand::log
