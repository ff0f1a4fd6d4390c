// Issue 2: both endpoints, in both formats, as the server receives them.

#include "support.hpp"

namespace integration {
namespace {

// Needs escaping in a path: space, '/', '?', '#', '%', '+' and non-ASCII.
const std::string awkward_id = "kund 1/a?b#c%d+\xC3\xA5";
const std::string awkward_id_on_wire = "kund%201%2Fa%3Fb%23c%25d%2B%C3%A5";

void require_common_headers(const si::RecordedRequest& seen, vc::Format format) {
  const bool json = format == vc::Format::json;
  CHECK(seen.method == "PUT");
  CHECK(seen.user == user);
  CHECK(seen.header("Content-Type") ==
        (json ? "application/json; charset=utf-8" : "application/xml; charset=utf-8"));
  CHECK(seen.header("Accept") == (json ? "application/json" : "application/xml"));
  CHECK(seen.header("User-Agent").rfind("vitec-connect-cpp/" + vc::version(), 0) == 0);
  CHECK(seen.status == 200);
}

TEST_CASE("viewing participant: the server receives the documented PUT, in JSON and in XML",
          "[integration][issue2]") {
  const auto format = GENERATE(vc::Format::json, vc::Format::xml);
  Harness harness;
  vc::Client client(harness.options(format));
  const auto follow_up = sample_follow_up();

  CHECK(client.update_viewing_participant(awkward_id, follow_up));

  const auto requests = harness.server.requests();
  REQUIRE(requests.size() == 1);
  const auto& seen = requests.front();
  require_common_headers(seen, format);
  CHECK(seen.target == "/ViewingParticipant/" + awkward_id_on_wire);
  CHECK(seen.path == "/ViewingParticipant/" + awkward_id);
  CHECK(seen.body == vc::serialize(follow_up, format));
  // What the server's model binding made of it: every member arrived, intact and in order.
  const std::map<std::string, std::string> expected{{"ContactId", *follow_up.contact_id},
                                                    {"Contacted", "No"},
                                                    {"Participated", "true"},
                                                    {"ViewingId", *follow_up.viewing_id}};
  CHECK(seen.fields == expected);
}

TEST_CASE("order user interaction: the server receives the documented PUT, in JSON and in XML",
          "[integration][issue2]") {
  const auto format = GENERATE(vc::Format::json, vc::Format::xml);
  Harness harness;
  vc::Client client(harness.options(format));
  const auto order = sample_order();

  CHECK(client.request_order_user_interaction(awkward_id, order));

  const auto requests = harness.server.requests();
  REQUIRE(requests.size() == 1);
  const auto& seen = requests.front();
  require_common_headers(seen, format);
  CHECK(seen.target == "/Service/Order/UserInteraction/" + awkward_id_on_wire);
  CHECK(seen.body == vc::serialize(order, format));
  // The CR in the comment survives XML too (a raw CR would arrive as LF).
  const std::map<std::string, std::string> expected{
      {"Comment", *order.comment}, {"Id", *order.id}, {"Url", *order.url}};
  CHECK(seen.fields == expected);
}

TEST_CASE("absent optionals are left out of the body the server reads", "[integration][issue2]") {
  const auto format = GENERATE(vc::Format::json, vc::Format::xml);
  Harness harness;
  vc::Client client(harness.options(format));
  vc::OrderUserInteractionRequest order;
  order.id = "only-id";

  CHECK(client.request_order_user_interaction("c1", order));

  const auto requests = harness.server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests.front().fields == std::map<std::string, std::string>{{"Id", "only-id"}});
  CHECK(requests.front().body.find("omment") == std::string::npos);
}

TEST_CASE("one client reuses its connection for consecutive calls", "[integration][issue2]") {
  Harness harness;
  vc::Client client(harness.options());

  for (int i = 0; i < 3; ++i) CHECK(client.update_viewing_participant("c1", sample_follow_up()));
  CHECK(client.request_order_user_interaction("c1", sample_order()));

  CHECK(harness.server.requests().size() == 4);
  CHECK(harness.server.connections() == 1);
}

TEST_CASE("a 'false' answer comes back as false, in either format", "[integration][issue2]") {
  const auto format = GENERATE(vc::Format::json, vc::Format::xml);
  Harness harness;
  harness.server.script(si::Fault::answer(
      200,
      format == vc::Format::json
          ? "false"
          : "<boolean "
            "xmlns=\"http://schemas.microsoft.com/2003/10/Serialization/\">false</boolean>",
      format == vc::Format::json ? "application/json" : "application/xml"));
  vc::Client client(harness.options(format));

  CHECK_FALSE(client.update_viewing_participant("c1", sample_follow_up()));
  CHECK(harness.server.requests().size() == 1);
}

TEST_CASE("bad input is refused before anything is sent", "[integration][issue2]") {
  Harness harness;
  vc::Client client(harness.options());
  auto bad_url = sample_order();
  bad_url.url = "crm.example/interact";

  for (const std::string id : {"", ".", "..", "a\nb"}) {
    INFO("customer id '" << id << "'");
    const auto error = failure_of(client.try_update_viewing_participant(id, sample_follow_up()));
    CHECK(error.kind() == vc::ErrorKind::invalid_argument);
    CHECK(error.attempts() == 0);
    require_no_secrets(error, {});
  }
  const auto error = failure_of(client.try_request_order_user_interaction("c1", bad_url));
  CHECK(error.kind() == vc::ErrorKind::invalid_argument);
  require_no_secrets(error, {});
  CHECK_THROWS_AS(client.request_order_user_interaction("c1", bad_url), vc::InvalidArgumentError);

  CHECK(harness.server.requests().empty());
  CHECK(harness.server.connections() == 0);
  CHECK(harness.log->events().empty());
}

TEST_CASE("ids made of dots but not dot segments arrive intact", "[integration][issue2]") {
  Harness harness;
  vc::Client client(harness.options());

  for (const std::string id : {"...", ".a", "a..b"}) {
    CHECK(client.update_viewing_participant(id, sample_follow_up()));
  }

  const auto requests = harness.server.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].path == "/ViewingParticipant/...");
  CHECK(requests[1].path == "/ViewingParticipant/.a");
  CHECK(requests[2].path == "/ViewingParticipant/a..b");
}

}  // namespace
}  // namespace integration
