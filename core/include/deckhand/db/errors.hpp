// A statement the database refused: the server's message, its SQLSTATE or error code, and
// where in the submitted SQL it went wrong, so callers can name the file and line.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

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

    // Since plugin API 1.2. True when waiting may heal the failure (the driver threw a
    // TransientConnectionError); false when it cannot (a wrong password, an unknown database)
    // and when the driver does not say, so that nothing waits on a mistake.
    bool transient() const noexcept;
};

// Since plugin API 1.2. A connection failure that waiting may heal: the server refused the
// connection or its name does not resolve yet, it is starting up or shutting down, it has no
// connection slot free. `--wait-for-database` and `status --wait` retry these, and only these.
class DECKHAND_API TransientConnectionError : public ConnectionError {
  public:
    // `message` names the database ("cannot connect to postgres://app:***@db/app: ..."); `reason`
    // is the failure alone ("Connection refused"), for progress lines that name the database
    // themselves.
    TransientConnectionError(const std::string& message, std::string reason)
        : ConnectionError(message), reason_(std::move(reason)) {}
    ~TransientConnectionError() override;

    const std::string& reason() const noexcept { return reason_; }

  private:
    std::string reason_;
};

// Since plugin API 1.4. The database that an open without OpenMode::create did not find (a
// SQLite file that does not exist): a ConfigError, since the path is mistyped, or nothing has
// created the database yet, which `status --wait` waits for.
class DECKHAND_API MissingDatabase : public ConfigError {
  public:
    using ConfigError::ConfigError;
    ~MissingDatabase() override;
};

}  // namespace deckhand::db
