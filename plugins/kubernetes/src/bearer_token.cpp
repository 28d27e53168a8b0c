// Reading the bearer token, from memory or afresh from its file.
#include "deckhand/kubernetes/bearer_token.hpp"

#include "deckhand/errors.hpp"
#include "text.hpp"

namespace deckhand::kubernetes {

BearerToken BearerToken::fixed(std::string_view token) {
    BearerToken result;
    result.token_ = std::string(trim(token));
    return result;
}

BearerToken BearerToken::from_file(std::filesystem::path file) {
    BearerToken result;
    result.file_ = std::move(file);
    return result;
}

std::string BearerToken::current() const {
    if (file_.empty()) {
        return token_;
    }
    // kubelet replaces the projected token by swapping a symlink, so a fresh open always sees a
    // whole token, the old or the new one.
    auto contents = read_whole_file(file_);
    if (!contents) {
        throw ConfigError("cannot read the bearer token file " + file_.string());
    }
    auto token = std::string(trim(*contents));
    if (token.empty()) {
        throw ConfigError("the bearer token file " + file_.string() + " is empty");
    }
    return token;
}

}  // namespace deckhand::kubernetes
