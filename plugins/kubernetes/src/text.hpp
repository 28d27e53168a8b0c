// Small text helpers shared by the plugin's sources: trimming, base64 both ways, URL query encoding
// and reading whole files.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace deckhand::kubernetes {

std::string_view trim(std::string_view text);

// Standard or URL-safe alphabet, padding optional, whitespace ignored; nullopt when malformed.
std::optional<std::string> base64_decode(std::string_view text);

// Standard alphabet with padding.
std::string base64_encode(std::string_view data);

// Percent-encodes everything but RFC 3986 unreserved characters, for query values.
std::string query_escape(std::string_view text);

// The whole file, or nullopt when it cannot be opened.
std::optional<std::string> read_whole_file(const std::filesystem::path& path);

}  // namespace deckhand::kubernetes
