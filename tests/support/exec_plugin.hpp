// A real exec credential plugin for tests: a small shell script in its own folder that counts its
// runs, records its arguments, environment and KUBERNETES_EXEC_INFO, and prints an ExecCredential
// whose token (and expirationTimestamp) the test sets through files as it goes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace deckhand::test {

class ExecPlugin {
  public:
    // Writes `dir`/credential-plugin; it answers with `api_version` and token "exec-token".
    explicit ExecPlugin(std::filesystem::path dir,
                        const std::string& api_version = "client.authentication.k8s.io/v1");

    std::filesystem::path command() const { return dir_ / "credential-plugin"; }
    const std::filesystem::path& dir() const { return dir_; }

    void set_token(const std::string& token) const;
    // RFC 3339, e.g. "2000-01-01T00:00:00Z"; "" prints no expirationTimestamp.
    void set_expires(const std::string& timestamp) const;
    // Printed instead of the ExecCredential (and exit status), for the failure tests.
    void set_reply(const std::string& stdout_text, int exit_status = 0,
                   const std::string& stderr_text = "") const;

    std::size_t runs() const;
    std::vector<std::string> last_args() const;
    std::string last_exec_info() const;
    // The value of `name` in the environment of the latest run; "" when unset.
    std::string last_env(const std::string& name) const;

  private:
    std::filesystem::path dir_;
};

// An RFC 3339 time `seconds` from now (negative: in the past).
std::string rfc3339_from_now(long seconds);

}  // namespace deckhand::test
