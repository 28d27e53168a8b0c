// The container termination message: inside Kubernetes, the error that ended deckhand is also
// written where `kubectl describe pod` shows it.
#pragma once

#include <map>
#include <string>

namespace deckhand::cli {

// Writes `message` to /dev/termination-log (or DECKHAND_TERMINATION_LOG) when running inside
// Kubernetes and the file is writable; silently does nothing otherwise.
void write_termination_log(const std::string& message,
                           const std::map<std::string, std::string>& environment);

}  // namespace deckhand::cli
