// JSON strings written by hand: read back by a real parser (nlohmann) to the same text, with
// invalid UTF-8 replaced rather than passed through.
#include "deckhand/json_text.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace deckhand {
namespace {

std::string as_json(std::string_view text) {
    std::string out = "prefix ";
    append_json_string(out, text);
    return out.substr(7);
}

std::string read_back(std::string_view text) {
    return nlohmann::json::parse(as_json(text)).get<std::string>();
}

TEST(JsonText, EscapesQuotesBackslashesAndControlCharacters) {
    EXPECT_EQ(as_json("plain"), "\"plain\"");
    EXPECT_EQ(as_json("say \"hi\" \\ bye"), R"("say \"hi\" \\ bye")");
    EXPECT_EQ(as_json("a\nb\tc\rd\be\ff"), R"("a\nb\tc\rd\be\ff")");
    EXPECT_EQ(as_json(std::string("nul\0x\x1f", 6)), R"("nul\u0000x\u001f")");
    EXPECT_EQ(as_json(""), "\"\"");
}

TEST(JsonText, KeepsValidUtf8AsItIs) {
    const std::string text = "categorías 東京 😀 \x7f";
    EXPECT_EQ(as_json(text), "\"" + text + "\"");
    EXPECT_EQ(read_back(text), text);
}

TEST(JsonText, ReplacesBytesThatAreNotUtf8SoTheOutputAlwaysParses) {
    const std::string replacement = "\xEF\xBF\xBD";
    // A lone continuation byte, a truncated sequence at the end, an overlong '/', a UTF-16
    // surrogate, a code point above U+10FFFF, and bytes that never start a sequence.
    EXPECT_EQ(read_back("a\x80z"), "a" + replacement + "z");
    EXPECT_EQ(read_back("end \xE6\x97"), "end " + replacement + replacement);
    EXPECT_EQ(read_back("\xC0\xAF"), replacement + replacement);
    EXPECT_EQ(read_back("\xED\xA0\x80"), replacement + replacement + replacement);
    EXPECT_EQ(read_back("\xF4\x90\x80\x80"), replacement + replacement + replacement + replacement);
    EXPECT_EQ(read_back("\xFE\xFF"), replacement + replacement);
    // The largest valid code points of each length survive.
    EXPECT_EQ(read_back("\xDF\xBF\xEF\xBF\xBF\xF4\x8F\xBF\xBF"),
              "\xDF\xBF\xEF\xBF\xBF\xF4\x8F\xBF\xBF");
}

}  // namespace
}  // namespace deckhand
