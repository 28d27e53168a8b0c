// Shared helpers of the migrate plugin's commands (see deckhand/migrate/command_support.hpp).
#include "deckhand/migrate/command_support.hpp"

#include <spdlog/spdlog.h>

#include "deckhand/errors.hpp"
#include "deckhand/migrate/folder_rules.hpp"

namespace deckhand::migrate::cli {

namespace {

// The folder's warnings go to the log once, however it was read.
script::MigrationSet with_warnings_logged(Context& context, script::MigrationSet migrations) {
    for (const auto& warning : migrations.warnings) {
        context.log().warn("{}", warning);
    }
    return migrations;
}

}  // namespace

script::MigrationSet load_migrations_for(Context& context, db::Connection& connection,
                                         script::ScriptTexts texts) {
    return with_warnings_logged(
        context,
        script::load_migrations(context.config().migrations_dir,
                                folder_rules(connection.dialect(), context.dialects()), texts));
}

PendingMigrations::PendingMigrations(Context& context, script::ScriptTexts texts) : texts_(texts) {
    std::string dialect;
    try {
        dialect = context.dialect();
    } catch (const Error&) {
        return;  // opening the database says why
    }
    if (dialect.empty()) {
        return;  // only a connection can tell (a driver of plugin API 1.4 or older)
    }
    loading_ =
        std::async(std::launch::async, [folder = context.config().migrations_dir,
                                        rules = folder_rules(dialect, context.dialects()), texts] {
            return script::load_migrations(folder, rules, texts);
        });
}

void PendingMigrations::finish_reading() {
    if (loading_.valid()) {
        read_.emplace(loading_.get());
    }
}

script::MigrationSet PendingMigrations::get(Context& context, db::Connection& connection) {
    if (!loading_.valid() && !read_) {
        return load_migrations_for(context, connection, texts_);
    }
    // Read for the dialect the driver declared, which the host holds its connections to.
    auto migrations = read_ ? std::move(*read_) : loading_.get();
    read_.reset();
    return with_warnings_logged(context, std::move(migrations));
}

script::Placeholders placeholders_from(const Context& context,
                                       const std::vector<std::string>& assignments) {
    script::Placeholders values;
    for (const auto& [name, value] : context.config().placeholders) {
        values.set(name, value);
    }
    for (const auto& assignment : assignments) {
        auto [name, value] = script::parse_placeholder_assignment(assignment, "--set");
        values.set(name, std::move(value));
    }
    return values;
}

}  // namespace deckhand::migrate::cli
