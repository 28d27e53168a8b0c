// PqSession: a libpqxx connection_base with a policy that connects step by step (pq_connect.hpp)
// and captures the libpq handle, and that forwards server notices to the deckhand log instead
// of stderr.
#include "pq_session.hpp"

#include <spdlog/spdlog.h>

#include <string_view>

#include "errors.hpp"
#include "pq_connect.hpp"

namespace deckhand::postgres {
namespace {

// NOTICE, WARNING and the like from the server (RAISE NOTICE in a migration, "does not exist,
// skipping"): log lines, never raw text on stderr between deckhand's own messages.
void log_notice(void* /*unused*/, const PGresult* notice) {
    std::string_view severity = error_field(notice, PG_DIAG_SEVERITY_NONLOCALIZED);
    std::string_view message = error_field(notice, PG_DIAG_MESSAGE_PRIMARY);
    spdlog::level::level_enum level = spdlog::level::debug;
    if (severity == "WARNING") {
        level = spdlog::level::warn;
    } else if (severity == "NOTICE" || severity == "INFO") {
        level = spdlog::level::info;
    }
    if (auto* logger = spdlog::default_logger_raw(); logger != nullptr) {
        logger->log(level, "postgres {}: {}", severity, message);
    }
}

}  // namespace

CapturingConnectPolicy::handle CapturingConnectPolicy::do_startconnect(handle original) {
    if (original != nullptr) {
        return original;
    }
    captured_ = connect_step_by_step(options());
    return captured_;
}

CapturingConnectPolicy::handle CapturingConnectPolicy::do_dropconnect(handle original) noexcept {
    captured_ = nullptr;
    return pqxx::connect_direct::do_dropconnect(original);
}

CapturingConnectPolicy::handle CapturingConnectPolicy::do_disconnect(handle original) noexcept {
    captured_ = nullptr;
    return pqxx::connect_direct::do_disconnect(original);
}

PqSession::PqSession(const std::string& conninfo)
    : pqxx::connection_base(policy_), policy_(conninfo) {
    init();
    // A lost session must stay lost: a silent reconnect would drop the migration lock and the
    // open transaction without anyone noticing.
    // The only switch libpqxx 6.4 has for it is marked deprecated (7.x never reconnects).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    inhibit_reactivation(true);
#pragma GCC diagnostic pop
    PQsetNoticeReceiver(handle(), &log_notice, nullptr);
}

PqSession::~PqSession() {
    close();
}

}  // namespace deckhand::postgres
