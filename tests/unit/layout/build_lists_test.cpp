// The build's folder lists (plugins/, tests/, bench/ CMakeLists.txt) are written by hand, not
// globbed: every folder with a CMakeLists.txt must be listed, or it is silently not built.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "source_tree.hpp"
#include "support/temp_dir.hpp"

namespace deckhand::layout {
namespace {

namespace fs = std::filesystem;

// Every subfolder of `root`/`kind` that has a CMakeLists.txt, as "<kind>/<folder>" (or just
// "<folder>" when `kind` is empty), is added by `root`/CMakeLists.txt.
void expect_all_listed(const fs::path& root, const std::string& kind) {
    const auto lists = root / "CMakeLists.txt";
    const auto listed = added_subdirectories(cmake_code(lists));
    const auto parent = kind.empty() ? root : root / kind;
    for (const auto& name : subfolders(parent)) {
        if (!fs::is_regular_file(parent / name / "CMakeLists.txt")) {
            continue;
        }
        const auto entry = kind.empty() ? name : (fs::path(kind) / name).generic_string();
        EXPECT_NE(std::find(listed.begin(), listed.end(), entry), listed.end())
            << lists.string() << ": no add_subdirectory(" << entry << "), so "
            << (parent / name).string() << " is not built";
    }
}

TEST(BuildLists, NamePluginFolders) {
    expect_all_listed(source_root() / "plugins", "");
}

TEST(BuildLists, NameTestAreas) {
    for (const char* kind : {"unit", "integration", "e2e"}) {
        expect_all_listed(source_root() / "tests", kind);
    }
}

TEST(BuildLists, NameBenchmarks) {
    expect_all_listed(source_root() / "bench", "");
}

TEST(BuildLists, AreNotGlobbed) {
    for (const char* folder : {"plugins", "tests", "bench"}) {
        const auto lists = source_root() / folder / "CMakeLists.txt";
        EXPECT_EQ(cmake_code(lists).find("GLOB"), std::string::npos)
            << lists.string() << ": file(GLOB) builds whatever is on disk; list the folders";
    }
}

// The add_subdirectory parser the rules above rely on.
TEST(BuildLists, ParserReadsEachAddedFolderAndSkipsComments) {
    const std::string code = "add_subdirectory(a)\nadd_subdirectory( unit/b )\n";
    EXPECT_EQ(added_subdirectories(code), (std::vector<std::string>{"a", "unit/b"}));
    const test::TempDir dir("deckhand-layout");
    const auto file = dir.write("CMakeLists.txt",
                                "# add_subdirectory(commented)\n"
                                "add_subdirectory(kept) # add_subdirectory(tail)\n");
    EXPECT_EQ(added_subdirectories(cmake_code(file)), std::vector<std::string>{"kept"});
}

}  // namespace
}  // namespace deckhand::layout
