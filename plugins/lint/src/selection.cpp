// Reading the folder and deciding which scripts are new (see selection.hpp).
#include "deckhand/lint/selection.hpp"

#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

#include "deckhand/errors.hpp"
#include "deckhand/script/directives.hpp"
#include "deckhand/script/migration_set.hpp"
#include "deckhand/script/script_file.hpp"
#include "deckhand/script/transaction_needs.hpp"

namespace deckhand::lint {

namespace fs = std::filesystem;

std::optional<Dialect> find_dialect(std::string_view text) noexcept {
    if (text == "postgres" || text == "postgresql") {
        return Dialect::postgres;
    }
    if (text == "sqlite") {
        return Dialect::sqlite;
    }
    return std::nullopt;
}

Dialect parse_dialect(const std::string& text, const char* flag) {
    if (const auto dialect = find_dialect(text)) {
        return *dialect;
    }
    throw UsageError(std::string(flag) + " expects postgres or sqlite, not '" + text + "'");
}

const char* dialect_name(Dialect dialect) noexcept {
    return dialect == Dialect::postgres ? "postgres" : "sqlite";
}

namespace {

script::SqlDialect sql_dialect(Dialect dialect) {
    return dialect == Dialect::postgres ? script::SqlDialect::postgres : script::SqlDialect::sqlite;
}

// The output of a git command run in `folder`, or nullopt when it fails.
std::optional<std::string> git(const fs::path& folder, const std::string& arguments) {
    const std::string command = "git -C '" + folder.string() + "' " + arguments + " 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) {
        return std::nullopt;
    }
    std::string output;
    std::array<char, 4096> buffer{};
    while (std::size_t read = fread(buffer.data(), 1, buffer.size(), pipe.get())) {
        output.append(buffer.data(), read);
    }
    if (pclose(pipe.release()) != 0) {
        return std::nullopt;
    }
    return output;
}

// Scripts of the folder changed or added since `ref` (committed, staged, unstaged, untracked),
// as paths relative to the folder.
std::set<std::string> changed_since(const fs::path& folder, const std::string& ref) {
    if (ref.find('\'') != std::string::npos || (!ref.empty() && ref.front() == '-')) {
        throw UsageError("--since '" + ref + "' is neither a version nor a git ref");
    }
    auto verified = git(folder, "rev-parse --verify --quiet '" + ref + "^{commit}'");
    if (!verified) {
        throw UsageError("--since '" + ref + "' is neither a version nor a git ref known in " +
                         script::display_folder(folder));
    }
    std::set<std::string> changed;
    const std::array<std::string, 2> commands{"diff --name-only --relative '" + ref + "' -- .",
                                              "ls-files --others --exclude-standard ."};
    for (const auto& arguments : commands) {
        auto output = git(folder, arguments);
        if (!output) {
            continue;
        }
        std::size_t start = 0;
        while (start < output->size()) {
            auto end = output->find('\n', start);
            if (end == std::string::npos) {
                end = output->size();
            }
            if (end > start) {
                changed.insert(output->substr(start, end - start));
            }
            start = end + 1;
        }
    }
    return changed;
}

Script standalone(const fs::path& file, Dialect dialect) {
    if (!fs::is_regular_file(file)) {
        throw UsageError(file.string() + " is not a file that deckhand lint can read");
    }
    Script script;
    script.path = file.generic_string();
    script.text = script::read_script_file(file, script.path);
    const auto directives = script::scan_directives(script.text, sql_dialect(dialect), script.path);
    const auto needs = script::transaction_needs(script.text, sql_dialect(dialect));
    script.transactional =
        !script::has_directive(directives, "no-transaction") && !needs.none_may_run_in_one();
    for (const auto& part : file.parent_path()) {
        script.post = script.post || part == "post";
    }
    return script;
}

}  // namespace

std::vector<Script> select_scripts(const Selection& selection) {
    std::vector<Script> scripts;
    std::vector<const script::Version*> versions;  // of each script; nullptr for repeatables
    const bool have_folder = fs::is_directory(selection.folder);
    script::MigrationSet set;
    if (have_folder) {
        set = script::load_migrations(selection.folder,
                                      selection.folder_rules ? selection.folder_rules()
                                                             : script::FolderRules::as_of_api_1_4(
                                                                   dialect_name(selection.dialect)),
                                      script::ScriptTexts::keep);
        if (selection.warn) {
            for (const auto& warning : set.warnings) {
                selection.warn(warning);
            }
        }
        for (const auto* list : {&set.versioned, &set.repeatable}) {
            for (const auto& migration : *list) {
                Script script;
                script.path = migration.display_path;
                script.text = migration.text;
                script.post = migration.phase == script::Phase::post;
                script.transactional = migration.transactional;
                script.is_new = false;
                scripts.push_back(std::move(script));
                versions.push_back(migration.versioned() ? &migration.version : nullptr);
            }
        }
    } else if (selection.files.empty()) {
        throw ConfigError("the migrations folder " + script::display_folder(selection.folder) +
                          " does not exist (give --migrations, or name the files to lint)");
    }

    if (!selection.files.empty()) {
        // Each path resolved once (symlinks, "..", the working folder): resolving costs a few
        // system calls per path component, and a pull request may name hundreds of files.
        std::error_code error;
        std::map<fs::path, std::size_t> folder_scripts;  // resolved path -> index in `scripts`
        std::size_t i = 0;
        for (const auto* list : {&set.versioned, &set.repeatable}) {
            for (const auto& migration : *list) {
                folder_scripts.emplace(
                    fs::weakly_canonical(selection.folder / migration.script, error), i++);
            }
        }
        for (const auto& file : selection.files) {
            const auto found = folder_scripts.empty()
                                   ? folder_scripts.end()
                                   : folder_scripts.find(fs::weakly_canonical(file, error));
            if (found != folder_scripts.end()) {
                scripts[found->second].is_new = true;
            } else {
                scripts.push_back(standalone(file, selection.dialect));
            }
        }
        return scripts;
    }
    if (selection.since) {
        script::Version since;
        if (script::Version::try_parse(*selection.since, since)) {
            for (std::size_t i = 0; i < scripts.size(); ++i) {
                scripts[i].is_new = versions[i] == nullptr || *versions[i] > since;
            }
            return scripts;
        }
        const auto changed = changed_since(selection.folder, *selection.since);
        std::size_t i = 0;
        for (const auto* list : {&set.versioned, &set.repeatable}) {
            for (const auto& migration : *list) {
                scripts[i++].is_new = changed.count(migration.script) > 0;
            }
        }
        return scripts;
    }
    if (selection.pending) {
        const auto pending = selection.pending(set);
        std::size_t i = 0;
        for (const auto* list : {&set.versioned, &set.repeatable}) {
            for (const auto& migration : *list) {
                scripts[i++].is_new = pending.count(migration.script) > 0;
            }
        }
        return scripts;
    }
    // Else the newest versioned script is the one under review.
    if (!set.versioned.empty()) {
        scripts[set.versioned.size() - 1].is_new = true;
    }
    return scripts;
}

}  // namespace deckhand::lint
