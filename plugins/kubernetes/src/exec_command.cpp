// run_command() with Boost.Process: the child's output is read through Boost.Asio pipes while
// this thread polls for the deadline and for cancellation, in slices short enough that SIGTERM
// ends a hanging credential plugin at once.
#include "exec_command.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <future>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "deckhand/errors.hpp"

namespace deckhand::kubernetes {
namespace {

namespace bp = boost::process;
using Clock = std::chrono::steady_clock;

constexpr auto poll_slice = std::chrono::milliseconds(50);
constexpr auto reap_limit = std::chrono::seconds(5);

bool ready(std::future<std::string>& future) {
    return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

// This process's environment with `overrides` replacing or adding variables, as NAME=value.
std::vector<std::string> child_environment(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
    std::vector<std::string> entries;
    for (char** entry = ::environ; *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        const std::string_view name = text.substr(0, text.find('='));
        const bool overridden =
            std::any_of(overrides.begin(), overrides.end(),
                        [&](const auto& override) { return override.first == name; });
        if (!overridden) {
            entries.emplace_back(text);
        }
    }
    for (auto it = overrides.begin(); it != overrides.end(); ++it) {
        const bool set_again = std::any_of(std::next(it), overrides.end(), [&](const auto& later) {
            return later.first == it->first;
        });
        if (!set_again) {  // as kubectl: the last value given for a name wins
            entries.push_back(it->first + "=" + it->second);
        }
    }
    return entries;
}

void run_slice(boost::asio::io_context& io) {
    io.run_for(poll_slice);
    if (io.stopped()) {
        io.restart();
    }
}

}  // namespace

CommandRun run_command(const CommandSpec& spec, const Cancellation& cancellation) {
    CommandRun run;
    boost::filesystem::path program;
    if (spec.command.find('/') != std::string::npos) {
        program = spec.command;
        if (::access(program.c_str(), X_OK) != 0) {
            run.outcome = CommandRun::Outcome::not_found;
            run.error = spec.command + " does not exist or is not executable";
            return run;
        }
    } else {
        program = bp::search_path(spec.command);
        if (program.empty()) {
            run.outcome = CommandRun::Outcome::not_found;
            run.error = spec.command + " is not found on PATH";
            return run;
        }
    }

    // Built by hand rather than with bp::environment, whose lookup in Boost 1.74 reads past the
    // end of every variable shorter than the name looked up (AddressSanitizer reports it).
    std::vector<std::string> environment = child_environment(spec.env);
    std::vector<char*> environment_pointers;
    environment_pointers.reserve(environment.size() + 1);
    for (auto& entry : environment) {
        environment_pointers.push_back(entry.data());
    }
    environment_pointers.push_back(nullptr);

    boost::asio::io_context io;
    std::future<std::string> out;
    std::future<std::string> err;
    bool exited = false;
    int exit_code = -1;
    std::error_code launch_error;
    bp::child child(
        bp::exe = program, bp::args = spec.args, bp::std_in<bp::null, bp::std_out> out,
        bp::std_err > err, io,
        bp::on_exit =
            [&](int code, const std::error_code&) {
                exit_code = code;
                exited = true;
            },
        // Its own process group, so that killing the group also ends what a script started;
        // and its environment (the executor hands `env` to execve).
        bp::extend::on_exec_setup =
            [&environment_pointers](auto& executor) {
                ::setpgid(0, 0);
                executor.env = environment_pointers.data();
            },
        launch_error);
    if (launch_error) {
        run.outcome = CommandRun::Outcome::not_started;
        run.error = program.string() + " could not be started: " + launch_error.message();
        return run;
    }

    auto kill_and_reap = [&] {
        ::kill(-child.id(), SIGKILL);
        auto limit = Clock::now() + reap_limit;
        while (!exited && Clock::now() < limit) {
            run_slice(io);
        }
    };

    const auto deadline = Clock::now() + spec.timeout;
    for (;;) {
        if (cancellation.requested()) {
            kill_and_reap();
            cancellation.throw_if_requested();
        }
        if (exited && ready(out) && ready(err)) {
            break;
        }
        if (Clock::now() >= deadline) {
            kill_and_reap();
            run.outcome = CommandRun::Outcome::timed_out;
            return run;
        }
        run_slice(io);
    }
    run.outcome = CommandRun::Outcome::exited;
    run.exit_code = exit_code;
    run.out = out.get();
    run.err = err.get();
    return run;
}

}  // namespace deckhand::kubernetes
