// The promise "never a password, whatever characters it holds, however the URL is spelled",
// tested as a property of the installed binary: passwords drawn from every printable ASCII
// character and some UTF-8, put into every way a URL reaches deckhand (flag, variables, URL file,
// deckhand.opts quoted and not) and every place a password can sit in a URL (user info encoded
// or raw, password= in the query in any case), while the connection fails each way the suite can
// make it fail (a host that does not resolve, a refused port, a wrong password against the
// suite's real PostgreSQL server, a bad sslmode, a bad percent-escape). No byte of stdout, of
// stderr (the log at trace level, as JSON or text) or of the termination message may hold the
// password, its percent-encoded form, or the random core every generated password carries.
// Every combination of spelling, form and failure runs, each a separate process (175 in all);
// where the password is percent-encoded, the failure must be the one the case meant.
#include <random>
#include <sstream>

#include "e2e_fixture.hpp"
#include "support/postgres_server.hpp"

namespace fs = std::filesystem;
using deckhand::test::InstalledDeckhand;
using deckhand::test::ProcessOptions;
using deckhand::test::ProcessResult;
using deckhand::test::shown;

namespace {

constexpr unsigned seed = 20261124;

struct Password {
    std::string text;
    std::string core;  // random letters and digits inside it, found even in a partial leak
};

std::string percent_encoded(const std::string& text, bool upper) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, upper ? "%%%02X" : "%%%02x", c);
            out += hex;
        }
    }
    return out;
}

// Passwords that together hold every printable ASCII character (space and quotes included),
// each around a random core, some with UTF-8 as well.
std::vector<Password> passwords(std::mt19937& random) {
    const std::vector<std::string> utf8 = {"\xc3\xa9", "\xc3\x9f", "\xe2\x9c\x93",
                                           "\xf0\x9d\x84\x9e"};
    const std::string alnum = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    std::vector<Password> out;
    char next = 0x20;
    for (int i = 0; i < 32; ++i) {
        Password password;
        for (int j = 0; j < 8; ++j) {
            password.core += alnum[random() % alnum.size()];
        }
        std::string specials;
        for (int j = 0; j < 4; ++j) {  // 32 x 4 = 128 > 95 printable characters
            specials += next;
            next = next == '~' ? ' ' : static_cast<char>(next + 1);
        }
        password.text = specials.substr(0, 2) + password.core + specials.substr(2);
        if (i % 3 == 0) {
            password.text += utf8[static_cast<std::size_t>(i / 3) % utf8.size()];
        }
        out.push_back(std::move(password));
    }
    return out;
}

enum class Spelling { encoded, raw, query, query_any_case, raw_query };
enum class Failure { bad_host, refused_port, bad_password, bad_sslmode, bad_escape };
enum class Form { flag, flag_equals, deckhand_variable, database_url, url_file, opts, opts_bare };
constexpr int spellings = 5;
constexpr int failures = 5;
constexpr int forms = 7;

// Words of the sentence each failure ends in, when the URL is otherwise sound.
std::string failure_sentence(Failure failure) {
    switch (failure) {
        case Failure::bad_host:
            return "could not translate host name";
        case Failure::refused_port:
            return "Connection refused";
        case Failure::bad_password:
            return "password authentication failed";
        case Failure::bad_sslmode:
            return "sslmode=bogus, which is not one of";
        case Failure::bad_escape:
            return "malformed percent-escape";
    }
    return {};
}

std::string url_for(const Password& password, Spelling spelling, Failure failure, int port) {
    std::string secret = spelling == Spelling::raw || spelling == Spelling::raw_query
                             ? password.text
                             : percent_encoded(password.text, true);
    if (failure == Failure::bad_escape) {
        secret += "%G1";
    }
    const std::string host = failure == Failure::bad_host ? "bad!host"
                             : failure == Failure::refused_port
                                 ? "127.0.0.1:1"
                                 : "127.0.0.1:" + std::to_string(port);
    std::string query = failure == Failure::bad_sslmode ? "sslmode=bogus" : "";
    auto add = [&](const std::string& item) { query += (query.empty() ? "" : "&") + item; };
    std::string user_info = "postgres@";
    switch (spelling) {
        case Spelling::encoded:
        case Spelling::raw:
            user_info = "postgres:" + secret + "@";
            break;
        case Spelling::query:
        case Spelling::raw_query:
            add("password=" + secret);
            break;
        case Spelling::query_any_case:
            add(std::string(password.core.size() % 2 == 0 ? "Password" : "PASSWORD") + "=" +
                secret);
            break;
    }
    return "postgres://" + user_info + host + "/postgres" + (query.empty() ? "" : "?" + query);
}

