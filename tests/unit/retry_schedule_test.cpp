#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

using namespace unit;
using ms_list = std::vector<milliseconds>;

std::string http_date_in(std::chrono::seconds from_now) {
  const std::time_t when =
      std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + from_now);
  std::tm utc{};
  gmtime_r(&when, &utc);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return text;
}

vc::Result<bool> call(harness& h) {
  return h.client().try_update_viewing_participant("c1", docs_follow_up());
}

}  // namespace

TEST_CASE("503, 503, 200 succeeds after backing off 500 ms then 1000 ms", "[retry]") {
  harness h;
  h.fake->respond(503, "").respond(503, "").respond(200, "true");
  const auto result = call(h);
  REQUIRE(result.ok());
  CHECK(result.value());
  CHECK(h.fake->requests().size() == 3);
  CHECK(*h.sleeps == ms_list{milliseconds(500), milliseconds(1000)});
}

TEST_CASE("The exponential schedule doubles up to max_backoff", "[retry]") {
  harness h;
  h.options.retry.max_attempts = 6;
  h.options.retry.max_backoff = milliseconds(3000);
  for (int i = 0; i < 6; ++i) h.fake->respond(503, "busy " + std::to_string(i));
  const auto result = call(h);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().attempts() == 6);
  CHECK(*h.sleeps == ms_list{milliseconds(500), milliseconds(1000), milliseconds(2000),
                             milliseconds(3000), milliseconds(3000)});
}

TEST_CASE("max_attempts = 1 never retries", "[retry]") {
  harness h;
  h.options.retry.max_attempts = 1;
  h.fake->respond(503, "").respond(200, "true");
  const auto result = call(h);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind() == vc::ErrorKind::server);
  CHECK(result.error().attempts() == 1);
  CHECK(h.fake->requests().size() == 1);
  CHECK(h.sleeps->empty());
}

TEST_CASE("400, 401, 403 and 404 are never retried", "[retry]") {
  const auto status = GENERATE(400, 401, 403, 404);
  CAPTURE(status);
  harness h;
  h.fake->respond(status, "").respond(200, "true");
  const auto result = call(h);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().status() == status);
  CHECK(result.error().attempts() == 1);
  CHECK(h.fake->requests().size() == 1);
  CHECK(h.sleeps->empty());
}

TEST_CASE("408, 429, 500, 502, 503 and 504 are retried", "[retry]") {
  const auto status = GENERATE(408, 429, 500, 502, 503, 504);
  CAPTURE(status);
  harness h;
  h.fake->respond(status, "").respond(200, "true");
  const auto result = call(h);
  REQUIRE(result.ok());
  CHECK(result.value());
  CHECK(h.fake->requests().size() == 2);
  CHECK(*h.sleeps == ms_list{milliseconds(500)});
}

TEST_CASE("A 2xx that is not a boolean is not retried", "[retry]") {
  harness h;
  h.fake->respond(200, "garbage").respond(200, "true");
  const auto result = call(h);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind() == vc::ErrorKind::protocol);
  CHECK(h.fake->requests().size() == 1);
}

TEST_CASE("A transient transport failure is retried, a permanent one is not", "[retry]") {
  SECTION("transient") {
    harness h;
    h.fake->fail(vc::TransportError("connection reset by peer"))
        .fail(vc::TimeoutError("timed out"))
        .respond(200, "false");
    const auto result = call(h);
    REQUIRE(result.ok());
    CHECK_FALSE(result.value());
    CHECK(h.fake->requests().size() == 3);
    CHECK(*h.sleeps == ms_list{milliseconds(500), milliseconds(1000)});
  }
  SECTION("permanent") {
    harness h;
    h.fake->fail(permanent_failure("TLS certificate verification failed")).respond(200, "true");
    const auto result = call(h);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind() == vc::ErrorKind::transport);
    CHECK(result.error().attempts() == 1);
    CHECK(h.fake->requests().size() == 1);
    CHECK(h.sleeps->empty());
  }
}

TEST_CASE("Retry-After in delta-seconds replaces the computed delay", "[retry]") {
  const auto status = GENERATE(429, 503);
  CAPTURE(status);
  harness h;
  h.fake->respond(status, "", {{"Retry-After", "3"}}).respond(200, "true");
  REQUIRE(call(h).ok());
  CHECK(*h.sleeps == ms_list{milliseconds(3000)});
}

