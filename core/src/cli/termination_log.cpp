// Best effort: a missing or read-only termination log must never hide the original error.
#include "cli/termination_log.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace deckhand::cli {

void write_termination_log(const std::string& message,
                           const std::map<std::string, std::string>& environment) {
    auto in_kubernetes = environment.find("KUBERNETES_SERVICE_HOST");
    if (in_kubernetes == environment.end() || in_kubernetes->second.empty()) {
        return;
    }
    std::string path = "/dev/termination-log";
    int flags = O_WRONLY | O_TRUNC | O_CLOEXEC;
    if (auto custom = environment.find("DECKHAND_TERMINATION_LOG");
        custom != environment.end() && !custom->second.empty()) {
        path = custom->second;
        flags |= O_CREAT;
    }
    int fd = open(path.c_str(), flags, 0644);
    if (fd < 0) {
        return;
    }
    // Kubernetes keeps at most 4096 bytes of it.
    std::string text = message.substr(0, 4000) + "\n";
    [[maybe_unused]] auto written = write(fd, text.data(), text.size());
    close(fd);
}

}  // namespace deckhand::cli
