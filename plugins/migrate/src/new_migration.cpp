// Naming and writing the next migration file of a folder.
#include "deckhand/migrate/new_migration.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <optional>

#include "deckhand/errors.hpp"
#include "deckhand/script/script_name.hpp"

namespace deckhand::migrate {
namespace {

namespace fs = std::filesystem;
using script::Convention;
using script::ScriptKind;
using script::Version;

// Names longer than this would come close to the 255 bytes a file name may have.
constexpr std::size_t longest_description = 200;

// The newest version scripts of the folders hold, as written in its file name, and the
// convention of the file that holds it.
struct Newest {
    std::optional<Version> version;
    std::string written;  // as its file name writes it: "0005", "20260101120000", "1.2"
    Convention convention = Convention::flyway;
};

// The folders whose versions share one order with the new script: the folder itself, post/,
// and the dialect folders of both (only the chosen dialect's when one is given; all of them for
// a script every dialect runs, which must come after each one's newest).
std::vector<fs::path> folders_in_order(const NewMigrationRequest& request) {
    const std::vector<std::string> dialects = request.dialect.empty()
                                                  ? std::vector<std::string>{"postgres", "sqlite"}
                                                  : std::vector<std::string>{request.dialect};
    std::vector<fs::path> folders;
    for (const fs::path& base : {request.migrations_dir, request.migrations_dir / "post"}) {
        folders.push_back(base);
        for (const auto& dialect : dialects) {
            folders.push_back(base / dialect);
        }
    }
    return folders;
}

Newest newest_version(const NewMigrationRequest& request) {
    Newest newest;
    for (const auto& folder : folders_in_order(request)) {
        std::error_code error;
        if (!fs::is_directory(folder, error)) {
            continue;
        }
        const auto files = script::list_sql_files(folder, error);
        if (error) {
            throw ConfigError("cannot read the migrations folder " + folder.string() + ": " +
                              error.message());
        }
        for (const auto& [name, path] : files) {
            script::ScriptName parsed;
            try {
                parsed = script::parse_migration_name(name, path.string());
            } catch (const ConfigError&) {
                continue;  // migrate reports badly named files; they have no version to follow
            }
            if (parsed.kind != ScriptKind::versioned && parsed.kind != ScriptKind::baseline) {
                continue;
            }
            if (!newest.version || *newest.version < parsed.version) {
                newest.version = parsed.version;
                newest.written = parsed.version.text();
                newest.convention = parsed.convention;
            }
        }
    }
    return newest;
}

std::string utc_text(std::chrono::system_clock::time_point now, const char* format) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    const std::size_t length = std::strftime(text, sizeof text, format, &utc);
    return std::string(text, length);
}

// A version that is a UTC timestamp (dbmate's and golang-migrate's default names).
bool is_timestamp(const Newest& newest) {
    return newest.version && newest.version->parts().size() == 1 && newest.written.size() == 14 &&
           (newest.written.rfind("19", 0) == 0 || newest.written.rfind("20", 0) == 0);
}

// The next integer after the newest version's first number, as wide as it is written when it is
// zero-padded ("0005" -> "0006"); or the time, for --timestamp and folders named by time.
std::string next_version(const NewMigrationRequest& request, const Newest& newest) {
    const std::uint64_t first =
        newest.version && !newest.version->parts().empty() ? newest.version->parts().front() : 0;
    if (request.timestamp || is_timestamp(newest)) {
        std::string now = utc_text(request.now, "%Y%m%d%H%M%S");
        Version candidate = Version::parse(now, "the time");
        if (!newest.version || *newest.version < candidate) {
            return now;
        }
        // The clock is behind the newest script (or two scripts in one second): still newer.
    }
    if (first == UINT64_MAX) {
        throw UsageError("the newest migration's version " + newest.version->text() +
                         " leaves no next integer");
    }
    std::string next = std::to_string(first + 1);
    const std::string written_first = newest.written.substr(0, newest.written.find('.'));
    if (written_first.size() > 1 && written_first.front() == '0' &&
        next.size() < written_first.size()) {
        next.insert(0, written_first.size() - next.size(), '0');
    }
    return next;
}

// Creates `path` with `text`, never replacing a file. Throws ConfigError naming the path.
void write_new_file(const fs::path& path, const std::string& text) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        const int failure = errno;
        if (failure == EEXIST) {
            throw ConfigError(path.string() +
                              " already exists; deckhand new never replaces a file");
        }
        throw ConfigError("cannot create " + path.string() + ": " + std::strerror(failure));
    }
    std::size_t written = 0;
    int failure = 0;
    while (written < text.size()) {
        const ssize_t step = ::write(fd, text.data() + written, text.size() - written);
        if (step < 0 && errno == EINTR) {
            continue;
        }
        if (step <= 0) {
            failure = errno;
            break;
        }
        written += static_cast<std::size_t>(step);
    }
    if (::close(fd) != 0 && failure == 0) {
        failure = errno;
    }
    if (failure != 0) {
        std::error_code ignored;
        fs::remove(path, ignored);
        throw ConfigError("cannot write " + path.string() + ": " + std::strerror(failure));
    }
}

