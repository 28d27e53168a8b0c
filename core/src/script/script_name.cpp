// Parsing of migration file names and versions.
#include "deckhand/script/script_name.hpp"

#include <algorithm>
#include <limits>

#include "deckhand/errors.hpp"
#include "script/name_parts.hpp"

namespace deckhand::script {
namespace {

bool ends_with_sql(std::string_view name) noexcept {
    if (name.size() < 4) {
        return false;
    }
    auto ext = name.substr(name.size() - 4);
    return ext[0] == '.' && (ext[1] | 0x20) == 's' && (ext[2] | 0x20) == 'q' &&
           (ext[3] | 0x20) == 'l';
}

char shown(char c) noexcept {
    return c == '_' ? ' ' : c;
}

}  // namespace

std::optional<NameParts> split_migration_name(std::string_view file_name) noexcept {
    if (!ends_with_sql(file_name)) {
        return std::nullopt;
    }
    const std::string_view stem = file_name.substr(0, file_name.size() - 4);
    if (stem.substr(0, 3) == "R__") {
        return NameParts{ScriptKind::repeatable, {}, stem.substr(3)};
    }
    if (stem.empty() || stem[0] != 'V') {
        return std::nullopt;
    }
    const auto separator = stem.find("__");
    if (separator == std::string_view::npos) {
        return std::nullopt;
    }
    return NameParts{ScriptKind::versioned, stem.substr(1, separator - 1),
                     stem.substr(separator + 2)};
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
        throw ConfigError(
            std::string(what) + ": '" + std::string(text) +
            "' is not a version; write dot- or underscore-separated numbers such as 1, 1.2 or "
            "2026.11.24.1");
    }
    return version;
}

bool has_sql_extension(std::string_view file_name) noexcept {
    return ends_with_sql(file_name);
}

ScriptName parse_migration_name(std::string_view file_name, std::string_view display_path) {
    auto reject = [&](const std::string& why) -> ConfigError {
        return ConfigError(
            std::string(display_path) + ": " + why +
            "; migrations are named V<version>__<description>.sql or R__<description>.sql");
    };
    const auto parts = split_migration_name(file_name);
    if (!parts) {
        if (!ends_with_sql(file_name)) {
            throw reject("not a .sql file");
        }
        if (file_name[0] == 'V') {
            throw reject("the version is not followed by a double underscore");
        }
        throw reject("the name starts with neither V nor R__");
    }
    ScriptName name;
    name.kind = parts->kind;
    if (parts->kind == ScriptKind::versioned && !Version::try_parse(parts->version, name.version)) {
        throw reject("'" + std::string(parts->version) +
                     "' is not a version of dot- or underscore-separated numbers");
    }
    if (blank_description(parts->description)) {
        throw reject("the description is empty");
    }
    name.description = describe(parts->description);
    return name;
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
