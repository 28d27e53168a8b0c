// An spdlog sink that writes to stderr as text or JSON lines and strips passwords out of every
// message before it is written, whatever the level and whoever logged it.
#pragma once

#include <spdlog/sinks/base_sink.h>

#include <mutex>

#include "log/logging.hpp"

namespace deckhand::log {

class RedactingSink : public spdlog::sinks::base_sink<std::mutex> {
  public:
    explicit RedactingSink(Format format);

  protected:
    void sink_it_(const spdlog::details::log_msg& message) override;
    void flush_() override;

  private:
    Format format_;
    bool colour_;
};

}  // namespace deckhand::log
