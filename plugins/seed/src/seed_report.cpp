// The JSON form of a seed run.
#include "deckhand/seed/seed_report.hpp"

namespace deckhand::seed {
namespace {

nlohmann::json entry_json(const SeedPlanEntry& entry) {
    return {{"script", entry.script->script},
            {"checksum", entry.script->checksum},
            {"changed", entry.changed},
            {"duration_ms", entry.elapsed.count()}};
}

}  // namespace

nlohmann::json seed_json(const SeedResult& result, const SeedOptions& options,
                         const std::string& folder) {
    nlohmann::json applied = nlohmann::json::array();
    for (const auto& entry : result.applied) {
        if (entry.ran || options.dry_run) {
            applied.push_back(entry_json(entry));
        }
    }
    // migrate's own report, as the migrations service wrote it.
    nlohmann::json migrated = result.migrated ? *result.migrated : nlohmann::json(nullptr);
    return {{"command", "seed"},
            {"dry_run", options.dry_run},
            {"phase", script::to_string(options.phase)},
            {"folder", folder},
            {"applied", std::move(applied)},
            {"failed",
             result.failed ? entry_json(result.applied[*result.failed]) : nlohmann::json(nullptr)},
            {"unchanged", result.unchanged},
            {"migrated", std::move(migrated)},
            {"duration_ms", result.elapsed.count()}};
}

}  // namespace deckhand::seed
