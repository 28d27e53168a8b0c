// Since plugin API 1.4. Running another plugin's command from inside a command, by name, as a
// user would type it (`migrate --lint` runs `lint`), so that plugins use each other's commands
// without linking each other's code. (A typed interface between plugins is a service instead:
// deckhand/service.hpp.)
//
//   std::ostringstream report;
//   if (!has_command(context, "lint")) { throw UsageError("--lint needs the lint plugin"); }
//   int status = run_command(context, "lint", {"--output", "json", "V9__x.sql"}, report);
//
// The command gets the same configuration, logger, databases and cancellation as the one that
// calls it, its options from `args` and deckhand.opts (as on the command line), and writes its
// results to `out` instead of stdout. Its exceptions reach the caller as they are.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "deckhand/export.hpp"

namespace deckhand {

class Context;

// What a Context that can run other commands also is (the host's is; a test's may be).
class DECKHAND_API CommandRunner {
  public:
    virtual ~CommandRunner();

    // True when a plugin (or the host) offers the command, loading the plugin that does.
    virtual bool has_command(const std::string& name) = 0;
    // Parses `args` as the command's arguments and runs it; returns its exit status. Throws
    // UsageError when no plugin offers it or an argument is wrong, and WorkFailed when it already
    // ran in this process (a command's options live in the one object its plugin registered, so
    // it runs at most once a run).
    virtual int run_command(const std::string& name, const std::vector<std::string>& args,
                            std::ostream& out) = 0;
};

// The same through a Context: throws WorkFailed when `context` cannot run other commands.
DECKHAND_API bool has_command(Context& context, const std::string& name);
DECKHAND_API int run_command(Context& context, const std::string& name,
                             const std::vector<std::string>& args, std::ostream& out);

}  // namespace deckhand
