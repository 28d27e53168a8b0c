// Reads, from disk and without loading the file, the names of the exported symbols that a shared
// library places in one section: the host's way of learning what a plugin is and offers before
// running any of its code.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand::plugin {

// The dynamic (exported) symbols defined in `section`; empty if the file has no such section.
// Throws std::runtime_error with a reason ("not an ELF file", "truncated: ...") for files that
// are not well-formed 64-bit shared libraries of this machine.
DECKHAND_API std::vector<std::string> read_section_symbols(const std::filesystem::path& file,
                                                           const std::string& section);

}  // namespace deckhand::plugin
