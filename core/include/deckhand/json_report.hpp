// `--output json` for every command that reports (migrate, validate, baseline, repair, seed,
// doctor, tasks, sql): one JSON document on stdout, written the same way by every plugin, and
// written even when the command fails, with the failure in it; the host still prints the
// error's sentence on stderr and exits with its status.
//
//   OutputFormat format = parse_output_format(output_text_);      // in validate_options()
//   return run_reporting(context, format,
//       [&] { ...do the work, keeping what happened in members...; return 0; },
//       [&] { return nlohmann::json{{"applied", ...}}; });           // both on success and on
//       failure
//
// Every report is an object that ends up with "ok" (true when the command exits 0) and
// "exit_status"; a failed one also has "error": {"message", "kind", "exit_status"}.
#pragma once

#include <exception>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string_view>
#include <utility>

#include "deckhand/export.hpp"

namespace deckhand {

class Context;

enum class OutputFormat { text, json };

// "text" or "json"; throws UsageError naming `flag` otherwise.
DECKHAND_API OutputFormat parse_output_format(std::string_view text,
                                              std::string_view flag = "--output");

// Writes `document` and a newline to `out`: indented by two spaces, keys sorted, bytes that
// are not UTF-8 replaced by U+FFFD, so the output always parses.
DECKHAND_API void write_json_document(std::ostream& out, const nlohmann::json& document);

// {"message": ..., "kind": "usage|config|work_failed|timed_out|cancelled|unexpected",
//  "exit_status": N} for `error`, its message passed through Context::redact.
DECKHAND_API nlohmann::json error_json(const Context& context, const std::exception_ptr& error);

// Adds "ok" and "exit_status" (and "error" when `error` is set) to `document`, then writes it to
// context.out(). `document` must be an object.
DECKHAND_API void finish_json_report(Context& context, nlohmann::json document, int exit_status,
                                     const std::exception_ptr& error = nullptr);

// Runs `work` (returning the exit status). With OutputFormat::json, then writes `describe()` as
// the report, finished as finish_json_report says; when `work` throws, the report (with the
// error) is written first and the exception is rethrown for the host. With text, only runs
// `work`.
template <class Work, class Describe>
int run_reporting(Context& context, OutputFormat format, Work&& work, Describe&& describe) {
    if (format == OutputFormat::text) {
        return std::forward<Work>(work)();
    }
    int status = 0;
    try {
        status = std::forward<Work>(work)();
    } catch (...) {
        const std::exception_ptr error = std::current_exception();
        finish_json_report(context, describe(), 0, error);
        throw;
    }
    finish_json_report(context, describe(), status);
    return status;
}

}  // namespace deckhand
