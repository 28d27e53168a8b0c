// Task parameter types: parsing declarations and checking values against them.
#include "deckhand/tasks/param_type.hpp"

#include <charconv>
#include <cstdint>

#include "deckhand/ascii.hpp"
#include "deckhand/errors.hpp"

namespace deckhand::tasks {
namespace {

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}
bool is_hex(char c) noexcept {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// `digits` decimal digits at `pos`, as a number; false if they are not all digits.
bool read_number(std::string_view text, std::size_t pos, std::size_t digits, int& out) {
    if (pos + digits > text.size()) {
        return false;
    }
    int value = 0;
    for (std::size_t i = pos; i < pos + digits; ++i) {
        if (!is_digit(text[i])) {
            return false;
        }
        value = value * 10 + (text[i] - '0');
    }
    out = value;
    return true;
}

bool is_leap_year(int year) noexcept {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) noexcept {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

// YYYY-MM-DD, a real calendar day.
bool valid_date(std::string_view text) {
    int year = 0, month = 0, day = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return false;
    }
    if (!read_number(text, 0, 4, year) || !read_number(text, 5, 2, month) ||
        !read_number(text, 8, 2, day)) {
        return false;
    }
    return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

// HH:MM[:SS[.fraction]], then optionally Z or ±HH[:MM]. Returns false if malformed.
bool valid_time_and_zone(std::string_view text) {
    int hour = 0, minute = 0, second = 0;
    if (text.size() < 5 || text[2] != ':' || !read_number(text, 0, 2, hour) ||
        !read_number(text, 3, 2, minute) || hour > 23 || minute > 59) {
        return false;
    }
    std::size_t pos = 5;
    if (pos < text.size() && text[pos] == ':') {
        if (!read_number(text, pos + 1, 2, second) || second > 60) {
            return false;  // leap second
        }
        pos += 3;
        if (pos < text.size() && text[pos] == '.') {
            const std::size_t start = ++pos;
            while (pos < text.size() && is_digit(text[pos])) {
                ++pos;
            }
            if (pos == start) {
                return false;
            }
        }
    }
    if (pos == text.size()) {
        return true;
    }
    if (text[pos] == 'Z' || text[pos] == 'z') {
        return pos + 1 == text.size();
    }
    if (text[pos] != '+' && text[pos] != '-') {
        return false;
    }
    int zone_hour = 0, zone_minute = 0;
    if (!read_number(text, pos + 1, 2, zone_hour) || zone_hour > 14) {
        return false;
    }
    pos += 3;
    if (pos == text.size()) {
        return true;
    }
    if (text[pos] == ':') {
        ++pos;
    }
    return read_number(text, pos, 2, zone_minute) && zone_minute <= 59 && pos + 2 == text.size();
}

bool valid_uuid(std::string_view text) {
    if (text.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !is_hex(text[i])) {
            return false;
        }
    }
    return true;
}

[[noreturn]] void reject(std::string_view what, const std::string& expected,
                         std::string_view text) {
    throw UsageError(std::string(what) + " expects " + expected + ", not '" + std::string(text) +
                     "'");
}

}  // namespace

std::string ParamType::declared() const {
    switch (kind) {
        case Kind::string:
            return "string";
        case Kind::integer:
            return "int";
        case Kind::boolean:
            return "bool";
        case Kind::date:
            return "date";
        case Kind::timestamp:
            return "timestamp";
        case Kind::uuid:
            return "uuid";
        case Kind::enumeration:
            break;
    }
    std::string out = "enum(";
    for (std::size_t i = 0; i < choices.size(); ++i) {
        out += (i ? "|" : "") + choices[i];
    }
    return out + ")";
}

std::string ParamType::value_name() const {
    switch (kind) {
        case Kind::string:
            return "TEXT";
        case Kind::integer:
            return "N";
        case Kind::boolean:
            return "true|false";
        case Kind::date:
            return "YYYY-MM-DD";
        case Kind::timestamp:
            return "TIMESTAMP";
        case Kind::uuid:
            return "UUID";
        case Kind::enumeration:
            break;
    }
    std::string out;
    for (std::size_t i = 0; i < choices.size(); ++i) {
        out += (i ? "|" : "") + choices[i];
    }
    return out;
}

bool parse_param_type(std::string_view text, ParamType& out, std::string& why) {
    const std::string name = ascii_lower(text);
    using Kind = ParamType::Kind;
    out = ParamType{};
    if (name == "string" || name == "text") {
        out.kind = Kind::string;
    } else if (name == "int" || name == "integer") {
        out.kind = Kind::integer;
    } else if (name == "bool" || name == "boolean") {
        out.kind = Kind::boolean;
    } else if (name == "date") {
        out.kind = Kind::date;
    } else if (name == "timestamp") {
        out.kind = Kind::timestamp;
    } else if (name == "uuid") {
        out.kind = Kind::uuid;
    } else if (name.rfind("enum(", 0) == 0 && name.size() > 6 && name.back() == ')') {
        out.kind = Kind::enumeration;
        // Choices keep their case: they are data.
        std::string_view inside = text.substr(5, text.size() - 6);
        std::size_t start = 0;
        while (true) {
            const std::size_t bar = inside.find('|', start);
            std::string_view choice = inside.substr(start, bar - start);
            if (choice.empty()) {
                why = "enum choices must not be empty, as in enum(draft|published)";
                return false;
            }
            for (const auto& earlier : out.choices) {
                if (earlier == choice) {
                    why = "enum choice '" + std::string(choice) + "' is listed twice";
                    return false;
                }
            }
            out.choices.emplace_back(choice);
            if (bar == std::string_view::npos) {
                break;
            }
            start = bar + 1;
        }
    } else {
        why = "unknown parameter type '" + std::string(text) +
              "' (types: string, int, bool, date, timestamp, uuid, enum(a|b|c))";
        return false;
    }
    return true;
}

db::Value convert_param_value(const ParamType& type, std::string_view text, std::string_view what) {
    using Kind = ParamType::Kind;
    switch (type.kind) {
        case Kind::string:
            return std::string(text);
        case Kind::integer: {
            std::string_view digits = text;
            if (!digits.empty() && digits.front() == '+') {
                digits.remove_prefix(1);
            }
            std::int64_t value = 0;
            auto [end, error] =
                std::from_chars(digits.data(), digits.data() + digits.size(), value);
            if (digits.empty() || error == std::errc::result_out_of_range) {
                reject(what, "a whole number between -9223372036854775808 and 9223372036854775807",
                       text);
            }
            if (error != std::errc() || end != digits.data() + digits.size()) {
                reject(what, "a whole number such as 42", text);
            }
            return value;
        }
        case Kind::boolean: {
            const std::string word = ascii_lower(text);
            if (word == "true" || word == "yes" || word == "on" || word == "1") {
                return true;
            }
            if (word == "false" || word == "no" || word == "off" || word == "0") {
                return false;
            }
            reject(what, "true or false", text);
        }
        case Kind::date:
            if (!valid_date(text)) {
                reject(what, "a date written YYYY-MM-DD, such as 2025-01-31", text);
            }
            return std::string(text);
        case Kind::timestamp: {
            // A date alone is its midnight; 'T' or a blank separates date and time. The blank is
            // what both SQLite's own functions and PostgreSQL write, so text compares in order.
            if (valid_date(text)) {
                return std::string(text) + " 00:00:00";
            }
            if (text.size() > 11 && valid_date(text.substr(0, 10)) &&
                (text[10] == 'T' || text[10] == 't' || text[10] == ' ') &&
                valid_time_and_zone(text.substr(11))) {
                std::string value(text);
                value[10] = ' ';
                if (value.back() == 'z') {
                    value.back() = 'Z';
                }
                return value;
            }
            reject(what, "a timestamp such as 2025-01-31 or 2025-01-31T14:30:00Z", text);
        }
        case Kind::uuid:
            if (!valid_uuid(text)) {
                reject(what, "a UUID such as 123e4567-e89b-12d3-a456-426614174000", text);
            }
            return ascii_lower(text);
        case Kind::enumeration:
            for (const auto& choice : type.choices) {
                if (choice == text) {
                    return choice;
                }
            }
            reject(what, "one of " + type.value_name(), text);
    }
    reject(what, "a value", text);
}

}  // namespace deckhand::tasks
