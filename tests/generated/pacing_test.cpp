// ClientOptions::max_requests_per_second over loopback: single calls wait for their slot through
// RetryPolicy::sleep (recorded here, so nothing is timed tightly), copies of a client share the
// pace, retries count, and bulk calls keep to it. Only lower bounds on real time are asserted.
#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "download_server.hpp"

namespace vc = vitec::connect;

namespace {

using download_test::Server;
using std::chrono::milliseconds;

void answer_true(Server& server) {
  server.on([](const httplib::Request&, httplib::Response& res, int) {
    res.set_content("true", "application/json");
  });
}

vc::ParticipantFollowUp follow_up() {
  vc::ParticipantFollowUp item;
  item.contact_id = "C1";
  item.viewing_id = "V1";
  item.participated = true;
  item.contacted = vc::Contacted::no;
  return item;
}

}  // namespace

TEST_CASE("single calls are spaced 1/N s apart, copies of a client included",
          "[generated][pacing]") {
  Server server;
  answer_true(server);
  auto options = server.options();
  options.max_requests_per_second = 2;  // a slot every 500 ms
  std::mutex mutex;
  std::vector<milliseconds> waits;
  options.retry.sleep = [&](milliseconds wait) {  // records and returns at once
    std::lock_guard<std::mutex> lock(mutex);
    waits.push_back(wait);
  };
  vc::Client client(options);
  vc::Client copy = client;
  const auto began = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) {
    auto& which = i % 2 == 0 ? client : copy;
    CHECK(which.update_viewing_participant("c1", follow_up()));
  }
  const auto elapsed =
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - began);
  // The k-th start was given the slot k x 500 ms after the first; its wait is that less the time
  // the calls before it took.
  REQUIRE(waits.size() == 4);
  for (std::size_t k = 1; k <= waits.size(); ++k) {
    INFO("wait " << k);
    CHECK(waits[k - 1] <= milliseconds(500 * k + 1));
    CHECK(waits[k - 1] >= milliseconds(500 * k) - elapsed - milliseconds(1));
  }
  CHECK(server.requests() == 5);
}

TEST_CASE("retries take their own slots", "[generated][pacing]") {
  Server server;
  server.on([](const httplib::Request&, httplib::Response& res, int) { res.status = 503; });
  auto options = server.options();
  options.max_requests_per_second = 1;
  options.retry.jitter = [] { return 0.0; };
  std::vector<milliseconds> waits;
  options.retry.sleep = [&waits](milliseconds wait) { waits.push_back(wait); };
  const auto result = vc::Client(options).try_update_viewing_participant("c1", follow_up());
  CHECK(!result.ok());
  CHECK(server.requests() == 3);
  // Two backoffs (1 ms and 2 ms) and, before the second and third attempts, a wait for the next
  // second's slot.
  std::size_t paced = 0;
  for (const auto wait : waits) paced += wait > milliseconds(500) ? 1 : 0;
  CHECK(paced == 2);
}

TEST_CASE("no pacing by default, and a bad rate is refused", "[generated][pacing]") {
  Server server;
  answer_true(server);
  auto options = server.options();
  std::size_t sleeps = 0;
  options.retry.sleep = [&sleeps](milliseconds) { ++sleeps; };
  vc::Client client(options);
  for (int i = 0; i < 5; ++i) CHECK(client.update_viewing_participant("c1", follow_up()));
  CHECK(sleeps == 0);
  for (const double bad : {-1.0, std::nan(""), HUGE_VAL}) {
    options.max_requests_per_second = bad;
    CHECK_THROWS_AS(vc::Client(options), vc::InvalidArgumentError);
  }
}

TEST_CASE("a bulk call keeps to the pace", "[generated][pacing]") {
  Server server;
  answer_true(server);
  auto options = server.options();
  options.max_requests_per_second = 20;  // a slot every 50 ms
  vc::Client client(options);
  const std::vector<vc::ParticipantFollowUp> items(9, follow_up());
  const auto began = std::chrono::steady_clock::now();
  const auto results = client.update_viewing_participants("c1", items);
  const auto elapsed = std::chrono::steady_clock::now() - began;
  for (const auto& result : results) CHECK(result.ok());
  CHECK(server.requests() == 9);
  CHECK(elapsed >= milliseconds(8 * 50));  // eight gaps of 50 ms at least, however loaded
}

namespace {

/// The first request gets a 429 that asks for `retry_after` seconds; every other one succeeds.
void first_is_429(Server& server, const char* retry_after) {
  server.on([retry_after](const httplib::Request&, httplib::Response& res, int n) {
    if (n == 1) {
      res.status = 429;
      res.set_header("Retry-After", retry_after);
      return;
    }
    res.set_content("true", "application/json");
  });
}

}  // namespace

TEST_CASE("a 429's Retry-After holds the other calls of the client and its copies",
          "[generated][pacing]") {
  Server server;
  first_is_429(server, "2");
  auto options = server.options();
  options.retry.max_attempts = 1;  // the call that got the 429 gives up: only the others wait
  std::vector<milliseconds> waits;
  options.retry.sleep = [&waits](milliseconds wait) { waits.push_back(wait); };
  vc::Client client(options);
  const auto refused = client.try_update_viewing_participant("c1", follow_up());
  REQUIRE(!refused.ok());
  CHECK(refused.error().status() == 429);
  CHECK(waits.empty());

  vc::Client copy = client;
  CHECK(copy.update_viewing_participant("c1", follow_up()));
  REQUIRE(waits.size() == 1);
  CHECK(waits[0] > milliseconds(1000));  // what is left of the 2 s, however slow the first call
  CHECK(waits[0] <= milliseconds(2000));
  CHECK(server.requests() == 2);
}

TEST_CASE("a 429 holds a client's bulk calls, in real time", "[generated][pacing]") {
  Server server;
  first_is_429(server, "1");
  auto options = server.options();
  options.retry.max_attempts = 1;
  vc::Client client(options);
  CHECK(!client.try_update_viewing_participant("c1", follow_up()).ok());
  const auto began = std::chrono::steady_clock::now();
  const auto results = client.update_viewing_participants(
      "c1", std::vector<vc::ParticipantFollowUp>(3, follow_up()));
  const auto elapsed = std::chrono::steady_clock::now() - began;
  for (const auto& result : results) CHECK(result.ok());
  // Only a lower bound: the 1 s the server asked for, less the time since the 429 arrived.
  CHECK(elapsed >= milliseconds(800));
}

TEST_CASE("a 429 holds nothing when Retry-After is not respected, nor another client",
          "[generated][pacing]") {
  Server server;
  first_is_429(server, "2");
  auto options = server.options();
  options.retry.max_attempts = 1;
  std::size_t sleeps = 0;
  options.retry.sleep = [&sleeps](milliseconds) { ++sleeps; };
  vc::Client held(options);
  CHECK(!held.try_update_viewing_participant("c1", follow_up()).ok());
  vc::Client other(options);  // its own pacing state, though built from the same options
  CHECK(other.update_viewing_participant("c1", follow_up()));
  CHECK(sleeps == 0);

  options.retry.respect_retry_after = false;
  vc::Client ignoring(options);
  server.on([](const httplib::Request&, httplib::Response& res, int n) {
    if (n == 3) {
      res.status = 429;
      res.set_header("Retry-After", "2");
      return;
    }
    res.set_content("true", "application/json");
  });
  CHECK(!ignoring.try_update_viewing_participant("c1", follow_up()).ok());
  CHECK(ignoring.update_viewing_participant("c1", follow_up()));
  CHECK(sleeps == 0);
}
