// Jittered exponential pauses; the random numbers come from splitmix64 over one seed from the
// random device: no shared generator, so no lock, and no two processes alike.
#include "deckhand/backoff.hpp"

#include <algorithm>
#include <random>

namespace deckhand {
namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
}

std::uint64_t random_seed() {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32U) ^ device();
}

}  // namespace

Backoff::Backoff(std::chrono::milliseconds first, std::chrono::milliseconds cap)
    : step_(std::max(first, std::chrono::milliseconds(1))),
      cap_(std::max(cap, step_)),
      state_(random_seed()) {}

std::chrono::milliseconds Backoff::next() {
    const auto step = step_.count();
    const auto half = step / 2;
    const auto jitter =
        static_cast<std::int64_t>(splitmix64(state_) % static_cast<std::uint64_t>(step - half + 1));
    step_ = std::min(step_ * 2, cap_);
    return std::chrono::milliseconds(half + jitter);
}

}  // namespace deckhand
