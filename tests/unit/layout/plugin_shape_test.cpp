// "One shape for every plugin" (README.md, "Plugin shape"), checked on the source tree: each
// folder of plugins/ has its registration in plugin.cpp, one file per command class in commands/,
// its engine in src/ and include/ built by deckhand_add_plugin_engine, and a README.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "source_tree.hpp"

namespace deckhand::layout {
namespace {

namespace fs = std::filesystem;

fs::path plugins_folder() {
    return source_root() / "plugins";
}

bool ends_with(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() &&
           text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

class PluginShape : public testing::TestWithParam<std::string> {
  protected:
    fs::path folder() const { return plugins_folder() / GetParam(); }
};

TEST_P(PluginShape, RegistersInPluginCpp) {
    EXPECT_TRUE(fs::is_regular_file(folder() / "plugin.cpp"))
        << folder().string() << ": no plugin.cpp (the plugin's registration, and only that)";
}

TEST_P(PluginShape, HasAReadme) {
    EXPECT_TRUE(fs::is_regular_file(folder() / "README.md"))
        << folder().string() << ": no README.md (what the plugin does, its commands, checks, "
        << "services and files)";
}

TEST_P(PluginShape, HasNoPluginSubfolder) {
    EXPECT_FALSE(fs::exists(folder() / "plugin"))
        << (folder() / "plugin").string()
        << ": the old layout; registration is plugin.cpp, commands are in commands/";
}

TEST_P(PluginShape, HasNoSourceAtItsRootButPluginCpp) {
    for (const auto& entry : fs::directory_iterator(folder())) {
        const auto name = entry.path().filename().string();
        if (entry.is_regular_file() && entry.path().extension() == ".cpp") {
            EXPECT_EQ(name, "plugin.cpp")
                << entry.path().string()
                << ": a plugin's root holds only plugin.cpp; commands go to commands/, the "
                << "engine to src/, a private library's entry point to library/";
        }
    }
}

TEST_P(PluginShape, NamesEachCommandFileForItsCommand) {
    for (const auto& file : files_under(folder() / "commands")) {
        const bool command_file =
            file.find('/') == std::string::npos &&
            (ends_with(file, "_command.hpp") || ends_with(file, "_command.cpp"));
        EXPECT_TRUE(command_file)
            << (folder() / "commands" / file).string()
            << ": commands/ holds one class per command, in <command>_command.hpp and "
            << "<command>_command.cpp; what commands share belongs in src/";
    }
}

TEST_P(PluginShape, BuildsItsEngineWithTheHelper) {
    const auto lists = folder() / "CMakeLists.txt";
    ASSERT_TRUE(fs::is_regular_file(lists)) << lists.string() << ": missing";
    const auto code = cmake_code(lists);
    EXPECT_EQ(code.find("add_library("), std::string::npos)
        << lists.string() << ": a library built by hand; use deckhand_add_plugin_engine (an "
        << "engine) or deckhand_add_plugin_library (a private library), so that every one gets "
        << "the same visibility, PIC and version";
    const auto sources = files_under(folder() / "src");
    const bool has_engine =
        std::any_of(sources.begin(), sources.end(),
                    [](const std::string& file) { return ends_with(file, ".cpp"); });
    if (has_engine) {
        EXPECT_NE(code.find("deckhand_add_plugin_engine("), std::string::npos)
            << lists.string() << ": src/ has sources but no deckhand_add_plugin_engine builds them";
    }
}

TEST_P(PluginShape, IsListedInPluginsCMakeLists) {
    const auto lists = plugins_folder() / "CMakeLists.txt";
    const auto listed = added_subdirectories(cmake_code(lists));
    EXPECT_NE(std::find(listed.begin(), listed.end(), GetParam()), listed.end())
        << lists.string() << ": no add_subdirectory(" << GetParam()
        << "), so the plugin is not built";
}

std::string plugin_name(const testing::TestParamInfo<std::string>& info) {
    return info.param;
}

INSTANTIATE_TEST_SUITE_P(Plugins, PluginShape, testing::ValuesIn(subfolders(plugins_folder())),
                         plugin_name);

// The parameterised rules above pass vacuously if no plugin folder is found.
TEST(PluginShapeWalk, FindsThePluginsOfThisTree) {
    const auto plugins = subfolders(plugins_folder());
    for (const char* expected :
         {"doctor", "kubernetes", "lint", "migrate", "postgres", "seed", "sqlite", "tasks"}) {
        EXPECT_NE(std::find(plugins.begin(), plugins.end(), expected), plugins.end())
            << plugins_folder().string() << ": no plugin folder " << expected;
    }
}

}  // namespace
}  // namespace deckhand::layout
