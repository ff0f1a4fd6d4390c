// Reading the answers of the 0.2 endpoints (tolerant), and what the field tables promise: XML
// members in ordinal order, answer-only members never sent, every model through nlohmann ADL.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "support.hpp"

namespace {

using namespace unit;
using Catch::Contains;

const std::string xmlns_i = "xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"";
const std::string follow_up_ns =
    "http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.ParticipantFollowUp";
const std::string express_ns =
    "http://schemas.datacontract.org/2004/07/Express.Connect.Api.Models.Order";
const std::string housing_order_ns =
    "http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Order";

std::string root(const std::string& name, const std::string& ns, const std::string& inner) {
  return "<" + name + " " + xmlns_i + " xmlns=\"" + ns + "\">" + inner + "</" + name + ">";
}

template <class T>
T read(const std::string& body, vc::Format format) {
  return vc::deserialize<T>(body, format);
}

vc::OrderEntry entry(const char* id, const char* created, std::int64_t service) {
  vc::OrderEntry v;
  v.id = id;
  v.created_at = vc::DateTime::parse(created);
  v.service_id = service;
  return v;
}

vc::OrderTicket full_ticket() {
  vc::OrderTicket v;
  v.order_id = "O1";
  v.user_id = "U1";
  v.order_user_id = "OU1";
  v.target_id = "T1";
  v.target_type = "Bostadsrätt";
  v.tenant_id = "TEN1";
  v.chain_id = "C1";
  v.customer_id = "M123";
  v.has_expired = true;
  return v;
}

vc::OrderEntry full_entry() {
  vc::OrderEntry v = entry("E1", "2024-11-21T11:06:18.8765301+01:00", 42);
  v.last_updated_at = vc::DateTime::parse("2024-11-22T08:00:00Z");
  v.status = vc::OrderEntryStatus::error;
  v.target_id = "T1";
  v.user_id = "U1";
  return v;
}

vc::ParticipantFollowUp full_follow_up() {
  auto v = docs_follow_up();
  v.time_slot_id = "slot 1";
  return v;
}

/// The element names below the root of `xml` (or below each of its items, for a list).
std::vector<std::string> member_names(const std::string& xml) {
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xml.c_str()));
  std::vector<std::string> names;
  for (const auto child : doc.document_element().children()) names.push_back(child.name());
  return names;
}

template <class Model>
void check_xml_order(const Model& full) {
  const auto names = member_names(vc::detail::answer_body(full, vc::Format::xml));
  CAPTURE(vc::detail::answer_body(full, vc::Format::xml));
  REQUIRE(names.size() == vc::detail::field_count<Model>);
  for (std::size_t i = 1; i < names.size(); ++i) CHECK(names[i - 1].compare(names[i]) < 0);
}

}  // namespace

TEST_CASE("XML members are written in ordinal order of their names, for every model",
          "[xml][codec][table]") {
  check_xml_order(full_follow_up());
  check_xml_order(docs_order_request());
  check_xml_order(vc::OrderToken{"t"});
  check_xml_order(full_ticket());
  check_xml_order(full_entry());
  // Ordinal, not by the table's (JSON) order: "ContactId" < "Contacted" as 'I' < 'e'.
  CHECK(member_names(vc::detail::answer_body(full_follow_up(), vc::Format::xml)) ==
        std::vector<std::string>{"ContactId", "Contacted", "Participated", "TimeSlotId",
                                 "ViewingId"});
}

TEST_CASE("time_slot_id is read from answers and never sent", "[codec][follow_up]") {
  const auto format = GENERATE(vc::Format::json, vc::Format::xml);
  const auto with_slot = full_follow_up();
  const auto body = vc::serialize(with_slot, format);
  CHECK(body == vc::serialize(docs_follow_up(), format));
  CHECK(body.find("imeSlotId") == std::string::npos);
  // An answer carries it, and reading gives it back.
  CHECK(read<vc::ParticipantFollowUp>(vc::detail::answer_body(with_slot, format), format) ==
        with_slot);
}

