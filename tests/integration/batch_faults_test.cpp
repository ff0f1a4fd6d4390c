// The bulk calls run over curl multi, a code path of their own: the same faults must end there
// exactly as they end for a single call.

#include <mutex>
#include <utility>
#include <vector>

#include "support.hpp"

namespace integration {
namespace {

using namespace std::chrono_literals;

struct Case {
  const char* name;
  si::Fault fault;
  int times;
  bool succeeds;
  vc::ErrorKind kind;  // when it fails
  int requests;        // what the server sees; the attempts when it fails
};

std::vector<Case> cases() {
  const auto ok = vc::ErrorKind::protocol;  // unused for a success
  return {
      {"503 twice", si::Fault::answer(503, "busy"), 2, true, ok, 3},
      {"500 always", si::Fault::answer(500, "down"), 3, false, vc::ErrorKind::server, 3},
      {"stall", si::Fault::stall(10s), 3, false, vc::ErrorKind::timeout, 3},
      {"garbage", si::Fault::garbage(), 1, false, vc::ErrorKind::protocol, 1},
      {"huge body", si::Fault::huge_body(std::size_t{64} << 20), 1, false, vc::ErrorKind::protocol,
       1},
      {"redirect", si::Fault::redirect(), 1, false, vc::ErrorKind::http, 1},
      {"reset once", si::Fault::reset(), 1, true, ok, 2},
      {"truncated once", si::Fault::truncated(), 1, true, ok, 2},
      {"drop always", si::Fault::drop(), 3, false, vc::ErrorKind::transport, 3},
      {"echo", si::Fault::echo_credentials(502), 3, false, vc::ErrorKind::server, 3},
  };
}

TEST_CASE("bulk: each fault ends as it does for a single call", "[integration][issue3][bulk]") {
  const auto test = GENERATE(from_range(cases()));
  INFO("fault: " << test.name);
  Harness harness;
  harness.server.script(test.fault, test.times);
  auto options = test.fault.raw() ? harness.raw_options() : harness.options();
  options.request_timeout = 300ms;
  options.max_response_bytes = 64 * 1024;
  vc::Client client(options);

  std::vector<vc::Result<bool>> results;
  const auto elapsed =
      time_of([&] { results = client.update_viewing_participants("c1", {sample_follow_up()}); });

  REQUIRE(results.size() == 1);
  CHECK(results[0].ok() == test.succeeds);
  CHECK(harness.server.requests().size() == static_cast<std::size_t>(test.requests));
  CHECK(elapsed < 3s);
  const auto events = harness.log->events();
  require_one_event_per_attempt(events, test.requests, options.base_url + "/ViewingParticipant/c1");
  if (!results[0].ok()) {
    const auto& error = results[0].error();
    CHECK(error.kind() == test.kind);
    CHECK(error.attempts() == test.requests);
    require_no_secrets(error, events);
  }
}

TEST_CASE("bulk: Retry-After as an HTTP-date holds back the whole batch",
          "[integration][issue3][issue22][bulk]") {
  using clock = std::chrono::steady_clock;
  Harness harness;
  harness.server.script(si::Fault::retry_after_date(2s));  // 1-2 s ahead at 1 s resolution
  auto options = harness.options();
  options.retry.max_backoff = 5s;
  std::mutex mutex;
  std::vector<std::pair<vc::LogEvent, clock::time_point>> log;
  options.logger = [&](const vc::LogEvent& event) {
    const std::lock_guard<std::mutex> lock(mutex);
    log.emplace_back(event, clock::now());
  };
  // One in flight: the others are sent only after the first item got its 429, so the server's
  // "not before" holds them too (the client as a whole is over its limit).
  vc::BatchOptions batch;
  batch.max_in_flight = 1;
  std::vector<vc::ParticipantFollowUp> items(3, sample_follow_up());
  for (std::size_t i = 0; i < items.size(); ++i) items[i].viewing_id = "item-" + std::to_string(i);

  const auto results = vc::Client(options).update_viewing_participants("c1", items, batch);

  REQUIRE(results.size() == items.size());
  for (const auto& result : results) CHECK((result.ok() && result.value()));
  const auto requests = harness.server.requests();
  REQUIRE(requests.size() == items.size() + 1);
  CHECK(requests.front().status == 429);
  REQUIRE(log.size() == items.size() + 1);
  CHECK(log.front().first.status == 429);
  // Every later exchange, the other items' first attempts and the held item's retry alike, ended
  // after the hold (at least 1 s at the header's 1 s resolution; a lower bound only).
  int retries = 0;
  for (std::size_t i = 1; i < log.size(); ++i) {
    INFO("event " << i);
    CHECK(log[i].first.status == 200);
    CHECK(log[i].second - log.front().second >= milliseconds(900));
    retries += log[i].first.attempt == 2 ? 1 : 0;
  }
  CHECK(retries == 1);
}

TEST_CASE("bulk: connection refused fails every item after its retries",
          "[integration][issue3][bulk]") {
  Harness harness;
  auto options = harness.options();
  options.base_url = "http://127.0.0.1:" + std::to_string(closed_port());
  options.retry.max_attempts = 2;
  vc::Client client(options);

  const auto results =
      client.request_order_user_interactions("c1", {sample_order(), sample_order()});

  REQUIRE(results.size() == 2);
  for (const auto& result : results) {
    const auto error = failure_of(result);
    CHECK(error.kind() == vc::ErrorKind::transport);
    CHECK(error.attempts() == 2);  // refused is transient
    require_no_secrets(error, harness.log->events());
  }
  CHECK(harness.log->events().size() == 4);
}

}  // namespace
}  // namespace integration
