// Meeting a database for the first time: other tools' histories, schemas built before deckhand.
#include "first_contact.hpp"

#include <spdlog/spdlog.h>

namespace deckhand::migrate::detail {
namespace {

std::string listed(const SchemaObjects& objects) {
    std::string out;
    for (const auto& name : objects.names) {
        out += (out.empty() ? "" : ", ") + name;
    }
    if (objects.count > static_cast<std::int64_t>(objects.names.size())) {
        out += ", ...";
    }
    return std::to_string(objects.count) + (objects.count == 1 ? " object (" : " objects (") + out +
           ")";
}

std::string where(const HistoryTable& table) {
    return table.schema().empty() ? std::string("the database") : "the schema " + table.schema();
}

}  // namespace

std::optional<script::Version> check_first_contact(db::Connection& connection,
                                                   const HistoryTable& table,
                                                   const MigrateOptions& options,
                                                   spdlog::logger* log) {
    if (auto peer = find_peer_history(connection, table)) {
        throw WorkFailed(peer_refusal(*peer));
    }
    if (!options.baseline_on_migrate) {
        return std::nullopt;
    }
    const auto objects = objects_beside(connection, table);
    if (objects.count == 0) {
        return std::nullopt;  // an empty schema is migrated from its first script
    }
    script::Version version = options.baseline_version.value_or(script::Version::parse("1", ""));
    if (log != nullptr) {
        log->info(
            "{} holds {} but no history in {}: baselining it at version {} first "
            "(--baseline-on-migrate)",
            where(table), listed(objects), table.display(), version.text());
    }
    return version;
}

void explain_first_failure(const HistoryTable& table, const SchemaObjects& before,
                           const WorkFailed& error) {
    if (before.count == 0) {
        return;
    }
    throw WorkFailed(std::string(error.what()) + ". Before deckhand's first run, " + where(table) +
                     " already held " + listed(before) +
                     ": if those come from these scripts, adopt the database with `deckhand "
                     "baseline --version V` (V: the version it is at), or migrate with "
                     "--baseline-on-migrate");
}

}  // namespace deckhand::migrate::detail
