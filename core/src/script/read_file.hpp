// Core-internal file reading for the script module: reading a script relative to an open
// folder, so that loading thousands of migrations does not resolve the whole path every time.
#pragma once

#include <string>
#include <string_view>

namespace deckhand::script {

// Reads and normalises `name` inside the open folder `folder_fd`; `regular` says the folder
// listing found a regular file (then one short read marks its end); `buffer` is scratch space
// reused from call to call. Throws ConfigError "<display> cannot be read: <reason>".
std::string read_script_file_at(int folder_fd, const char* name, std::string_view display,
                                bool regular, std::string& buffer);

// The same for an open file.
std::string read_script_fd(int fd, std::string_view display, bool regular, std::string& buffer);

}  // namespace deckhand::script
