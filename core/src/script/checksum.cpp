// Normal form and SHA-256 checksum of scripts (SHA-256 from OpenSSL's libcrypto).
#include "deckhand/script/checksum.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace deckhand::script {

std::string normalize_script_text(std::string_view raw) {
    if (raw.size() >= 3 && raw.substr(0, 3) == "\xEF\xBB\xBF") raw.remove_prefix(3);
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
        if (pos < raw.size() && raw[pos] == '\n') ++pos;
    }
    return out;
}

std::string sha256_hex(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("SHA-256 failed in libcrypto");
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(static_cast<std::size_t>(length) * 2, '0');
    for (unsigned int i = 0; i < length; ++i) {
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
