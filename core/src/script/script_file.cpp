// Reading script files in as few system calls as possible, which matters when a folder holds
// thousands of them.
#include "deckhand/script/script_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "deckhand/errors.hpp"
#include "deckhand/script/checksum.hpp"
#include "script/read_file.hpp"
#include "script/script_checks.hpp"

namespace deckhand::script {
namespace {

class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const noexcept { return fd_; }

  private:
    int fd_;
};

[[noreturn]] void unreadable(std::string_view display, int error) {
    throw ConfigError(std::string(display) + " cannot be read: " + std::strerror(error));
}

// The file's bytes, in `buffer`.
std::string_view read_bytes(int fd, std::string_view display, bool regular, std::string& buffer) {
    // A regular file is read whole by reads into a buffer larger than what is left: a short
    // read of a regular file means its end, so a small script takes one read(). The buffer is
    // the caller's, reused from file to file.
    constexpr std::size_t first_size = std::size_t{16} * 1024;
    if (buffer.size() < first_size) {
        buffer.resize(first_size);
    }
    std::size_t filled = 0;
    while (true) {
        if (filled == buffer.size()) {
            buffer.resize(buffer.size() * 2);
        }
        const std::size_t wanted = buffer.size() - filled;
        auto got = ::read(fd, buffer.data() + filled, wanted);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            unreadable(display, errno);
        }
        filled += static_cast<std::size_t>(got);
        if (got == 0 || (regular && static_cast<std::size_t>(got) < wanted)) {
            break;
        }
    }
    return {buffer.data(), filled};
}

}  // namespace

std::string_view read_script_bytes_at(int folder_fd, const char* name, std::string_view display,
                                      bool regular, std::string& buffer) {
    FileDescriptor fd(::openat(folder_fd, name, O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        unreadable(display, errno);
    }
    return read_bytes(fd.get(), display, regular, buffer);
}

std::string read_script_file(const std::filesystem::path& path, std::string_view display) {
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        unreadable(display, errno);
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) {
        unreadable(display, errno);
    }
    if (S_ISDIR(info.st_mode)) {
        unreadable(display, EISDIR);
    }
    std::string buffer;
    std::string text =
        normalize_script_text(read_bytes(fd.get(), display, S_ISREG(info.st_mode), buffer));
    if (auto problem = nul_byte_problem(text, display)) {
        throw ConfigError(*problem);
    }
    return text;
}

std::string display_path(const std::filesystem::path& folder, std::string_view relative) {
    std::string base = folder.lexically_normal().generic_string();
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    if (base == ".") {
        base.clear();
    }
    if (base.empty() && folder.is_absolute()) {
        base = "/";
    }
    // Appended piece by piece: GCC 12 warns (-Wrestrict, wrongly) about operator+ chains here.
    if (!base.empty() && base.back() != '/') {
        base.push_back('/');
    }
    base.append(relative);
    return base;
}

std::string display_folder(const std::filesystem::path& folder) {
    std::string shown = folder.lexically_normal().generic_string();
    while (shown.size() > 1 && shown.back() == '/') {
        shown.pop_back();
    }
    if (shown.size() > 2 && shown.compare(shown.size() - 2, 2, "/.") == 0) {
        shown.resize(shown.size() - 2);
    }
    return shown.empty() ? "." : shown;
}

}  // namespace deckhand::script
