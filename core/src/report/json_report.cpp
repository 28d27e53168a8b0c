// The JSON document of --output json: how it is written, and how an error goes into it.
#include "deckhand/json_report.hpp"

#include "deckhand/context.hpp"
#include "deckhand/errors.hpp"

namespace deckhand {
namespace {

std::string_view kind_of(const Error& error) {
    if (dynamic_cast<const Cancelled*>(&error) != nullptr) {
        return "cancelled";
    }
    if (dynamic_cast<const TimedOut*>(&error) != nullptr) {
        return "timed_out";
    }
    if (dynamic_cast<const WorkFailed*>(&error) != nullptr) {
        return "work_failed";
    }
    if (dynamic_cast<const ConfigError*>(&error) != nullptr) {
        return "config";
    }
    if (dynamic_cast<const UsageError*>(&error) != nullptr) {
        return "usage";
    }
    return error.exit_status() == to_int(ExitStatus::usage) ? "usage" : "work_failed";
}

}  // namespace

OutputFormat parse_output_format(std::string_view text, std::string_view flag) {
    if (text == "text") {
        return OutputFormat::text;
    }
    if (text == "json") {
        return OutputFormat::json;
    }
    throw UsageError(std::string(flag) + " expects text or json, not '" + std::string(text) + "'");
}

void write_json_document(std::ostream& out, const nlohmann::json& document) {
    out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    out.flush();
}

nlohmann::json error_json(const Context& context, const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        return {{"message", context.redact(e.what())},
                {"kind", kind_of(e)},
                {"exit_status", e.exit_status()}};
    } catch (const std::exception& e) {
        return {{"message", context.redact(std::string("unexpected error: ") + e.what())},
                {"kind", "unexpected"},
                {"exit_status", to_int(ExitStatus::work_failed)}};
    } catch (...) {
        return {{"message", "unexpected error"},
                {"kind", "unexpected"},
                {"exit_status", to_int(ExitStatus::work_failed)}};
    }
}

void finish_json_report(Context& context, nlohmann::json document, int exit_status,
                        const std::exception_ptr& error) {
    if (error) {
        nlohmann::json described = error_json(context, error);
        exit_status = described.at("exit_status").get<int>();
        document["error"] = std::move(described);
    }
    document["ok"] = exit_status == 0;
    document["exit_status"] = exit_status;
    write_json_document(context.out(), document);
}

}  // namespace deckhand
