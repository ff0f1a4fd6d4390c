// Issue 3 item 3: ClientOptions::proxy is honoured. The stand-in's raw listener plays the proxy:
// it answers `true` to whatever it gets and records the request line.

#include "support.hpp"

namespace integration {
namespace {

TEST_CASE("the proxy option routes requests through the proxy", "[integration][issue3]") {
  Harness harness;
  auto options = harness.options();
  // Nothing listens at the target itself: only the proxy can answer.
  options.base_url = "http://127.0.0.1:" + std::to_string(closed_port());
  options.proxy = harness.server.raw_base_url();
  vc::Client client(options);

  CHECK(client.update_viewing_participant("c1", sample_follow_up()));

  const auto requests = harness.server.requests();
  REQUIRE(requests.size() == 1);
  // A proxy gets the absolute form of the target.
  CHECK(requests.front().target == options.base_url + "/ViewingParticipant/c1");
  CHECK(requests.front().method == "PUT");
  CHECK(requests.front().body == vc::serialize(sample_follow_up(), vc::Format::json));
}

}  // namespace
}  // namespace integration
