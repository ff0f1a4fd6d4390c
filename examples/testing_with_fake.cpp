// How to unit-test your own code that uses a Client, without a network: put a
// vc::testing::FakeTransport in ClientOptions::transport, script its answers, then check both
// what your code did and the requests it made.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <vitec/connect.hpp>
#include <vitec/connect/testing/fake_transport.hpp>

namespace vc = vitec::connect;

// ---- the code under test: what a user's service might contain --------------------------------

struct Visit {
  std::string contact;
  std::string viewing;
  bool attended = false;
};

/// Reports every visit of one viewing; returns the contacts the server did not accept, so that
/// the caller can show them to the broker instead of failing the whole report.
std::vector<std::string> report_visits(vc::Client& client, const std::string& office,
                                       const std::vector<Visit>& visits) {
  std::vector<std::string> not_accepted;
  for (const auto& visit : visits) {
    vc::ParticipantFollowUp follow_up;
    follow_up.contact_id = visit.contact;
    follow_up.viewing_id = visit.viewing;
    follow_up.participated = visit.attended;
    const auto result = client.try_update_viewing_participant(office, follow_up);
    if (!result || !result.value()) not_accepted.push_back(visit.contact);
  }
  return not_accepted;
}

// ---- the tests ---------------------------------------------------------------------------------

namespace {

vc::Client client_with(const std::shared_ptr<vc::testing::FakeTransport>& fake) {
  vc::ClientOptions options;
  options.base_url = "https://connect.example.test";
  options.username = "user";
  options.password = "secret";
  options.transport = fake;
  options.retry.sleep = [](std::chrono::milliseconds) {};  // retries without waiting
  return vc::Client(options);
}

}  // namespace

TEST_CASE("report_visits sends one follow-up per visit to the office") {
  auto fake = std::make_shared<vc::testing::FakeTransport>();
  fake->respond(200, "true").respond(200, "true");
  auto client = client_with(fake);

  const auto not_accepted =
      report_visits(client, "M-42", {{"C-1", "V-9", true}, {"C-2", "V-9", false}});

  CHECK(not_accepted.empty());
  const auto requests = fake->requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].method == "PUT");
  CHECK(requests[0].url == "https://connect.example.test/ViewingParticipant/M-42");
  CHECK(requests[0].body == R"({"contactId":"C-1","viewingId":"V-9","participated":true})");
  CHECK(requests[1].body == R"({"contactId":"C-2","viewingId":"V-9","participated":false})");
}

TEST_CASE("report_visits lists the contacts the server rejected and goes on") {
  auto fake = std::make_shared<vc::testing::FakeTransport>();
  fake->respond(400, R"({"Message":"The request is invalid."})")
      .respond(200, "false")
      .respond(200, "true");
  auto client = client_with(fake);

  const auto not_accepted = report_visits(
      client, "M-42", {{"C-1", "V-9", true}, {"C-2", "V-9", true}, {"C-3", "V-9", true}});

  CHECK(not_accepted == std::vector<std::string>{"C-1", "C-2"});
  CHECK(fake->requests().size() == 3);
}

TEST_CASE("report_visits survives a brief outage because the client retries") {
  auto fake = std::make_shared<vc::testing::FakeTransport>();
  fake->fail(vc::TransportError("connection reset")).respond(503, "").respond(200, "true");
  auto client = client_with(fake);

  CHECK(report_visits(client, "M-42", {{"C-1", "V-9", true}}).empty());
  CHECK(fake->requests().size() == 3);
}
