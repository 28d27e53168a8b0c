// The wait-for-job command: its flags, their checks and its help; the work goes to the waiter.
#include "wait_for_job_command.hpp"

#include "deckhand/errors.hpp"

namespace deckhand::kubernetes {
namespace {

namespace po = boost::program_options;

bool lower_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// RFC 1123 names as Kubernetes checks them: a subdomain for Jobs, a label for namespaces.
bool valid_name(const std::string& name, std::size_t max, bool dots) {
    if (name.empty() || name.size() > max) {
        return false;
    }
    if (!lower_alnum(name.front()) || !lower_alnum(name.back())) {
        return false;
    }
    for (char c : name) {
        if (!lower_alnum(c) && c != '-' && !(dots && c == '.')) {
            return false;
        }
    }
    return true;
}

}  // namespace

WaitForJobCommand::WaitForJobCommand(JobWaiter waiter, SchemaCheck schema_check,
                                     std::filesystem::path service_account_dir)
    : waiter_(std::move(waiter)),
      schema_check_(std::move(schema_check)),
      service_account_dir_(std::move(service_account_dir)) {}

std::string WaitForJobCommand::summary() const {
    return "Wait until a Kubernetes Job (the migration Job) has completed; exit 1 as soon as it "
           "fails";
}

std::string WaitForJobCommand::description() const {
    return "Meant for an init container of every application Pod, so the new version starts only "
           "on a\n"
           "migrated database. Watches the Job through the Kubernetes API (batch/v1) and exits 0 "
           "when\n"
           "it has the condition Complete, 1 as soon as it has the condition Failed (with its "
           "reason\n"
           "and message), 3 on timeout, 2 when the API refuses the credentials (with the Role "
           "that\n"
           "would grant them). A Job whose first pod failed and whose retry succeeded has "
           "completed.\n"
           "With --selector it waits for the newest matching Job (Helm names Jobs per revision).\n"
           "\n"
           "A Job that does not exist yet is waited for. When it is absent (deleted after its\n"
           "ttlSecondsAfterFinished, or the Pod starts days later) and a database URL is "
           "configured,\n"
           "it succeeds if the database already holds every migration of the migrations folder.\n"
           "\n"
           "The configuration is found as kubectl finds it: --kubeconfig, then KUBECONFIG (a\n"
           "':'-list merged as kubectl does: the first file to set a value wins), then, inside a\n"
           "Pod, the service account (KUBERNETES_SERVICE_HOST/_PORT, the token, CA and namespace\n"
           "under /var/run/secrets/kubernetes.io/serviceaccount; POD_NAMESPACE wins over the\n"
           "namespace file), then ~/.kube/config. --context always means a kubeconfig.\n"
           "kubeconfig users may carry a token, tokenFile, client certificate, or exec credential\n"
           "plugins (client.authentication.k8s.io/v1 and v1beta1, as for EKS, GKE and AKS): the\n"
           "command runs without a terminal (interactiveMode Always is refused), its credential "
           "is\n"
           "kept until its expirationTimestamp and fetched again after a 401. Clusters may set\n"
           "tls-server-name (the name the certificate is verified against) and proxy-url\n"
           "(http, https or socks5). The API server's certificate is always verified: a cluster\n"
           "with insecure-skip-tls-verify is refused.\n"
           "It needs get, list and watch on jobs (API group batch) in the Job's namespace.";
}

void WaitForJobCommand::define_options(po::options_description& options) {
    options.add_options()("job", po::value(&arguments_.job_name)->value_name("NAME"),
                          "the Job's name (usually given as the argument)")(
        "selector,l", po::value(&arguments_.selector)->value_name("LABELS"),
        "wait for the newest Job matching these labels, e.g. app.kubernetes.io/instance=shop")(
        "namespace,n", po::value(&arguments_.namespace_name)->value_name("NS"),
        "the Job's namespace (default: the Pod's own, or the kubeconfig context's)")(
        "timeout",
        po::value(&arguments_.timeout)->value_name("D")->default_value(arguments_.timeout),
        "give up with exit status 3 after this long; 0 waits for ever")(
        "kubeconfig", po::value(&arguments_.kubeconfig)->value_name("PATH"),
        "kubeconfig file (default: KUBECONFIG, else the service account in a Pod, else "
        "~/.kube/config)")("context", po::value(&arguments_.context)->value_name("NAME"),
                           "kubeconfig context to use (default: its current-context)");
}

void WaitForJobCommand::define_positionals(po::positional_options_description& positionals) {
    positionals.add("job", 1);
}

void WaitForJobCommand::validate_options() {
    const auto& a = arguments_;
    if (a.job_name.empty() && a.selector.empty()) {
        throw UsageError("wait-for-job needs the Job's name or --selector LABELS");
    }
    if (!a.job_name.empty() && !a.selector.empty()) {
        throw UsageError("wait-for-job takes the Job's name or --selector, not both");
    }
    if (!a.job_name.empty() && !valid_name(a.job_name, 253, true)) {
        throw UsageError(
            "'" + a.job_name +
            "' is not a Job name: lower-case letters, digits, '-' and '.', starting and "
            "ending with a letter or digit");
    }
    if (!a.namespace_name.empty() && !valid_name(a.namespace_name, 63, false)) {
        throw UsageError(
            "--namespace '" + a.namespace_name +
            "' is not a namespace name: lower-case letters, digits and '-', at most 63");
    }
    timeout_ = a.timeout.value.count() == 0 ? std::nullopt : std::optional(a.timeout.value);
}

int WaitForJobCommand::run(Context& context) {
    waiter_(context, WaitRequest{arguments_, timeout_, service_account_dir_, schema_check_});
    return 0;
}

}  // namespace deckhand::kubernetes