TEST_CASE("Retry-After is found whatever the case of its name", "[retry]") {
  harness h;
  h.fake->respond(503, "", {{"retry-after", "2"}}).respond(429, "", {{"RETRY-AFTER", "4"}});
  h.fake->respond(200, "true");
  REQUIRE(call(h).ok());
  CHECK(*h.sleeps == ms_list{milliseconds(2000), milliseconds(4000)});
}

TEST_CASE("Other 5xx statuses are not retried", "[retry]") {
  const auto status = GENERATE(501, 505, 599);
  CAPTURE(status);
  harness h;
  h.fake->respond(status, "").respond(200, "true");
  const auto result = call(h);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind() == vc::ErrorKind::server);
  CHECK(result.error().attempts() == 1);
  CHECK(h.sleeps->empty());
}

TEST_CASE("Retry-After as an HTTP-date waits until then", "[retry]") {
  harness h;
  h.fake->respond(429, "", {{"Retry-After", http_date_in(std::chrono::seconds(5))}})
      .respond(200, "true");
  REQUIRE(call(h).ok());
  REQUIRE(h.sleeps->size() == 1);
  // The date has whole seconds, and a little time passes between writing and reading it.
  CHECK(h.sleeps->front() >= milliseconds(3500));
  CHECK(h.sleeps->front() <= milliseconds(5000));
}

TEST_CASE("An unreadable Retry-After falls back to the computed backoff", "[retry]") {
  harness h;
  h.fake->respond(503, "", {{"Retry-After", "garbage"}})
      .respond(503, "", {{"Retry-After", ""}})
      .respond(503, "", {{"Retry-After", "-5"}})
      .respond(503, "", {{"Retry-After", "1.5"}})
      .respond(200, "true");
  h.options.retry.max_attempts = 5;
  REQUIRE(call(h).ok());
  CHECK(*h.sleeps ==
        ms_list{milliseconds(500), milliseconds(1000), milliseconds(2000), milliseconds(4000)});
}

TEST_CASE("a Retry-After within max_backoff is waited as the server asked", "[retry]") {
  harness h;
  h.options.retry.max_backoff = milliseconds(2000);
  h.fake->respond(503, "", {{"Retry-After", "2"}}).respond(200, "true");
  REQUIRE(call(h).ok());
  CHECK(*h.sleeps == ms_list{milliseconds(2000)});
}

TEST_CASE("a Retry-After longer than max_backoff ends the call with the server's wait", "[retry]") {
  const auto gives_up_with = [](vc::HttpResponse answer) {
    harness h;
    h.options.retry.max_backoff = milliseconds(2000);
    h.options.retry.max_attempts = 4;
    h.fake->respond(answer.status, "", answer.headers).respond(200, "true");
    const auto result = call(h);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().attempts() == 1);
    CHECK(h.sleeps->empty());
    CHECK(h.fake->remaining() == 1);  // not come back early
    REQUIRE(result.error().retry_after());
    return *result.error().retry_after();
  };
  CHECK(gives_up_with({503, {{"Retry-After", "120"}}, ""}) == milliseconds(120000));
  const auto dated =
      gives_up_with({429, {{"Retry-After", http_date_in(std::chrono::hours(2))}}, ""});
  CHECK(dated > std::chrono::minutes(119));
  CHECK(dated <= std::chrono::hours(2));
  CHECK(gives_up_with({503, {{"Retry-After", "99999999999999999999"}}, ""}) >=
        std::chrono::hours(24 * 365));
}

TEST_CASE("the last answer's Retry-After stays on the error of a retried call", "[retry]") {
  harness h;
  h.options.retry.max_attempts = 2;
  h.fake->respond(503, "").respond(503, "", {{"Retry-After", "1"}});
  const auto result = call(h);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().attempts() == 2);
  CHECK(result.error().retry_after() == std::optional<milliseconds>(milliseconds(1000)));
}

TEST_CASE("Retry-After is ignored when respect_retry_after is false", "[retry]") {
  harness h;
  h.options.retry.respect_retry_after = false;
  h.fake->respond(503, "", {{"Retry-After", "7"}}).respond(200, "true");
  REQUIRE(call(h).ok());
  CHECK(*h.sleeps == ms_list{milliseconds(500)});
}

