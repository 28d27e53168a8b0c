// An environment check for `deckhand doctor`, contributed by any plugin (as Oakton's
// environment checks are): one line with ok or FAIL and a reason.
#pragma once

#include <string>

#include "deckhand/export.hpp"

namespace deckhand {

class Context;

struct CheckResult {
    bool ok = false;
    std::string detail;  // "PostgreSQL 15.18 as app", or why it failed
};

class DECKHAND_API Check {
  public:
    virtual ~Check();
    Check() = default;
    Check(const Check&) = delete;
    Check& operator=(const Check&) = delete;

    // Short and specific: "kubernetes configuration resolves".
    virtual std::string name() const = 0;
    // Never throws for a failed check: returns ok=false with the reason (the host also turns an
    // escaping exception into a failed check).
    virtual CheckResult run(Context& context) = 0;
};

}  // namespace deckhand
