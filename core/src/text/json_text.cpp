// JSON string escaping with UTF-8 validation (RFC 8259 section 7, RFC 3629 section 4).
#include "deckhand/json_text.hpp"

#include <cstddef>

namespace deckhand {
namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

bool continuation(unsigned char byte) {
    return (byte & 0xC0) == 0x80;
}

// The length of the valid UTF-8 sequence starting at text[i], or 0 if there is none there.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
    const unsigned char lead = byte(i);
    const std::size_t left = text.size() - i;
    if (lead >= 0xC2 && lead <= 0xDF) {
        return left >= 2 && continuation(byte(i + 1)) ? 2 : 0;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (left < 3 || !continuation(byte(i + 1)) || !continuation(byte(i + 2))) {
            return 0;
        }
        // No overlong forms (E0 80..9F) and no UTF-16 surrogates (ED A0..BF).
        if ((lead == 0xE0 && byte(i + 1) < 0xA0) || (lead == 0xED && byte(i + 1) > 0x9F)) {
            return 0;
        }
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (left < 4 || !continuation(byte(i + 1)) || !continuation(byte(i + 2)) ||
            !continuation(byte(i + 3))) {
            return 0;
        }
        // No overlong forms (F0 80..8F) and nothing above U+10FFFF (F4 90..BF).
        if ((lead == 0xF0 && byte(i + 1) < 0x90) || (lead == 0xF4 && byte(i + 1) > 0x8F)) {
            return 0;
        }
        return 4;
    }
    return 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out.reserve(out.size() + text.size() + 2);
    out += '"';
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x80) {
            const std::size_t length = utf8_sequence_length(text, i);
            if (length == 0) {
                out += replacement_character;
                ++i;
            } else {
                out.append(text.substr(i, length));
                i += length;
            }
            continue;
        }
        switch (byte) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (byte < 0x20) {
                    out += "\\u00";
                    out += hex[byte >> 4];
                    out += hex[byte & 0x0F];
                } else {
                    out += static_cast<char>(byte);
                }
                break;
        }
        ++i;
    }
    out += '"';
}

}  // namespace deckhand
