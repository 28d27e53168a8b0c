// Creation of the deckhand logger from the configured level and format.
#include "log/logging.hpp"

#include <spdlog/spdlog.h>

#include "deckhand/errors.hpp"
#include "log/redacting_sink.hpp"

namespace deckhand::log {

Format parse_format(const std::string& text, const std::string& source) {
    if (text == "text") {
        return Format::text;
    }
    if (text == "json") {
        return Format::json;
    }
    throw UsageError(source + " must be text or json, not '" + text + "'");
}

void check_level(const std::string& text, const std::string& source) {
    for (const char* known : {"trace", "debug", "info", "warn", "error"}) {
        if (text == known) {
            return;
        }
    }
    throw UsageError(source + " must be one of trace, debug, info, warn, error, not '" + text +
                     "'");
}

std::shared_ptr<spdlog::logger> make_logger(const std::string& level, Format format,
                                            std::shared_ptr<const KnownSecrets> secrets) {
    auto logger = std::make_shared<spdlog::logger>(
        "", std::make_shared<RedactingSink>(format, std::move(secrets)));
    logger->set_level(spdlog::level::from_str(level));
    logger->flush_on(spdlog::level::trace);
    spdlog::set_default_logger(logger);
    return logger;
}

}  // namespace deckhand::log
