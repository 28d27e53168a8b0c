// Shared helpers of the migrate plugin's commands.
#include "command_support.hpp"

#include <spdlog/spdlog.h>

#include "deckhand/duration.hpp"

namespace deckhand::migrate::cli {

script::MigrationSet load_migrations_for(Context& context, db::Connection& connection) {
    auto migrations =
        script::load_migrations(context.config().migrations_dir, connection.dialect());
    for (const auto& warning : migrations.warnings) context.log().warn("{}", warning);
    return migrations;
}

script::Placeholders placeholders_from(const Context& context,
                                       const std::vector<std::string>& assignments) {
    script::Placeholders values;
    for (const auto& [name, value] : context.config().placeholders) values.set(name, value);
    for (const auto& assignment : assignments) {
        auto [name, value] = script::parse_placeholder_assignment(assignment, "--set");
        values.set(name, std::move(value));
    }
    return values;
}

std::chrono::milliseconds duration_option(const std::string& text, const char* flag) {
    return parse_duration(text, flag);
}

}  // namespace deckhand::migrate::cli
