// redact_secrets: masking credentials inside foreign text (a library's error message, a server's
// answer) where deckhand has no parse to go by. deckhand's own messages are built from parsed,
// already redacted URLs; this is the second line, by pattern.
#include <algorithm>
#include <cctype>

#include "config/url_secrets.hpp"
#include "deckhand/ascii.hpp"
#include "deckhand/database_url.hpp"

namespace deckhand {
namespace {

// scheme://user:password@host  ->  scheme://user:***@host
void mask_user_info(std::string& out) {
    for (std::size_t pos = out.find("://"); pos != std::string::npos;
         pos = out.find("://", pos + 3)) {
        std::size_t authority = pos + 3;
        std::size_t end = authority;
        while (end < out.size() && !std::isspace(static_cast<unsigned char>(out[end])) &&
               out[end] != '"' && out[end] != '\'') {
            ++end;
        }
        // The last '@' of the URL ends the user info, since passwords may contain '@' and '/'.
        std::size_t at = out.rfind('@', end == 0 ? 0 : end - 1);
        if (at == std::string::npos || at < authority) {
            continue;
        }
        std::size_t colon = out.find(':', authority);
        if (colon == std::string::npos || colon > at) {
            continue;
        }
        out.replace(colon + 1, at - colon - 1, secret_mask);
    }
}

// password=secret (any case) in query strings and libpq keyword strings.
void mask_password_keywords(std::string& out) {
    constexpr std::string_view keyword = "password=";
    for (std::size_t pos = ascii_lower(out).find(keyword); pos != std::string::npos;
         pos = ascii_lower(out).find(keyword, pos + 1)) {
        std::size_t start = pos + keyword.size();
        std::size_t end = start;
        if (end < out.size() && out[end] == '\'') {
            ++end;
            while (end < out.size() && out[end] != '\'') {
                end += out[end] == '\\' ? 2 : 1;
            }
            end = std::min(end + 1, out.size());
        } else {
            while (end < out.size() && !std::isspace(static_cast<unsigned char>(out[end])) &&
                   out[end] != '&' && out[end] != '"') {
                ++end;
            }
        }
        out.replace(start, end - start, secret_mask);
    }
}

}  // namespace

std::string redact_secrets(std::string_view text) {
    std::string out(text);
    mask_user_info(out);
    mask_password_keywords(out);
    return out;
}

}  // namespace deckhand