TEST_CASE("GET ViewingParticipant's list reads in both formats", "[codec][follow_up][list]") {
  const std::string json = R"([
    {"timeSlotId":"ts1","contactId":"c1","viewingId":"v1","participated":true,"contacted":"No"},
    {"VIEWINGID":"v2","contacted":"Ringd","extra":{"nested":[1,2]},"contactId":null}
  ])";
  const std::string xml =
      root("ArrayOfParticipantFollowUp", follow_up_ns,
           "<ParticipantFollowUp><ViewingId>v1</ViewingId><TimeSlotId>ts1</TimeSlotId>"
           "<Participated>true</Participated><ContactId>c1</ContactId><Contacted>No</Contacted>"
           "</ParticipantFollowUp>\n"
           "<ParticipantFollowUp><Unknown><Deep>x</Deep></Unknown><ContactId i:nil=\"true\"/>"
           "<Contacted>Ringd</Contacted><ViewingId>v2</ViewingId></ParticipantFollowUp>");
  vc::ParticipantFollowUp first = full_follow_up();
  first.contact_id = "c1";
  first.viewing_id = "v1";
  first.time_slot_id = "ts1";
  vc::ParticipantFollowUp second;
  second.viewing_id = "v2";
  second.contacted = vc::Contacted("Ringd");  // a name the docs do not list is kept
  const std::vector<vc::ParticipantFollowUp> expected{first, second};
  CHECK(read<std::vector<vc::ParticipantFollowUp>>(json, vc::Format::json) == expected);
  CHECK(read<std::vector<vc::ParticipantFollowUp>>(xml, vc::Format::xml) == expected);
}

TEST_CASE("Empty lists read as empty", "[codec][list]") {
  CHECK(read<std::vector<vc::OrderEntry>>(" [ ] ", vc::Format::json).empty());
  CHECK(
      read<std::vector<vc::OrderEntry>>(root("ArrayOfOrderEntry", express_ns, ""), vc::Format::xml)
          .empty());
  CHECK(read<std::vector<vc::ParticipantFollowUp>>(
            "<ArrayOfParticipantFollowUp xmlns=\"" + follow_up_ns + "\"/>", vc::Format::xml)
            .empty());
}

TEST_CASE("GET Service/Order's list reads every date form, nulls and unknown statuses",
          "[codec][order][list]") {
  const std::string json = R"([
    {"id":"1","createdAt":"2015-01-01T12:00:00","lastUpdatedAt":null,"status":"Error",
     "targetId":"T1","userId":"U1","serviceId":7},
    {"serviceId":9223372036854775807,"createdAt":"2024-11-21T11:06:18.8765301+01:00",
     "STATUS":"Levererad","id":"2","unknown":{"a":[null]}},
    null,
    {"lastUpdatedAt":"2024-11-21T10:06:18Z","serviceId":-9223372036854775808}
  ])";
  const std::string xml =
      root("ArrayOfOrderEntry", express_ns,
           "<OrderEntry><Id>1</Id><CreatedAt>2015-01-01T12:00:00</CreatedAt>"
           "<LastUpdatedAt i:nil=\"true\"/><Status>Error</Status><TargetId>T1</TargetId>"
           "<UserId>U1</UserId><ServiceId>7</ServiceId></OrderEntry>"
           "<OrderEntry><ServiceId> 9223372036854775807 </ServiceId>"
           "<CreatedAt>2024-11-21T11:06:18.8765301+01:00</CreatedAt><Status>Levererad</Status>"
           "<Id>2</Id><Unknown><A/></Unknown></OrderEntry>"
           "<OrderEntry i:nil=\"true\"/>"
           "<OrderEntry><LastUpdatedAt>2024-11-21T10:06:18Z</LastUpdatedAt>"
           "<ServiceId>-9223372036854775808</ServiceId></OrderEntry>");

  auto first = entry("1", "2015-01-01T12:00:00", 7);
  first.status = vc::OrderEntryStatus::error;
  first.target_id = "T1";
  first.user_id = "U1";
  auto second =
      entry("2", "2024-11-21T11:06:18.8765301+01:00", std::numeric_limits<std::int64_t>::max());
  second.status = vc::OrderEntryStatus("Levererad");
  vc::OrderEntry third;
  third.last_updated_at = vc::DateTime::parse("2024-11-21T10:06:18Z");
  third.service_id = std::numeric_limits<std::int64_t>::min();
  const std::vector<vc::OrderEntry> expected{first, second, third};

  CHECK(read<std::vector<vc::OrderEntry>>(json, vc::Format::json) == expected);
  CHECK(read<std::vector<vc::OrderEntry>>(xml, vc::Format::xml) == expected);
  for (const auto format : {vc::Format::json, vc::Format::xml}) {
    CHECK(read<std::vector<vc::OrderEntry>>(vc::detail::answer_body(expected, format), format) ==
          expected);
  }
}

