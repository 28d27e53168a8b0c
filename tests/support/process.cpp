// Child processes over fork/exec with pipes for stdout and stderr, read with poll.
#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace deckhand::test {
namespace {

using Clock = std::chrono::steady_clock;

bool dropped_by_default(const std::string& name) {
    return name.rfind("DECKHAND_", 0) == 0 || name == "DATABASE_URL" ||
           name.rfind("KUBERNETES_", 0) == 0 || name == "KUBECONFIG" || name == "POD_NAMESPACE";
}

std::vector<std::string> child_environment(const ProcessOptions& options) {
    std::map<std::string, std::string> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string item(*entry);
        auto eq = item.find('=');
        if (eq == std::string::npos) {
            continue;
        }
        std::string name = item.substr(0, eq);
        if (options.clean_deckhand_env && dropped_by_default(name)) {
            continue;
        }
        env[name] = item.substr(eq + 1);
    }
    for (const auto& name : options.unset_env) {
        env.erase(name);
    }
    for (const auto& [name, value] : options.set_env) {
        env[name] = value;
    }
    std::vector<std::string> out;
    out.reserve(env.size());
    for (const auto& [name, value] : env) {
        std::string assignment = name;
        assignment += '=';
        assignment += value;
        out.push_back(std::move(assignment));
    }
    return out;
}

int decode_status(int status) {
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return -1;
}

}  // namespace

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const ProcessOptions& options) {
    int out_pipe[2];
    int err_pipe[2];
    int in_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0 ||
        pipe2(in_pipe, O_CLOEXEC) != 0) {
        throw std::runtime_error(std::string("pipe failed: ") + std::strerror(errno));
    }
    auto env = child_environment(options);
    std::vector<char*> env_ptrs;
    env_ptrs.reserve(env.size() + 1);
    for (auto& item : env) {
        env_ptrs.push_back(item.data());
    }
    env_ptrs.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> arg_ptrs;
    arg_ptrs.reserve(args.size() + 1);
    for (auto& item : args) {
        arg_ptrs.push_back(item.data());
    }
    arg_ptrs.push_back(nullptr);

    started_ = Clock::now();
    pid_ = fork();
    if (pid_ < 0) {
        throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    }
    if (pid_ == 0) {
        // Own process group, so a signal to the test runner's group does not reach the child.
        setpgid(0, 0);
        dup2(in_pipe[0], 0);
        dup2(out_pipe[1], 1);
        dup2(err_pipe[1], 2);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        if (!options.working_dir.empty() && chdir(options.working_dir.c_str()) != 0) {
            _exit(126);
        }
        execve(arg_ptrs[0], arg_ptrs.data(), env_ptrs.data());
        if (errno == ENOENT) {
            execvpe(arg_ptrs[0], arg_ptrs.data(), env_ptrs.data());
        }
        _exit(127);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    close(in_pipe[0]);
    out_fd_ = out_pipe[0];
    err_fd_ = err_pipe[0];
    if (!options.stdin_text.empty()) {
        // Small inputs only: the pipe buffer (64 KiB) holds them without a reader.
        [[maybe_unused]] auto written =
            write(in_pipe[1], options.stdin_text.data(), options.stdin_text.size());
    }
    close(in_pipe[1]);
}

BackgroundProcess::BackgroundProcess(BackgroundProcess&& other) noexcept
    : pid_(other.pid_),
      out_fd_(other.out_fd_),
      err_fd_(other.err_fd_),
      out_(std::move(other.out_)),
      err_(std::move(other.err_)),
      exit_code_(other.exit_code_),
      started_(other.started_) {
    other.pid_ = -1;
    other.out_fd_ = -1;
    other.err_fd_ = -1;
}

BackgroundProcess::~BackgroundProcess() {
    if (pid_ > 0 && !exit_code_) {
        kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    if (out_fd_ >= 0) {
        close(out_fd_);
    }
    if (err_fd_ >= 0) {
        close(err_fd_);
    }
}

void BackgroundProcess::signal(int signal_number) const {
    if (pid_ > 0 && !exit_code_) {
        kill(pid_, signal_number);
    }
}

void BackgroundProcess::pump(std::chrono::milliseconds timeout) {
    pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
    int ready = poll(fds, 2, static_cast<int>(timeout.count()));
    if (ready <= 0) {
        return;
    }
    char buffer[65536];
    for (int i = 0; i < 2; ++i) {
        if ((fds[i].revents & (POLLIN | POLLHUP)) == 0) {
            continue;
        }
        ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
        if (n > 0) {
            (i == 0 ? out_ : err_).append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0) {
            close(fds[i].fd);
            (i == 0 ? out_fd_ : err_fd_) = -1;
        }
    }
}

std::optional<ProcessResult> BackgroundProcess::wait_for(std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (!exit_code_) {
        int status = 0;
        pid_t done = waitpid(pid_, &status, WNOHANG);
        if (done == pid_) {
            exit_code_ = decode_status(status);
            break;
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            return std::nullopt;
        }
        if (out_fd_ < 0 && err_fd_ < 0) {
            usleep(2000);
        } else {
            pump(std::min(left, std::chrono::milliseconds(20)));
        }
    }
    // Drain what the child wrote before it ended (grandchildren may keep pipes open: bounded).
    auto drain_deadline = Clock::now() + std::chrono::milliseconds(500);
    while ((out_fd_ >= 0 || err_fd_ >= 0) && Clock::now() < drain_deadline) {
        pump(std::chrono::milliseconds(20));
    }
    ProcessResult result;
    result.exit_code = *exit_code_;
    result.out = out_;
    result.err = err_;
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_);
    return result;
}

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
    BackgroundProcess process(argv, options);
    if (auto result = process.wait_for(options.timeout)) {
        return *result;
    }
    process.signal(SIGKILL);
    auto result = process.wait_for(std::chrono::seconds(10));
    ProcessResult out = result.value_or(ProcessResult{});
    out.timed_out = true;
    return out;
}

std::filesystem::path deckhand_binary() {
    if (const char* override_path = std::getenv("DECKHAND_TEST_BINARY");
        override_path != nullptr && *override_path) {
        return override_path;
    }
    return std::filesystem::path(DECKHAND_TEST_BUILD_DIR) / "bin" / "deckhand";
}

ProcessResult run_deckhand(const std::vector<std::string>& args, const ProcessOptions& options) {
    std::vector<std::string> argv{deckhand_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, options);
}

}  // namespace deckhand::test
