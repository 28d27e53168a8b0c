// Cancellation: the flag, callbacks, and sleeps that end early.
#include "deckhand/cancellation.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "deckhand/errors.hpp"

using namespace std::chrono_literals;

TEST(Cancellation, RequestRunsCallbacksOnceAndSetsTheFlag) {
    deckhand::Cancellation cancellation;
    int calls = 0;
    auto registration = cancellation.on_cancel([&] { ++calls; });
    cancellation.request(SIGTERM);
    cancellation.request(SIGINT);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(cancellation.signal_number(), SIGTERM);
    try {
        cancellation.throw_if_requested();
        FAIL();
    } catch (const deckhand::Cancelled& e) {
        EXPECT_EQ(e.exit_status(), 143);
    }
}

TEST(Cancellation, DroppedRegistrationIsNotCalled) {
    deckhand::Cancellation cancellation;
    int calls = 0;
    {
        auto registration = cancellation.on_cancel([&] { ++calls; });
    }
    cancellation.request(SIGINT);
    EXPECT_EQ(calls, 0);
}

TEST(Cancellation, RegisteringAfterTheRequestCallsAtOnce) {
    deckhand::Cancellation cancellation;
    cancellation.request(SIGINT);
    int calls = 0;
    auto registration = cancellation.on_cancel([&] { ++calls; });
    EXPECT_EQ(calls, 1);
}

TEST(Cancellation, SleepEndsEarlyWhenCancelled) {
    deckhand::Cancellation cancellation;
    std::thread canceller([&] {
        std::this_thread::sleep_for(50ms);
        cancellation.request(SIGTERM);
    });
    auto started = std::chrono::steady_clock::now();
    EXPECT_FALSE(cancellation.sleep_for(30s));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
    canceller.join();
}

TEST(Cancellation, SleepRunsItsCourseWithoutCancellation) {
    deckhand::Cancellation cancellation;
    EXPECT_TRUE(cancellation.sleep_for(1ms));
}
