// The stand-in's workflow endpoints of API 0.2 (read back a follow-up, redeem an order token,
// list orders), driven with raw HTTP so that the bytes on the wire are the test's own and the
// server is checked independently of the SDK's readers.

#include <httplib.h>

#include <sstream>

#include "support.hpp"

namespace integration {
namespace {

constexpr const char* json_type = "application/json";
constexpr const char* xml_type = "application/xml";
constexpr const char* instance_ns = "xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"";
const std::string follow_up_ns =
    "xmlns=\"http://schemas.datacontract.org/2004/07/"
    "Vitec.Housing.Connect.Api.Models.ParticipantFollowUp\"";
const std::string express_ns =
    "xmlns=\"http://schemas.datacontract.org/2004/07/Express.Connect.Api.Models.Order\"";
const std::string order_ns =
    "xmlns=\"http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Order\"";

/// What the stand-in answered: status and body.
struct Answer {
  int status = 0;
  std::string body;
  std::string content_type;
};

/// A plain HTTP client on the stand-in, signed in as the harness user unless told otherwise.
class Raw {
 public:
  explicit Raw(const si::Server& server, const std::string& name = user,
               const std::string& secret = password)
      : http_(server.base_url()) {
    if (!name.empty()) http_.set_basic_auth(name, secret);
    http_.set_url_encode(false);  // targets go out exactly as the test spells them
  }

  Answer get(const std::string& target, bool xml = false) {
    return answer(http_.Get(target, accept(xml)));
  }
  Answer send(const std::string& method, const std::string& target, const std::string& body,
              bool xml = false) {
    const char* type = xml ? xml_type : json_type;
    return answer(method == "PUT" ? http_.Put(target, accept(xml), body, type)
                                  : http_.Post(target, accept(xml), body, type));
  }

 private:
  static httplib::Headers accept(bool xml) { return {{"Accept", xml ? xml_type : json_type}}; }
  static Answer answer(const httplib::Result& result) {
    REQUIRE(result);
    return {result->status, result->body, result->get_header_value("Content-Type")};
  }