TEST_CASE("OrderTicket reads in both formats and either order namespace", "[codec][ticket]") {
  const std::string json = R"({"hasExpired":true,"orderId":"O1","userId":"U1",
    "orderUserId":"OU1","targetId":"T1","targetType":"Bostadsrätt","tenantId":"TEN1",
    "chainId":"C1","customerId":"M123","somethingNew":42})";
  CHECK(read<vc::OrderTicket>(json, vc::Format::json) == full_ticket());

  const std::string members =
      "<UserId>U1</UserId><TargetType>Bostadsrätt</TargetType><TargetId>T1</TargetId>"
      "<TenantId>TEN1</TenantId><OrderUserId>OU1</OrderUserId><OrderId>O1</OrderId>"
      "<HasExpired>1</HasExpired><CustomerId>M123</CustomerId><ChainId>C1</ChainId>";
  CHECK(read<vc::OrderTicket>(root("OrderTicket", express_ns, members), vc::Format::xml) ==
        full_ticket());
  CHECK(read<vc::OrderTicket>(root("OrderTicket", housing_order_ns, members), vc::Format::xml) ==
        full_ticket());
  CHECK_THROWS_AS(
      read<vc::OrderTicket>(root("OrderTicket", follow_up_ns, members), vc::Format::xml),
      vc::ProtocolError);

  const auto sparse =
      read<vc::OrderTicket>(R"({"orderId":null,"hasExpired":null})", vc::Format::json);
  CHECK(sparse == vc::OrderTicket{});
}

TEST_CASE("XML reads the first of a repeated member", "[xml][codec]") {
  const auto v = read<vc::OrderTicket>(
      root("OrderTicket", express_ns,
           "<OrderId i:nil=\"true\"/><OrderId>first</OrderId><OrderId>second</OrderId>"),
      vc::Format::xml);
  CHECK(v.order_id == std::optional<std::string>("first"));
}

TEST_CASE("A malformed answer is a ProtocolError naming the member and the element",
          "[codec][errors]") {
  struct bad_case {
    vc::Format format;
    std::string body;
    std::string names;
  };
  const auto list = [](const std::string& items) {
    return root("ArrayOfOrderEntry", express_ns, items);
  };
  const auto json = vc::Format::json;
  const auto xml = vc::Format::xml;
  const auto c = GENERATE_COPY(values<bad_case>({
      {json, R"([{},{},{"serviceId":"5"}])", "list element 2: OrderEntry.serviceId"},
      {json, R"([{"serviceId":9223372036854775808}])", "OrderEntry.serviceId"},
      {json, R"([{"serviceId":-9223372036854775809}])", "OrderEntry.serviceId"},
      {json, R"([{"serviceId":1.5}])", "OrderEntry.serviceId"},
      {json, R"([{"serviceId":1e3}])", "OrderEntry.serviceId"},
      {json, R"([{"serviceId":true}])", "OrderEntry.serviceId"},
      {json, R"([{"createdAt":"2023-02-29T00:00:00"}])", "OrderEntry.createdAt"},
      {json, R"([{"lastUpdatedAt":20240101}])", "OrderEntry.lastUpdatedAt"},
      {json, R"([{"status":""}])", "OrderEntry.status"},
      {json, R"([{"status":1}])", "OrderEntry.status"},
      {json, R"([{"id":["a"]}])", "OrderEntry.id"},
      {json, R"([{}, "text"])", "list element 1"},
      {json, R"({"id":"1"})", "JSON array of OrderEntry"},
      {json, R"([{"id":"1"})", "not valid JSON"},
      {xml, list("<OrderEntry/><OrderEntry><ServiceId>5x</ServiceId></OrderEntry>"),
       "list element 1: OrderEntry.ServiceId"},
      {xml, list("<OrderEntry><ServiceId>9223372036854775808</ServiceId></OrderEntry>"),
       "OrderEntry.ServiceId"},
      {xml, list("<OrderEntry><ServiceId></ServiceId></OrderEntry>"), "OrderEntry.ServiceId"},
      {xml, list("<OrderEntry><CreatedAt>2024-01-01T24:00:00</CreatedAt></OrderEntry>"),
       "OrderEntry.CreatedAt"},
      {xml, list("<OrderEntry><Status/></OrderEntry>"), "OrderEntry.Status"},
      {xml, list("<OrderEntry/><OrderEntry/><Other/>"), "list element 2"},
      {xml, root("OrderEntry", express_ns, "<Id>1</Id>"), "ArrayOfOrderEntry"},
      {xml, root("ArrayOfOrderEntry", follow_up_ns, ""), "namespace"},
  }));
  CAPTURE(c.body);
  CHECK_THROWS_MATCHES(read<std::vector<vc::OrderEntry>>(c.body, c.format), vc::ProtocolError,
                       Catch::Matchers::Predicate<vc::ProtocolError>(
                           [&](const vc::ProtocolError& e) {
                             return std::string(e.what()).find(c.names) != std::string::npos;
                           },
                           "names " + c.names));
}

