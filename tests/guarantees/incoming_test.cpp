// Guarantees for bad bytes from a server or a proxy: a typed error, never a crash, a hang, a
// silently changed value, or a leaked secret.

#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

using namespace guarantees;

const std::string serialization_ns = "http://schemas.microsoft.com/2003/10/Serialization/";
const std::string order_ns =
    "http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Order";

std::string xml_boolean(const std::string& text) {
  return "<boolean xmlns=\"" + serialization_ns + "\">" + text + "</boolean>";
}

std::string xml_order_id(const std::string& text) {
  return "<OrderUserInteractionRequest xmlns=\"" + order_ns + "\"><Id>" + text +
         "</Id></OrderUserInteractionRequest>";
}

}  // namespace

TEST_CASE("a 2xx body that is not the documented boolean is a ProtocolError", "[guarantees]") {
  for (const std::string& body :
       {std::string(""), std::string("  "), std::string("<html><body>OK</body></html>"),
        std::string("\"true\""), std::string("1"), std::string("True"), std::string("true false"),
        std::string("{\"value\":true}"), std::string("<boolean>true</boolean>"), xml_boolean("yes"),
        xml_boolean("<b>true</b>")}) {
    fixture f;
    f.fake->respond(200, body).respond(200, "true");
    const auto result = f.client().try_update_viewing_participant("c", {});
    REQUIRE_FALSE(result);
    REQUIRE(result.error().kind() == vc::ErrorKind::protocol);
    REQUIRE(result.error().status() == 200);
    REQUIRE(result.error().body() == body);
    REQUIRE(f.sent() == 1);  // the change may have been applied: never sent twice
  }
}

TEST_CASE("malformed XML is a ProtocolError, never a silently changed value", "[guarantees]") {
  for (const std::string& id :
       {std::string("a\xff"), std::string("a\x01"), std::string("a&#0;b"), std::string("a&#x1;b"),
        std::string("a&#xFFFE;"), std::string("a&#xD800;"), std::string("a\0b", 3),
        std::string("<x>nested</x>"), std::string("a &; b"), std::string("a &#; b")}) {
    const std::string body = xml_order_id(id);
    REQUIRE_THROWS_AS(vc::deserialize<vc::OrderUserInteractionRequest>(body, vc::Format::xml),
                      vc::ProtocolError);
  }
  for (const std::string& body :
       {"junk" + xml_boolean("true"), xml_boolean("true") + "junk",
        xml_boolean("true") + "<other/>", xml_boolean("true&#0;junk"), xml_boolean("tr\xffue")}) {
    REQUIRE_THROWS_AS(vc::deserialize<bool>(body, vc::Format::xml), vc::ProtocolError);
    fixture f;
    f.fake->respond(200, body);
    const auto result = f.client(vc::Format::xml).try_update_viewing_participant("c", {});
    REQUIRE_FALSE(result);
    REQUIRE(result.error().kind() == vc::ErrorKind::protocol);
  }
}

TEST_CASE("any 400 body gives a ValidationError", "[guarantees]") {
  struct answer {
    std::string body, message, field;
  };
  const answer answers[] = {
      {R"({"message":"The request is invalid.","modelState":{"f.ContactId":["Required"]}})",
       "The request is invalid.", "f.ContactId"},
      {R"({"Message":"Bad","ModelState":{"request.Url":"Invalid"}})", "Bad", "request.Url"},
      {"<Error><Message>Bad</Message><ModelState><f.Id>Too long</f.Id></ModelState></Error>", "Bad",
       "f.Id"},
      {"<html><body><h1>400 Bad Request</h1></body></html>", "", ""},
      {"\xff\xfe garbage {[<", "", ""},
      {"", "", ""},
      {R"({"message":12,"modelState":[1,2]})", "", ""},
  };
  for (const auto& [body, message, field] : answers) {
    fixture f;
    f.fake->respond(400, body).respond(200, "true");
    const auto result = f.client().try_request_order_user_interaction("c", {});
    REQUIRE_FALSE(result);
    REQUIRE(result.error().kind() == vc::ErrorKind::validation);
    REQUIRE(result.error().status() == 400);
    REQUIRE(result.error().body() == body);
    REQUIRE(result.error().message() == message);
    REQUIRE(result.error().model_state().count(field) == (field.empty() ? 0u : 1u));
    REQUIRE(f.sent() == 1);
    REQUIRE_THROWS_AS(result.value(), vc::ValidationError);
  }
}

