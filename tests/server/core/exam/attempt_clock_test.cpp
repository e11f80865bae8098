#include "server/core/exam/attempt_clock.hpp"

#include <doctest/doctest.h>

using craftmark::core::attempt_clock;

TEST_CASE("the deadline is start plus duration plus extra time plus pauses") {
    attempt_clock c;
    c.duration = 90 * 60'000;
    CHECK(c.remaining(0) == 90 * 60'000);
    c.start(1'000'000);
    CHECK(c.deadline(1'000'000) == 1'000'000 + 90 * 60'000);
    CHECK(c.remaining(1'000'000 + 60'000) == 89 * 60'000);
    c.extra = 10 * 60'000;
    CHECK(c.remaining(1'000'000 + 60'000) == 99 * 60'000);
}

TEST_CASE("a pause stops the countdown and resume continues with the same time left") {
    attempt_clock c;
    c.duration = 60'000;
    c.start(1);
    c.pause(10'000);
    auto left = c.remaining(10'000);
    CHECK(c.remaining(500'000) == left);
    CHECK_FALSE(c.expired(500'000));
    c.resume(500'000);
    CHECK(c.remaining(500'000) == left);
    CHECK(c.expired(500'000 + left));
}

TEST_CASE("downtime is credited back") {
    attempt_clock c;
    c.duration = 60'000;
    c.start(1);
    c.credit(30'000);
    CHECK(c.deadline(1) == 90'001);
    c.credit(-5); // never taken away
    CHECK(c.deadline(1) == 90'001);
}
