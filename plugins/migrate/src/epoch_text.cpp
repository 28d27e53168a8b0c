// Epoch seconds to ISO 8601: the proleptic Gregorian calendar from a day count, after Howard
// Hinnant's civil_from_days (http://howardhinnant.github.io/date_algorithms.html).
#include "epoch_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace deckhand::migrate {
namespace {

std::int64_t floor_div(std::int64_t value, std::int64_t divisor) {
    const std::int64_t quotient = value / divisor;
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

struct CivilDate {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

CivilDate civil_from_days(std::int64_t days) {
    days += 719468;  // from 1970-01-01 to 0000-03-01
    const std::int64_t era = floor_div(days, 146097);
    const auto day_of_era = static_cast<unsigned>(days - era * 146097);
    const unsigned year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const unsigned day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const unsigned shifted_month = (5 * day_of_year + 2) / 153;  // March is 0
    const unsigned day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    const unsigned month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
    const std::int64_t year =
        static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
    return {year, month, day};
}

}  // namespace

std::optional<std::string> iso8601_from_epoch_seconds(std::string_view seconds) {
    double value = 0;
    const auto [end, error] =
        std::from_chars(seconds.data(), seconds.data() + seconds.size(), value);
    if (error != std::errc() || end != seconds.data() + seconds.size() || !std::isfinite(value) ||
        std::fabs(value) > 1e12) {  // beyond any four-digit year
        return std::nullopt;
    }
    // PostgreSQL keeps microseconds; until about the year 2250 the double is within a fraction
    // of one of them (and within a millisecond until the year 9999).
    const auto micros = static_cast<std::int64_t>(std::llround(value * 1e6));
    const std::int64_t millis = floor_div(micros, 1000);
    const std::int64_t whole_seconds = floor_div(millis, 1000);
    const std::int64_t days = floor_div(whole_seconds, 86400);
    const std::int64_t second_of_day = whole_seconds - days * 86400;
    const CivilDate date = civil_from_days(days);
    if (date.year < 0 || date.year > 9999) {
        return std::nullopt;  // outside what four digits can show
    }
    // Written digit by digit: snprintf cost as much as all the rest for each history row.
    std::string text = "0000-00-00T00:00:00.000Z";
    auto put = [&](std::size_t at, std::int64_t number, std::size_t digits) {
        for (std::size_t i = digits; i-- > 0;) {
            text[at + i] = static_cast<char>('0' + number % 10);
            number /= 10;
        }
    };
    put(0, date.year, 4);
    put(5, date.month, 2);
    put(8, date.day, 2);
    put(11, second_of_day / 3600, 2);
    put(14, second_of_day / 60 % 60, 2);
    put(17, second_of_day % 60, 2);
    put(20, millis - whole_seconds * 1000, 3);
    return text;
}

}  // namespace deckhand::migrate
