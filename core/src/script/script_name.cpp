// Parsing of migration file names and versions.
#include "deckhand/script/script_name.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include "deckhand/errors.hpp"
#include "script/name_parts.hpp"

namespace deckhand::script {
namespace {

// Exactly ".sql", as Flyway compares its sqlMigrationSuffixes (String.endsWith): a folder that
// Flyway managed never holds a V3__x.SQL that Flyway skipped and deckhand would run. The folder
// loader warns about such files instead.
bool ends_with_sql(std::string_view name) noexcept {
    return name.size() >= 4 && name.substr(name.size() - 4) == ".sql";
}

char shown(char c) noexcept {
    return c == '_' ? ' ' : c;
}

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

// Flyway's callback events (its Event enum), as file names spell them; the first ones are those
// deckhand fires.
struct EventName {
    std::string_view name;
    CallbackEvent event;
};
constexpr std::array<EventName, 9> fired_events{{
    {"beforeMigrate", CallbackEvent::before_migrate},
    {"beforeEachMigrate", CallbackEvent::before_each_migrate},
    {"afterEachMigrate", CallbackEvent::after_each_migrate},
    {"afterEachMigrateError", CallbackEvent::after_each_migrate_error},
    {"beforeRepeatables", CallbackEvent::before_repeatables},
    {"afterVersioned", CallbackEvent::after_versioned},
    {"afterMigrateApplied", CallbackEvent::after_migrate_applied},
    {"afterMigrate", CallbackEvent::after_migrate},
    {"afterMigrateError", CallbackEvent::after_migrate_error},
}};
constexpr std::array<std::string_view, 32> other_events{"beforeEachMigrateStatement",
                                                        "afterEachMigrateStatement",
                                                        "afterEachMigrateStatementError",
                                                        "beforeUndo",
                                                        "beforeEachUndo",
                                                        "beforeEachUndoStatement",
                                                        "afterEachUndoStatement",
                                                        "afterEachUndoStatementError",
                                                        "afterEachUndo",
                                                        "afterEachUndoError",
                                                        "afterUndo",
                                                        "afterUndoError",
                                                        "beforeClean",
                                                        "afterClean",
                                                        "afterCleanError",
                                                        "beforeValidate",
                                                        "afterValidate",
                                                        "afterValidateError",
                                                        "beforeBaseline",
                                                        "afterBaseline",
                                                        "afterBaselineError",
                                                        "beforeRepair",
                                                        "afterRepair",
                                                        "afterRepairError",
                                                        "beforeInfo",
                                                        "afterInfo",
                                                        "afterInfoError",
                                                        "afterMigrateOperationFinish",
                                                        "afterInfoOperationFinish",
                                                        "createSchema",
                                                        "beforeConnect",
                                                        "afterConnect"};

// <event>.sql or <event>__<description>.sql, the event spelled exactly (Flyway compares case).
std::optional<NameParts> split_callback_name(std::string_view stem) noexcept {
    const auto separator = stem.find("__");
    const std::string_view event = stem.substr(0, separator);
    const std::string_view description =
        separator == std::string_view::npos ? std::string_view() : stem.substr(separator + 2);
    auto parts = [&](CallbackEvent kind) {
        NameParts out{ScriptKind::callback, {}, description};
        out.event = kind;
        out.needs_description = false;
        return out;
    };
    for (const auto& fired : fired_events) {
        if (fired.name == event) {
            return parts(fired.event);
        }
    }
    for (const auto& other : other_events) {
        if (other == event) {
            return parts(CallbackEvent::unsupported);
        }
    }
    return std::nullopt;
}

// golang-migrate's <version>_<title>.up.sql / .down.sql, or dbmate's <version>[_<title>].sql.
std::optional<NameParts> split_numbered_name(std::string_view stem) noexcept {
    std::size_t digits = 0;
    while (digits < stem.size() && is_digit(stem[digits])) {
        ++digits;
    }
    NameParts parts;
    parts.version = stem.substr(0, digits);
    parts.needs_description = false;
    if (digits == stem.size()) {
        parts.convention = Convention::dbmate;
        return parts;
    }
    if (stem[digits] != '_') {
        return std::nullopt;
    }
    std::string_view rest = stem.substr(digits + 1);
    auto ends_with = [&](std::string_view tail) {
        return rest.size() >= tail.size() && rest.substr(rest.size() - tail.size()) == tail;
    };
    if (ends_with(".up") || ends_with(".down")) {
        const bool up = ends_with(".up");
        parts.convention = Convention::golang_migrate;
        parts.kind = up ? ScriptKind::versioned : ScriptKind::undo;
        parts.description = rest.substr(0, rest.size() - (up ? 3 : 5));
        return parts;
    }
    parts.convention = Convention::dbmate;
    parts.description = rest;
    return parts;
}

// True for text made of digit runs separated by '.' or '_' where a run exceeds 2^64 - 1.
bool too_large_for_a_version(std::string_view text) {
    bool too_large = false;
    std::size_t run = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '.' || text[i] == '_') {
            if (run == 0) {
                return false;
            }
            std::string_view digits = text.substr(start, run);
            digits.remove_prefix(std::min(digits.find_first_not_of('0'), digits.size() - 1));
            const std::string_view max = "18446744073709551615";
            too_large = too_large || digits.size() > max.size() ||
                        (digits.size() == max.size() && digits > max);
            run = 0;
            start = i + 1;
        } else if (text[i] >= '0' && text[i] <= '9') {
            ++run;
        } else {
            return false;
        }
    }
    return too_large;
}

