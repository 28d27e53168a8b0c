// Running an exec credential plugin and reading its ExecCredential, with kubectl's rules for
// apiVersion, interactiveMode and the cached credential's lifetime.
#include "deckhand/kubernetes/exec_credential.hpp"

#include <nlohmann/json.hpp>

#include "deckhand/errors.hpp"
#include "deckhand/kubernetes/job.hpp"
#include "exec_command.hpp"
#include "text.hpp"

namespace deckhand::kubernetes {
namespace {

using json = nlohmann::json;

constexpr std::size_t max_quoted_stderr = 400;

// The end of what the command said on stderr, where tools put the reason they failed.
std::string stderr_tail(std::string_view err) {
    auto text = std::string(trim(err));
    if (text.size() > max_quoted_stderr) {
        text = "..." + text.substr(text.size() - max_quoted_stderr);
    }
    for (auto& c : text) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return text;
}

std::string optional_string(const json& status, const char* key) {
    auto it = status.find(key);
    if (it == status.end() || it->is_null()) {
        return {};
    }
    if (!it->is_string()) {
        throw std::invalid_argument(std::string("status.") + key + " is not a string");
    }
    return it->get<std::string>();
}

}  // namespace

ExecCredentialProvider::ExecCredentialProvider(ExecConfig config, std::string where,
                                               std::string cluster_info_json,
                                               std::chrono::milliseconds timeout)
    : config_(std::move(config)),
      where_(std::move(where)),
      cluster_info_json_(std::move(cluster_info_json)),
      timeout_(timeout) {
    const std::string stanza = where_ + " has an exec credential plugin";
    if (config_.command.empty()) {
        throw ConfigError(stanza + " without a command");
    }
    const bool v1 = config_.api_version == "client.authentication.k8s.io/v1";
    const bool v1beta1 = config_.api_version == "client.authentication.k8s.io/v1beta1";
    if (!v1 && !v1beta1) {
        throw ConfigError(stanza + " (command '" + config_.command + "') with apiVersion '" +
                          config_.api_version +
                          "'; deckhand supports client.authentication.k8s.io/v1 and v1beta1");
    }
    if (config_.interactive_mode.empty()) {
        if (v1) {
            // As kubectl: v1 makes the plugin author say whether it needs a terminal.
            throw ConfigError(stanza + " (command '" + config_.command +
                              "') without interactiveMode, which apiVersion "
                              "client.authentication.k8s.io/v1 requires (Never or IfAvailable)");
        }
        config_.interactive_mode = "IfAvailable";
    }
    if (config_.interactive_mode == "Always") {
        throw ConfigError(stanza + " (command '" + config_.command +
                          "') with interactiveMode Always, which needs a terminal; deckhand never "
                          "has one (it runs in a Job), so give the user a non-interactive plugin "
                          "or a token");
    }
    if (config_.interactive_mode != "Never" && config_.interactive_mode != "IfAvailable") {
        throw ConfigError(stanza + " (command '" + config_.command + "') with interactiveMode '" +
                          config_.interactive_mode + "'; expected Never, IfAvailable or Always");
    }
}

std::string ExecCredentialProvider::exec_info() const {
    json spec = {{"interactive", false}};
    if (config_.provide_cluster_info && !cluster_info_json_.empty()) {
        spec["cluster"] = json::parse(cluster_info_json_);
    }
    return json{{"kind", "ExecCredential"}, {"apiVersion", config_.api_version}, {"spec", spec}}
        .dump();
}

const ExecCredential& ExecCredentialProvider::credential(const Cancellation& cancellation) {
    if (cached_ && (!cached_->expires || std::chrono::system_clock::now() < *cached_->expires)) {
        return *cached_;
    }
    cached_.reset();

    CommandSpec spec;
    spec.command = config_.command;
    spec.args = config_.args;
    spec.env = config_.env;
    spec.env.emplace_back("KUBERNETES_EXEC_INFO", exec_info());
    spec.timeout = timeout_;
    ++runs_;
    auto run = run_command(spec, cancellation);

    const std::string plugin = "the exec credential plugin of " + where_;
    switch (run.outcome) {
        case CommandRun::Outcome::not_found:
            throw ConfigError(plugin + " cannot run: " + run.error +
                              (config_.install_hint.empty()
                                   ? std::string()
                                   : "; " + std::string(trim(config_.install_hint))));
        case CommandRun::Outcome::not_started:
            throw ConfigError(plugin + " cannot run: " + run.error);
        case CommandRun::Outcome::timed_out:
            throw WorkFailed(plugin + " (command '" + config_.command +
                             "') did not finish within " + std::to_string(timeout_.count() / 1000) +
                             "s and was stopped");
        case CommandRun::Outcome::exited:
            break;
    }
    if (run.exit_code != 0) {
        auto said = stderr_tail(run.err);
        throw WorkFailed(plugin + " (command '" + config_.command + "') failed with exit status " +
                         std::to_string(run.exit_code) +
                         (said.empty() ? std::string() : ": " + said));
    }
    cached_ = parse(run.out);
    return *cached_;
}

ExecCredential ExecCredentialProvider::parse(const std::string& output) const {
    // The output is never quoted in a message: it holds the credential.
    const std::string plugin =
        "the exec credential plugin of " + where_ + " (command '" + config_.command + "')";
    json document;
    try {
        document = json::parse(output);
    } catch (const json::exception&) {
        throw ConfigError(plugin +
                          " printed no valid JSON on stdout; it should print an "
                          "ExecCredential");
    }
    if (!document.is_object() || document.value("kind", std::string()) != "ExecCredential") {
        throw ConfigError(plugin + " printed JSON that is not an ExecCredential");
    }
    auto version = document.value("apiVersion", std::string());
    if (version != config_.api_version) {
        throw ConfigError(plugin + " is configured for apiVersion " + config_.api_version +
                          " but returned an ExecCredential of apiVersion '" + version + "'");
    }
    auto status = document.find("status");
    if (status == document.end() || !status->is_object()) {
        throw ConfigError(plugin + " returned an ExecCredential without a status");
    }
    ExecCredential credential;
    try {
        credential.token = optional_string(*status, "token");
        credential.client_certificate_pem = optional_string(*status, "clientCertificateData");
        credential.client_key_pem = optional_string(*status, "clientKeyData");
        auto expires = optional_string(*status, "expirationTimestamp");
        if (!expires.empty()) {
            try {
                credential.expires = parse_timestamp(expires);
            } catch (const std::invalid_argument&) {
                throw std::invalid_argument("status.expirationTimestamp is not an RFC 3339 time");
            }
        }
    } catch (const std::invalid_argument& e) {
        throw ConfigError(plugin + " returned an ExecCredential whose " + e.what());
    }
    if (credential.client_certificate_pem.empty() != credential.client_key_pem.empty()) {
        throw ConfigError(plugin +
                          " returned clientCertificateData without clientKeyData, or the key "
                          "without the certificate; it needs both");
    }
    if (credential.token.empty() && credential.client_certificate_pem.empty()) {
        throw ConfigError(plugin +
                          " returned an ExecCredential with neither status.token nor "
                          "status.clientCertificateData and clientKeyData");
    }
    return credential;
}

}  // namespace deckhand::kubernetes
