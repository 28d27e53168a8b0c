// signalfd for the signals, an eventfd to stop the watcher, poll on both.
#include "cli/signal_watcher.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <system_error>

#include "deckhand/exit_status.hpp"

namespace deckhand::cli {

SignalWatcher::SignalWatcher(Cancellation& cancellation) : cancellation_(cancellation) {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    if (pthread_sigmask(SIG_BLOCK, &signals, nullptr) != 0) {
        throw std::system_error(errno, std::generic_category());
    }
    signal_fd_ = signalfd(-1, &signals, SFD_CLOEXEC);
    stop_fd_ = eventfd(0, EFD_CLOEXEC);
    if (signal_fd_ < 0 || stop_fd_ < 0) {
        throw std::system_error(errno, std::generic_category(), "signalfd");
    }
    thread_ = std::thread([this] { watch(); });
}

SignalWatcher::~SignalWatcher() {
    std::uint64_t one = 1;
    [[maybe_unused]] auto written = write(stop_fd_, &one, sizeof one);
    if (thread_.joinable()) {
        thread_.join();
    }
    close(signal_fd_);
    close(stop_fd_);
}

void SignalWatcher::watch() {
    bool cancelling = false;
    for (;;) {
        pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        if ((fds[1].revents & POLLIN) != 0) {
            return;
        }
        signalfd_siginfo info{};
        if (read(signal_fd_, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) {
            continue;
        }
        const int signal_number = static_cast<int>(info.ssi_signo);
        if (cancelling) {
            // The user insists (a second Ctrl-C): stop now; the server rolls back on disconnect.
            static const char message[] =
                "deckhand: second signal, exiting without waiting for the rollback\n";
            [[maybe_unused]] auto written = write(STDERR_FILENO, message, sizeof message - 1);
            _exit(signal_exit_status(signal_number));
        }
        cancelling = true;
        cancellation_.request(signal_number);
    }
}

}  // namespace deckhand::cli
