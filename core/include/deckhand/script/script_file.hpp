// Reading a script file: its bytes in normal form (see checksum.hpp), with one clear error
// naming the file when it cannot be read.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "deckhand/export.hpp"

namespace deckhand::script {

// Reads and normalises the file; throws ConfigError "<display_path> cannot be read: <reason>",
// or "<display_path>:<line>: ..." when it holds a NUL byte (which the database would take for
// the end of the script).
DECKHAND_API std::string read_script_file(const std::filesystem::path& path,
                                          std::string_view display_path);

// How a path is shown in messages: `folder/relative` with '/' separators, without "./".
DECKHAND_API std::string display_path(const std::filesystem::path& folder,
                                      std::string_view relative);

// How a folder itself is shown: `migrations/seed`, without "./" or a trailing '/' ("." for the
// current folder).
DECKHAND_API std::string display_folder(const std::filesystem::path& folder);

}  // namespace deckhand::script
