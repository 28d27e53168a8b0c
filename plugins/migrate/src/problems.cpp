// The checks that stop migrate (and fail validate) before anything changes.
#include <string>

#include "deckhand/migrate/engine.hpp"
#include "deckhand/script/script_file.hpp"

namespace deckhand::migrate {
namespace {

std::string shown(const StatusEntry& entry) {
    return entry.migration != nullptr ? entry.migration->display_path : std::string(entry.script);
}

std::string short_checksum(const std::string* checksum) {
    return checksum != nullptr ? checksum->substr(0, 12) : std::string("none");
}

}  // namespace

std::vector<std::string> find_problems(const Status& status, const CheckOptions& options) {
    std::vector<std::string> problems;
    for (const auto& entry : status.entries()) {
        switch (entry.state) {
            case MigrationState::changed:
                problems.push_back(
                    shown(entry) + " was changed after it was applied (checksum " +
                    short_checksum(entry.applied_checksum()) + " in " + status.history_table() +
                    ", " + short_checksum(entry.checksum) +
                    " on disk); restore the file, or run `deckhand repair` if the change is "
                    "deliberate");
                break;
            case MigrationState::failed:
                problems.push_back(
                    shown(entry) + " failed part-way on " +
                    (entry.row != nullptr ? entry.row->installed_on : std::string("?")) +
                    " and is recorded as failed; finish or undo its statements by hand, then run "
                    "`deckhand repair`");
                break;
            case MigrationState::out_of_order:
                if (!options.allow_out_of_order &&
                    script::phase_includes(options.phase, entry.phase)) {
                    auto newest = status.newest_applied(entry.phase);
                    problems.push_back(
                        shown(entry) + " is pending but older than version " +
                        (newest ? newest->text() : std::string("?")) +
                        ", which is already applied; pass --out-of-order to apply it anyway");
                }
                break;
            case MigrationState::missing:
                if (!options.allow_missing) {
                    problems.push_back((entry.version ? "version " + entry.version->text()
                                                      : "repeatable migration '" +
                                                            std::string(entry.description) + "'") +
                                       " (" + std::string(entry.script) + ") is applied but " +
                                       "this build has no such file");
                }
                break;
            default:
                break;
        }
    }
    return problems;
}

}  // namespace deckhand::migrate