TEST_CASE("A malformed ticket or follow-up names the member", "[codec][errors]") {
  CHECK_THROWS_WITH(read<vc::OrderTicket>(R"({"hasExpired":"yes"})", vc::Format::json),
                    Contains("OrderTicket.hasExpired"));
  CHECK_THROWS_WITH(
      read<vc::OrderTicket>(root("OrderTicket", express_ns, "<HasExpired>yes</HasExpired>"),
                            vc::Format::xml),
      Contains("OrderTicket.HasExpired"));
  CHECK_THROWS_WITH(read<vc::OrderTicket>("[]", vc::Format::json), Contains("OrderTicket"));
  CHECK_THROWS_WITH(
      read<std::vector<vc::ParticipantFollowUp>>(R"([{"timeSlotId":5}])", vc::Format::json),
      Contains("list element 0: ParticipantFollowUp.timeSlotId"));
}

TEST_CASE("OrderToken checks its token before sending, naming member and byte", "[codec][token]") {
  const auto format = GENERATE(vc::Format::json, vc::Format::xml);
  CHECK_THROWS_WITH(vc::serialize(vc::OrderToken{"ab\xC3"}, format),
                    Contains("OrderToken.data is not valid UTF-8 (at byte 2)"));
  CHECK(vc::serialize(vc::OrderToken{}, format) ==
        (format == vc::Format::json ? "{}" : root("OrderToken", express_ns, "")));
  const vc::OrderToken token{"B2aJbxq/HPX567/8QBjwuGxKtL1wcDF9amnY+JLe1BEff7qWesnZvw=="};
  CHECK(read<vc::OrderToken>(vc::serialize(token, format), format) == token);
}

TEST_CASE("OrderToken refuses in XML a character XML 1.0 cannot carry", "[codec][token]") {
  CHECK_THROWS_WITH(vc::serialize(vc::OrderToken{"a\x01"}, vc::Format::xml),
                    Contains("OrderToken.data holds a character") && Contains("at byte 1"));
  CHECK(vc::serialize(vc::OrderToken{"a\x01"}, vc::Format::json) == R"({"data":"a\u0001"})");
}

TEST_CASE("An empty enum name is refused before sending", "[codec][enum]") {
  vc::ParticipantFollowUp v;
  v.contacted = vc::Contacted("");
  CHECK_THROWS_WITH(vc::serialize(v, vc::Format::json),
                    Contains("ParticipantFollowUp.contacted has an empty name"));
}

TEST_CASE("Contacted and OrderEntryStatus are extensible enums of one kind", "[enum]") {
  CHECK(vc::OrderEntryStatus::error.name() == "Error");
  CHECK(vc::OrderEntryStatus("Error") == vc::OrderEntryStatus::error);
  CHECK(vc::OrderEntryStatus("error") != vc::OrderEntryStatus::error);
  CHECK(vc::Contacted::no == vc::Contacted("No"));
  static_assert(!std::is_convertible_v<std::string, vc::OrderEntryStatus>, "explicit");
  static_assert(!std::is_convertible_v<std::string, vc::Contacted>, "explicit");
  static_assert(!std::is_convertible_v<vc::Contacted, vc::OrderEntryStatus>, "distinct types");
}

