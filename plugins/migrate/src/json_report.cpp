// JSON objects for scripts and for migrate's report.
#include "deckhand/migrate/json_report.hpp"

namespace deckhand::migrate {

std::string_view kind_name(script::ScriptKind kind) noexcept {
    switch (kind) {
        case script::ScriptKind::versioned:
            return "versioned";
        case script::ScriptKind::repeatable:
            return "repeatable";
        case script::ScriptKind::baseline:
            return "baseline";
        case script::ScriptKind::undo:
            return "undo";
        case script::ScriptKind::callback:
            return "callback";
    }
    return "versioned";
}

nlohmann::json version_json(const std::optional<script::Version>& version) {
    return version ? nlohmann::json(version->text()) : nlohmann::json(nullptr);
}

nlohmann::json script_json(const script::Migration& migration) {
    const bool has_version = migration.kind == script::ScriptKind::versioned ||
                             migration.kind == script::ScriptKind::baseline ||
                             migration.kind == script::ScriptKind::undo;
    return {{"script", migration.script},
            {"version",
             has_version ? nlohmann::json(migration.version.text()) : nlohmann::json(nullptr)},
            {"description", migration.description},
            {"kind", kind_name(migration.kind)},
            {"phase", script::to_string(migration.phase)},
            {"checksum", migration.checksum},
            {"transaction", migration.transactional}};
}

nlohmann::json migrate_json(const MigrateResult& result, const MigrateOptions& options) {
    nlohmann::json applied = nlohmann::json::array();
    for (const auto& script : result.applied) {
        nlohmann::json item = script.migration != nullptr
                                  ? script_json(*script.migration)
                                  : nlohmann::json{{"script", script.script}};
        item["duration_ms"] = script.elapsed.count();
        applied.push_back(std::move(item));
    }
    nlohmann::json skipped = nlohmann::json::array();
    for (const auto& script : result.skipped) {
        nlohmann::json item = script_json(*script.migration);
        item["reason"] = script.reason;
        skipped.push_back(std::move(item));
    }
    nlohmann::json failed = nullptr;
    if (result.failed) {
        failed = script_json(*result.failed->migration);
        failed["duration_ms"] = result.failed->elapsed.count();
    }
    return {{"command", "migrate"},
            {"phase", script::to_string(options.phase)},
            {"dry_run", options.dry_run},
            {"target", version_json(options.target)},
            {"applied", std::move(applied)},
            {"skipped", std::move(skipped)},
            {"failed", std::move(failed)},
            {"baselined_at", version_json(result.baselined_at)},
            {"duration_ms", result.elapsed.count()},
            {"schema_version", version_json(result.schema_version)}};
}

nlohmann::json validate_json(std::size_t validated, const std::vector<std::string>& problems,
                             const std::optional<script::Version>& schema_version) {
    return {{"command", "validate"},
            {"valid", problems.empty()},
            {"validated", validated},
            {"problems", problems},
            {"schema_version", version_json(schema_version)}};
}

nlohmann::json baseline_json(const BaselineResult& result, const BaselineOptions& options) {
    nlohmann::json written = nlohmann::json::array();
    for (const auto& row : result.written) {
        written.push_back(
            {{"script", row.script},
             {"version", version_json(row.version)},
             {"description", row.description},
             {"type", row.type},
             {"checksum", row.checksum ? nlohmann::json(*row.checksum) : nlohmann::json(nullptr)}});
    }
    return {
        {"command", "baseline"},
        {"version",
         options.from ? nlohmann::json(nullptr) : nlohmann::json(options.version.text())},
        {"from", options.from ? nlohmann::json(to_string(*options.from)) : nlohmann::json(nullptr)},
        {"rows", result.rows},
        {"written", std::move(written)},
        {"schema_version", version_json(result.schema_version)}};
}

nlohmann::json repair_json(const RepairResult& result) {
    return {{"command", "repair"}, {"removed", result.removed}, {"realigned", result.realigned}};
}

}  // namespace deckhand::migrate
