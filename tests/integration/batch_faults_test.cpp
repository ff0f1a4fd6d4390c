// The bulk calls run over curl multi, a code path of their own: the same faults must end there
// exactly as they end for a single call.

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

TEST_CASE("bulk: Retry-After as an HTTP-date holds back only the item that got it",
          "[integration][issue3][bulk]") {
  Harness harness;
  harness.server.script(si::Fault::retry_after_date(2s));
  auto options = harness.options();
  options.retry.max_backoff = 5s;
  vc::Client client(options);

  std::vector<vc::Result<bool>> results;
  const auto elapsed = time_of([&] {
    results = client.update_viewing_participants("c1", {sample_follow_up(), sample_follow_up()});
  });

  REQUIRE(results.size() == 2);
  CHECK(results[0].ok());
  CHECK(results[1].ok());
  CHECK(harness.server.requests().size() == 3);
  CHECK(elapsed >= 900ms);
  CHECK(elapsed < 4s);
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
