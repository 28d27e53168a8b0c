// A statement the database refused: the server's message, its SQLSTATE or error code, and
// where in the submitted SQL it went wrong, so callers can name the file and line.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "deckhand/errors.hpp"

namespace deckhand::db {

class DECKHAND_API DatabaseError : public WorkFailed {
  public:
    DatabaseError(const std::string& message, std::string code = {},
                  std::optional<std::size_t> offset = std::nullopt)
        : WorkFailed(message), code_(std::move(code)), offset_(offset) {}
    ~DatabaseError() override;

    // SQLSTATE on PostgreSQL ("42P01"), the extended result code name on SQLite.
    const std::string& code() const noexcept { return code_; }
    // Byte offset into the SQL text passed to the failing call, where the driver knows it.
    std::optional<std::size_t> offset() const noexcept { return offset_; }

  private:
    std::string code_;
    std::optional<std::size_t> offset_;
};

// The server or file could not be reached or refused the credentials.
class DECKHAND_API ConnectionError : public WorkFailed {
  public:
    using WorkFailed::WorkFailed;
    ~ConnectionError() override;
};

}  // namespace deckhand::db
