// kubeconfig files: parsed, merged as kubectl merges a KUBECONFIG list (the first file to name a
// cluster, user or context wins, and the first current-context wins), and turned into a
// ClusterConfig for one context.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/kubernetes/cluster_config.hpp"
#include "deckhand/kubernetes/exec_credential.hpp"

namespace deckhand::kubernetes {

class Kubeconfig {
  public:
    struct Cluster {
        std::string server;
        std::string ca_data;            // decoded PEM
        std::filesystem::path ca_file;  // resolved against the defining file's folder
        bool insecure_skip_tls_verify = false;
        std::string tls_server_name;  // the name the server's certificate is verified against
        std::string proxy_url;
        std::filesystem::path defined_in;
    };
    struct User {
        std::string token;
        std::filesystem::path token_file;
        std::string client_certificate_data;  // decoded PEM
        std::filesystem::path client_certificate_file;
        std::string client_key_data;  // decoded PEM
        std::filesystem::path client_key_file;
        std::optional<ExecConfig> exec;  // an exec credential plugin
        std::string unsupported;         // "auth-provider", "username/password"
        std::filesystem::path defined_in;
    };
    struct Context {
        std::string cluster;
        std::string user;
        std::string namespace_name;
        std::filesystem::path defined_in;
    };

    // Parses one file's text; `file` is used for messages and to resolve relative paths.
    // Throws ConfigError naming the file (and line, for YAML errors).
    void merge_text(std::string_view text, const std::filesystem::path& file);
    // Reads and merges a file; throws ConfigError when it cannot be read.
    void merge_file(const std::filesystem::path& file);

    // The ClusterConfig of `context_name`, or of current-context when it is empty.
    ClusterConfig cluster_config(std::string_view context_name) const;

    const std::string& current_context() const { return current_context_; }
    const std::map<std::string, Cluster, std::less<>>& clusters() const { return clusters_; }
    const std::map<std::string, User, std::less<>>& users() const { return users_; }
    const std::map<std::string, Context, std::less<>>& contexts() const { return contexts_; }
    // The files merged, in order, for messages.
    std::string describe_files() const;

  private:
    std::map<std::string, Cluster, std::less<>> clusters_;
    std::map<std::string, User, std::less<>> users_;
    std::map<std::string, Context, std::less<>> contexts_;
    std::string current_context_;
    std::vector<std::filesystem::path> files_;
};

// The files a kubeconfig is read from: --kubeconfig alone, else every existing file of the
// KUBECONFIG list, else ~/.kube/config if it exists. Empty when there is none. (Inside a Pod,
// resolve_cluster_config() puts the service account before ~/.kube/config.)
std::vector<std::filesystem::path> kubeconfig_files(const ConnectionOptions& options,
                                                    const Environment& environment);

}  // namespace deckhand::kubernetes
