// Cancellation: the flag, the callbacks that cancel running statements, interruptible sleep.
#include "deckhand/cancellation.hpp"

#include "deckhand/errors.hpp"

namespace deckhand {

void Cancellation::request(int signal_number) {
    // Callbacks run under the lock, so that a Registration being destroyed on another thread
    // waits until its callback has finished with the object it points to.
    std::lock_guard lock(mutex_);
    int expected = 0;
    if (!signal_.compare_exchange_strong(expected, signal_number)) {
        return;  // first one wins
    }
    wake_.notify_all();
    for (auto& [id, callback] : callbacks_) {
        callback();
    }
}

void Cancellation::throw_if_requested() const {
    if (int signal_number = signal_.load(); signal_number != 0) {
        throw Cancelled(signal_number);
    }
}

bool Cancellation::sleep_for(std::chrono::milliseconds duration) const {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, duration, [this] { return signal_.load() != 0; });
}

Cancellation::Registration Cancellation::on_cancel(std::function<void()> callback) {
    {
        std::lock_guard lock(mutex_);
        if (signal_.load() == 0) {
            auto id = next_id_++;
            callbacks_.emplace(id, std::move(callback));
            return Registration(this, id);
        }
    }
    callback();
    return Registration();
}

void Cancellation::unregister(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    callbacks_.erase(id);
}

Cancellation::Registration::Registration(Registration&& other) noexcept
    : owner_(other.owner_), id_(other.id_) {
    other.owner_ = nullptr;
}

Cancellation::Registration& Cancellation::Registration::operator=(Registration&& other) noexcept {
    if (this != &other) {
        reset();
        owner_ = other.owner_;
        id_ = other.id_;
        other.owner_ = nullptr;
    }
    return *this;
}

Cancellation::Registration::~Registration() {
    reset();
}

void Cancellation::Registration::reset() {
    if (owner_ != nullptr) {
        owner_->unregister(id_);
    }
    owner_ = nullptr;
}

}  // namespace deckhand
