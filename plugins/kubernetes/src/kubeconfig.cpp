// Parsing and merging kubeconfig files with yaml-cpp, and choosing a context.
#include "deckhand/kubernetes/kubeconfig.hpp"

#include <yaml-cpp/yaml.h>

#include "deckhand/errors.hpp"
#include "kubeconfig_exec.hpp"
#include "text.hpp"

namespace deckhand::kubernetes {
namespace {

namespace fs = std::filesystem;

std::string scalar(const YAML::Node& node, const char* key) {
    auto value = node[key];
    if (!value || value.IsNull()) {
        return {};
    }
    if (!value.IsScalar()) {
        throw std::invalid_argument(std::string("'") + key + "' should be a string");
    }
    return value.as<std::string>();
}

bool flag(const YAML::Node& node, const char* key) {
    auto value = node[key];
    if (!value || value.IsNull()) {
        return false;
    }
    try {
        return value.as<bool>();
    } catch (const YAML::Exception&) {
        throw std::invalid_argument(std::string("'") + key + "' should be true or false");
    }
}

fs::path resolve(const std::string& path, const fs::path& file) {
    if (path.empty()) {
        return {};
    }
    fs::path p(path);
    if (p.is_relative()) {
        p = file.parent_path() / p;  // as kubectl: relative to the kubeconfig
    }
    return p.lexically_normal();
}

std::string decode(const std::string& data, const char* key) {
    auto decoded = base64_decode(data);
    if (!decoded) {
        throw std::invalid_argument(std::string("'") + key + "' is not valid base64");
    }
    return *decoded;
}

std::string at_line(const fs::path& file, const YAML::Node& node) {
    auto mark = node.Mark();
    if (mark.is_null()) {
        return file.string();
    }
    return file.string() + ":" + std::to_string(mark.line + 1);
}

std::string read_pem_file(const fs::path& path, const std::string& what, const std::string& where) {
    auto contents = read_whole_file(path);
    if (!contents) {
        throw ConfigError("cannot read " + what + " " + path.string() + " named in " + where);
    }
    return *contents;
}

bool loopback(std::string_view host) {
    return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

}  // namespace

void Kubeconfig::merge_text(std::string_view text, const fs::path& file) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::ParserException& e) {
        throw ConfigError("kubeconfig " + file.string() + ":" + std::to_string(e.mark.line + 1) +
                          " is not valid YAML: " + e.msg);
    }
    files_.push_back(file);
    if (!root || root.IsNull()) {
        return;  // an empty kubeconfig is a valid, empty one
    }
    if (!root.IsMap()) {
        throw ConfigError("kubeconfig " + file.string() + " is not a YAML mapping");
    }

    // Each entry is read into a local first, so a malformed one names its own line.
    auto each = [&](const char* list, const char* inner, auto&& add) {
        auto items = root[list];
        if (!items || items.IsNull()) {
            return;
        }
        if (!items.IsSequence()) {
            throw ConfigError("kubeconfig " + at_line(file, items) + ": '" + list +
                              "' should be a list");
        }
        for (const auto& item : items) {
            try {
                auto name = scalar(item, "name");
                if (name.empty()) {
                    throw std::invalid_argument("an entry has no name");
                }
                auto body = item[inner];
                if (!body || !body.IsMap()) {
                    throw std::invalid_argument("'" + name + "' has no '" + inner + "' mapping");
                }
                add(name, body);
            } catch (const std::invalid_argument& e) {
                throw ConfigError("kubeconfig " + at_line(file, item) + ": in " + list + ", " +
                                  e.what());
            } catch (const YAML::Exception& e) {
                throw ConfigError("kubeconfig " + at_line(file, item) + ": in " + list + ", " +
                                  e.msg);
            }
        }
    };

