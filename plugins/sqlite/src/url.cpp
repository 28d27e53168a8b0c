// Where a sqlite: URL points: a file (relative, absolute) or a private in-memory database.
#include "url.hpp"

#include <string_view>

namespace deckhand::sqlite {

Location parse_url(const DatabaseUrl& url) {
    const std::string_view text = url.text;
    const auto colon = text.find(':');
    std::string_view rest =
        colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
    if (rest == ":memory:") {
        return {":memory:", true};
    }
    if (rest.substr(0, 2) == "//") {
        rest.remove_prefix(2);
        if (rest.empty() || rest.front() != '/') {
            refuse_database_url(url.origin,
                                "names no absolute path after sqlite:// (write "
                                "sqlite:relative/file.db or sqlite:///absolute/file.db)");
        }
    }
    if (rest.empty()) {
        refuse_database_url(url.origin, "names no file (write sqlite:path/to/file.db)");
    }
    return {decode_url_part(rest, "path", url.origin), false};
}

}  // namespace deckhand::sqlite
