// Issue 3: faults below HTTP, played by the stand-in's raw TCP listener: a reset mid-response, a
// body shorter than its Content-Length, a status line that is not HTTP, and a connection dropped
// without an answer.

#include "support.hpp"

namespace integration {
namespace {

using namespace std::chrono_literals;

Outcome call_raw(const Harness& harness, int max_attempts) {
  auto options = harness.raw_options();
  options.retry.max_attempts = max_attempts;
  vc::Client client(options);
  vc::Result<bool> result = false;
  const auto elapsed =
      time_of([&] { result = client.try_update_viewing_participant("c1", sample_follow_up()); });
  const auto events = harness.log->events();
  const int attempts =
      result.ok() ? static_cast<int>(harness.server.requests().size()) : result.error().attempts();
  require_one_event_per_attempt(events, attempts, options.base_url + "/ViewingParticipant/c1");
  if (!result.ok()) require_no_secrets(result.error(), events);
  return {result, elapsed};
}

const si::Fault& fault_named(const std::string& name) {
  static const std::map<std::string, si::Fault> faults{{"reset", si::Fault::reset()},
                                                       {"truncated", si::Fault::truncated()},
                                                       {"drop", si::Fault::drop()}};
  return faults.at(name);
}

TEST_CASE("raw listener sanity: without a fault it answers true", "[integration][issue3]") {
  Harness harness;

  const auto outcome = call_raw(harness, 1);

  REQUIRE(outcome.result.ok());
  CHECK(outcome.result.value());
  const auto requests = harness.server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests.front().target == "/ViewingParticipant/c1");
  CHECK(requests.front().user == user);
}

TEST_CASE("a transient failure below HTTP is retried and the call succeeds",
          "[integration][issue3]") {
  const std::string name = GENERATE("reset", "truncated", "drop");
  INFO("fault: " << name);
  Harness harness;
  harness.server.script(fault_named(name));

  const auto outcome = call_raw(harness, 2);

  REQUIRE(outcome.result.ok());
  CHECK(outcome.result.value());
  CHECK(harness.server.requests().size() == 2);
  CHECK(harness.server.raw_connections() == 2);
  CHECK(outcome.elapsed < 2s);
  const auto events = harness.log->events();
  REQUIRE(events.size() == 2);
  CHECK(events[0].status == 0);
  CHECK_FALSE(events[0].error.empty());
  CHECK(events[1].status == 200);
}

TEST_CASE("a failure below HTTP on every attempt is a TransportError counting them all",
          "[integration][issue3]") {
  const std::string name = GENERATE("reset", "truncated", "drop");
  INFO("fault: " << name);
  Harness harness;
  harness.server.script(fault_named(name), 3);

  const auto outcome = call_raw(harness, 3);

  const auto error = failure_of(outcome.result);
  CHECK(error.kind() == vc::ErrorKind::transport);
  CHECK_THROWS_AS(error.raise(), vc::TransportError);
  CHECK(error.status() == 0);
  CHECK(error.attempts() == 3);
  CHECK(harness.server.requests().size() == 3);
  CHECK(outcome.elapsed < 2s);
}

TEST_CASE("a malformed status line is a permanent TransportError, not an answer",
          "[integration][issue3]") {
  Harness harness;
  harness.server.script(si::Fault::malformed_status(), 3);

  const auto outcome = call_raw(harness, 3);

  const auto error = failure_of(outcome.result);
  CHECK(error.kind() == vc::ErrorKind::transport);
  CHECK(error.status() == 0);
  CHECK(error.details().permanent);  // a peer that does not speak HTTP will not start to
  CHECK(error.attempts() == 1);
  CHECK(harness.server.requests().size() == 1);
  CHECK(outcome.elapsed < 2s);
}

}  // namespace
}  // namespace integration
