// Reading script files with one open/fstat/read, which matters when a folder holds thousands.
#include "deckhand/script/script_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "deckhand/errors.hpp"
#include "deckhand/script/checksum.hpp"

namespace deckhand::script {
namespace {

class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
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

}  // namespace

std::string read_script_file(const std::filesystem::path& path, std::string_view display) {
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) unreadable(display, errno);
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) unreadable(display, errno);
    if (S_ISDIR(info.st_mode)) unreadable(display, EISDIR);
    std::string raw;
    raw.resize(info.st_size > 0 ? static_cast<std::size_t>(info.st_size) : 0);
    std::size_t filled = 0;
    while (true) {
        if (filled == raw.size()) raw.resize(raw.size() + 4096);  // grew, or not a regular file
        auto got = ::read(fd.get(), raw.data() + filled, raw.size() - filled);
        if (got < 0) {
            if (errno == EINTR) continue;
            unreadable(display, errno);
        }
        if (got == 0) break;
        filled += static_cast<std::size_t>(got);
    }
    raw.resize(filled);
    if (raw.find('\r') == std::string::npos && raw.rfind("\xEF\xBB\xBF", 0) != 0) return raw;
    return normalize_script_text(raw);
}

std::string display_path(const std::filesystem::path& folder, std::string_view relative) {
    std::string base = folder.lexically_normal().generic_string();
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (base.empty() && folder.is_absolute()) return "/" + std::string(relative);
    if (base.empty() || base == ".") return std::string(relative);
    return base + "/" + std::string(relative);
}

std::string display_folder(const std::filesystem::path& folder) {
    std::string shown = folder.lexically_normal().generic_string();
    while (shown.size() > 1 && shown.back() == '/') shown.pop_back();
    if (shown.size() > 2 && shown.compare(shown.size() - 2, 2, "/.") == 0)
        shown.resize(shown.size() - 2);
    return shown.empty() ? "." : shown;
}

}  // namespace deckhand::script
