// Normal form and SHA-256 checksum of scripts (SHA-256 from Debian's nettle: OpenSSL's
// libcrypto would add about a millisecond of relocations to every start of deckhand).
#include "deckhand/script/checksum.hpp"

#include <nettle/sha2.h>

#include <array>
#include <cstdint>

namespace deckhand::script {

std::string normalize_script_text(std::string_view raw) {
    if (raw.size() >= 3 && raw.substr(0, 3) == "\xEF\xBB\xBF") {
        raw.remove_prefix(3);
    }
    std::string out;
    out.reserve(raw.size());
    std::size_t pos = 0;
    while (pos < raw.size()) {
        auto cr = raw.find('\r', pos);
        if (cr == std::string_view::npos) {
            out.append(raw.substr(pos));
            break;
        }
        out.append(raw.substr(pos, cr - pos));
        out.push_back('\n');
        pos = cr + 1;
        if (pos < raw.size() && raw[pos] == '\n') {
            ++pos;
        }
    }
    return out;
}

std::string sha256_hex(std::string_view data) {
    std::array<std::uint8_t, SHA256_DIGEST_SIZE> digest{};
    sha256_ctx context{};
    sha256_init(&context);
    sha256_update(&context, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()));
    sha256_digest(&context, digest.size(), digest.data());
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(digest.size() * 2, '0');
    for (std::size_t i = 0; i < digest.size(); ++i) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 0x0F];
    }
    return out;
}

std::string script_checksum(std::string_view normalized_text) {
    auto last = normalized_text.find_last_not_of(" \t\n\f\v");
    normalized_text =
        last == std::string_view::npos ? std::string_view() : normalized_text.substr(0, last + 1);
    return sha256_hex(normalized_text);
}

}  // namespace deckhand::script
