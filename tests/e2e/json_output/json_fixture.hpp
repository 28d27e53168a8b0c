// The installed deckhand with a migrations folder and a SQLite database in the test's folder,
// and helpers to read the one JSON document a command prints on stdout.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e_fixture.hpp"

namespace deckhand::test {

class JsonOutputTest : public InstalledDeckhand {
  protected:
    // Writes migrations/<name>.
    void migration(const std::string& name, const std::string& sql) const {
        work().write("migrations/" + name, sql);
    }

    // deckhand --database-url <url> --migrations migrations <args...>
    ProcessResult run(std::vector<std::string> args, ProcessOptions options = {}) const {
        std::vector<std::string> all{"--database-url", url_, "--migrations",
                                     (work().path() / "migrations").string()};
        all.insert(all.end(), args.begin(), args.end());
        return deckhand(std::move(all), std::move(options));
    }

    // The whole of stdout as one JSON document; fails the test when it is not one.
    static nlohmann::json document(const ProcessResult& result) {
        nlohmann::json parsed = nlohmann::json::parse(result.out, nullptr, false);
        EXPECT_FALSE(parsed.is_discarded()) << "stdout is not one JSON document\n" << shown(result);
        EXPECT_TRUE(parsed.is_object()) << shown(result);
        return parsed.is_discarded() ? nlohmann::json::object() : parsed;
    }

    // The JSON lines of stderr (--log-format json) whose "event" is `event`.
    static std::vector<nlohmann::json> events(const ProcessResult& result,
                                              const std::string& event) {
        std::vector<nlohmann::json> found;
        std::istringstream lines(result.err);
        for (std::string line; std::getline(lines, line);) {
            auto parsed = nlohmann::json::parse(line, nullptr, false);
            EXPECT_FALSE(parsed.is_discarded()) << "not a JSON line: " << line;
            if (!parsed.is_discarded() && parsed.value("event", "") == event) {
                found.push_back(parsed);
            }
        }
        return found;
    }

    void use_url(std::string url) { url_ = std::move(url); }
    const std::string& url() const { return url_; }

  private:
    std::string url_ = "sqlite:" + (work().path() / "app.db").string();
};

// Asserts the report's common ending: ok, exit_status, and an error exactly when it failed.
inline void expect_outcome(const nlohmann::json& report, int exit_status,
                           const std::string& error_kind = "") {
    ASSERT_TRUE(report.contains("ok")) << report.dump(2);
    EXPECT_TRUE(report["ok"].is_boolean());
    EXPECT_EQ(report["ok"].get<bool>(), exit_status == 0) << report.dump(2);
    ASSERT_TRUE(report["exit_status"].is_number_integer()) << report.dump(2);
    EXPECT_EQ(report["exit_status"].get<int>(), exit_status);
    if (error_kind.empty()) {
        EXPECT_FALSE(report.contains("error")) << report.dump(2);
    } else {
        ASSERT_TRUE(report.contains("error")) << report.dump(2);
        EXPECT_EQ(report["error"]["kind"], error_kind);
        EXPECT_EQ(report["error"]["exit_status"], exit_status);
        EXPECT_TRUE(report["error"]["message"].is_string());
    }
}

inline bool is_sha256_hex(const nlohmann::json& value) {
    if (!value.is_string()) {
        return false;
    }
    const auto& text = value.get_ref<const std::string&>();
    return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace deckhand::test
