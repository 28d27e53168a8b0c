// The SQLite migration lock: an exclusive flock() on a sidecar file next to the database
// (<db>.deckhand-lock). The kernel drops a flock when its holder's process ends, however it
// ends, so a killed migration never leaves a stale lock. The holder deletes the file as it lets
// go, so that it does not sit beside the database between runs. That is safe because a taker
// checks, once it holds the flock, that the path still names the file it locked: one that
// opened the file just before it was deleted finds it gone and starts over, so two processes
// never hold locks on two different files. (A killed holder leaves the file behind; the next
// holder removes it.)
#pragma once

#include <filesystem>
#include <string>

namespace deckhand::sqlite {

// A file descriptor, closed on destruction.
class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    int release() noexcept;
    void reset() noexcept;

  private:
    int fd_ = -1;
};

class LockFile {
  public:
    explicit LockFile(std::filesystem::path path) : path_(std::move(path)) {}

    // Takes the lock without waiting and records `holder` in the file; false when another
    // open of the file (this process or another) holds it. True again if this object holds it.
    // Throws WorkFailed when the file cannot be created or locked at all.
    bool try_acquire(const std::string& holder);
    // Deletes the file, then drops the lock; nothing when not held.
    void release() noexcept;
    bool held() const { return static_cast<bool>(fd_); }

    // The note of the current holder, or "" when nobody holds the lock or it is unreadable.
    std::string describe_holder() const;

    const std::filesystem::path& path() const { return path_; }

  private:
    // True when path_ still names the file open as `fd` (not deleted, not made anew).
    bool names_file(int fd) const;

    std::filesystem::path path_;
    UniqueFd fd_;  // open exactly while the lock is held
};

}  // namespace deckhand::sqlite
