// db::Value parameters as libpq text parameters: every value in PostgreSQL's input format,
// which the server casts from the statement's context; NULL as a null pointer.
#pragma once

#include <string>
#include <vector>

#include "deckhand/db/value.hpp"

namespace deckhand::postgres {

class TextParams {
  public:
    // Keeps pointers into `params` (strings are not copied): `params` must outlive this.
    explicit TextParams(const std::vector<db::Value>& params);
    TextParams(const TextParams&) = delete;
    TextParams& operator=(const TextParams&) = delete;

    int count() const { return static_cast<int>(values_.size()); }
    const char* const* values() const { return values_.data(); }

  private:
    std::vector<std::string> converted_;  // text of the numbers and booleans
    std::vector<const char*> values_;
};

// PostgreSQL's text for a double: shortest round-trip digits, or NaN/Infinity/-Infinity.
std::string double_text(double value);

}  // namespace deckhand::postgres
