// The kubeconfig side of exec credential plugins: reading a user's `exec` stanza, and the
// cluster description a plugin asks for with provideClusterInfo.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>

#include "deckhand/kubernetes/exec_credential.hpp"
#include "deckhand/kubernetes/kubeconfig.hpp"

namespace deckhand::kubernetes {

// Throws std::invalid_argument naming the key at fault. A command holding a '/' is resolved
// against `file`'s folder, as kubectl does; a bare name is looked up on PATH when it runs.
ExecConfig read_exec_stanza(const YAML::Node& exec, const std::filesystem::path& file);

// KUBERNETES_EXEC_INFO's spec.cluster (JSON): server, tls-server-name, proxy-url and the CA.
std::string exec_cluster_info(const Kubeconfig::Cluster& cluster);

}  // namespace deckhand::kubernetes
