// Issue 10: the three workflow endpoints end to end, in JSON and XML, against the stand-in.

#include "support.hpp"

namespace integration {
namespace {

const vc::Format formats[] = {vc::Format::json, vc::Format::xml};

TEST_CASE("a follow-up reported with PUT reads back with GET, in JSON and in XML",
          "[integration][issue10]") {
  const auto format = GENERATE(vc::Format::json, vc::Format::xml);
  Harness harness;
  vc::Client client(harness.options(format));
  const auto follow_up = sample_follow_up();
  REQUIRE(client.update_viewing_participant("M 1", follow_up));

  const auto held =
      client.get_viewing_participant("M 1", *follow_up.contact_id, *follow_up.viewing_id);

  REQUIRE(held.size() == 1);
  CHECK(held[0].contact_id == follow_up.contact_id);
  CHECK(held[0].viewing_id == follow_up.viewing_id);
  CHECK(held[0].participated == follow_up.participated);
  CHECK(held[0].contacted == follow_up.contacted);
  CHECK(held[0].time_slot_id.has_value());

  const auto seen = harness.server.requests().back();
  CHECK(seen.method == "GET");
  // Every id one percent-encoded segment.
  CHECK(seen.target ==
        "/ViewingParticipant/M%201/CON-1%20%3C%26%3E%20%22x%22/VIE-%C3%A5%C3%A4%C3%B6");
  CHECK(seen.body.empty());
  CHECK(seen.header("Content-Type").empty());  // a GET carries no body and says so
  CHECK(seen.header("Accept") ==
        (format == vc::Format::json ? "application/json" : "application/xml"));
  CHECK(seen.user == user);
}

TEST_CASE("nothing reported reads back as an empty list", "[integration][issue10]") {
  Harness harness;
  vc::Client client(harness.options());
  CHECK(client.get_viewing_participant("M1", "nobody", "never").empty());
}

TEST_CASE("a service provider redeems its order token and asks for user interaction",
          "[integration][issue10]") {
  for (const auto format : formats) {
    Harness harness;
    vc::Client client(harness.options(format));

    const auto ticket = client.get_order_ticket("M1", vc::OrderToken{"demo-token-ORD-1002"});

    CHECK(ticket.order_id == "ORD-1002");
    CHECK(ticket.customer_id == "M1");
    CHECK_FALSE(ticket.has_expired);
    const auto token_request = harness.server.requests().back();
    CHECK(token_request.method == "POST");
    CHECK(token_request.target == "/Service/Order/Token/M1");
    CHECK(token_request.body == vc::serialize(vc::OrderToken{"demo-token-ORD-1002"}, format));

    vc::OrderUserInteractionRequest ask;
    ask.id = ticket.order_id;
    ask.url = "https://provider.example/order/ORD-1002";
    CHECK(client.request_order_user_interaction("M1", ask));
    CHECK(harness.server.requests().back().fields.at("Id") == "ORD-1002");
  }
}

TEST_CASE("an expired token reads as expired; an unknown one is a ValidationError",
          "[integration][issue10]") {
  Harness harness;
  vc::Client client(harness.options());
  CHECK(client.get_order_ticket("M1", vc::OrderToken{"expired"}).has_expired);

  const auto unknown = client.try_get_order_ticket("M1", vc::OrderToken{"no-such-token"});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().kind() == vc::ErrorKind::validation);
  CHECK(unknown.error().attempts() == 1);
  CHECK_FALSE(unknown.error().model_state().empty());
}

TEST_CASE("orders list with their three date forms and a null, filtered in the query string",
          "[integration][issue10]") {
  for (const auto format : formats) {
    Harness harness;
    vc::Client client(harness.options(format));

    const auto all = client.list_orders("M1");
    REQUIRE(all.size() == 3);
    CHECK(all[0].created_at->to_string() == "2015-01-01T12:00:00");
    CHECK_FALSE(all[0].created_at->to_sys_time().has_value());  // no offset: no instant
    CHECK(all[1].created_at->to_string() == "2024-11-21T11:06:18.8765301+01:00");
    CHECK_FALSE(all[1].last_updated_at.has_value());  // null in the answer
    CHECK(all[1].status == vc::OrderEntryStatus::error);
    CHECK(all[2].status == vc::OrderEntryStatus("Ordered"));  // a name the docs do not list
    CHECK(all[2].service_id == 7);
    CHECK(harness.server.requests().back().target == "/Service/Order/M1");

    vc::OrderQuery query;
    query.target_id = "OBJ-17";
    query.created_from = vc::DateTime::parse("2020-01-01T00:00:00Z");
    query.status = vc::OrderEntryStatus::error;
    const auto filtered = client.list_orders("M1", query);
    REQUIRE(filtered.size() == 1);
    CHECK(filtered[0].id == "ORD-1002");
    CHECK(harness.server.requests().back().target ==
          "/Service/Order/M1?TargetId=OBJ-17&MinValue=2020-01-01T00:00:00Z&Status=Error");
  }
}

TEST_CASE("workflow calls map statuses as the PUTs do", "[integration][issue10]") {
  Harness harness;
  auto options = harness.options();
  vc::Client client(options);
  CHECK(client.try_list_orders("forbidden").error().kind() == vc::ErrorKind::forbidden);
  CHECK(client.try_get_viewing_participant("forbidden", "c", "v").error().kind() ==
        vc::ErrorKind::forbidden);
  options.password += "-wrong";
  vc::Client wrong(options);
  CHECK(wrong.try_get_order_ticket("M1", vc::OrderToken{"demo-token-ORD-1001"}).error().kind() ==
        vc::ErrorKind::unauthorized);

  harness.server.script(si::Fault::answer(503)).script(si::Fault::answer(503));
  const auto retried = client.try_list_orders("M1");
  REQUIRE(retried.ok());
  CHECK(retried.value().size() == 3);
}

TEST_CASE("bad input to the workflow calls is refused before anything is sent",
          "[integration][issue10]") {
  Harness harness;
  vc::Client client(harness.options());
  const auto refused = [](const vc::Error& e) {
    return e.kind() == vc::ErrorKind::invalid_argument && e.attempts() == 0;
  };
  CHECK(refused(client.try_get_viewing_participant("", "c", "v").error()));
  CHECK(refused(client.try_get_viewing_participant("M1", "", "v").error()));
  CHECK(refused(client.try_get_viewing_participant("M1", "c", "..").error()));
  CHECK(refused(client.try_get_order_ticket("M1", vc::OrderToken{""}).error()));
  CHECK(refused(client.try_get_order_ticket("M1", vc::OrderToken{}).error()));
  CHECK(refused(client.try_list_orders("").error()));
  CHECK_THROWS_AS(vc::DateTime::parse("2023-02-29T00:00:00"), vc::InvalidArgumentError);
  CHECK(harness.server.requests().empty());
}

TEST_CASE("a malformed list answer is a ProtocolError with the status", "[integration][issue10]") {
  Harness harness;
  harness.server.script(si::Fault::answer(200, R"({"id":"not a list"})", "application/json"));
  vc::Client client(harness.options());
  const auto result = client.try_list_orders("M1");
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind() == vc::ErrorKind::protocol);
  CHECK(result.error().status() == 200);
  CHECK(result.error().attempts() == 1);
}

}  // namespace
}  // namespace integration