    each("clusters", "cluster", [&](const std::string& name, const YAML::Node& body) {
        if (clusters_.count(name) != 0) {
            return;  // the first file to define it wins
        }
        Cluster cluster;
        cluster.server = scalar(body, "server");
        cluster.ca_data =
            decode(scalar(body, "certificate-authority-data"), "certificate-authority-data");
        cluster.ca_file = resolve(scalar(body, "certificate-authority"), file);
        cluster.insecure_skip_tls_verify = flag(body, "insecure-skip-tls-verify");
        cluster.tls_server_name = scalar(body, "tls-server-name");
        cluster.proxy_url = scalar(body, "proxy-url");
        cluster.defined_in = file;
        clusters_.emplace(name, std::move(cluster));
    });
    each("users", "user", [&](const std::string& name, const YAML::Node& body) {
        if (users_.count(name) != 0) {
            return;
        }
        User user;
        user.token = scalar(body, "token");
        user.token_file = resolve(scalar(body, "tokenFile"), file);
        user.client_certificate_data =
            decode(scalar(body, "client-certificate-data"), "client-certificate-data");
        user.client_certificate_file = resolve(scalar(body, "client-certificate"), file);
        user.client_key_data = decode(scalar(body, "client-key-data"), "client-key-data");
        user.client_key_file = resolve(scalar(body, "client-key"), file);
        if (body["exec"] && !body["exec"].IsNull()) {
            user.exec = read_exec_stanza(body["exec"], file);
        } else if (body["auth-provider"] && !body["auth-provider"].IsNull()) {
            user.unsupported = "an auth-provider";
        } else if (!scalar(body, "username").empty() || !scalar(body, "password").empty()) {
            user.unsupported = "a username and password";
        }
        user.defined_in = file;
        users_.emplace(name, std::move(user));
    });
    each("contexts", "context", [&](const std::string& name, const YAML::Node& body) {
        if (contexts_.count(name) != 0) {
            return;
        }
        Context context;
        context.cluster = scalar(body, "cluster");
        context.user = scalar(body, "user");
        context.namespace_name = scalar(body, "namespace");
        context.defined_in = file;
        contexts_.emplace(name, std::move(context));
    });
    if (current_context_.empty()) {
        try {
            current_context_ = scalar(root, "current-context");
        } catch (const std::invalid_argument& e) {
            throw ConfigError("kubeconfig " + file.string() + ": " + e.what());
        }
    }
}

void Kubeconfig::merge_file(const fs::path& file) {
    auto text = read_whole_file(file);
    if (!text) {
        throw ConfigError("cannot read kubeconfig " + file.string());
    }
    merge_text(*text, file);
}

std::string Kubeconfig::describe_files() const {
    std::string out;
    for (const auto& file : files_) {
        if (!out.empty()) {
            out += ":";
        }
        out += file.string();
    }
    return out.empty() ? "(none)" : out;
}

