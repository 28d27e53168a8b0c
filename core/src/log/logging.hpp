// The deckhand logger: stderr, text for people or one JSON object per line for collectors, with
// secrets redacted from every message at every level.
#pragma once

#include <memory>
#include <string>

#include "deckhand/export.hpp"

namespace spdlog {
class logger;
}

namespace deckhand::log {

class KnownSecrets;

enum class Format { text, json };

// Throws UsageError naming `source` ("--log-level", "DECKHAND_LOG_LEVEL") for unknown values.
Format parse_format(const std::string& text, const std::string& source);
void check_level(const std::string& text, const std::string& source);

// The logger every command gets through Context::log(), scrubbing `secrets` from every message.
// Registered as spdlog's default logger, so that plugins using spdlog's free functions share it.
DECKHAND_API std::shared_ptr<spdlog::logger> make_logger(
    const std::string& level, Format format, std::shared_ptr<const KnownSecrets> secrets);

}  // namespace deckhand::log
