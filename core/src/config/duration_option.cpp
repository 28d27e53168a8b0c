// Reading a DurationOption from the command line or deckhand.opts.
#include "deckhand/duration_option.hpp"

#include <boost/program_options/value_semantic.hpp>
#include <ostream>

#include "deckhand/duration.hpp"
#include "deckhand/errors.hpp"

namespace deckhand {

namespace po = boost::program_options;

DurationOptionError::DurationOptionError(const std::string& text)
    : po::error_with_option_name(
          "%canonical_option% expects a duration such as 90s, 5m, 1h30m "
          "or 250ms, not '" +
          text + "'") {}

std::ostream& operator<<(std::ostream& out, const DurationOption& duration) {
    return out << format_duration(duration.value);
}

void validate(boost::any& out, const std::vector<std::string>& values, DurationOption* /*type*/,
              int /*unused*/) {
    po::validators::check_first_occurrence(out);
    const std::string& text = po::validators::get_single_string(values);
    try {
        out = DurationOption(parse_duration(text, "the value"));
    } catch (const UsageError&) {
        throw DurationOptionError(text);
    }
}

}  // namespace deckhand
