// Cancellation requested by SIGTERM or SIGINT: a flag commands poll, callbacks that cancel the
// running statement, and a sleep that wakes up early when cancellation arrives.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

#include "deckhand/export.hpp"

namespace deckhand {

class DECKHAND_API Cancellation {
  public:
    class Registration;

    Cancellation() = default;
    Cancellation(const Cancellation&) = delete;
    Cancellation& operator=(const Cancellation&) = delete;

    // Called by the host's signal thread (or a test): sets the flag, runs every callback once.
    void request(int signal_number);

    bool requested() const noexcept { return signal_.load() != 0; }
    int signal_number() const noexcept { return signal_.load(); }
    // Throws Cancelled (exit 128+N) if cancellation was requested.
    void throw_if_requested() const;

    // Sleeps up to `duration`; returns false early if cancellation arrives.
    bool sleep_for(std::chrono::milliseconds duration) const;

    // Runs `callback` (from another thread) when cancellation is requested; the callback
    // runs at once if it already was. Unregistered when the Registration is destroyed.
    [[nodiscard]] Registration on_cancel(std::function<void()> callback);

    class DECKHAND_API Registration {
      public:
        Registration() = default;
        Registration(Cancellation* owner, std::uint64_t id) : owner_(owner), id_(id) {}
        Registration(Registration&& other) noexcept;
        Registration& operator=(Registration&& other) noexcept;
        Registration(const Registration&) = delete;
        Registration& operator=(const Registration&) = delete;
        ~Registration();

      private:
        void reset();
        Cancellation* owner_ = nullptr;
        std::uint64_t id_ = 0;
    };

  private:
    void unregister(std::uint64_t id);

    std::atomic<int> signal_{0};
    mutable std::mutex mutex_;
    mutable std::condition_variable wake_;
    std::map<std::uint64_t, std::function<void()>> callbacks_;
    std::uint64_t next_id_ = 1;
};

}  // namespace deckhand
