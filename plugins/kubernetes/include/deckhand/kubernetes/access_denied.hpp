// The errors for a refused request (401, 403): one sentence that names the verb, the resource
// and the namespace, and for 403 the Role and RoleBinding that grant what wait-for-job needs.
#pragma once

#include <string>
#include <string_view>

namespace deckhand::kubernetes {

struct RbacSubject {
    std::string kind;  // "ServiceAccount", "User" or "" when unknown
    std::string name;
    std::string namespace_name;  // for a ServiceAccount
};

// Who the server says made the request: from a Status message such as
// 'User "system:serviceaccount:app:default" cannot list resource ...', else from the
// subject ("sub") of a service-account JWT; kind "" when neither tells.
RbacSubject find_subject(std::string_view status_message, std::string_view bearer_token);

// The YAML of a Role granting get, list and watch on jobs (group batch) in `namespace_name`,
// and of a RoleBinding binding it to `subject`.
std::string role_yaml(std::string_view namespace_name, const RbacSubject& subject);

// The "message" of a Status object in an error body, or "" when the body is not one.
std::string status_message_of(std::string_view body);

// The message of the ConfigError thrown for a 401 or 403 answer. `status_message` is the
// message of the server's Status object, if it sent one.
std::string describe_refusal(long http_status, std::string_view verb,
                             std::string_view namespace_name, std::string_view server,
                             std::string_view origin, std::string_view status_message,
                             std::string_view bearer_token);

}  // namespace deckhand::kubernetes
