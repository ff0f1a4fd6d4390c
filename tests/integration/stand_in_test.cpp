// The stand-in itself: the behaviours the other tests rely on, so that a passing client test
// cannot come from a server that accepts anything.

#include <sstream>

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

TEST_CASE("stand-in: its log names user and status, never a credential",
          "[integration][stand-in]") {
  std::ostringstream log;
  auto options = server_options();
  options.log = &log;
  Harness harness(options);
  vc::Client client(harness.options());

  CHECK(client.update_viewing_participant("c1", sample_follow_up()));
  CHECK_FALSE(client.try_update_viewing_participant("forbidden", sample_follow_up()).ok());

  const std::string text = log.str();
  CHECK(text.find("PUT /ViewingParticipant/c1 user=broker -> 200") != std::string::npos);
  CHECK(text.find("-> 403") != std::string::npos);
  CHECK(text.find(password) == std::string::npos);
  CHECK(text.find("Basic") == std::string::npos);
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
