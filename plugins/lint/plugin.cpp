// The lint plugin: registers `deckhand lint`. PostgreSQL's parser lives in the plugin's private
// library (lint.d/pg_parser.so), opened at the first PostgreSQL script, so that loading this
// plugin (help, version, plugins) stays cheap.
#include "deckhand/plugin.hpp"

#include <boost/dll/runtime_symbol_info.hpp>
#include <filesystem>
#include <memory>

#include "commands/lint_command.hpp"
#include "library/parser_library.hpp"

namespace {

void register_lint(deckhand::Registry& registry) {
    const auto folder = std::filesystem::canonical(boost::dll::this_line_location()).parent_path();
    auto library = std::make_shared<deckhand::LazyPrivateLibrary<deckhand::lint::ParserLibrary>>(
        folder / DECKHAND_PG_PARSER_LIBRARY, deckhand::lint::parser_library_entry,
        DECKHAND_PRIVATE_LIBRARY_STAMP(DECKHAND_LINT_PLUGIN_VERSION));
    registry.add_command(deckhand::lint::make_lint_command(
        [library](const std::string& sql) { return library->open()->parse(sql); }));
}

}  // namespace

DECKHAND_PLUGIN("lint", DECKHAND_LINT_PLUGIN_VERSION, register_lint)
DECKHAND_PLUGIN_COMMAND(lint)