  httplib::Client http_;
};

std::string token_json(const std::string& token) { return R"({"data":")" + token + R"("})"; }

std::string token_xml(const std::string& token) {
  return std::string("<OrderToken ") + instance_ns + " " + express_ns + "><Data>" + token +
         "</Data></OrderToken>";
}

const std::string all_orders_json =
    R"([{"id":"ORD-1001","createdAt":"2015-01-01T12:00:00","lastUpdatedAt":"2015-01-02T08:30:00",)"
    R"("status":"Delivered","targetId":"OBJ-17","userId":"U-501","serviceId":42},)"
    R"({"id":"ORD-1002","createdAt":"2024-11-21T11:06:18.8765301+01:00","lastUpdatedAt":null,)"
    R"("status":"Error","targetId":"OBJ-17","userId":"U-502","serviceId":42},)"
    R"({"id":"ORD-1003","createdAt":"2025-03-04T09:15:00Z","lastUpdatedAt":"2025-03-04T10:00:00.5Z",)"
    R"("status":"Ordered","targetId":"OBJ-23","userId":"U-501","serviceId":7}])";

/// The ids of the orders in a JSON list answer, in order.
std::vector<std::string> order_ids(const Answer& answer) {
  REQUIRE(answer.status == 200);
  std::vector<std::string> ids;
  for (std::size_t at = answer.body.find(R"("id":")"); at != std::string::npos;
       at = answer.body.find(R"("id":")", at + 1)) {
    ids.push_back(answer.body.substr(at + 6, 8));
  }
  return ids;
}

TEST_CASE("stand-in: GET ViewingParticipant reads back what PUT stored, in JSON and XML",
          "[integration][stand-in]") {
  Harness harness;
  Raw raw(harness.server);
  const std::string target = "/ViewingParticipant/M-1/C-1/V-2";

  CHECK(raw.get(target).body == "[]");
  CHECK(raw.get(target, true).body ==
        "<ArrayOfParticipantFollowUp " + std::string(instance_ns) + " " + follow_up_ns + "/>");

  REQUIRE(raw.send("PUT", "/ViewingParticipant/M-1",
                   R"({"contactId":"C-1","viewingId":"V-2","participated":true,"contacted":"No"})")
              .body == "true");
  const Answer json = raw.get(target);
  CHECK(json.status == 200);
  CHECK(json.content_type == "application/json; charset=utf-8");
  CHECK(json.body ==
        R"([{"timeSlotId":"TS-1","contactId":"C-1","viewingId":"V-2","participated":true,)"
        R"("contacted":"No"}])");

  SECTION("a later PUT replaces it, keeps its time slot, and a left-out member reads null") {
    const std::string xml_put = "<ParticipantFollowUp " + std::string(instance_ns) + " " +
                                follow_up_ns +
                                "><ContactId>C-1</ContactId><ViewingId>V-2</ViewingId>"
                                "</ParticipantFollowUp>";
    REQUIRE(raw.send("PUT", "/ViewingParticipant/M-1", xml_put, true).status == 200);
    const Answer xml = raw.get(target, true);
    CHECK(xml.content_type == "application/xml; charset=utf-8");
    CHECK(xml.body == "<ArrayOfParticipantFollowUp " + std::string(instance_ns) + " " +
                          follow_up_ns +
                          "><ParticipantFollowUp><ContactId>C-1</ContactId>"
                          "<Contacted i:nil=\"true\"/><Participated>false</Participated>"
                          "<TimeSlotId>TS-1</TimeSlotId><ViewingId>V-2</ViewingId>"
                          "</ParticipantFollowUp></ArrayOfParticipantFollowUp>");
  }
  SECTION("another customer, contact or viewing has none; a refused PUT stores nothing") {
    CHECK(raw.get("/ViewingParticipant/M-2/C-1/V-2").body == "[]");
    CHECK(raw.get("/ViewingParticipant/M-1/C-9/V-2").body == "[]");
    CHECK(raw.get("/ViewingParticipant/M-1/C-1/V-9").body == "[]");
    REQUIRE(raw.send("PUT", "/ViewingParticipant/M-1", R"({"viewingId":"V-3"})").status == 400);
    CHECK(raw.get("/ViewingParticipant/M-1/C-1/V-3").body == "[]");
  }
  SECTION("a TimeSlotId sent with the PUT is not taken") {
    REQUIRE(raw.send("PUT", "/ViewingParticipant/M-1",
                     R"({"contactId":"C-5","viewingId":"V-2","timeSlotId":"mine"})")
                .status == 200);
    CHECK(raw.get("/ViewingParticipant/M-1/C-5/V-2").body.find(R"("timeSlotId":"TS-2")") !=
          std::string::npos);
  }
}

TEST_CASE("stand-in: each path id is one raw segment, percent-decoded on its own",
          "[integration][stand-in]") {
  Harness harness;
  Raw raw(harness.server);
  REQUIRE(
      raw.send("PUT", "/ViewingParticipant/M%2F1", R"({"contactId":"C 1/x","viewingId":"V\u00e5"})")
          .status == 200);

  const Answer read = raw.get("/ViewingParticipant/M%2F1/C%201%2Fx/V%C3%A5");
  CHECK(read.body.find(R"("contactId":"C 1/x")") != std::string::npos);
  const auto requests = harness.server.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].endpoint == "GET ViewingParticipant/{customerId}/{contactId}/{viewingId}");
  CHECK(requests[1].fields ==
        std::map<std::string, std::string>{{"ContactId", "C 1/x"}, {"ViewingId", "V\xC3\xA5"}});

