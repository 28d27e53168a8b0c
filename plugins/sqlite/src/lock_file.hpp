// The SQLite migration lock: an exclusive flock() on a sidecar file next to the database.
// The kernel drops a flock when its holder's process ends, however it ends, so a killed
// migration never leaves a stale lock. The file is never deleted: unlinking a lock file
// while another process has it open lets two processes each lock a different inode.
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
    // Clears the note and drops the lock; nothing when not held.
    void release() noexcept;
    bool held() const { return static_cast<bool>(fd_); }

    // The note of the current holder, or "" when nobody holds the lock or it is unreadable.
    std::string describe_holder() const;

    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
    UniqueFd fd_;  // open exactly while the lock is held
};

}  // namespace deckhand::sqlite
