// Reading deckhand's own source tree for the layout tests: folders, files and CMake code.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace deckhand::layout {

// The root of the source tree this test was built from.
std::filesystem::path source_root();

// The names of the folders directly in `folder`, sorted; empty when `folder` does not exist.
std::vector<std::string> subfolders(const std::filesystem::path& folder);

// The paths of the regular files under `folder`, at any depth, relative to it and sorted.
std::vector<std::string> files_under(const std::filesystem::path& folder);

// The whole file; throws std::runtime_error naming it when it cannot be read.
std::string read_text(const std::filesystem::path& file);

// A CMake file's text without its comments (from '#' to the end of a line), so that a rule
// about what the code calls is not satisfied, or broken, by a comment that mentions it.
std::string cmake_code(const std::filesystem::path& file);

// The first argument of every add_subdirectory(...) call in `code`, in order.
std::vector<std::string> added_subdirectories(const std::string& code);

}  // namespace deckhand::layout
