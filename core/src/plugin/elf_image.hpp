// A shared library's file, mapped read-only and checked before anything trusts its layout: the
// ELF header, the program headers and every loadable segment, the section table and its
// sections must lie inside the file. dlopen maps segments without such checks, so a truncated
// library would crash the process with SIGBUS when the loader touches a page past the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace deckhand::plugin {

class ElfImage {
  public:
    // Maps `file` and checks its layout; throws std::runtime_error with the reason ("is empty",
    // "is not a shared library (no ELF header)", "is truncated or corrupt (...)"), worded to
    // follow the file's name.
    explicit ElfImage(const std::filesystem::path& file);
    ~ElfImage();
    ElfImage(const ElfImage&) = delete;
    ElfImage& operator=(const ElfImage&) = delete;

    std::size_t size() const { return size_; }

    // A pointer to `count` objects of T at `offset`, or an error if they do not fit in the file.
    template <typename T>
    const T* at(std::uint64_t offset, std::uint64_t count, std::string_view what) const {
        check_fits(offset, count, sizeof(T), what);
        return reinterpret_cast<const T*>(data_ + offset);
    }

    // A NUL-terminated string at `offset` inside the table [table_offset, table_offset+table_size).
    std::string string_at(std::uint64_t table_offset, std::uint64_t table_size,
                          std::uint64_t offset) const;

  private:
    void check_fits(std::uint64_t offset, std::uint64_t count, std::size_t item_size,
                    std::string_view what) const;
    void check_layout() const;

    int fd_ = -1;
    const unsigned char* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace deckhand::plugin