TEST_CASE("deeply nested bodies cannot exhaust the stack", "[guarantees]") {
  const std::size_t depth = 200000;
  const std::string json = std::string(depth, '[') + std::string(depth, ']');
  std::string xml;
  for (std::size_t i = 0; i < depth; ++i) xml += "<a>";
  for (std::size_t i = 0; i < depth; ++i) xml += "</a>";
  const std::string xml_in_boolean = xml_boolean(xml);
  REQUIRE_THROWS_AS(vc::deserialize<bool>(json, vc::Format::json), vc::ProtocolError);
  REQUIRE_THROWS_AS(vc::deserialize<vc::ParticipantFollowUp>(json, vc::Format::json),
                    vc::ProtocolError);
  REQUIRE_THROWS_AS(vc::deserialize<bool>(xml_in_boolean, vc::Format::xml), vc::ProtocolError);
  for (const auto* body : {&json, &xml_in_boolean}) {
    fixture f;
    f.fake->respond(400, *body).respond(200, *body);
    auto client = f.client();
    REQUIRE(client.try_update_viewing_participant("c", {}).error().kind() ==
            vc::ErrorKind::validation);
    REQUIRE(client.try_update_viewing_participant("c", {}).error().kind() ==
            vc::ErrorKind::protocol);
  }
}

TEST_CASE("an absurd Retry-After is handed back, never waited", "[guarantees]") {
  using std::chrono::milliseconds;
  const struct {
    std::string header;
    std::optional<milliseconds> wait;      // what the client sleeps before its retry
    std::optional<milliseconds> given_up;  // or the server's wait it gives up with
  } cases[] = {
      {"99999999999999999999", std::nullopt, milliseconds(365LL * 24 * 3600 * 1000)},
      {"Fri, 31 Dec 9999 23:59:59 GMT", std::nullopt, milliseconds(365LL * 24 * 3600 * 1000)},
      {"Sun, 06 Nov 1994 08:49:37 GMT", milliseconds(0), std::nullopt},  // past: no wait
      {"-5", milliseconds(500), std::nullopt},  // not a Retry-After: own backoff
      {"soon", milliseconds(500), std::nullopt},
  };
  for (const auto& [header, wait, given_up] : cases) {
    CAPTURE(header);
    fixture f;
    f.fake->respond(503, "", {{"Retry-After", header}}).respond(200, "true");
    const auto result = f.client().try_update_viewing_participant("c", {});
    if (wait) {
      REQUIRE(result.ok());
      REQUIRE(f.waits == std::vector<milliseconds>{*wait});
    } else {
      REQUIRE_FALSE(result.ok());
      CHECK(f.waits.empty());
      CHECK(result.error().retry_after() == given_up);
    }
  }
}

