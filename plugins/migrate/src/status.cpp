// Merging a migrations folder with the history rows into one list of states.
#include "deckhand/migrate/status.hpp"

#include <algorithm>
#include <iterator>

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
        case MigrationState::ignored:
            return "ignored";
        case MigrationState::available:
            return "available";
    }
    return "pending";
}

Status::Status(const script::MigrationSet& migrations, std::vector<HistoryRow> history,
               bool history_exists, std::string history_table)
    : history_(std::move(history)),
      history_exists_(history_exists),
      history_table_(std::move(history_table)) {
    using script::Phase;
    using script::Version;

    // The latest row of each version and of each repeatable: rows sorted by version (or
    // description), the last of equals being the latest since rows come in rank order.
    std::vector<const HistoryRow*> versioned_rows;
    std::vector<const HistoryRow*> repeatable_rows;
    std::vector<const HistoryRow*> baseline_rows;  // of B scripts
    versioned_rows.reserve(history_.size());
    const Version* baseline = nullptr;
    const Version* newest_pre = nullptr;
    const Version* newest_post = nullptr;
    for (const auto& row : history_) {
        next_rank_ = std::max(next_rank_, row.installed_rank + 1);
        if (!row.version) {
            repeatable_rows.push_back(&row);
            continue;
        }
        if (row.type == type_sql_baseline) {
            baseline_rows.push_back(&row);
            if (row.success && (baseline == nullptr || *baseline < *row.version)) {
                baseline = &*row.version;
            }
            continue;
        }
        versioned_rows.push_back(&row);
        if (!row.success) {
            continue;
        }
        const Version& version = *row.version;
        if (is_baseline_type(row.type) && (baseline == nullptr || *baseline < version)) {
            baseline = &version;
        }
        auto& newest = row.phase == Phase::post ? newest_post : newest_pre;
        if (newest == nullptr || *newest < version) {
            newest = &version;
        }
    }
    auto keep_latest = [](std::vector<const HistoryRow*>& rows, auto key) {
        auto less = [&](const HistoryRow* a, const HistoryRow* b) { return key(*a) < key(*b); };
        // Rows usually arrive in order already: checking is cheaper than even a linear sort.
        if (!std::is_sorted(rows.begin(), rows.end(), less)) {
            std::stable_sort(rows.begin(), rows.end(), less);
        }
        // Of equal keys keep the last (latest) one, compacting in place.
        std::size_t kept = 0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (i + 1 < rows.size() && !less(rows[i], rows[i + 1])) {
                continue;
            }
            rows[kept++] = rows[i];
        }
        rows.resize(kept);
    };
    keep_latest(versioned_rows,
                [](const HistoryRow& row) -> const Version& { return *row.version; });
    keep_latest(repeatable_rows,
                [](const HistoryRow& row) -> const std::string& { return row.description; });
    // On an empty database, the B script migrate would apply stands for the V scripts it covers.
    const script::Migration* chosen = baseline_for(migrations, nullptr);
    if (chosen != nullptr) {
        baseline = &chosen->version;
    }

    entries_.reserve(migrations.size() + history_.size());

    // Versioned: walk files and rows together in version order.
    auto row_it = versioned_rows.begin();
    auto file_it = migrations.versioned.begin();
    while (row_it != versioned_rows.end() || file_it != migrations.versioned.end()) {
        const bool take_file =
            file_it != migrations.versioned.end() &&
            (row_it == versioned_rows.end() || file_it->version <= *(*row_it)->version);
        const bool take_row =
            row_it != versioned_rows.end() &&
            (file_it == migrations.versioned.end() || *(*row_it)->version <= file_it->version);
        StatusEntry& entry = entries_.emplace_back();
        entry.kind = script::ScriptKind::versioned;
        const script::Migration* file = take_file ? &*file_it : nullptr;
        const HistoryRow* row = take_row ? *row_it : nullptr;
        if (file != nullptr) {
            entry.version = &file->version;
            entry.description = file->description;
            entry.phase = file->phase;
            entry.script = file->script;
            entry.checksum = &file->checksum;
            entry.migration = file;
        } else if (row != nullptr) {  // always, when there is no file
            entry.version = &*row->version;
            entry.description = row->description;
            entry.phase = row->phase;
            entry.script = row->script;
            entry.checksum = row->checksum ? &*row->checksum : nullptr;
        }
        if (row != nullptr) {
            entry.row = row;
            entry.type = row->type;
            if (!row->success) {
                entry.state = MigrationState::failed;
            } else if (file == nullptr) {
                // The baseline marker row stands for scripts this folder never had.
                entry.state =
                    is_baseline_type(row->type) ? MigrationState::applied : MigrationState::missing;
            } else if (row->checksum && *row->checksum != file->checksum) {
                entry.state = MigrationState::changed;
            } else {
                entry.state = MigrationState::applied;
            }
        } else {
            const Version* newest = entry.phase == Phase::post ? newest_post : newest_pre;
            if (baseline != nullptr && *entry.version <= *baseline) {
                entry.state = MigrationState::below_baseline;
            } else if (newest != nullptr && *entry.version < *newest) {
                entry.state = MigrationState::out_of_order;
            } else {
                entry.state = MigrationState::pending;
            }
        }
        if (take_file) {
            ++file_it;
        }
        if (take_row) {
            ++row_it;
        }
    }

    if (!migrations.baselines.empty() || !baseline_rows.empty() || !migrations.undos.empty()) {
        keep_latest(baseline_rows,
                    [](const HistoryRow& row) -> const Version& { return *row.version; });
        add_baselines_and_undos(migrations, baseline_rows, chosen);
    }

    // Repeatables: files by description, then rows whose file is gone. Both lists are sorted by
    // description, so one walk merges them.
    auto repeatable_it = repeatable_rows.begin();
    for (const auto& file : migrations.repeatable) {
        while (repeatable_it != repeatable_rows.end() &&
               (*repeatable_it)->description < file.description) {
            ++repeatable_it;
        }
        StatusEntry& entry = entries_.emplace_back();
        entry.kind = script::ScriptKind::repeatable;
        entry.description = file.description;
        entry.phase = file.phase;
        entry.script = file.script;
        entry.checksum = &file.checksum;
        entry.migration = &file;
        if (repeatable_it == repeatable_rows.end() ||
            (*repeatable_it)->description != file.description) {
            entry.state = MigrationState::pending;
            continue;
        }
        const HistoryRow& row = **repeatable_it;
        entry.row = &row;
        entry.type = row.type;
        entry.state = !row.success                    ? MigrationState::failed
                      : row.checksum != file.checksum ? MigrationState::pending
                                                      : MigrationState::applied;
    }
    for (const HistoryRow* row : repeatable_rows) {
        if (migrations.find_repeatable(row->description) != nullptr) {
            continue;
        }
        StatusEntry& entry = entries_.emplace_back();
        entry.kind = script::ScriptKind::repeatable;
        entry.description = row->description;
        entry.phase = row->phase;
        entry.script = row->script;
        entry.checksum = row->checksum ? &*row->checksum : nullptr;
        entry.row = row;
        entry.type = row->type;
        entry.state = row->success ? MigrationState::missing : MigrationState::failed;
    }
}