  // Too few or too many segments, or an empty one, is no endpoint at all.
  for (const char* wrong : {"/ViewingParticipant/M-1/C-1", "/ViewingParticipant/M-1/C-1/V-2/x",
                            "/ViewingParticipant/M-1//V-2", "/Service/Order/M-1/x"}) {
    INFO(wrong);
    CHECK(raw.get(wrong).status == 404);
  }
  CHECK(harness.server.requests().back().endpoint.empty());
}

TEST_CASE("stand-in: POST Service/Order/Token redeems the demo tokens", "[integration][stand-in]") {
  Harness harness;
  Raw raw(harness.server);

  const Answer json =
      raw.send("POST", "/Service/Order/Token/M-1", token_json("demo-token-ORD-1003"));
  CHECK(json.status == 200);
  CHECK(json.body ==
        R"({"orderId":"ORD-1003","userId":"U-501","orderUserId":"U-500","targetId":"OBJ-23",)"
        R"("targetType":"House","tenantId":"T-1","chainId":"CH-1","customerId":"M-1",)"
        R"("hasExpired":false})");
  CHECK(harness.server.requests().back().fields ==
        std::map<std::string, std::string>{{"Data", "demo-token-ORD-1003"}});

  const Answer xml = raw.send("POST", "/Service/Order/Token/M-1", token_xml("expired"), true);
  CHECK(xml.status == 200);
  CHECK(xml.body == "<OrderTicket " + std::string(instance_ns) + " " + express_ns +
                        "><ChainId>CH-1</ChainId><CustomerId>M-1</CustomerId>"
                        "<HasExpired>true</HasExpired><OrderId>ORD-1001</OrderId>"
                        "<OrderUserId>U-500</OrderUserId><TargetId>OBJ-17</TargetId>"
                        "<TargetType>House</TargetType><TenantId>T-1</TenantId>"
                        "<UserId>U-501</UserId></OrderTicket>");
  CHECK(harness.server.requests().back().endpoint == "POST Service/Order/Token/{customerId}");
}

TEST_CASE("stand-in: POST Service/Order/Token refuses what it cannot redeem",
          "[integration][stand-in]") {
  Harness harness;
  Raw raw(harness.server);
  struct Case {
    std::string body;
    bool xml;
    std::string answer;
  };
  const std::string required =
      R"({"message":"The request is invalid.","modelState":{"token.Data":["The Data field is required."]}})";
  const auto refused = GENERATE_REF(values<Case>({
      {token_json("B2aJbxq/HPX567"), false,
       R"({"message":"The token is not valid.","modelState":{"token.Data":)"
       R"(["The token is unknown or malformed."]}})"},
      {token_json("demo-token-ORD-9999"), false, ""},
      {token_json("demo-token-"), false, ""},
      {token_json(""), false, required},
      {"{}", false, required},
      {R"({"data":null})", false, required},
      {token_xml("nope"), true,
       "<Error><Message>The token is not valid.</Message><ModelState><token.Data>The token is "
       "unknown or malformed.</token.Data></ModelState></Error>"},
      // The UserInteraction namespace is the wrong one for a token.
      {"<OrderToken " + std::string(instance_ns) + " " + order_ns +
           "><Data>expired</Data></OrderToken>",
       true, ""},
  }));
  INFO(refused.body);
  const Answer answer = raw.send("POST", "/Service/Order/Token/M-1", refused.body, refused.xml);
  CHECK(answer.status == 400);
  if (!refused.answer.empty()) CHECK(answer.body == refused.answer);
}

