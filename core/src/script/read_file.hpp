// Core-internal file reading for the script module: reading a script relative to an open
// folder, so that loading thousands of migrations does not resolve the whole path every time.
// Migrations are read byte for byte: they are sent as written.
#pragma once

#include <string>
#include <string_view>

namespace deckhand::script {

// Reads `name` inside the open folder `folder_fd`, byte for byte; `regular` says the folder
// listing found a regular file (then one short read marks its end); `buffer` is scratch space
// reused from call to call. Returns a view of the bytes in `buffer`, valid until it changes.
// Throws ConfigError "<display> cannot be read: <reason>".
std::string_view read_script_bytes_at(int folder_fd, const char* name, std::string_view display,
                                      bool regular, std::string& buffer);

}  // namespace deckhand::script