void Status::add_baselines_and_undos(const script::MigrationSet& migrations,
                                     const std::vector<const HistoryRow*>& baseline_rows,
                                     const script::Migration* chosen) {
    std::vector<StatusEntry> added;
    auto add_file = [&](const script::Migration& file, std::string_view type) -> StatusEntry& {
        StatusEntry& entry = added.emplace_back();
        entry.kind = file.kind;
        entry.version = &file.version;
        entry.description = file.description;
        entry.type = type;
        entry.phase = file.phase;
        entry.script = file.script;
        entry.checksum = file.checksum.empty() ? nullptr : &file.checksum;
        entry.migration = &file;
        return entry;
    };
    // B scripts and their rows, both in version order.
    auto row_it = baseline_rows.begin();
    for (const auto& file : migrations.baselines) {
        for (; row_it != baseline_rows.end() && *(*row_it)->version < file.version; ++row_it) {
            add_row_only(added, **row_it);
        }
        StatusEntry& entry = add_file(file, type_sql_baseline);
        if (row_it != baseline_rows.end() && *(*row_it)->version == file.version) {
            const HistoryRow& row = **row_it++;
            entry.row = &row;
            entry.state = !row.success                    ? MigrationState::failed
                          : row.checksum != file.checksum ? MigrationState::changed
                                                          : MigrationState::applied;
        } else {
            entry.state = &file == chosen ? MigrationState::pending : MigrationState::ignored;
        }
    }
    for (; row_it != baseline_rows.end(); ++row_it) {
        add_row_only(added, **row_it);
    }
    for (const auto& file : migrations.undos) {
        add_file(file, type_undo_sql).state = MigrationState::available;
    }
    // Into version order among the versioned entries (which come first among equals).
    auto by_version = [](const StatusEntry& a, const StatusEntry& b) {
        return *a.version < *b.version;
    };
    std::stable_sort(added.begin(), added.end(), by_version);
    std::vector<StatusEntry> merged;
    merged.reserve(entries_.capacity() + added.size());
    std::merge(std::make_move_iterator(entries_.begin()), std::make_move_iterator(entries_.end()),
               std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()),
               std::back_inserter(merged), by_version);
    entries_ = std::move(merged);
}