TEST_CASE("stand-in: GET Service/Order lists the demo orders in JSON and XML",
          "[integration][stand-in]") {
  Harness harness;
  Raw raw(harness.server);

  const Answer json = raw.get("/Service/Order/M-1");
  CHECK(json.status == 200);
  CHECK(json.body == all_orders_json);
  CHECK(harness.server.requests().back().fields.empty());

  const Answer xml = raw.get("/Service/Order/M-1?TargetId=OBJ-17&Status=Error", true);
  CHECK(xml.status == 200);
  CHECK(xml.body == "<ArrayOfOrderEntry " + std::string(instance_ns) + " " + order_ns +
                        "><OrderEntry><CreatedAt>2024-11-21T11:06:18.8765301+01:00</CreatedAt>"
                        "<Id>ORD-1002</Id><LastUpdatedAt i:nil=\"true\"/><ServiceId>42</ServiceId>"
                        "<Status>Error</Status><TargetId>OBJ-17</TargetId><UserId>U-502</UserId>"
                        "</OrderEntry></ArrayOfOrderEntry>");
  CHECK(harness.server.requests().back().fields ==
        std::map<std::string, std::string>{{"Status", "Error"}, {"TargetId", "OBJ-17"}});
  CHECK(raw.get("/Service/Order/M-1?TargetId=OBJ-99", true).body ==
        "<ArrayOfOrderEntry " + std::string(instance_ns) + " " + order_ns + "/>");
}

TEST_CASE("stand-in: GET Service/Order filters on target, creation time and status",
          "[integration][stand-in]") {
  Harness harness;
  Raw raw(harness.server);
  using ids = std::vector<std::string>;
  const std::string orders = "/Service/Order/M-1";

  CHECK(order_ids(raw.get(orders + "?TargetId=OBJ-17")) == ids{"ORD-1001", "ORD-1002"});
  CHECK(order_ids(raw.get(orders + "?targetid=OBJ-23")) == ids{"ORD-1003"});  // any case
  CHECK(order_ids(raw.get(orders + "?TargetId=obj-17")).empty());             // exact value
  CHECK(order_ids(raw.get(orders + "?Status=delivered")) == ids{"ORD-1001"});
  // Both bounds are inclusive, compared as instants whatever the form: 11:06:18.8765301+01:00
  // is 10:06:18.8765301Z; a date without offset counts as UTC.
  CHECK(order_ids(raw.get(orders + "?MinValue=2024-11-21T10:06:18.8765301Z")) ==
        ids{"ORD-1002", "ORD-1003"});
  CHECK(order_ids(raw.get(orders + "?MinValue=2024-11-21T10:06:18.8765302Z")) == ids{"ORD-1003"});
  CHECK(order_ids(raw.get(orders + "?MaxValue=2015-01-01T12:00:00")) == ids{"ORD-1001"});
  CHECK(order_ids(raw.get(orders + "?MaxValue=2015-01-01T11:59:59.9999999")).empty());
  CHECK(order_ids(raw.get(orders + "?MinValue=2025-03-04T10:15:00%2B01:00&MaxValue=2025-03-04T" +
                          "09:15:00Z")) == ids{"ORD-1003"});
  CHECK(order_ids(raw.get(orders + "?MinValue=2015-01-01T12:00:00&MaxValue=2025-03-04T09:15:00Z" +
                          "&TargetId=OBJ-17&Status=Error")) == ids{"ORD-1002"});
}

