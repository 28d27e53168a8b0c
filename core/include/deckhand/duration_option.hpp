// A duration as a command's option value: `po::value(&timeout_)` with a DurationOption field
// parses "90s", "5m", "1h30m", "250ms" or a number of seconds as the option is read, so a
// command keeps no text copy of the flag to parse later, and a bad value is refused naming the
// flag (and the deckhand.opts line it came from).
//
//   DurationOption timeout_{std::chrono::minutes(10)};
//   options.add_options()("timeout", po::value(&timeout_)->default_value(timeout_)...);
//   ... timeout_.value ...
//
// The default shows in --help as format_duration writes it ("(=10m)"), so the help text cannot
// drift from the value.
#pragma once

#include <boost/any.hpp>
#include <boost/program_options/errors.hpp>
#include <chrono>
#include <iosfwd>
#include <string>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand {

struct DurationOption {
    std::chrono::milliseconds value{0};

    DurationOption() = default;
    template <class Rep, class Period>
    DurationOption(std::chrono::duration<Rep, Period> duration)  // NOLINT: implicit on purpose
        : value(std::chrono::duration_cast<std::chrono::milliseconds>(duration)) {}
};

// What a bad duration throws while options are parsed: Boost.ProgramOptions fills in the flag's
// name, and the host reports the sentence as it is (exit 2).
class DECKHAND_API DurationOptionError : public boost::program_options::error_with_option_name {
  public:
    explicit DurationOptionError(const std::string& text);
};

// Writes the duration as format_duration does ("10m", "1h30m", "250ms", "0s"): how
// Boost.ProgramOptions shows a default_value in --help.
DECKHAND_API std::ostream& operator<<(std::ostream& out, const DurationOption& duration);

// Boost.ProgramOptions' hook for DurationOption (found by argument-dependent lookup).
DECKHAND_API void validate(boost::any& out, const std::vector<std::string>& values,
                           DurationOption* /*type tag*/, int /*unused*/);

}  // namespace deckhand
