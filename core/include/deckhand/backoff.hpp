// Since plugin API 1.2. The pauses of a polling wait: growing from `first` to `cap`, each drawn at
// random from the upper half of its step ("equal jitter"), so that hundreds of init containers
// started by one rollout drift apart instead of polling in step, while none of them ever
// pauses longer than `cap` between two looks.
#pragma once

#include <chrono>
#include <cstdint>

#include "deckhand/export.hpp"

namespace deckhand {

class DECKHAND_API Backoff {
  public:
    // Each instance draws from its own seed (the random device, once).
    Backoff(std::chrono::milliseconds first, std::chrono::milliseconds cap);

    // The next pause: uniform in [step/2, step], where step doubles from `first` up to `cap`.
    std::chrono::milliseconds next();

  private:
    std::chrono::milliseconds step_;
    std::chrono::milliseconds cap_;
    std::uint64_t state_;
};

}  // namespace deckhand
