// A UTF-8 walk that escapes what a terminal would act on instead of showing.
#include "text/terminal_text.hpp"

#include <cstdint>
#include <cstdio>

namespace deckhand {
namespace {

std::string hex_escape(const char* format, unsigned value) {
    char text[8];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

// The length of the valid UTF-8 sequence at `text[at]` (2 to 4) and its code point, or 0.
std::size_t utf8_sequence(std::string_view text, std::size_t at, char32_t& code_point) {
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code_point = lead & 0x1FU;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code_point = lead & 0x0FU;
        low = lead == 0xE0 ? 0xA0 : 0x80;   // no overlong forms
        high = lead == 0xED ? 0x9F : 0xBF;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code_point = lead & 0x07U;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (at + length > text.size()) {
        return 0;
    }
    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[at + i]);
        if (next < (i == 1 ? low : 0x80) || next > (i == 1 ? high : 0xBF)) {
            return 0;
        }
        code_point = (code_point << 6U) | (next & 0x3FU);
    }
    return length;
}

bool acted_on(char32_t code_point) {
    return (code_point >= 0x80 && code_point <= 0x9F) ||      // C1 controls (0x9B is CSI)
           code_point == 0x2028 || code_point == 0x2029 ||    // line and paragraph separators
           (code_point >= 0x202A && code_point <= 0x202E) ||  // bidirectional embeddings
           (code_point >= 0x2066 && code_point <= 0x2069);    // bidirectional isolates
}

}  // namespace

std::string escape_control_characters(std::string_view text, bool keep_newlines) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            if (byte == '\t' || (byte == '\n' && keep_newlines) || (byte >= 0x20 && byte < 0x7F)) {
                out += static_cast<char>(byte);
            } else if (byte == '\n') {
                out += "\\n";
            } else if (byte == '\r') {
                out += "\\r";
            } else {
                out += hex_escape("\\x%02x", byte);
            }
            ++i;
            continue;
        }
        char32_t code_point = 0;
        const std::size_t length = utf8_sequence(text, i, code_point);
        if (length == 0) {
            out += hex_escape("\\x%02x", byte);
            ++i;
        } else if (acted_on(code_point)) {
            out += hex_escape("\\u%04x", static_cast<unsigned>(code_point));
            i += length;
        } else {
            out.append(text, i, length);
            i += length;
        }
    }
    return out;
}

}  // namespace deckhand