TEST_CASE("the password never appears in error text or logs, even when the server echoes it",
          "[guarantees]") {
  // base64("broker:" + password), computed outside the SDK.
  const std::string credentials = "YnJva2VyOnMzY3JldC1QYTU1d29yZA==";
  const std::string echoed = std::string("you sent ") + password + " as Basic " + credentials;
  const std::string redacted = "you sent <redacted> as Basic <redacted>";
  const auto error_body = [](const std::string& secret, const std::string& text) {
    return "{\"message\":\"" + text + "\",\"modelState\":{\"followUp." + secret + "\":[\"" + text +
           "\"]}}";
  };
  const auto redacted_body = error_body("<redacted>", redacted);
  struct answer {
    int status;
    std::string body;
    vc::Headers headers;
    std::string body_after;  // the body as the caller sees it: redacted, the rest intact
    std::string what_after;  // a piece of what() (and of each log event) that the echo reaches
  };
  const answer answers[] = {
      {400, error_body(password, echoed), {}, redacted_body, ": " + redacted},
      {401, echoed, {}, redacted, ""},
      {500, echoed, {}, redacted, ""},
      {200, echoed, {}, redacted, ""},
      {302,
       echoed,
       {{"Location", std::string("https://elsewhere.test/login?p=") + password}},
       redacted,
       "https://elsewhere.test/login?p=<redacted>"},
  };
  for (const auto& [status, body, headers, body_after, what_after] : answers) {
    CAPTURE(status);
    fixture f;
    f.fake->respond(status, body, headers).respond(status, body, headers);
    auto options = f.options();
    options.retry.max_attempts = 2;
    const auto result = vc::Client(options).try_update_viewing_participant("c", {});
    REQUIRE_FALSE(result);
    const auto& error = result.error();
    REQUIRE(error.status() == status);
    const std::string what = error.what();
    for (const std::string& text : {what, error.body(), error.message()}) {
      REQUIRE(text.find(password) == std::string::npos);
      REQUIRE(text.find(credentials) == std::string::npos);
    }
    REQUIRE(error.body() == body_after);
    REQUIRE(what.find(what_after) != std::string::npos);
    if (status == 400) {
      REQUIRE(error.message() == redacted);
      // The field named after the password keeps its name, redacted, and its message.
      REQUIRE(error.model_state() ==
              std::map<std::string, std::vector<std::string>>{{"followUp.<redacted>", {redacted}}});
    }
    REQUIRE_FALSE(f.log.empty());
    for (const auto& event : f.log) {
      for (const std::string* field : {&event.method, &event.url, &event.error}) {
        REQUIRE(field->find(password) == std::string::npos);
        REQUIRE(field->find(credentials) == std::string::npos);
      }
      REQUIRE(event.error.find(what_after) != std::string::npos);
    }
  }
}

TEST_CASE("the password a user transport puts in its failure never reaches error text or logs",
          "[guarantees]") {
  fixture f;
  for (int i = 0; i < 2; ++i) {
    f.fake->respond_with([](const vc::HttpRequest&) -> vc::HttpResponse {
      throw vc::TransportError(std::string("proxy refused broker:") + password + " at 10.0.0.1");
    });
  }
  auto options = f.options();
  options.retry.max_attempts = 2;
  const auto result = vc::Client(options).try_update_viewing_participant("c", {});
  REQUIRE_FALSE(result);
  const std::string what = result.error().what();
  REQUIRE(what.find(password) == std::string::npos);
  REQUIRE(what.find("proxy refused broker:<redacted> at 10.0.0.1") != std::string::npos);
  REQUIRE(f.log.size() == 2);
  for (const auto& event : f.log) {
    REQUIRE(event.error.find(password) == std::string::npos);
    REQUIRE(event.error.find("proxy refused broker:<redacted> at 10.0.0.1") != std::string::npos);
  }
}

TEST_CASE("a user transport that throws anything becomes a TransportError, and try_ never throws",
          "[guarantees]") {
  fixture f;
  f.fake->respond_with([](const vc::HttpRequest&) -> vc::HttpResponse {
    throw std::runtime_error("socket exploded");
  });
  f.fake->respond_with([](const vc::HttpRequest&) -> vc::HttpResponse { throw 42; });
  f.fake->respond_with([](const vc::HttpRequest&) -> vc::HttpResponse {
    throw std::logic_error("the third transport failure");
  });
  auto client = f.client();
  for (int i = 0; i < 2; ++i) {
    const auto result = client.try_update_viewing_participant("c", {});
    REQUIRE_FALSE(result);
    REQUIRE(result.error().kind() == vc::ErrorKind::transport);
  }
  REQUIRE(f.sent() == 2);  // neither was retried: nothing says a retry would help
  // The throwing call gets the user transport's own failure, not the fake's end of script.
  try {
    client.update_viewing_participant("c", {});
    FAIL("a throwing transport did not make the call throw");
  } catch (const vc::TransportError& e) {
    REQUIRE(std::string(e.what()).find("the third transport failure") != std::string::npos);
  }
  REQUIRE(f.sent() == 3);
  REQUIRE(f.fake->remaining() == 0);
}
