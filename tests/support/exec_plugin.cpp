// The test exec credential plugin: the script and the files it reads and writes.
#include "support/exec_plugin.hpp"

#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>

#include "support/temp_dir.hpp"

namespace deckhand::test {
namespace {

namespace fs = std::filesystem;

std::string read_or_empty(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

ExecPlugin::ExecPlugin(fs::path dir, const std::string& api_version) : dir_(std::move(dir)) {
    fs::create_directories(dir_);
    // Single quotes around the folder: test folders hold no quote.
    const std::string d = "'" + dir_.string() + "'";
    write_file(command(),
               "#!/bin/sh\n"
               "echo run >> " +
                   d +
                   "/runs\n"
                   "printf '%s\\n' \"$@\" > " +
                   d +
                   "/args\n"
                   "printf '%s' \"$KUBERNETES_EXEC_INFO\" > " +
                   d +
                   "/exec-info\n"
                   "env > " +
                   d +
                   "/env\n"
                   "if [ -f " +
                   d +
                   "/reply ]; then\n"
                   "  cat " +
                   d +
                   "/reply-stderr >&2\n"
                   "  cat " +
                   d +
                   "/reply\n"
                   "  exit $(cat " +
                   d +
                   "/reply-status)\n"
                   "fi\n"
                   "expires=''\n"
                   "if [ -s " +
                   d +
                   "/expires ]; then\n"
                   "  expires=\",\\\"expirationTimestamp\\\":\\\"$(cat " +
                   d +
                   "/expires)\\\"\"\n"
                   "fi\n"
                   "printf '{\"apiVersion\":\"" +
                   api_version +
                   "\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"%s\"%s}}\\n' "
                   "\"$(cat " +
                   d + "/token)\" \"$expires\"\n");
    fs::permissions(command(), fs::perms::owner_all, fs::perm_options::replace);
    set_token("exec-token");
}

void ExecPlugin::set_token(const std::string& token) const {
    write_file(dir_ / "token", token);
}

void ExecPlugin::set_expires(const std::string& timestamp) const {
    write_file(dir_ / "expires", timestamp);
}

void ExecPlugin::set_reply(const std::string& stdout_text, int exit_status,
                           const std::string& stderr_text) const {
    write_file(dir_ / "reply-stderr", stderr_text);
    write_file(dir_ / "reply-status", std::to_string(exit_status));
    write_file(dir_ / "reply", stdout_text);
}

std::size_t ExecPlugin::runs() const {
    auto text = read_or_empty(dir_ / "runs");
    std::size_t count = 0;
    for (char c : text) {
        count += c == '\n' ? 1 : 0;
    }
    return count;
}

std::vector<std::string> ExecPlugin::last_args() const {
    std::vector<std::string> args;
    std::istringstream in(read_or_empty(dir_ / "args"));
    for (std::string line; std::getline(in, line);) {
        args.push_back(line);
    }
    return args;
}

std::string ExecPlugin::last_exec_info() const {
    return read_or_empty(dir_ / "exec-info");
}

std::string ExecPlugin::last_env(const std::string& name) const {
    std::istringstream in(read_or_empty(dir_ / "env"));
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(name + "=", 0) == 0) {
            return line.substr(name.size() + 1);
        }
    }
    return {};
}

std::string rfc3339_from_now(long seconds) {
    auto when = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() +
                                                     std::chrono::seconds(seconds));
    std::tm utc{};
    gmtime_r(&when, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

}  // namespace deckhand::test