TEST_CASE("Every model converts with nlohmann::json through ADL", "[json][codec]") {
  const nlohmann::json ticket = full_ticket();
  CHECK(ticket.at("hasExpired") == true);
  CHECK(ticket.get<vc::OrderTicket>() == full_ticket());

  const nlohmann::json entries = std::vector<vc::OrderEntry>{full_entry(), vc::OrderEntry{}};
  CHECK(entries.at(0).at("createdAt") == "2024-11-21T11:06:18.8765301+01:00");
  CHECK(entries.at(0).at("serviceId") == 42);
  CHECK(entries.at(1) == nlohmann::json::object());
  CHECK(entries.get<std::vector<vc::OrderEntry>>() ==
        std::vector<vc::OrderEntry>{full_entry(), vc::OrderEntry{}});

  // The conversion is lossless, answer-only members included; get_to() starts afresh.
  const nlohmann::json follow_up = full_follow_up();
  CHECK(follow_up.at("timeSlotId") == "slot 1");
  vc::ParticipantFollowUp target = full_follow_up();
  nlohmann::json::object().get_to(target);
  CHECK(target == vc::ParticipantFollowUp{});

  const nlohmann::ordered_json token = vc::OrderToken{"t"};
  CHECK(token.dump() == vc::serialize(vc::OrderToken{"t"}, vc::Format::json));
}

/// Checks that changing any one member, as `changes` does in turn, makes the copy unequal.
template <class Model>
void check_each_member_counts(const Model& full,
                              const std::vector<std::function<void(Model&)>>& changes) {
  CHECK(full == Model(full));
  CHECK_FALSE(full != Model(full));
  for (std::size_t i = 0; i < changes.size(); ++i) {
    CAPTURE(i);
    Model changed = full;
    changes[i](changed);
    CHECK(changed != full);
    CHECK_FALSE(changed == full);
  }
}

// Equality comes from the field tables: every member a model has must be in its table, and so
// is compared. The members are listed here by hand, so that one missing from a table shows.
TEST_CASE("Models are equal only when every member is") {
  using vc::OrderEntry;
  using vc::OrderTicket;
  using vc::ParticipantFollowUp;
  check_each_member_counts<ParticipantFollowUp>(
      full_follow_up(), {[](ParticipantFollowUp& v) { v.contact_id = "other"; },
                         [](ParticipantFollowUp& v) { v.viewing_id.reset(); },
                         [](ParticipantFollowUp& v) { v.participated = !v.participated; },
                         [](ParticipantFollowUp& v) { v.contacted = vc::Contacted("Yes"); },
                         [](ParticipantFollowUp& v) { v.time_slot_id = "slot 2"; }});
  check_each_member_counts<vc::OrderUserInteractionRequest>(
      docs_order_request(), {[](vc::OrderUserInteractionRequest& v) { v.id = "other"; },
                             [](vc::OrderUserInteractionRequest& v) { v.url.reset(); },
                             [](vc::OrderUserInteractionRequest& v) { v.comment = "other"; }});
  check_each_member_counts<vc::OrderToken>(vc::OrderToken{"t"},
                                           {[](vc::OrderToken& v) { v.data = "u"; }});
  check_each_member_counts<OrderTicket>(
      full_ticket(),
      {[](OrderTicket& v) { v.order_id = "x"; }, [](OrderTicket& v) { v.user_id = "x"; },
       [](OrderTicket& v) { v.order_user_id = "x"; }, [](OrderTicket& v) { v.target_id = "x"; },
       [](OrderTicket& v) { v.target_type = "x"; }, [](OrderTicket& v) { v.tenant_id = "x"; },
       [](OrderTicket& v) { v.chain_id = "x"; }, [](OrderTicket& v) { v.customer_id = "x"; },
       [](OrderTicket& v) { v.has_expired = false; }});
  check_each_member_counts<OrderEntry>(
      full_entry(),
      {[](OrderEntry& v) { v.id = "x"; },
       [](OrderEntry& v) { v.created_at = vc::DateTime::parse("2024-11-21T11:06:18.8765301Z"); },
       [](OrderEntry& v) { v.last_updated_at.reset(); },
       [](OrderEntry& v) { v.status = vc::OrderEntryStatus("Delivered"); },
       [](OrderEntry& v) { v.target_id = "x"; }, [](OrderEntry& v) { v.user_id = "x"; },
       [](OrderEntry& v) { v.service_id = 43; }});

  // As with plain functions: a derived class and a reference_wrapper compare too.
  struct derived_token : vc::OrderToken {};
  derived_token mine;
  mine.data = "t";
  CHECK(mine == vc::OrderToken{"t"});
  CHECK(vc::OrderToken{"u"} != mine);
  const vc::OrderToken token{"t"};
  CHECK(std::cref(token) == vc::OrderToken{"t"});
}
