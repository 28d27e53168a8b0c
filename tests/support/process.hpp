// Child processes for tests: run a command to completion with its output captured, or keep one
// running in the background and signal it. A background process is killed and reaped when its
// object goes away, so no test leaks a process.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace deckhand::test {

struct ProcessOptions {
    std::filesystem::path working_dir;           // empty: the test's own
    std::map<std::string, std::string> set_env;  // added to (or replacing in) the environment
    std::vector<std::string> unset_env;          // removed from the environment
    bool clean_deckhand_env = true;              // drop DECKHAND_*, DATABASE_URL, KUBERNETES_*
    std::string stdin_text;                      // written to the child's standard input
    std::chrono::milliseconds timeout{std::chrono::seconds(120)};
};

struct ProcessResult {
    int exit_code = -1;      // 128+N when ended by signal N, as a shell reports it
    bool timed_out = false;  // killed by us after options.timeout
    std::string out;
    std::string err;
    std::chrono::milliseconds elapsed{0};
};

class BackgroundProcess {
  public:
    BackgroundProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {});
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;
    BackgroundProcess(BackgroundProcess&& other) noexcept;

    pid_t pid() const { return pid_; }
    void signal(int signal_number) const;
    // Waits up to `timeout` for the child to end; std::nullopt if it still runs.
    std::optional<ProcessResult> wait_for(std::chrono::milliseconds timeout);
    // Output read so far (also after wait_for returned).
    const std::string& out() const { return out_; }
    const std::string& err() const { return err_; }

  private:
    void pump(std::chrono::milliseconds timeout);

    pid_t pid_ = -1;
    int out_fd_ = -1;
    int err_fd_ = -1;
    std::string out_;
    std::string err_;
    std::optional<int> exit_code_;
    std::chrono::steady_clock::time_point started_;
};

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// The deckhand executable of this build tree, and its run shortcut.
std::filesystem::path deckhand_binary();
ProcessResult run_deckhand(const std::vector<std::string>& args,
                           const ProcessOptions& options = {});

}  // namespace deckhand::test