// Why `text` is not a version, as a sentence that quotes it.
std::string not_a_version(std::string_view text) {
    if (too_large_for_a_version(text)) {
        return "'" + std::string(text) +
               "' is too large for a version (each part is at most 18446744073709551615)";
    }
    return "'" + std::string(text) +
           "' is not a version; write dot- or underscore-separated numbers such as 1, 1.2 or "
           "2026.11.24.1";
}

}  // namespace

std::optional<NameParts> split_migration_name(std::string_view file_name) noexcept {
    if (!ends_with_sql(file_name)) {
        return std::nullopt;
    }
    const std::string_view stem = file_name.substr(0, file_name.size() - 4);
    if (stem.empty()) {
        return std::nullopt;
    }
    if (is_digit(stem[0])) {
        return split_numbered_name(stem);
    }
    if (stem.substr(0, 3) == "R__") {
        return NameParts{ScriptKind::repeatable, {}, stem.substr(3)};
    }
    ScriptKind kind = ScriptKind::versioned;
    switch (stem[0]) {
        case 'V':
            break;
        case 'B':
            kind = ScriptKind::baseline;
            break;
        case 'U':
            kind = ScriptKind::undo;
            break;
        default:
            return split_callback_name(stem);
    }
    const auto separator = stem.find("__");
    if (separator == std::string_view::npos) {
        return std::nullopt;
    }
    return NameParts{kind, stem.substr(1, separator - 1), stem.substr(separator + 2)};
}

bool blank_description(std::string_view description) noexcept {
    return description.find_first_not_of("_ ") == std::string_view::npos;
}

std::string describe(std::string_view description) {
    std::string out(description);
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

bool shown_description_less(std::string_view a, std::string_view b) noexcept {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return static_cast<unsigned char>(shown(x)) < static_cast<unsigned char>(shown(y));
    });
}

bool Version::try_parse(std::string_view text, Version& out) {
    if (text.empty()) {
        return false;
    }
    // Every script name and every history row is parsed: the parts are sized before they are
    // filled and the text is copied once, not a character at a time.
    const auto separators = static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return c == '.' || c == '_'; }));
    std::vector<std::uint64_t> parts;
    parts.reserve(separators + 1);
    std::uint64_t number = 0;
    bool digits = false;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '.' || text[i] == '_') {
            if (!digits) {
                return false;  // empty part: "1..2", ".1", "1."
            }
            parts.push_back(number);
            number = 0;
            digits = false;
            continue;
        }
        const char c = text[i];
        if (c < '0' || c > '9') {
            return false;
        }
        auto digit = static_cast<std::uint64_t>(c - '0');
        if (number > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
            return false;
        }
        number = number * 10 + digit;
        digits = true;
    }
    while (parts.size() > 1 && parts.back() == 0) {
        parts.pop_back();
    }
    out.parts_ = std::move(parts);
    out.text_.assign(text);
    std::replace(out.text_.begin(), out.text_.end(), '_', '.');
    return true;
}

Version Version::parse(std::string_view text, std::string_view what) {
    Version version;
    if (!try_parse(text, version)) {
        throw ConfigError(std::string(what) + ": " + not_a_version(text));
    }
    return version;
}

bool has_sql_extension(std::string_view file_name) noexcept {
    return ends_with_sql(file_name);
}

ScriptName parse_migration_name(std::string_view file_name, std::string_view display_path) {
    auto reject = [&](const std::string& why) -> ConfigError {
        return ConfigError(std::string(display_path) + ": " + why +
                           "; migrations are named V<version>__<description>.sql or "
                           "R__<description>.sql (also Flyway's B and U scripts and callbacks, "
                           "golang-migrate's <version>_<name>.up.sql and dbmate's "
                           "<version>_<name>.sql)");
    };
    const auto parts = split_migration_name(file_name);
    if (!parts) {
        if (!ends_with_sql(file_name)) {
            throw reject("not a .sql file");
        }
        if (file_name[0] == 'V' || file_name[0] == 'B' || file_name[0] == 'U') {
            throw reject("the version is not followed by a double underscore");
        }
        if (is_digit(file_name[0])) {
            throw reject("the version is not followed by an underscore");
        }
        throw reject("the name starts with neither V nor R__ (nor B, U, a version or a callback)");
    }
    ScriptName name;
    name.kind = parts->kind;
    name.convention = parts->convention;
    name.event = parts->event;
    const bool has_version =
        parts->kind != ScriptKind::repeatable && parts->kind != ScriptKind::callback;
    if (has_version && !Version::try_parse(parts->version, name.version)) {
        throw reject(not_a_version(parts->version));
    }
    if (parts->needs_description && blank_description(parts->description)) {
        throw reject("the description is empty");
    }
    name.description = describe(parts->description);
    return name;
}

std::string_view to_string(Convention convention) noexcept {
    switch (convention) {
        case Convention::flyway:
            return "Flyway";
        case Convention::golang_migrate:
            return "golang-migrate";
        case Convention::dbmate:
            return "dbmate";
    }
    return "Flyway";
}

std::string_view to_string(CallbackEvent event) noexcept {
    for (const auto& fired : fired_events) {
        if (fired.event == event) {
            return fired.name;
        }
    }
    return {};
}

std::vector<std::pair<std::string, std::filesystem::path>> list_sql_files(
    const std::filesystem::path& folder, std::error_code& error) {
    std::vector<std::pair<std::string, std::filesystem::path>> files;
    std::filesystem::directory_iterator it(folder, error);
    for (; !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
        std::string name = it->path().filename().string();
        if (name.empty() || name.front() == '.' || !has_sql_extension(name)) {
            continue;
        }
        std::error_code type_error;
        if (!it->is_regular_file(type_error)) {
            continue;
        }
        files.emplace_back(std::move(name), it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace deckhand::script
