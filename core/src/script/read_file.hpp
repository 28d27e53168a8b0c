// Core-internal file reading for the script module: reading a script relative to an open
// folder, so that loading thousands of migrations does not resolve the whole path every time.
#pragma once

#include <string>
#include <string_view>

namespace deckhand::script {

// Reads and normalises `name` inside the open folder `folder_fd`; `regular` says the folder
// listing found a regular file (then one short read marks its end); `buffer` and `normalized`
// are scratch space reused from call to call. Returns a view of the normal text, into one of
// them, valid until they change: a caller that needs only the checksum copies nothing. Throws
// ConfigError "<display> cannot be read: <reason>".
std::string_view read_script_view_at(int folder_fd, const char* name, std::string_view display,
                                     bool regular, std::string& buffer, std::string& normalized);

// The same for an open file.
std::string_view read_script_view(int fd, std::string_view display, bool regular,
                                  std::string& buffer, std::string& normalized);

}  // namespace deckhand::script
