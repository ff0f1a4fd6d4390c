// The stand-in itself: the behaviours the other tests rely on, so that a passing client test
// cannot come from a server that accepts anything.

#include <sstream>

#include "http_text.hpp"
#include "support.hpp"

namespace integration {
namespace {

TEST_CASE("stand-in: an XML member out of alphabetical order is dropped, as .NET does",
          "[integration][stand-in]") {
  Harness harness;
  // The SDK's own XML with <ContactId> moved last, sent by a transport wrapping the real one.
  auto body = vc::serialize(sample_follow_up(), vc::Format::xml);
  const auto contact = body.find("<ContactId>");
  const auto contacted = body.find("<Contacted>");
  REQUIRE(contact != std::string::npos);
  REQUIRE(contacted != std::string::npos);
  const std::string contact_element = body.substr(contact, contacted - contact);
  body.erase(contact, contact_element.size());
  body.insert(body.find("</ParticipantFollowUp>"), contact_element);

  struct Swapping : vc::Transport {
    std::shared_ptr<vc::Transport> inner;
    std::string body;
    vc::HttpResponse send(const vc::HttpRequest& request) override {
      vc::HttpRequest changed = request;
      changed.body = body;
      return inner->send(changed);
    }
  };
  auto swapping = std::make_shared<Swapping>();
  swapping->inner = std::make_shared<vc::CurlTransport>();
  swapping->body = body;
  vc::ClientOptions options = harness.options(vc::Format::xml);
  options.transport = swapping;

  const auto error =
      failure_of(vc::Client(options).try_update_viewing_participant("c1", sample_follow_up()));

  CHECK(error.kind() == vc::ErrorKind::validation);
  CHECK(error.model_state().count("followUp.ContactId") == 1);
  const auto requests = harness.server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests.front().fields.count("ContactId") == 0);
  CHECK(requests.front().fields.count("ViewingId") == 1);
}

TEST_CASE("stand-in: its log names user, status and body, never a credential",
          "[integration][stand-in]") {
  std::ostringstream log;
  std::string body;
  {
    auto options = server_options();
    options.log = &log;
    Harness harness(options);
    vc::Client client(harness.options());

    CHECK(client.update_viewing_participant("c1", sample_follow_up()));
    CHECK_FALSE(client.try_update_viewing_participant("forbidden", sample_follow_up()).ok());
    body = harness.server.requests().front().body;
  }  // the server's threads, which write the log, are joined: reading it now is no race

  const std::string text = log.str();
  INFO(text);
  REQUIRE(body.find('{') == 0);
  CHECK(text.find("PUT /ViewingParticipant/c1 user=broker -> 200 body=" + body + "\n") !=
        std::string::npos);
  CHECK(text.find("-> 403 body={") != std::string::npos);
  CHECK(text.find(password) == std::string::npos);
  CHECK(text.find("Basic") == std::string::npos);
}

TEST_CASE("stand-in: a logged body stays on one line and is cut at a character",
          "[integration][stand-in]") {
  using si::detail::log_excerpt;
  CHECK(log_excerpt("{\"a\":1}", 400) == "{\"a\":1}");
  CHECK(log_excerpt("<a>\r\n\t<b/>\x01\x7F</a>", 400) == "<a>\\r\\n\\t<b/>\\x01\\x7F</a>");
  CHECK(log_excerpt("abcdef", 4) == "abcd... (6 bytes)");
  const std::string a_ring = "\xC3\xA5";  // one letter, two bytes: a cut keeps both or neither
  CHECK(log_excerpt("ab" + a_ring + "cd", 3) == "ab... (6 bytes)");
  CHECK(log_excerpt("ab" + a_ring + "cd", 4) == "ab" + a_ring + "... (6 bytes)");
}

TEST_CASE("stand-in: one connection carries many requests, without Nagle's delay",
          "[integration][stand-in]") {
  Harness harness;
  vc::Client client(harness.options());
  constexpr int calls = 40;

  // With Nagle's algorithm each answer on a reused connection waited ~40 ms for a delayed ACK:
  // 1.6 s for these. httplib's default also closed a connection after 5 requests.
  const auto elapsed = time_of([&] {
    for (int i = 0; i < calls; ++i) {
      CHECK(client.update_viewing_participant("c1", sample_follow_up()));
    }
  });

  CHECK(harness.server.connections() == 1);
  CHECK(elapsed < milliseconds(1000));
}

TEST_CASE("stand-in: a batch of 64 in flight is served at once", "[integration][stand-in]") {
  Harness harness;
  vc::Client client(harness.options());
  const std::vector<vc::ParticipantFollowUp> follow_ups(64, sample_follow_up());
  vc::BatchOptions batch;
  batch.max_in_flight = 64;

  // A fixed pool of 8 workers parked the other connections for the 2 s keep-alive timeout, and
  // the listen backlog of 5 dropped SYNs that each cost a 1 s retransmit.
  std::vector<vc::Result<bool>> results;
  const auto elapsed =
      time_of([&] { results = client.update_viewing_participants("c1", follow_ups, batch); });

  REQUIRE(results.size() == follow_ups.size());
  for (const auto& result : results) CHECK(result.ok());
  CHECK(elapsed < milliseconds(1000));
}

TEST_CASE("stand-in: fault specs of the command line", "[integration][stand-in]") {
  const auto twice = si::parse_fault_spec("503x2");
  REQUIRE(twice);
  CHECK(twice->times == 2);
  CHECK(twice->fault.kind == si::Fault::Kind::answer);
  CHECK(twice->fault.status == 503);
  CHECK(si::parse_fault_spec("reset")->fault.raw());
  CHECK_FALSE(si::parse_fault_spec("stall")->fault.raw());
  CHECK(si::parse_fault_spec("429-date")->fault.kind == si::Fault::Kind::retry_after_date);
  CHECK_FALSE(si::parse_fault_spec("explode"));
  CHECK_FALSE(si::parse_fault_spec("503x0"));
  CHECK_FALSE(si::parse_fault_spec("99"));
}

}  // namespace
}  // namespace integration
