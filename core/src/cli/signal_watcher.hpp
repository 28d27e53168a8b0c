// Turns SIGTERM and SIGINT into a cancellation request, on a thread of its own so that the work
// (cancelling a statement over the network) happens outside any signal handler. A second signal
// ends the process at once.
#pragma once

#include <thread>

#include "deckhand/cancellation.hpp"

namespace deckhand::cli {

class SignalWatcher {
  public:
    // Blocks SIGTERM and SIGINT in the calling thread (and so in every thread it starts later).
    explicit SignalWatcher(Cancellation& cancellation);
    ~SignalWatcher();
    SignalWatcher(const SignalWatcher&) = delete;
    SignalWatcher& operator=(const SignalWatcher&) = delete;

  private:
    void watch();

    Cancellation& cancellation_;
    int signal_fd_ = -1;
    int stop_fd_ = -1;
    std::thread thread_;
};

}  // namespace deckhand::cli
