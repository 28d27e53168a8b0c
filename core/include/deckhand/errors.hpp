// The few kinds of error a command can end with; the host catches them in one place, prints
// the message as one sentence and exits with the status the kind maps to.
#pragma once

#include <stdexcept>
#include <string>

#include "deckhand/exit_status.hpp"
#include "deckhand/export.hpp"

namespace deckhand {

class DECKHAND_API Error : public std::runtime_error {
  public:
    Error(int exit_status, const std::string& message)
        : std::runtime_error(message), exit_status_(exit_status) {}
    // Destructors are out of line throughout: the vtables and typeinfo live in the core, not in
    // the plugin that threw, so an error outlives the plugin's code being unloaded.
    ~Error() override;
    int exit_status() const noexcept { return exit_status_; }

  private:
    int exit_status_;
};

// Unknown command or option, malformed value: exit 2.
class DECKHAND_API UsageError : public Error {
  public:
    explicit UsageError(const std::string& message) : Error(to_int(ExitStatus::usage), message) {}
    ~UsageError() override;
};

// Bad URL, unreadable file, refused environment: exit 2.
class DECKHAND_API ConfigError : public Error {
  public:
    explicit ConfigError(const std::string& message) : Error(to_int(ExitStatus::usage), message) {}
    ~ConfigError() override;
};

// The work itself failed (a script, a Job): exit 1.
class DECKHAND_API WorkFailed : public Error {
  public:
    explicit WorkFailed(const std::string& message)
        : Error(to_int(ExitStatus::work_failed), message) {}
    ~WorkFailed() override;
};

// Waited too long for a lock, a Job, a database: exit 3.
class DECKHAND_API TimedOut : public Error {
  public:
    explicit TimedOut(const std::string& message) : Error(to_int(ExitStatus::timed_out), message) {}
    ~TimedOut() override;
};

// SIGTERM or SIGINT arrived; the work was rolled back (or, where it could not be, the message
// says what stays): exit 128+N.
class DECKHAND_API Cancelled : public Error {
  public:
    explicit Cancelled(int signal_number)
        : Error(signal_exit_status(signal_number), describe(signal_number)),
          signal_number_(signal_number) {}
    // Since plugin API 1.2. For when "rolled back" would not be true (a script that runs outside
    // a transaction): "cancelled by SIGTERM; <outcome>".
    Cancelled(int signal_number, const std::string& outcome)
        : Error(signal_exit_status(signal_number), describe(signal_number, outcome)),
          signal_number_(signal_number) {}
    ~Cancelled() override;
    int signal_number() const noexcept { return signal_number_; }

  private:
    static std::string describe(int signal_number);
    static std::string describe(int signal_number, const std::string& outcome);
    int signal_number_;
};

}  // namespace deckhand
