// Failed connection attempts: libpq's verbose report read into the server's codes and a message
// without them, and the verdict on whether waiting may heal the failure.
#include "connect_failure.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace deckhand::postgres {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

ConnectFailure with_codes(std::vector<std::string> codes) {
    ConnectFailure failure;
    failure.sqlstates = std::move(codes);
    failure.stage = CONNECTION_AWAITING_RESPONSE;
    return failure;
}

ConnectFailure at_stage(ConnStatusType stage) {
    ConnectFailure failure;
    failure.stage = stage;
    return failure;
}

TEST(VerboseReport, TakesTheCodeAfterTheSeverityAndDropsTheLocation) {
    VerboseReport report = read_verbose_report(
        "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  28P01: password "
        "authentication failed for user \"app\"\nLOCATION:  auth_failed, auth.c:326\n");
    EXPECT_THAT(report.sqlstates, ElementsAre("28P01"));
    EXPECT_EQ(report.message,
              "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password "
              "authentication failed for user \"app\"\n");
}

TEST(VerboseReport, ReadsEveryHostOfAMultiHostAttemptAndKeepsDetailLines) {
    VerboseReport report = read_verbose_report(
        "connection to server at \"a\" (10.0.0.1), port 5432 failed: FATAL:  57P03: the database "
        "system is starting up\nLOCATION:  ProcessStartupPacket, postmaster.c:2400\n"
        "connection to server at \"b\" (10.0.0.2), port 5432 failed: Connection refused\n"
        "\tIs the server running on that host and accepting TCP/IP connections?\n"
        "connection to server at \"c\" (10.0.0.3), port 5432 failed: FATAL:  53300: sorry, too "
        "many clients already\nDETAIL:  max_connections is 50\n");
    EXPECT_THAT(report.sqlstates, ElementsAre("57P03", "53300"));
    EXPECT_EQ(report.message.find("57P03"), std::string::npos) << report.message;
    EXPECT_EQ(report.message.find("LOCATION"), std::string::npos) << report.message;
    EXPECT_NE(report.message.find("DETAIL:  max_connections is 50"), std::string::npos);
    EXPECT_NE(report.message.find("FATAL:  sorry, too many clients already"), std::string::npos);
}

TEST(VerboseReport, FindsNoCodeInClientSideMessagesOrInTheServersWords) {
    EXPECT_THAT(read_verbose_report("could not translate host name \"db\" to address: Name or "
                                    "service not known\n")
                    .sqlstates,
                IsEmpty());
    EXPECT_THAT(read_verbose_report("fe_sendauth: no password supplied\n").sqlstates, IsEmpty());
    // A code-like word later in the message is the server's text, not its code.
    VerboseReport report =
        read_verbose_report("FATAL:  3D000: database \"x:  ABCDE: y\" does not exist\n");
    EXPECT_THAT(report.sqlstates, ElementsAre("3D000"));
    EXPECT_EQ(report.message, "FATAL:  database \"x:  ABCDE: y\" does not exist\n");
}

TEST(ConnectFailure, WhatTheServerRefusesForGoodIsNeverWaitedFor) {
    for (const char* code : {"28P01", "28000", "3D000", "42501", "55000", "0A000", "42704"}) {
        EXPECT_FALSE(with_codes({code}).transient()) << code;
    }
}

TEST(ConnectFailure, AServerStartingStoppingOrFullIsWaitedFor) {
    for (const char* code :
         {"57P03", "57P01", "57P02", "53300", "53100", "53200", "08006", "08P01", "08001"}) {
        EXPECT_TRUE(with_codes({code}).transient()) << code;
    }
}

TEST(ConnectFailure, OneServerRefusingTheCredentialsSettlesAMultiHostAttempt) {
    EXPECT_FALSE(with_codes({"57P03", "28P01"}).transient());
    EXPECT_TRUE(with_codes({"57P03", "53300"}).transient());
}

TEST(ConnectFailure, WithoutACodeHowFarTheAttemptGotDecides) {
    // Nothing reached: refused, no such name yet, no socket file yet.
    EXPECT_TRUE(at_stage(CONNECTION_NEEDED).transient());
    EXPECT_TRUE(at_stage(CONNECTION_STARTED).transient());
    EXPECT_TRUE(at_stage(CONNECTION_MADE).transient());
    // A standby where target_session_attrs asks for the primary: a failover in progress.
    EXPECT_TRUE(at_stage(CONNECTION_CHECK_TARGET).transient());
    // Encryption the URL requires was refused, or the certificate did not verify.
    EXPECT_FALSE(at_stage(CONNECTION_SSL_STARTUP).transient());
    EXPECT_FALSE(at_stage(CONNECTION_GSS_STARTUP).transient());
}

TEST(ConnectFailure, APeerThatHungUpOrNeverAnsweredIsWaitedFor) {
    ConnectFailure closed = at_stage(CONNECTION_SSL_STARTUP);
    closed.peer_closed = true;  // a proxy sidecar that cannot reach the database yet
    EXPECT_TRUE(closed.transient());
    ConnectFailure silent = at_stage(CONNECTION_SSL_STARTUP);
    silent.timed_out = true;
    EXPECT_TRUE(silent.transient());
}

TEST(ConnectFailure, AMissingPasswordIsNeverWaitedFor) {
    ConnectFailure failure = at_stage(CONNECTION_AWAITING_RESPONSE);
    failure.needs_password = true;
    EXPECT_FALSE(failure.transient());
}

}  // namespace
}  // namespace deckhand::postgres
