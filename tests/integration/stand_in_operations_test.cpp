// The stand-in beyond the 0.2 endpoints, over loopback with a plain HTTP client (so that nothing
// the SDK checks first gets in the way): it validates a body as Web API would, plays a fault
// scripted for one operation only, serves back what a write left, and keeps personal identity
// numbers out of its log. Every operation's answer is checked in tests/generated.
#include <httplib.h>
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sstream>
#include <string>

#include "stand_in.hpp"

namespace integration {
namespace {

namespace si = vitec::stand_in;
using json = nlohmann::json;

/// A plain client signed in as the stand-in's demo account; targets go out as spelt.
class Plain {
 public:
  explicit Plain(const si::Server& server) : http_(server.base_url()) {
    http_.set_basic_auth("demo", "demo-password");
    http_.set_url_encode(false);
  }

  httplib::Result get(const std::string& target) { return http_.Get(target); }
  httplib::Result send(const std::string& method, const std::string& target, const json& body) {
    const std::string text = body.dump();
    return method == "PUT" ? http_.Put(target, text, "application/json")
                           : http_.Post(target, text, "application/json");
  }

 private:
  httplib::Client http_;
};

/// The model state of a 400 answer; fails the test for any other answer.
json model_state_of(const httplib::Result& result) {
  REQUIRE(result);
  INFO(result->body);
  REQUIRE(result->status == 400);
  const json body = json::parse(result->body);
  CHECK(body["message"] == "The request is invalid.");
  return body["modelState"];
}

std::string repeated(const std::string& text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

}  // namespace

TEST_CASE("stand-in: a malformed body gets 400 naming the member, in every area",
          "[integration][stand-in]") {
  si::Server server;
  Plain plain(server);
  const std::string interest = "/Advertising/Estate/M-1/E-1/interest";
  const json person = {{"firstName", "Anna"}, {"lastName", "Berg"}, {"noSuchMember", 1}};
  {
    INFO("a valid body, with a member the model lacks, as ASP.NET tolerates");
    const auto ok = plain.send("POST", interest, person);
    REQUIRE(ok);
    CHECK(ok->status / 100 == 2);
  }
  // Lengths count UTF-16 units as .NET does: 40 "ä" fit the 40 allowed; 20 emoji are 40 units,
  // 21 are 42.
  for (const auto& [name, fits] :
       {std::pair{repeated("\xC3\xA4", 40), true},
        std::pair{repeated("\xF0\x9F\x98\x80", 20), true},
        std::pair{repeated("\xF0\x9F\x98\x80", 21), false}, std::pair{repeated("x", 41), false}}) {
    json body = person;
    body["firstName"] = name;
    const auto result = plain.send("POST", interest, body);
    REQUIRE(result);
    if (fits) {
      CHECK(result->status / 100 == 2);
    } else {
      CHECK(model_state_of(result)["AdvertisingInterestApplication.FirstName"][0] ==
            "The field FirstName must be a string with a minimum length of 1 and a maximum "
            "length of 40.");
    }
  }
  json without_last = person;
  without_last.erase("lastName");
  CHECK(model_state_of(plain.send("POST", interest,
                                  without_last))["AdvertisingInterestApplication.LastName"][0] ==
        "The LastName field is required.");

  const auto update =
      model_state_of(plain.send("POST", "/Contacts/UpdatePerson", {{"firstName", 12345}}));
  CHECK(update.contains("UpdatePerson.CustomerId"));  // required, and missing
  CHECK(update.contains("UpdatePerson.FirstName"));   // a number where text belongs
  CHECK(update.size() == 2);

  const auto survey = model_state_of(plain.send("POST", "/CRM/Estate/M-1/E-1/CustomerSatisfaction",
                                                {{"contactId", "C-1"}, {"result", "many"}}));
  CHECK(survey.contains("CustomerSatisfactionSurvey.Result"));

  const auto meetings = model_state_of(plain.send(
      "POST", "/Meeting/GetMeetings", {{"customerId", "M-1"}, {"dateTo", "2025-01-01"}}));
  CHECK(meetings.contains("MeetingCreateria.DateFrom"));

  // A required query parameter left out, and one of the wrong kind.
  CHECK(model_state_of(plain.get("/CRM/Contact/M-1/Search")).contains("Term"));
  CHECK(model_state_of(plain.get("/CRM/Contact/M-1/Search?Term=annab&MaxSize=many"))
            .contains("MaxSize"));
  CHECK(model_state_of(plain.get("/CRM/Contact/M-1/Search?Term=anna"))["Term"][0] ==
        "The field Term must be a string with a minimum length of 5.");
  // A list of ids longer than the page allows (max 20), in the path.
  std::string ids = "C-0";
  for (int i = 1; i < 21; ++i) ids += ",C-" + std::to_string(i);
  CHECK(model_state_of(plain.get("/CRM/Contact/M-1/" + ids))["contactIds"][0] ==
        "At most 20 ids of contactIds may be given at once.");
  CHECK(plain.get("/CRM/Contact/M-1/" + ids.substr(0, ids.rfind(',')))->status == 200);
  const auto found = plain.get("/CRM/Contact/M-1/Search?term=annab&maxSize=5");  // any case
  REQUIRE(found);
  CHECK(found->status == 200);
}

TEST_CASE("stand-in: routes by method and path template, literal segments first",
          "[integration][stand-in]") {
  si::Server server;
  Plain plain(server);
  CHECK(plain.get("/CRM/Contact/M-1/Person/C-1")->status == 200);
  CHECK(plain.get("/CRM/Contact/M-1/C-1")->status == 200);
  CHECK(plain.get("/CRM/Contact/M-1/C-1,C-2")->status == 200);
  CHECK(plain.get("/No/Such/Path")->status == 404);
  CHECK(plain.send("PUT", "/CRM/Contact/M-1/C-1", json::object())->status == 404);
  CHECK(plain.get("/CRM/Contact/forbidden/C-1")->status == 403);
  const auto requests = server.requests();
  REQUIRE(requests.size() == 6);
  CHECK(requests[0].endpoint == "GET CRM/Contact/{customerId}/Person/{contactId}");
  CHECK(requests[1].endpoint == "GET CRM/Contact/{customerId}/{contactId}");
  CHECK(requests[2].endpoint == "GET CRM/Contact/{customerId}/{contactIds}");
  CHECK(requests[3].endpoint.empty());
  CHECK(requests[4].endpoint.empty());
  // An optional last segment may be left out, with its '/'.
  CHECK(plain.get("/CRM/Contact/M-1/SearchProfile/C-1")->status == 200);
  CHECK(server.requests().back().endpoint ==
        "GET CRM/Contact/{customerId}/SearchProfile/{contactId}/{searchprofileId}");
  CHECK(plain.get("/CRM/Contact/M-1/SearchProfile/C-1/P-1/x")->status == 404);
  // The id of the request is in the answer where the answer has a member of its name.
  const json contact = json::parse(plain.get("/CRM/Contact/M-1/C%2042")->body);
  CHECK(contact["id"] == "C 42");
  CHECK(contact["customerId"] == "M-1");

  httplib::Client anonymous(server.base_url());
  CHECK(anonymous.Get("/CRM/Contact/M-1/C-1")->status == 401);
}

TEST_CASE("stand-in: a fault scripted for one operation is played to that operation only",
          "[integration][stand-in]") {
  si::Server server;
  Plain plain(server);
  server.script(si::Fault::retry_after(429, 7).on("GET-CRM-Contact-customerId-contactId"));
  server.script(si::Fault::answer(500).on("DELETE-CRM-Bid-customerId-id"));

  const auto other = plain.get("/CRM/Contact/M-1/Person/C-1");  // another operation passes by
  REQUIRE(other);
  CHECK(other->status == 200);
  CHECK(server.pending_faults() == 2);

  const auto limited = plain.get("/CRM/Contact/M-1/C-1");
  REQUIRE(limited);
  CHECK(limited->status == 429);
  CHECK(limited->get_header_value("Retry-After") == "7");
  CHECK(plain.get("/CRM/Contact/M-1/C-1")->status == 200);  // played once
  CHECK(server.pending_faults() == 1);

  httplib::Client http(server.base_url());
  http.set_basic_auth("demo", "demo-password");
  CHECK(http.Delete("/CRM/Bid/M-1/B-1")->status == 500);
  CHECK(http.Delete("/CRM/Bid/M-1/B-1")->status == 200);
  CHECK(server.pending_faults() == 0);

  // The command line's spelling of the same.
  const auto spec = si::parse_fault_spec("429-datex2@GET-CRM-Contact-customerId-contactId");
  REQUIRE(spec);
  CHECK(spec->times == 2);
  CHECK(spec->fault.status == 429);
  CHECK(spec->fault.operation == "GET-CRM-Contact-customerId-contactId");
  CHECK_FALSE(si::parse_fault_spec("500@GET-No-Such-Operation"));
}

TEST_CASE("stand-in: a read on a write's path serves back what was written",
          "[integration][stand-in]") {
  si::Server server;
  Plain plain(server);
  const std::string path = "/CRM/Focusarea/M-1/User/U-7";
  const json areas = json::array({{{"id", "A-99"}, {"dispencer", false}}});
  const auto sample = json::parse(plain.get(path)->body);
  CHECK(sample["areas"] != areas);  // nothing written yet: the page's sample

  const auto written = plain.send("POST", path, {{"areas", areas}});
  REQUIRE(written);
  CHECK(written->status / 100 == 2);
  CHECK(json::parse(plain.get(path)->body)["areas"] == areas);
  // Another user's focus areas, or another customer's, are not those.
  CHECK(json::parse(plain.get("/CRM/Focusarea/M-1/User/U-8")->body)["areas"] == sample["areas"]);
  CHECK(json::parse(plain.get("/CRM/Focusarea/M-2/User/U-7")->body)["areas"] == sample["areas"]);
}

TEST_CASE("stand-in: its log never shows a personal identity number", "[integration][stand-in]") {
  std::ostringstream log;
  si::ServerOptions options;
  options.log = &log;
  {
    si::Server server(options);
    Plain plain(server);
    plain.send(
        "POST", "/Advertising/Estate/M-1/E-1/interest",
        {{"firstName", "Anna"}, {"lastName", "Berg"}, {"socialSecurityNumber", "19121212-1212"}});
    plain.get("/CRM/Contact/M-1/search/SocialNumber?SocialNumber=19121212-1212&MaxSize=2");
    plain.get("/CRM/Contact/M-1/Search?Term=19121212-1212");
  }
  const std::string text = log.str();
  INFO(text);
  CHECK(text.find("1212-1212") == std::string::npos);
  CHECK(text.find("demo-password") == std::string::npos);
  CHECK(text.find(R"("socialSecurityNumber":"<redacted>")") != std::string::npos);
  CHECK(text.find("SocialNumber=<redacted>&MaxSize=2") != std::string::npos);
  CHECK(text.find(R"("firstName":"Anna")") != std::string::npos);
}

}  // namespace integration
