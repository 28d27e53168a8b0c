// run_command() with Boost.Process: the child's output is read through Boost.Asio pipes while
// this thread polls for the deadline and for cancellation, in slices short enough that SIGTERM
// ends a hanging credential plugin at once.
#include "exec_command.hpp"

#include <signal.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <future>

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

    bp::environment environment = boost::this_process::environment();
    for (const auto& [name, value] : spec.env) {
        environment[name] = value;
    }

    boost::asio::io_context io;
    std::future<std::string> out;
    std::future<std::string> err;
    bool exited = false;
    int exit_code = -1;
    std::error_code launch_error;
    bp::child child(
        bp::exe = program, bp::args = spec.args, bp::env = environment,
        bp::std_in<bp::null, bp::std_out> out, bp::std_err > err, io,
        bp::on_exit =
            [&](int code, const std::error_code&) {
                exit_code = code;
                exited = true;
            },
        // Its own process group, so that killing the group also ends what a script started.
        bp::extend::on_exec_setup = [](auto&) { ::setpgid(0, 0); }, launch_error);
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
