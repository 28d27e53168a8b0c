// Task parameter types: each declared type accepts what it should and rejects the rest with a
// usage error that names the parameter.
#include "deckhand/tasks/param_type.hpp"

#include <gtest/gtest.h>

#include "deckhand/errors.hpp"

namespace deckhand::tasks {
namespace {

ParamType type_of(const std::string& declared) {
    ParamType type;
    std::string why;
    EXPECT_TRUE(parse_param_type(declared, type, why)) << why;
    return type;
}

db::Value convert(const std::string& declared, const std::string& text) {
    return convert_param_value(type_of(declared), text, "--value");
}

// The message of the usage error that converting `text` throws, or "" if it does not throw.
std::string rejection(const std::string& declared, const std::string& text) {
    try {
        convert_param_value(type_of(declared), text, "--when");
    } catch (const UsageError& error) {
        return error.what();
    }
    return "";
}

TEST(ParamType, DeclarationsParse) {
    EXPECT_EQ(type_of("string").kind, ParamType::Kind::string);
    EXPECT_EQ(type_of("int").kind, ParamType::Kind::integer);
    EXPECT_EQ(type_of("bool").kind, ParamType::Kind::boolean);
    EXPECT_EQ(type_of("date").kind, ParamType::Kind::date);
    EXPECT_EQ(type_of("timestamp").kind, ParamType::Kind::timestamp);
    EXPECT_EQ(type_of("uuid").kind, ParamType::Kind::uuid);
    auto choice = type_of("enum(draft|Published|x_y)");
    EXPECT_EQ(choice.kind, ParamType::Kind::enumeration);
    EXPECT_EQ(choice.choices, (std::vector<std::string>{"draft", "Published", "x_y"}));
    EXPECT_EQ(choice.declared(), "enum(draft|Published|x_y)");
    EXPECT_EQ(choice.value_name(), "draft|Published|x_y");
}

TEST(ParamType, UnknownOrMalformedDeclarationsAreRefusedWithAReason) {
    ParamType type;
    std::string why;
    EXPECT_FALSE(parse_param_type("float", type, why));
    EXPECT_NE(why.find("unknown parameter type 'float'"), std::string::npos);
    EXPECT_FALSE(parse_param_type("enum(a||b)", type, why));
    EXPECT_NE(why.find("must not be empty"), std::string::npos);
    EXPECT_FALSE(parse_param_type("enum(a|a)", type, why));
    EXPECT_NE(why.find("listed twice"), std::string::npos);
    EXPECT_FALSE(parse_param_type("enum()", type, why));
}

TEST(ParamType, StringsAreBoundVerbatim) {
    const std::string hostile = "x'); DROP TABLE blog_posts; --";
    EXPECT_EQ(std::get<std::string>(convert("string", hostile)), hostile);
    EXPECT_EQ(std::get<std::string>(convert("string", "")), "");
}

TEST(ParamType, IntegersBindAsInt64) {
    EXPECT_EQ(std::get<std::int64_t>(convert("int", "42")), 42);
    EXPECT_EQ(std::get<std::int64_t>(convert("int", "-7")), -7);
    EXPECT_EQ(std::get<std::int64_t>(convert("int", "+7")), 7);
    EXPECT_EQ(std::get<std::int64_t>(convert("int", "9223372036854775807")), 9223372036854775807LL);
}

TEST(ParamType, IntegersRejectEverythingElse) {
    for (const char* bad : {"", "4.5", "12abc", "abc", "1e3", " 1", "9223372036854775808", "--1"}) {
        EXPECT_NE(rejection("int", bad), "") << bad;
    }
    EXPECT_EQ(rejection("int", "x"), "--when expects a whole number such as 42, not 'x'");
}

TEST(ParamType, BooleansAcceptTheUsualWords) {
    for (const char* yes : {"true", "TRUE", "yes", "on", "1"}) {
        EXPECT_TRUE(std::get<bool>(convert("bool", yes))) << yes;
    }
    for (const char* no : {"false", "No", "off", "0"}) {
        EXPECT_FALSE(std::get<bool>(convert("bool", no))) << no;
    }
    EXPECT_EQ(rejection("bool", "maybe"), "--when expects true or false, not 'maybe'");
}

TEST(ParamType, DatesMustBeRealCalendarDays) {
    EXPECT_EQ(std::get<std::string>(convert("date", "2025-01-31")), "2025-01-31");
    EXPECT_EQ(std::get<std::string>(convert("date", "2024-02-29")), "2024-02-29");
    for (const char* bad : {"2025-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "25-01-01",
                            "2025/01/01", "yesterday", "2025-01-01x", "1900-02-29"}) {
        EXPECT_NE(rejection("date", bad), "") << bad;
    }
    EXPECT_NE(rejection("date", "2025-13-01").find("--when expects a date"), std::string::npos);
}

TEST(ParamType, TimestampsAreNormalisedToABlankSeparator) {
    EXPECT_EQ(std::get<std::string>(convert("timestamp", "2025-01-31T14:30:00Z")),
              "2025-01-31 14:30:00Z");
    EXPECT_EQ(std::get<std::string>(convert("timestamp", "2025-01-31 14:30")), "2025-01-31 14:30");
    EXPECT_EQ(std::get<std::string>(convert("timestamp", "2025-01-31T14:30:00.123+02:00")),
              "2025-01-31 14:30:00.123+02:00");
    EXPECT_EQ(std::get<std::string>(convert("timestamp", "2025-01-31")), "2025-01-31 00:00:00");
    for (const char* bad :
         {"2025-01-31T25:00", "2025-01-31T14:60", "2025-01-31 14", "14:30", "2025-02-30T00:00",
          "2025-01-31T14:30:00+", "2025-01-31T14:30:00.", "2025-01-31T14:30:00 UTC"}) {
        EXPECT_NE(rejection("timestamp", bad), "") << bad;
    }
}

TEST(ParamType, UuidsAreCheckedAndLowerCased) {
    EXPECT_EQ(std::get<std::string>(convert("uuid", "123E4567-E89B-12D3-A456-426614174000")),
              "123e4567-e89b-12d3-a456-426614174000");
    for (const char* bad : {"123e4567e89b12d3a456426614174000",
                            "123e4567-e89b-12d3-a456-42661417400g", "not-a-uuid", ""}) {
        EXPECT_NE(rejection("uuid", bad), "") << bad;
    }
}

TEST(ParamType, EnumsAcceptOnlyTheirChoicesExactly) {
    EXPECT_EQ(std::get<std::string>(convert("enum(draft|published)", "published")), "published");
    EXPECT_EQ(rejection("enum(draft|published)", "Draft"),
              "--when expects one of draft|published, not 'Draft'");
}

}  // namespace
}  // namespace deckhand::tasks
