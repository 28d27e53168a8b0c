// flock() on the sidecar lock file, and the holder note written into it.
#include "lock_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "deckhand/errors.hpp"

namespace deckhand::sqlite {
namespace {

int flock_retrying(int fd, int operation) {
    int result = 0;
    do {
        result = ::flock(fd, operation);
    } while (result != 0 && errno == EINTR);
    return result;
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
        reset();
        fd_ = other.release();
    }
    return *this;
}

int UniqueFd::release() noexcept {
    int fd = fd_;
    fd_ = -1;
    return fd;
}

void UniqueFd::reset() noexcept {
    if (fd_ >= 0) {
        ::close(fd_);
    }
    fd_ = -1;
}

bool LockFile::try_acquire(const std::string& holder) {
    if (fd_) {
        return true;
    }
    // A few rounds at most: each one that fails found the file deleted by a holder letting go.
    constexpr int rounds = 100;
    for (int round = 0; round < rounds; ++round) {
        UniqueFd fd(::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
        if (!fd) {
            throw WorkFailed("cannot open the migration lock file " + path_.string() + ": " +
                             std::strerror(errno));
        }
        if (flock_retrying(fd.get(), LOCK_EX | LOCK_NB) != 0) {
            if (errno == EWOULDBLOCK) {
                return false;
            }
            throw WorkFailed("cannot lock the migration lock file " + path_.string() + ": " +
                             std::strerror(errno));
        }
        if (!names_file(fd.get())) {
            continue;  // deleted (and maybe made anew) by the holder before us: start over
        }
        // The note only helps people waiting for the lock; failing to write it must not fail
        // the migration, so write errors are ignored.
        std::string note = holder + "\n";
        if (::ftruncate(fd.get(), 0) == 0) {
            [[maybe_unused]] auto written = ::pwrite(fd.get(), note.data(), note.size(), 0);
        }
        fd_ = std::move(fd);
        return true;
    }
    return false;
}

bool LockFile::names_file(int fd) const {
    struct stat opened {};
    struct stat named {};
    if (::fstat(fd, &opened) != 0 || ::stat(path_.c_str(), &named) != 0) {
        return false;
    }
    return opened.st_dev == named.st_dev && opened.st_ino == named.st_ino;
}

void LockFile::release() noexcept {
    if (!fd_) {
        return;
    }
    // Deleted while still locked, so that nobody can lock this file after us (a taker that
    // opened it meanwhile sees it gone and starts over), and the folder is left as it was.
    // Should the delete fail (a read-only folder), the note is cleared instead, so that it never
    // outlives the hold.
    if (::unlink(path_.c_str()) != 0) {
        [[maybe_unused]] int truncated = ::ftruncate(fd_.get(), 0);
    }
    flock_retrying(fd_.get(), LOCK_UN);
    fd_.reset();
}

std::string LockFile::describe_holder() const {
    UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        return {};
    }
    // If a shared lock is free, nobody holds the exclusive one and the note (if any) belongs
    // to a holder that was killed before it could clear it. The probe lasts a moment only;
    // a peer's try_acquire failing during it just polls again.
    if (!fd_ && flock_retrying(fd.get(), LOCK_SH | LOCK_NB) == 0) {
        return {};
    }
    char buffer[512];
    ssize_t length = ::pread(fd.get(), buffer, sizeof buffer, 0);
    if (length <= 0) {
        return {};
    }
    std::string note(buffer, static_cast<std::size_t>(length));
    while (!note.empty() && (note.back() == '\n' || note.back() == '\r' || note.back() == ' ')) {
        note.pop_back();
    }
    return note;
}

}  // namespace deckhand::sqlite
