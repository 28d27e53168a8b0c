// The process exit statuses of SPEC.md, named once.
#pragma once

namespace deckhand {

enum class ExitStatus : int {
    ok = 0,           // success
    work_failed = 1,  // a migration error, a failed Job, pending migrations, lint findings
    usage = 2,        // unknown command or option, bad URL, unreadable file
    timed_out = 3,    // waiting for a lock, a Job, a database
};

// Ended by signal N, after a clean rollback.
constexpr int signal_exit_status(int signal_number) {
    return 128 + signal_number;
}

constexpr int to_int(ExitStatus status) {
    return static_cast<int>(status);
}

}  // namespace deckhand
