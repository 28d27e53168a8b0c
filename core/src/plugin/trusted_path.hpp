// Whether a file that deckhand will load code from, or a folder it lists plugins from, can be
// trusted: the check OpenSSH makes of authorized_keys (StrictModes), on the resolved path.
#pragma once

#include <filesystem>
#include <string_view>

namespace deckhand::plugin {

// Throws PluginRefused, naming `what` and `path` ("plugin /p/x.so", "plugin folder /p"), unless
// `path` resolves (through every symlink) to a file or folder owned by root or by the user
// running deckhand that nobody else can write to, and every folder on the resolved path up to /
// is owned by root or that user and writable by nobody else. One exception: a folder above the
// file's own folder that everyone may write to is trusted when root owns it and its sticky bit is
// set (/tmp), since there nobody can rename or remove an entry they do not own, and every entry
// below it is checked in turn.
void check_trusted_path(const std::filesystem::path& path, std::string_view what);

}  // namespace deckhand::plugin
