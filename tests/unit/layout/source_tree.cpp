// Reading deckhand's own source tree for the layout tests: folders, files and CMake code.
#include "source_tree.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace deckhand::layout {

namespace fs = std::filesystem;

fs::path source_root() {
    return fs::path(DECKHAND_TEST_SOURCE_DIR);
}

std::vector<std::string> subfolders(const fs::path& folder) {
    std::vector<std::string> names;
    if (!fs::is_directory(folder)) {
        return names;
    }
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.is_directory()) {
            names.push_back(entry.path().filename().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<std::string> files_under(const fs::path& folder) {
    std::vector<std::string> files;
    if (!fs::is_directory(folder)) {
        return files;
    }
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file()) {
            files.push_back(entry.path().lexically_relative(folder).string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + file.string());
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string cmake_code(const fs::path& file) {
    std::istringstream lines(read_text(file));
    std::string code;
    std::string line;
    while (std::getline(lines, line)) {
        code += line.substr(0, line.find('#'));
        code += '\n';
    }
    return code;
}

std::vector<std::string> added_subdirectories(const std::string& code) {
    static const std::regex call(R"(add_subdirectory\(\s*([^\s)]+))");
    std::vector<std::string> folders;
    for (auto it = std::sregex_iterator(code.begin(), code.end(), call);
         it != std::sregex_iterator(); ++it) {
        folders.push_back((*it)[1].str());
    }
    return folders;
}

}  // namespace deckhand::layout
