// Reading a corpus folder's manifest, and the dbmate up section that the reference client runs.
#include "corpus_manifest.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace deckhand::test::corpus {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> words_of(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> words;
    for (std::string word; in >> word;) {
        words.push_back(word);
    }
    return words;
}

bool starts_with(const std::string& text, std::size_t at, std::string_view prefix) {
    return text.compare(at, prefix.size(), prefix) == 0;
}

}  // namespace

Manifest read_manifest(const fs::path& folder) {
    const fs::path path = folder / "corpus.txt";
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error(path.string() + " cannot be read");
    }
    Manifest manifest;
    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        const auto words = words_of(line);
        if (words.empty() || words[0].front() == '#') {
            continue;
        }
        std::string where = path.string() + ":" + std::to_string(number) + ": ";
        const std::string& verb = words[0];
        if (verb == "migrate") {
            manifest.migrate_args.insert(manifest.migrate_args.end(), words.begin() + 1,
                                         words.end());
            continue;
        }
        if (words.size() < 2) {
            throw std::runtime_error(where.append("'").append(verb).append("' needs an argument"));
        }
        if (verb == "dialect") {
            manifest.dialect = words[1];
        } else if (verb == "run" || verb == "up") {
            manifest.steps.push_back(
                {verb == "up" ? Step::Part::dbmate_up : Step::Part::whole, words[1]});
        } else if (verb == "not-run") {
            if (words.size() < 3) {
                throw std::runtime_error(where.append("not-run needs a file and a reason"));
            }
            manifest.not_run.push_back(words[1]);
        } else {
            throw std::runtime_error(where.append("unknown line '").append(verb).append("'"));
        }
    }
    if (manifest.dialect != "postgres" && manifest.dialect != "sqlite") {
        throw std::runtime_error(path.string() + " names no dialect (postgres or sqlite)");
    }
    if (manifest.steps.empty()) {
        throw std::runtime_error(path.string() + " runs no file");
    }
    return manifest;
}

std::vector<std::string> unlisted_files(const Manifest& manifest, const fs::path& migrations) {
    std::set<std::string> listed(manifest.not_run.begin(), manifest.not_run.end());
    for (const auto& step : manifest.steps) {
        listed.insert(step.file);
    }
    std::vector<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(migrations)) {
        if (entry.is_regular_file() && entry.path().extension() == ".sql") {
            auto relative = entry.path().lexically_relative(migrations).generic_string();
            if (listed.count(relative) == 0) {
                out.push_back(relative);
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string dbmate_up_section(const std::string& text) {
    std::size_t begin = std::string::npos;
    std::size_t end = text.size();
    for (std::size_t at = 0; at < text.size();) {
        std::size_t next = text.find('\n', at);
        next = next == std::string::npos ? text.size() : next + 1;
        if (begin == std::string::npos && starts_with(text, at, "-- migrate:up")) {
            begin = next;
        } else if (begin != std::string::npos && starts_with(text, at, "-- migrate:down")) {
            end = at;
            break;
        }
        at = next;
    }
    if (begin == std::string::npos) {
        throw std::runtime_error("no '-- migrate:up' line");
    }
    return text.substr(begin, end - begin);
}

}  // namespace deckhand::test::corpus
