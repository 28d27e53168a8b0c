// A temporary folder that exists for the lifetime of the object, removed even when a test fails.
#pragma once

#include <filesystem>
#include <string>

namespace deckhand::test {

class TempDir {
  public:
    explicit TempDir(const std::string& prefix = "deckhand-test");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::filesystem::path& child) const {
        return path_ / child;
    }

    // Writes `contents` to the relative path, creating folders on the way; returns the full path.
    std::filesystem::path write(const std::filesystem::path& relative,
                                const std::string& contents) const;

  private:
    std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& path);
// Writes `contents` to `path`, creating its folders; throws naming the path when it cannot.
void write_file(const std::filesystem::path& path, const std::string& contents);

}  // namespace deckhand::test
