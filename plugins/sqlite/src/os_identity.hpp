// Who this process is, in words: for current_user() and for the migration lock's holder note.
#pragma once

#include <chrono>
#include <string>

namespace deckhand::sqlite {

// The effective user's login name, or "uid N" when the user database does not know it.
std::string os_user_name();

// "pid 4242 (alice@build-7) since 2026-11-24T02:10:00Z"
std::string describe_this_process(std::chrono::system_clock::time_point since);

}  // namespace deckhand::sqlite