std::string header(const NewMigrationRequest& request, const std::string& what) {
    return "-- " + request.description + "\n-- " + what + " Written by deckhand new on " +
           utc_text(request.now, "%Y-%m-%dT%H:%M:%SZ") + ".\n";
}

std::string flyway_text(const NewMigrationRequest& request) {
    std::string text = request.no_transaction ? "-- deckhand:no-transaction\n" : "";
    text += header(request, request.repeatable
                                ? "Re-applied whenever this file changes, after the versioned "
                                  "scripts."
                                : "Applied once, in version order; edit it only until it runs.");
    return text + "\n";
}

}  // namespace

std::string description_for_file_name(const std::string& description) {
    std::string name;
    bool blank = false;
    for (const char c : description) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == ' ' || c == '\t') {
            blank = !name.empty();
            continue;
        }
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!safe) {
            const std::string shown =
                byte < 0x20 || byte == 0x7f ? "a control character" : "'" + std::string(1, c) + "'";
            std::string message = "the description '" + description + "' holds ";
            message += shown;
            message +=
                ", which has no place in a file name; use letters, digits, blanks, '-' "
                "and '_'";
            throw UsageError(message);
        }
        if (blank) {
            name += '_';
            blank = false;
        }
        name += c;
    }
    if (name.find_first_not_of("_-") == std::string::npos) {
        throw UsageError("the description '" + description +
                         "' has no letter or digit; say what the migration does, such as "
                         "'add users email'");
    }
    if (name.size() > longest_description) {
        throw UsageError("the description is " + std::to_string(name.size()) +
                         " characters long; file names allow about 250, so keep it under " +
                         std::to_string(longest_description));
    }
    return name;
}

std::vector<fs::path> create_new_migration(const NewMigrationRequest& request) {
    const std::string described = description_for_file_name(request.description);
    const Newest newest = newest_version(request);
    fs::path folder = request.migrations_dir;
    if (request.post) {
        folder /= "post";
    }
    if (!request.dialect.empty()) {
        folder /= request.dialect;
    }
    std::vector<std::pair<fs::path, std::string>> files;
    if (request.repeatable) {
        if (newest.version && newest.convention != Convention::flyway) {
            throw UsageError("--repeatable: the migrations folder follows " +
                             std::string(script::to_string(newest.convention)) +
                             ", which has no repeatable scripts");
        }
        files.emplace_back(folder / ("R__" + described + ".sql"), flyway_text(request));
    } else {
        const std::string version = next_version(request, newest);
        switch (newest.convention) {
            case Convention::flyway:
                files.emplace_back(folder / ("V" + version + "__" + described + ".sql"),
                                   flyway_text(request));
                break;
            case Convention::golang_migrate: {
                std::string up = request.no_transaction ? "-- deckhand:no-transaction\n" : "";
                up += header(request, "Applied once, in version order (the up script).") + "\n";
                files.emplace_back(folder / (version + "_" + described + ".up.sql"), up);
                files.emplace_back(folder / (version + "_" + described + ".down.sql"),
                                   header(request,
                                          "Undoes the up script; golang-migrate runs it, deckhand "
                                          "never does.") +
                                       "\n");
                break;
            }
            case Convention::dbmate:
                files.emplace_back(
                    folder / (version + "_" + described + ".sql"),
                    std::string("-- migrate:up") +
                        (request.no_transaction ? " transaction:false" : "") + "\n" +
                        header(request, "Applied once, in version order (the up section).") +
                        "\n\n-- migrate:down\n\n");
                break;
        }
    }

    std::error_code error;
    fs::create_directories(folder, error);
    if (error) {
        throw ConfigError("cannot create the folder " + folder.string() + ": " + error.message());
    }
    std::vector<fs::path> written;
    try {
        for (const auto& [path, text] : files) {
            write_new_file(path, text);
            written.push_back(path);
        }
    } catch (const ConfigError&) {
        for (const auto& path : written) {
            fs::remove(path, error);  // a pair is written whole or not at all
        }
        throw;
    }
    return written;
}

}  // namespace deckhand::migrate
