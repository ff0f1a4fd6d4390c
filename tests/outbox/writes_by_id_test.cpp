// Writes held by operation id with JSON, as api::try_call takes them: drained over loopback HTTP
// they reach the server exactly as api::call sends them, and what api::try_call would refuse is
// refused at enqueue with nothing stored. (Its own unit: <vitec/connect/api/all.hpp> is costly.)

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vitec/connect/api/all.hpp>
#include <vitec/connect/outbox.hpp>

#include "recording_server.hpp"
#include "scratch_dir.hpp"

namespace {

namespace vc = vitec::connect;
namespace api = vitec::connect::api;
using json = nlohmann::json;
using outbox_test::RecordingServer;
using outbox_test::ScratchDir;

struct Write {
  const char* id;
  api::Arguments arguments;
  std::optional<json> body;
  const char* answer;
};

}  // namespace

TEST_CASE("a write held by its id goes exactly as api::call sends it", "[outbox][writes]") {
  ScratchDir dir;
  const Write writes[] = {
      {"PUT-CRM-Contact-customerId-SearchProfile-Commercial-id",
       {{{"customerId", "M1"}, {"id", "S 1/\xC3\xB6"}}, {}},
       json{{"areaIds", {"A1"}}, {"isAutomaticProfile", true}},
       ""},
      {"DELETE-CRM-Contact-customerId-contactId-SearchProfile-External",
       {{{"customerId", "M1"}, {"contactId", "C1"}}, {{"externalId", "x&y"}}},
       std::nullopt,
       ""},
      {"DELETE-CRM-Bid-customerId-id",
       {{{"customerId", "M1"}, {"id", "B1"}}, {}},
       std::nullopt,
       "true"},
      {"POST-CRM-Contact-customerId-contactId-Verify",
       {{{"customerId", "M1"}, {"contactId", "C1"}}, {}},
       json{{"verificationMethod", "BankId"}},
       "true"},
  };
  for (const auto& write : writes) {
    INFO(write.id);
    RecordingServer server({{200, write.answer}});
    vc::Client client(server.client_options());
    REQUIRE(api::try_call(client, write.id, write.arguments, write.body).ok());
    auto sent = server.received();
    REQUIRE(sent.size() == 1);
    server.reset();
    vc::Outbox outbox(client, {dir.file(std::string(write.id) + ".db")});
    outbox.enqueue(write.id, write.arguments, write.body);
    CHECK(outbox.drain().sent == 1);
    CHECK(outbox.pending() == 0);
    const auto drained = server.received();
    REQUIRE(drained.size() == 1);
    CHECK(drained[0] == sent[0]);
  }
}

TEST_CASE("a write by id is refused where api::try_call would refuse it, storing nothing",
          "[outbox][writes]") {
  ScratchDir dir;
  RecordingServer server({{200, "true"}});
  vc::Outbox outbox(vc::Client(server.client_options()), {dir.file("q.db")});
  const api::Arguments bid{{{"customerId", "M1"}, {"id", "B1"}}, {}};
  const auto refused = [&](const char* id, const api::Arguments& arguments,
                           const std::optional<json>& body, const char* naming) {
    INFO(id << " / " << naming);
    try {
      outbox.enqueue(id, arguments, body);
      FAIL("enqueued");
    } catch (const vc::InvalidArgumentError& e) {
      CHECK_THAT(e.what(), Catch::Contains(naming));
    }
  };
  refused("PUT-No-Such-Operation", bid, std::nullopt, "PUT-No-Such-Operation");
  refused("POST-CRM-Bid-customerId-estateId-contactId",
          {{{"customerId", "M1"}, {"estateId", "E1"}, {"contactId", "C1"}}, {}}, json::object(),
          "not a write safe to send again");
  refused("GET-CRM-Bid-customerId-id", bid, std::nullopt, "not a write safe to send again");
  refused("DELETE-CRM-Bid-customerId-id", {{{"customerId", "M1"}}, {}}, std::nullopt, "id");
  refused("DELETE-CRM-Bid-customerId-id",
          {{{"customerId", "M1"}, {"id", "B1"}, {"bidId", "B"}}, {}}, std::nullopt, "bidId");
  refused("DELETE-CRM-Bid-customerId-id", {{{"customerId", "M1"}}, {{"id", "B1"}}}, std::nullopt,
          "query");
  refused("DELETE-CRM-Bid-customerId-id", bid, json::object(), "takes no body");
  const api::Arguments search{{{"customerId", "M1"}, {"id", "S1"}}, {}};
  refused("PUT-CRM-Contact-customerId-SearchProfile-Commercial-id", search, std::nullopt,
          "takes a body");
  refused("PUT-CRM-Contact-customerId-SearchProfile-Commercial-id", search,
          json{{"areaIdz", {"A1"}}}, "areaIdz");
  refused("PUT-CRM-Contact-customerId-SearchProfile-Commercial-id", search,
          json{{"isAutomaticProfile", "yes"}}, "isAutomaticProfile");
  // Safe to send again, but their answers are the point of them: a drain would lose the
  // redeemed token's OrderTicket, the contacts read, the merged contact.
  const char* answering = "answers nothing, a boolean or an id";
  refused("POST-Service-Order-Token-customerId", {{{"customerId", "M1"}}, {}},
          json{{"data", "token"}}, answering);
  refused("POST-Contacts-GetContacts", {}, json{{"customerId", "M1"}}, answering);
  refused("POST-Meeting-GetMeetings", {}, json{{"customerId", "M1"}}, answering);
  refused("PUT-CRM-MergeContact-customerId-contactId-Merge",
          {{{"customerId", "M1"}, {"contactId", "C1"}}, {}}, json::object(), answering);
  CHECK(outbox.status().pending == 0);
  CHECK(outbox.status().dead == 0);
  CHECK(server.received().empty());
}