void Status::add_row_only(std::vector<StatusEntry>& entries, const HistoryRow& row) {
    StatusEntry& entry = entries.emplace_back();
    entry.kind = script::ScriptKind::baseline;
    entry.version = &*row.version;
    entry.description = row.description;
    entry.type = row.type;
    entry.phase = row.phase;
    entry.script = row.script;
    entry.checksum = row.checksum ? &*row.checksum : nullptr;
    entry.row = &row;
    entry.state = row.success ? MigrationState::missing : MigrationState::failed;
}

const script::Migration* Status::baseline_for(const script::MigrationSet& migrations,
                                              const script::Version* target) const noexcept {
    if (!history_.empty()) {
        return nullptr;
    }
    for (auto it = migrations.baselines.rbegin(); it != migrations.baselines.rend(); ++it) {
        if (target == nullptr || it->version <= *target) {
            return &*it;
        }
    }
    return nullptr;
}

bool Status::is_current(script::Phase phase) const noexcept {
    return std::none_of(entries_.begin(), entries_.end(), [&](const StatusEntry& entry) {
        return script::phase_includes(phase, entry.phase) && blocks_current(entry.state);
    });
}

std::vector<const StatusEntry*> Status::outstanding(script::Phase phase) const {
    std::vector<const StatusEntry*> out;
    for (const auto& entry : entries_) {
        if (script::phase_includes(phase, entry.phase) && blocks_current(entry.state)) {
            out.push_back(&entry);
        }
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

Status read_status(db::Connection& connection, const script::MigrationSet& migrations,
                   const HistoryTable& table) {
    History history(connection, table);
    const bool exists = history.exists();
    return Status(migrations, exists ? history.read() : std::vector<HistoryRow>{}, exists,
                  table.display());
}

Status read_status(db::Connection& connection, const script::MigrationSet& migrations,
                   const HistoryTableName& table) {
    return read_status(connection, migrations, HistoryTable::resolve(connection, table));
}

bool schema_is_current(db::Connection& connection, const script::MigrationSet& migrations,
                       script::Phase phase, const HistoryTableName& table) {
    return read_status(connection, migrations, table).is_current(phase);
}

}  // namespace deckhand::migrate
