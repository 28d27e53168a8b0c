// The user, host and process id of this process, as people read them.
#include "os_identity.hpp"

#include <limits.h>
#include <pwd.h>
#include <unistd.h>

#include <ctime>
#include <vector>

namespace deckhand::sqlite {
namespace {

std::string host_name() {
    char buffer[HOST_NAME_MAX + 1] = {};
    if (gethostname(buffer, sizeof buffer - 1) != 0) {
        return "unknown-host";
    }
    return buffer;
}

std::string utc_timestamp(std::chrono::system_clock::time_point when) {
    std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char buffer[32];
    std::size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return std::string(buffer, length);
}

}  // namespace

std::string os_user_name() {
    const uid_t uid = geteuid();
    long suggested = sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(suggested > 0 ? static_cast<std::size_t>(suggested) : 4096);
    passwd entry{};
    passwd* found = nullptr;
    if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr &&
        found->pw_name != nullptr && *found->pw_name != '\0') {
        return found->pw_name;
    }
    // Containers often run as a uid with no passwd entry.
    return "uid " + std::to_string(uid);
}

std::string describe_this_process(std::chrono::system_clock::time_point since) {
    return "pid " + std::to_string(getpid()) + " (" + os_user_name() + "@" + host_name() +
           ") since " + utc_timestamp(since);
}

}  // namespace deckhand::sqlite
