// The bearer token sent to the API server: a fixed string from a kubeconfig, or a file that is
// read again before every request, because projected service-account tokens rotate on disk.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace deckhand::kubernetes {

class BearerToken {
  public:
    BearerToken() = default;
    static BearerToken fixed(std::string_view token);
    static BearerToken from_file(std::filesystem::path file);

    bool empty() const { return token_.empty() && file_.empty(); }
    bool from_file() const { return !file_.empty(); }
    const std::filesystem::path& file() const { return file_; }

    // The token to send now, without surrounding whitespace. Throws ConfigError naming the file
    // when it cannot be read or is empty.
    std::string current() const;

  private:
    std::string token_;
    std::filesystem::path file_;
};

}  // namespace deckhand::kubernetes