ClusterConfig Kubeconfig::cluster_config(std::string_view context_name) const {
    const std::string files = describe_files();
    std::string name(context_name.empty() ? std::string_view(current_context_) : context_name);
    if (name.empty()) {
        throw ConfigError("kubeconfig " + files +
                          " sets no current-context; choose one with --context");
    }
    auto context_it = contexts_.find(name);
    if (context_it == contexts_.end()) {
        std::string known;
        for (const auto& [known_name, unused] : contexts_) {
            known += (known.empty() ? "" : ", ") + known_name;
        }
        throw ConfigError(
            "kubeconfig " + files + " has no context '" + name + "'" +
            (known.empty() ? std::string(" (it has none)") : " (it has: " + known + ")"));
    }
    const Context& context = context_it->second;
    const std::string where = "context '" + name + "' of kubeconfig " + context.defined_in.string();

    auto cluster_it = clusters_.find(context.cluster);
    if (cluster_it == clusters_.end()) {
        throw ConfigError(where + " names cluster '" + context.cluster +
                          "', which no kubeconfig defines");
    }
    const Cluster& cluster = cluster_it->second;
    const std::string cluster_where =
        "cluster '" + context.cluster + "' of kubeconfig " + cluster.defined_in.string();
    if (cluster.server.empty()) {
        throw ConfigError(cluster_where + " has no server");
    }
    if (cluster.insecure_skip_tls_verify) {
        throw ConfigError(cluster_where +
                          " sets insecure-skip-tls-verify, and deckhand always verifies the API "
                          "server's certificate; give its certificate-authority or "
                          "certificate-authority-data instead");
    }

    ClusterConfig config;
    config.server = cluster.server;
    while (!config.server.empty() && config.server.back() == '/') {
        config.server.pop_back();
    }
    if (config.server.rfind("http://", 0) == 0) {
        // Plain HTTP carries no certificate to verify: only `kubectl proxy` on this machine.
        std::string_view rest = std::string_view(config.server).substr(7);
        auto host =
            rest.substr(0, rest.front() == '[' ? rest.find(']') + 1 : rest.find_first_of(":/"));
        if (!loopback(host)) {
            throw ConfigError(cluster_where + " has server " + config.server +
                              ", plain HTTP; deckhand talks to an API server over HTTPS only "
                              "(or to `kubectl proxy` on this machine)");
        }
    } else if (config.server.rfind("https://", 0) != 0) {
        throw ConfigError(cluster_where + " has server '" + config.server +
                          "', not an https:// URL");
    }
    config.ca_pem = cluster.ca_data;
    if (config.ca_pem.empty() && !cluster.ca_file.empty()) {
        // Checked now, so a missing file is a configuration error, not a TLS failure later.
        if (!read_whole_file(cluster.ca_file)) {
            throw ConfigError("cannot read certificate-authority " + cluster.ca_file.string() +
                              " named in " + cluster_where);
        }
        config.ca_file = cluster.ca_file;
    }
    config.tls_server_name = cluster.tls_server_name;
    config.proxy_url = cluster.proxy_url;
    if (!config.proxy_url.empty()) {
        auto scheme = config.proxy_url.substr(0, config.proxy_url.find("://"));
        if (scheme == config.proxy_url ||
            (scheme != "http" && scheme != "https" && scheme != "socks5")) {
            throw ConfigError(cluster_where + " has proxy-url '" + config.proxy_url +
                              "'; it should be an http://, https:// or socks5:// URL");
        }
    }

    if (!context.user.empty()) {
        auto user_it = users_.find(context.user);
        if (user_it == users_.end()) {
            throw ConfigError(where + " names user '" + context.user +
                              "', which no kubeconfig defines");
        }
        const User& user = user_it->second;
        const std::string user_where =
            "user '" + context.user + "' of kubeconfig " + user.defined_in.string();
        // Plain HTTP (kubectl proxy) only without credentials: anything on the path could read
        // a token or act as the client, loopback included (another user's process on a port).
        const bool credentials = !user.token.empty() || !user.token_file.empty() ||
                                 !user.client_certificate_data.empty() ||
                                 !user.client_certificate_file.empty() || user.exec.has_value() ||
                                 !user.unsupported.empty();
        if (credentials && config.server.rfind("http://", 0) == 0) {
            throw ConfigError(user_where + " has credentials, which deckhand does not send to " +
                              config.server + " over plain HTTP; use the server's https:// URL " +
                              "(or a user without credentials for `kubectl proxy`)");
        }
        if (!user.unsupported.empty() && user.token.empty() && user.token_file.empty() &&
            user.client_certificate_data.empty() && user.client_certificate_file.empty()) {
            throw ConfigError(
                user_where + " authenticates with " + user.unsupported +
                ", which deckhand does not support; give it a token, tokenFile or "
                "client certificate, or run deckhand in a Pod with a service account");
        }
        // As client-go: a token file, when given, wins over an inline token, and a token over
        // an exec plugin (kubectl --token skips the plugin).
        if (!user.token_file.empty()) {
            config.token = BearerToken::from_file(user.token_file);
            config.token.current();  // fails now, naming the file, if it is unreadable
        } else if (!user.token.empty()) {
            config.token = BearerToken::fixed(user.token);
        } else if (user.exec) {
            config.exec = std::make_shared<ExecCredentialProvider>(*user.exec, user_where,
                                                                   exec_cluster_info(cluster));
        }
        config.client_certificate_pem = user.client_certificate_data;
        if (config.client_certificate_pem.empty() && !user.client_certificate_file.empty()) {
            config.client_certificate_pem =
                read_pem_file(user.client_certificate_file, "client-certificate", user_where);
        }
        config.client_key_pem = user.client_key_data;
        if (config.client_key_pem.empty() && !user.client_key_file.empty()) {
            config.client_key_pem = read_pem_file(user.client_key_file, "client-key", user_where);
        }
        if (config.client_certificate_pem.empty() != config.client_key_pem.empty()) {
            throw ConfigError(user_where +
                              " gives a client certificate without its key, or a key "
                              "without its certificate; it needs both");
        }
    }

    config.namespace_name = context.namespace_name.empty() ? "default" : context.namespace_name;
    config.origin = "kubeconfig " + files + " (context '" + name + "'";
    if (config.exec) {
        // A 401 then names what produced the refused credential.
        config.origin +=
            ", user '" + context.user + "' with exec command '" + config.exec->command() + "'";
    }
    config.origin += ")";
    return config;
}

}  // namespace deckhand::kubernetes
