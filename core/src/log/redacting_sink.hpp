// An spdlog sink that writes to stderr as text or JSON lines and strips passwords out of every
// message before it is written, whatever the level and whoever logged it; text lines have their
// control characters escaped, JSON lines are pure ASCII.
#pragma once

#include <spdlog/sinks/base_sink.h>

#include <memory>
#include <mutex>

#include "log/known_secrets.hpp"
#include "log/logging.hpp"

namespace deckhand::log {

class RedactingSink : public spdlog::sinks::base_sink<std::mutex> {
  public:
    RedactingSink(Format format, std::shared_ptr<const KnownSecrets> secrets);

  protected:
    void sink_it_(const spdlog::details::log_msg& message) override;
    void flush_() override;

  private:
    Format format_;
    std::shared_ptr<const KnownSecrets> secrets_;
    bool colour_;
};

}  // namespace deckhand::log
