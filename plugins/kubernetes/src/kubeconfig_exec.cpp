// Reading kubeconfig `exec` stanzas with yaml-cpp (the fields of client-go's ExecConfig).
#include "kubeconfig_exec.hpp"

#include <nlohmann/json.hpp>

#include "text.hpp"

namespace deckhand::kubernetes {
namespace {

std::string string_at(const YAML::Node& node, const std::string& key) {
    auto value = node[key];
    if (!value || value.IsNull()) {
        return {};
    }
    if (!value.IsScalar()) {
        throw std::invalid_argument("exec." + key + " should be a string");
    }
    return value.as<std::string>();
}

}  // namespace

ExecConfig read_exec_stanza(const YAML::Node& exec, const std::filesystem::path& file) {
    if (!exec.IsMap()) {
        throw std::invalid_argument("'exec' should be a mapping");
    }
    ExecConfig config;
    config.api_version = string_at(exec, "apiVersion");
    config.command = string_at(exec, "command");
    if (config.command.find('/') != std::string::npos) {
        std::filesystem::path command(config.command);
        if (command.is_relative()) {
            config.command = (file.parent_path() / command).lexically_normal().string();
        }
    }
    if (auto args = exec["args"]; args && !args.IsNull()) {
        if (!args.IsSequence()) {
            throw std::invalid_argument("exec.args should be a list of strings");
        }
        for (const auto& arg : args) {
            if (!arg.IsScalar()) {
                throw std::invalid_argument("exec.args should be a list of strings");
            }
            config.args.push_back(arg.as<std::string>());
        }
    }
    if (auto env = exec["env"]; env && !env.IsNull()) {
        if (!env.IsSequence()) {
            throw std::invalid_argument("exec.env should be a list of name/value entries");
        }
        for (const auto& entry : env) {
            if (!entry.IsMap() || !entry["name"] || !entry["name"].IsScalar() ||
                entry["name"].as<std::string>().empty()) {
                throw std::invalid_argument("exec.env has an entry without a name");
            }
            auto value = entry["value"];
            if (value && !value.IsNull() && !value.IsScalar()) {
                throw std::invalid_argument("exec.env entry '" + entry["name"].as<std::string>() +
                                            "' should have a string value");
            }
            config.env.emplace_back(entry["name"].as<std::string>(),
                                    value && !value.IsNull() ? value.as<std::string>() : "");
        }
    }
    config.install_hint = string_at(exec, "installHint");
    config.interactive_mode = string_at(exec, "interactiveMode");
    if (auto provide = exec["provideClusterInfo"]; provide && !provide.IsNull()) {
        try {
            config.provide_cluster_info = provide.as<bool>();
        } catch (const YAML::Exception&) {
            throw std::invalid_argument("exec.provideClusterInfo should be true or false");
        }
    }
    return config;
}

std::string exec_cluster_info(const Kubeconfig::Cluster& cluster) {
    nlohmann::json info = {{"server", cluster.server}};
    if (!cluster.tls_server_name.empty()) {
        info["tls-server-name"] = cluster.tls_server_name;
    }
    if (!cluster.proxy_url.empty()) {
        info["proxy-url"] = cluster.proxy_url;
    }
    std::string ca = cluster.ca_data;
    if (ca.empty() && !cluster.ca_file.empty()) {
        ca = read_whole_file(cluster.ca_file).value_or("");
    }
    if (!ca.empty()) {
        info["certificate-authority-data"] = base64_encode(ca);  // []byte in client-go's JSON
    }
    return info.dump();
}

}  // namespace deckhand::kubernetes
