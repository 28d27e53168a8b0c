// Turning 401 and 403 answers into sentences a person can act on, with the RBAC that fixes a 403.
#include "deckhand/kubernetes/access_denied.hpp"

#include <nlohmann/json.hpp>

#include "text.hpp"

namespace deckhand::kubernetes {
namespace {

RbacSubject subject_from_username(std::string_view user) {
    constexpr std::string_view prefix = "system:serviceaccount:";
    if (user.rfind(prefix, 0) == 0) {
        auto rest = user.substr(prefix.size());
        auto colon = rest.find(':');
        if (colon != std::string_view::npos && colon > 0 && colon + 1 < rest.size()) {
            return {"ServiceAccount", std::string(rest.substr(colon + 1)),
                    std::string(rest.substr(0, colon))};
        }
    }
    if (user.empty() || user == "system:anonymous") {
        return {};
    }
    return {"User", std::string(user), ""};
}

}  // namespace

std::string status_message_of(std::string_view body) {
    auto status = nlohmann::json::parse(body, nullptr, false);
    if (status.is_object() && status.contains("message") && status["message"].is_string()) {
        return status["message"].get<std::string>();
    }
    return {};
}

RbacSubject find_subject(std::string_view status_message, std::string_view bearer_token) {
    constexpr std::string_view marker = "User \"";
    if (auto at = status_message.find(marker); at != std::string_view::npos) {
        auto start = at + marker.size();
        auto end = status_message.find('"', start);
        if (end != std::string_view::npos) {
            auto subject = subject_from_username(status_message.substr(start, end - start));
            if (!subject.kind.empty()) {
                return subject;
            }
        }
    }
    // A service-account token is a JWT whose payload names the account in "sub".
    auto first_dot = bearer_token.find('.');
    auto second_dot =
        first_dot == std::string_view::npos ? first_dot : bearer_token.find('.', first_dot + 1);
    if (second_dot != std::string_view::npos) {
        auto payload =
            base64_decode(bearer_token.substr(first_dot + 1, second_dot - first_dot - 1));
        if (payload) {
            auto claims = nlohmann::json::parse(*payload, nullptr, false);
            if (claims.is_object() && claims.contains("sub") && claims["sub"].is_string()) {
                return subject_from_username(claims["sub"].get<std::string>());
            }
        }
    }
    return {};
}

std::string role_yaml(std::string_view namespace_name, const RbacSubject& subject) {
    std::string ns(namespace_name);
    std::string yaml =
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: Role\n"
        "metadata:\n"
        "  name: deckhand-wait-for-job\n"
        "  namespace: " +
        ns +
        "\n"
        "rules:\n"
        "  - apiGroups: [\"batch\"]\n"
        "    resources: [\"jobs\"]\n"
        "    verbs: [\"get\", \"list\", \"watch\"]\n"
        "---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: RoleBinding\n"
        "metadata:\n"
        "  name: deckhand-wait-for-job\n"
        "  namespace: " +
        ns +
        "\n"
        "subjects:\n";
    if (subject.kind == "User") {
        yaml +=
            "  - kind: User\n"
            "    apiGroup: rbac.authorization.k8s.io\n"
            "    name: " +
            subject.name + "\n";
    } else {
        // Unknown subject: the Pod's service account is by far the common case.
        yaml +=
            "  - kind: ServiceAccount\n"
            "    name: " +
            (subject.kind.empty() ? std::string("<service-account-of-the-pod>") : subject.name) +
            "\n"
            "    namespace: " +
            (subject.namespace_name.empty() ? ns : subject.namespace_name) + "\n";
    }
    yaml +=
        "roleRef:\n"
        "  apiGroup: rbac.authorization.k8s.io\n"
        "  kind: Role\n"
        "  name: deckhand-wait-for-job\n";
    return yaml;
}

std::string describe_refusal(long http_status, std::string_view verb,
                             std::string_view namespace_name, std::string_view server,
                             std::string_view origin, std::string_view status_message,
                             std::string_view bearer_token) {
    std::string what =
        std::string(verb) + " jobs (API group batch) in namespace " + std::string(namespace_name);
    std::string server_says =
        status_message.empty() ? std::string() : " (" + std::string(status_message) + ")";
    if (http_status == 401) {
        return "the Kubernetes API server " + std::string(server) +
               " did not accept the credentials from " + std::string(origin) + " to " + what +
               ": 401 Unauthorized" + server_says +
               "; the token or client certificate is missing, expired or revoked";
    }
    auto subject = find_subject(status_message, bearer_token);
    std::string who = subject.kind == "ServiceAccount"
                          ? "service account " + subject.namespace_name + "/" + subject.name
                      : subject.kind == "User" ? "user " + subject.name
                                               : "the credentials from " + std::string(origin);
    return "the Kubernetes API server " + std::string(server) + " forbids " + who + " to " + what +
           ": 403 Forbidden" + server_says +
           "; wait-for-job needs get, list and watch on jobs, which this Role and RoleBinding "
           "grant "
           "(kubectl apply -f):\n" +
           role_yaml(namespace_name, subject);
}

}  // namespace deckhand::kubernetes