TEST_CASE("The final error is the last attempt's, counting every attempt", "[retry]") {
  SECTION("three server errors") {
    harness h;
    h.fake->respond(503, "first").respond(502, "second").respond(500, "third");
    const auto result = call(h);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind() == vc::ErrorKind::server);
    CHECK(result.error().status() == 500);
    CHECK(result.error().body() == "third");
    CHECK(result.error().attempts() == 3);
    CHECK_THROWS_AS(result.value(), vc::ServerError);
    CHECK(h.fake->requests().size() == 3);
  }
  SECTION("retries ended by a validation error") {
    harness h;
    h.fake->respond(503, "").respond(429, "").respond(400, R"({"message":"bad"})");
    const auto result = call(h);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind() == vc::ErrorKind::validation);
    CHECK(result.error().message() == "bad");
    CHECK(result.error().attempts() == 3);
  }
  SECTION("server error then a transport failure") {
    harness h;
    h.fake->respond(503, "").respond(503, "").fail(vc::TimeoutError("timed out"));
    const auto result = call(h);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind() == vc::ErrorKind::timeout);
    CHECK(result.error().status() == 0);
    CHECK(result.error().body().empty());
    CHECK(result.error().attempts() == 3);
  }
}

TEST_CASE("With jitter 1 every delay is twice the step, within max backoff", "[retry]") {
  harness h;
  h.options.retry.jitter = [] { return 1.0; };
  h.options.retry.max_attempts = 5;
  h.options.retry.max_backoff = milliseconds(4000);
  for (int i = 0; i < 5; ++i) h.fake->respond(503, "");
  REQUIRE_FALSE(call(h).ok());
  REQUIRE(h.sleeps->size() == 4);
  for (const auto delay : *h.sleeps) {
    CHECK(delay >= milliseconds(500));
    CHECK(delay <= milliseconds(4000));
  }
  // Past the cap the wait is drawn from [max_backoff / 2, max_backoff]: jitter 1 gives the half.
  CHECK(*h.sleeps ==
        ms_list{milliseconds(1000), milliseconds(2000), milliseconds(4000), milliseconds(2000)});
}

TEST_CASE("Random jitter stays within initial and max backoff", "[retry]") {
  harness h;
  h.options.retry.jitter = nullptr;
  h.options.retry.max_attempts = 8;
  h.options.retry.max_backoff = milliseconds(5000);
  for (int i = 0; i < 8; ++i) h.fake->respond(500, "");
  REQUIRE_FALSE(call(h).ok());
  REQUIRE(h.sleeps->size() == 7);
  milliseconds step(500);
  for (const auto delay : *h.sleeps) {
    CHECK(delay >= std::min(step, milliseconds(2500)));
    CHECK(delay <= std::min(step * 2, milliseconds(5000)));
    step *= 2;
  }
  // At the cap the waits stay random: clients stuck there do not retry in lock-step.
  std::set<long long> capped_waits(
      {h.sleeps->at(4).count(), h.sleeps->at(5).count(), h.sleeps->at(6).count()});
  CHECK(capped_waits.size() > 1);
  // The first retry is spread too: eight clients failing together do not all wait 500 ms.
  std::set<long long> first_waits;
  for (int client = 0; client < 8; ++client) {
    harness other;
    other.options.retry.jitter = nullptr;
    other.fake->respond(503, "").respond(200, "true");
    REQUIRE(call(other).ok());
    first_waits.insert(other.sleeps->at(0).count());
  }
  CHECK(first_waits.size() > 1);
}

TEST_CASE("The logger sees one event per attempt", "[retry][logging]") {
  harness h;
  auto events = std::make_shared<std::vector<vc::LogEvent>>();
  h.options.logger = [events](const vc::LogEvent& e) { events->push_back(e); };
  h.fake->respond(503, "").fail(vc::TransportError("connection reset")).respond(200, "true");
  REQUIRE(call(h).ok());
  REQUIRE(events->size() == 3);
  for (int i = 0; i < 3; ++i) {
    const auto& e = (*events)[static_cast<std::size_t>(i)];
    CHECK(e.attempt == i + 1);
    CHECK(e.method == "PUT");
    CHECK(e.url == "https://connect.example.test/ViewingParticipant/c1");
  }
  CHECK((*events)[0].status == 503);
  CHECK_FALSE((*events)[0].error.empty());
  CHECK((*events)[1].status == 0);
  CHECK_FALSE((*events)[1].error.empty());
  CHECK((*events)[2].status == 200);
  CHECK((*events)[2].error.empty());
}

TEST_CASE("A logger that throws does not fail the call", "[retry][logging]") {
  harness h;
  h.options.logger = [](const vc::LogEvent&) { throw std::runtime_error("log sink full"); };
  h.fake->respond(503, "").respond(200, "true");
  const auto result = call(h);
  REQUIRE(result.ok());
  CHECK(result.value());
  CHECK(h.fake->requests().size() == 2);
}