TEST_CASE("stand-in: GET Service/Order refuses a filter it cannot read",
          "[integration][stand-in]") {
  Harness harness;
  Raw raw(harness.server);
  const auto query = GENERATE(values<std::string>({
      "MinValue=yesterday",
      "MaxValue=2015-13-01T12:00:00",
      "MinValue=2015-02-29T12:00:00",           // not a leap year
      "MinValue=2015-01-01T12:00:00.12345678",  // eight fraction digits
      "MinValue=2015-01-01T12:00:00+01:00",     // an unencoded '+' is a space
      "MinValue=2015-01-01T12:00:00%2B1:00",
      "Status=Lost",
  }));
  INFO(query);
  const Answer answer = raw.get("/Service/Order/M-1?" + query);
  CHECK(answer.status == 400);
  const std::string name = query.substr(0, query.find('='));
  CHECK(answer.body.find(R"("modelState":{")" + name + R"(":["The value ')") != std::string::npos);
}

TEST_CASE("stand-in: the workflow endpoints answer 401 and 403 as the PUTs do",
          "[integration][stand-in]") {
  Harness harness;
  struct Call {
    std::string method, customer_target, body;
  };
  const auto call = GENERATE(values<Call>({
      {"GET", "/ViewingParticipant/{c}/C-1/V-2", ""},
      {"POST", "/Service/Order/Token/{c}", R"({"data":"expired"})"},
      {"GET", "/Service/Order/{c}", ""},
  }));
  const auto target = [&](const std::string& customer) {
    std::string out = call.customer_target;
    return out.replace(out.find("{c}"), 3, customer);
  };
  const auto run = [&](Raw& raw, const std::string& customer) {
    return call.method == "GET" ? raw.get(target(customer))
                                : raw.send(call.method, target(customer), call.body);
  };
  INFO(call.method << " " << call.customer_target);

  Raw nobody(harness.server, "");
  Raw wrong(harness.server, user, "not-the-password");
  Raw signed_in(harness.server);
  const Answer anonymous = run(nobody, "M-1");
  CHECK(anonymous.status == 401);
  CHECK(anonymous.body == R"({"message":"Authorization has been denied for this request."})");
  CHECK(run(wrong, "M-1").status == 401);
  CHECK(run(wrong, "forbidden").status == 401);  // who you are comes before what you may see
  const Answer forbidden = run(signed_in, "forbidden");
  CHECK(forbidden.status == 403);
  CHECK(forbidden.body == R"({"message":"Access to customer forbidden is denied."})");
  CHECK(run(signed_in, "M-1").status == 200);
}

TEST_CASE("stand-in: scripted faults play on the workflow endpoints too",
          "[integration][stand-in]") {
  Harness harness;
  Raw raw(harness.server);
  harness.server.script(si::Fault::retry_after(503, 2)).script(si::Fault::garbage());

  const Answer busy = raw.get("/Service/Order/M-1");
  CHECK(busy.status == 503);
  const Answer garbage = raw.send("POST", "/Service/Order/Token/M-1", token_json("expired"));
  CHECK(garbage.status == 200);
  CHECK(garbage.content_type == "text/html");
  CHECK(raw.get("/ViewingParticipant/M-1/C-1/V-2").body == "[]");
  CHECK(harness.server.pending_faults() == 0);

  const auto requests = harness.server.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].status == 503);
  CHECK(requests[0].user == user);
}

TEST_CASE("stand-in: its log and summary show the workflow requests, never a credential or a token",
          "[integration][stand-in]") {
  std::ostringstream log;
  std::string summary;
  {
    auto options = server_options();
    options.log = &log;
    Harness harness(options);
    Raw raw(harness.server);
    raw.get("/Service/Order/M-1?Status=Error");
    raw.get("/Service/Order/M-2");
    raw.get("/Service/Order/forbidden");
    raw.send("POST", "/Service/Order/Token/M-1", token_json("expired"));
    raw.get("/ViewingParticipant/M-1/C-1");
    summary = si::summary(harness.server.requests());
  }

  const std::string text = log.str();
  INFO(text);
  CHECK(text.find("GET /Service/Order/M-1?Status=Error user=broker -> 200 body=-\n") !=
        std::string::npos);
  // An order token is a credential: the body that carries it is withheld.
  CHECK(text.find("POST /Service/Order/Token/M-1 user=broker -> 200 body=<withheld: an order "
                  "token>\n") != std::string::npos);
  CHECK(text.find("expired") == std::string::npos);
  CHECK(text.find(password) == std::string::npos);
  CHECK(text.find("Basic") == std::string::npos);
  CHECK(summary ==
        "      2 x 200  GET Service/Order/{customerId}\n"
        "      1 x 403  GET Service/Order/{customerId}\n"
        "      1 x 200  POST Service/Order/Token/{customerId}\n"
        "      1 x 404  GET /ViewingParticipant/M-1/C-1\n");
}

}  // namespace
}  // namespace integration
