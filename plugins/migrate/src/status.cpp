// Merging a migrations folder with the history rows into one list of states.
#include "deckhand/migrate/status.hpp"

#include <algorithm>
#include <map>

namespace deckhand::migrate {

std::string_view to_string(MigrationState state) noexcept {
    switch (state) {
        case MigrationState::applied:
            return "applied";
        case MigrationState::pending:
            return "pending";
        case MigrationState::failed:
            return "failed";
        case MigrationState::changed:
            return "changed";
        case MigrationState::missing:
            return "missing";
        case MigrationState::out_of_order:
            return "out-of-order";
        case MigrationState::below_baseline:
            return "below-baseline";
    }
    return "pending";
}

Status::Status(const script::MigrationSet& migrations, std::vector<HistoryRow> history,
               bool history_exists)
    : history_(std::move(history)), history_exists_(history_exists) {
    using script::Phase;
    using script::Version;

    // The latest row of each version and of each repeatable (rows come in rank order).
    std::map<Version, const HistoryRow*> versioned_rows;
    std::map<std::string, const HistoryRow*, std::less<>> repeatable_rows;
    std::optional<Version> baseline;
    std::optional<Version> newest_pre;
    std::optional<Version> newest_post;
    for (const auto& row : history_) {
        next_rank_ = std::max(next_rank_, row.installed_rank + 1);
        if (!row.version) {
            repeatable_rows[row.description] = &row;
            continue;
        }
        versioned_rows[*row.version] = &row;
        if (!row.success) continue;
        if (row.type == type_baseline && (!baseline || *baseline < *row.version))
            baseline = row.version;
        auto& newest = row.phase == Phase::post ? newest_post : newest_pre;
        if (!newest || *newest < *row.version) newest = row.version;
    }

    entries_.reserve(migrations.size() + history_.size());
    auto from_row = [](StatusEntry& entry, const HistoryRow& row) {
        entry.installed_on = row.installed_on;
        entry.execution_time_ms = row.execution_time_ms;
        entry.applied_checksum = row.checksum;
        entry.type = row.type;
        entry.row = row;
    };

    // Versioned: walk files and rows together in version order.
    auto row_it = versioned_rows.begin();
    auto file_it = migrations.versioned.begin();
    while (row_it != versioned_rows.end() || file_it != migrations.versioned.end()) {
        const bool take_file =
            file_it != migrations.versioned.end() &&
            (row_it == versioned_rows.end() || file_it->version <= row_it->first);
        const bool take_row =
            row_it != versioned_rows.end() &&
            (file_it == migrations.versioned.end() || row_it->first <= file_it->version);
        StatusEntry entry;
        entry.kind = script::ScriptKind::versioned;
        if (take_file) {
            const auto& file = *file_it;
            entry.version = file.version;
            entry.description = file.description;
            entry.phase = file.phase;
            entry.script = file.script;
            entry.checksum = file.checksum;
            entry.migration = &file;
        }
        if (take_row) {
            const HistoryRow& row = *row_it->second;
            from_row(entry, row);
            if (!take_file) {
                entry.version = row.version;
                entry.description = row.description;
                entry.phase = row.phase;
                entry.script = row.script;
                entry.checksum = row.checksum;
            }
            if (!row.success) {
                entry.state = MigrationState::failed;
            } else if (!take_file) {
                // The baseline marker row stands for scripts this folder never had.
                entry.state =
                    row.type == type_baseline ? MigrationState::applied : MigrationState::missing;
            } else if (row.checksum && *row.checksum != entry.checksum) {
                entry.state = MigrationState::changed;
            } else {
                entry.state = MigrationState::applied;
            }
        } else {
            const auto& newest = entry.phase == Phase::post ? newest_post : newest_pre;
            if (baseline && *entry.version <= *baseline) {
                entry.state = MigrationState::below_baseline;
            } else if (newest && *entry.version < *newest) {
                entry.state = MigrationState::out_of_order;
            } else {
                entry.state = MigrationState::pending;
            }
        }
        if (take_file) ++file_it;
        if (take_row) ++row_it;
        entries_.push_back(std::move(entry));
    }

    // Repeatables: files by description, then rows whose file is gone.
    for (const auto& file : migrations.repeatable) {
        StatusEntry entry;
        entry.kind = script::ScriptKind::repeatable;
        entry.description = file.description;
        entry.phase = file.phase;
        entry.script = file.script;
        entry.checksum = file.checksum;
        entry.migration = &file;
        auto found = repeatable_rows.find(file.description);
        if (found == repeatable_rows.end()) {
            entry.state = MigrationState::pending;
        } else {
            from_row(entry, *found->second);
            entry.state = !found->second->success                    ? MigrationState::failed
                          : found->second->checksum != file.checksum ? MigrationState::pending
                                                                     : MigrationState::applied;
        }
        entries_.push_back(std::move(entry));
    }
    for (const auto& [description, row] : repeatable_rows) {
        if (migrations.find_repeatable(description) != nullptr) continue;
        StatusEntry entry;
        entry.kind = script::ScriptKind::repeatable;
        entry.description = description;
        entry.phase = row->phase;
        entry.script = row->script;
        entry.checksum = row->checksum;
        from_row(entry, *row);
        entry.state = row->success ? MigrationState::missing : MigrationState::failed;
        entries_.push_back(std::move(entry));
    }
}

bool Status::is_current(script::Phase phase) const noexcept {
    return std::none_of(entries_.begin(), entries_.end(), [&](const StatusEntry& entry) {
        return script::phase_includes(phase, entry.phase) && blocks_current(entry.state);
    });
}

std::vector<const StatusEntry*> Status::outstanding(script::Phase phase) const {
    std::vector<const StatusEntry*> out;
    for (const auto& entry : entries_) {
        if (script::phase_includes(phase, entry.phase) && blocks_current(entry.state))
            out.push_back(&entry);
    }
    return out;
}

std::optional<script::Version> Status::newest_applied(script::Phase phase) const {
    std::optional<script::Version> newest;
    for (const auto& row : history_) {
        if (row.version && row.success && script::phase_includes(phase, row.phase) &&
            (!newest || *newest < *row.version)) {
            newest = row.version;
        }
    }
    return newest;
}

Status read_status(db::Connection& connection, const script::MigrationSet& migrations) {
    History history(connection);
    const bool exists = history.exists();
    return Status(migrations, exists ? history.read() : std::vector<HistoryRow>{}, exists);
}

bool schema_is_current(db::Connection& connection, const script::MigrationSet& migrations,
                       script::Phase phase) {
    return read_status(connection, migrations).is_current(phase);
}

}  // namespace deckhand::migrate