std::string opts_quoted(const std::string& url) {
    if (url.find('\'') == std::string::npos) {
        return "'" + url + "'";
    }
    std::string out = "\"";
    for (char c : url) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

}  // namespace

class PasswordLeakEndToEnd : public InstalledDeckhand {
  protected:
    PasswordLeakEndToEnd() { work().write("migrations/V1__create_notes.sql", "SELECT 1;\n"); }

    ProcessResult run_with(const std::string& url, Form form, const std::string& command,
                           bool json) const {
        ProcessOptions options;
        options.set_env["KUBERNETES_SERVICE_HOST"] = "10.96.0.1";
        options.set_env["DECKHAND_TERMINATION_LOG"] = termination_log().string();
        // Inside Kubernetes an unreachable database is waited for (60 s by default): a short
        // wait keeps the retry's progress lines under test without a minute per case.
        options.set_env["DECKHAND_WAIT_FOR_DATABASE"] = "300ms";
        options.timeout = std::chrono::seconds(30);
        std::vector<std::string> args{"--log-level", "trace", "--log-format",
                                      json ? "json" : "text"};
        fs::remove(work().path() / "deckhand.opts");
        switch (form) {
            case Form::flag:
                args.insert(args.end(), {"--database-url", url});
                break;
            case Form::flag_equals:
                args.push_back("--database-url=" + url);
                break;
            case Form::deckhand_variable:
                options.set_env["DECKHAND_DATABASE_URL"] = url;
                break;
            case Form::database_url:
                options.set_env["DATABASE_URL"] = url;
                break;
            case Form::url_file:
                args.insert(args.end(),
                            {"--database-url-file", work().write("secret/url", url + "\n")});
                break;
            case Form::opts:
                work().write("deckhand.opts", "--database-url " + opts_quoted(url) + "\n");
                break;
            case Form::opts_bare:
                work().write("deckhand.opts", "--database-url " + url + "\n");
                break;
        }
        args.push_back(command);
        return deckhand(args, options);
    }

    fs::path termination_log() const { return work().path() / "termination-log"; }
};

TEST_F(PasswordLeakEndToEnd, NoPasswordReachesAnyOutputHoweverSpelledAndHoweverTheConnectionFails) {
    deckhand::test::PostgresServer& server = deckhand::test::shared_postgres();
    std::mt19937 random(seed);
    const auto generated = passwords(random);
    const std::vector<std::string> commands = {"status", "doctor", "migrate"};
    int case_number = 0;
    int written_logs = 0;
    // Every spelling in every form failing every way; the passwords, commands and log formats
    // take turns.
    for (int s = 0; s < spellings; ++s) {
        for (int f = 0; f < failures; ++f) {
            for (int m = 0; m < forms; ++m, ++case_number) {
                const auto spelling = static_cast<Spelling>(s);
                const auto failure = static_cast<Failure>(f);
                const auto form = static_cast<Form>(m);
                const auto& password =
                    generated[static_cast<std::size_t>(case_number) % generated.size()];
                const std::string& command = commands[static_cast<std::size_t>(case_number) % 3];
                const bool json = case_number % 2 == 0;
                const std::string url = url_for(password, spelling, failure, server.port());
                fs::remove(termination_log());
                auto result = run_with(url, form, command, json);
                std::string log;
                if (fs::exists(termination_log())) {
                    log = deckhand::test::read_file(termination_log());
                    ++written_logs;
                }
                const std::string everything = result.out + result.err + log;
                std::ostringstream trace;
                trace << "case " << case_number << " (seed " << seed << "): spelling " << s
                      << ", failure " << f << ", form " << m << ", " << command
                      << (json ? ", json" : ", text") << "\n"
                      << shown(result) << "\ntermination log:\n"
                      << log;
                SCOPED_TRACE(trace.str());
                // 3: gave up waiting for a database that could not be reached.
                EXPECT_TRUE(result.exit_code >= 1 && result.exit_code <= 3);
                EXPECT_EQ(everything.find(password.text), std::string::npos);
                EXPECT_EQ(everything.find(percent_encoded(password.text, true)), std::string::npos);
                EXPECT_EQ(everything.find(percent_encoded(password.text, false)),
                          std::string::npos);
                EXPECT_EQ(everything.find(password.core), std::string::npos);
                if (spelling == Spelling::encoded) {
                    // The failure meant is the one that happened: a leak-free refusal of
                    // something else would prove nothing about it.
                    EXPECT_NE(everything.find(failure_sentence(failure)), std::string::npos);
                }
            }
        }
    }
    EXPECT_EQ(case_number, spellings * failures * forms);
    // The termination message is written whenever a run ends in an error (doctor reports instead).
    EXPECT_GE(written_logs, case_number / 2);
}
