// Normal form and checksums of script text.
#include "deckhand/script/checksum.hpp"

#include <gtest/gtest.h>

namespace deckhand::script {
namespace {

TEST(Checksum, IsTheSha256OfTheTextInHex) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Checksum, GivesCrlfAndLfTheSameChecksum) {
    auto lf = normalize_script_text("SELECT 1;\nSELECT 2;\n");
    auto crlf = normalize_script_text("SELECT 1;\r\nSELECT 2;\r\n");
    auto cr = normalize_script_text("SELECT 1;\rSELECT 2;\r");
    EXPECT_EQ(lf, crlf);
    EXPECT_EQ(lf, cr);
    EXPECT_EQ(script_checksum(lf), script_checksum(crlf));
}

TEST(Checksum, IgnoresAByteOrderMark) {
    EXPECT_EQ(normalize_script_text("\xEF\xBB\xBFSELECT 1;"), "SELECT 1;");
}

TEST(Checksum, IgnoresBlankSpaceAtTheEndOfTheFileOnly) {
    EXPECT_EQ(script_checksum("SELECT 1;"), script_checksum("SELECT 1;\n\n  \n"));
    EXPECT_NE(script_checksum("SELECT 'a ';"), script_checksum("SELECT 'a';"));
    EXPECT_NE(script_checksum("SELECT 1;  \nSELECT 2;"), script_checksum("SELECT 1;\nSELECT 2;"));
    EXPECT_NE(script_checksum("SELECT 1;"), script_checksum("SELECT 2;"));
}

}  // namespace
}  // namespace deckhand::script
