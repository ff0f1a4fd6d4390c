#include <catch2/catch.hpp>

#include <map>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "support.hpp"

namespace {

using namespace unit;

struct mapping {
  int status;
  vc::ErrorKind kind;
};

// One attempt per call, so each status maps without retries muddying attempts().
harness single_attempt(vc::Format format = vc::Format::json) {
  harness h(format);
  h.options.retry.max_attempts = 1;
  return h;
}

vc::Result<bool> answer_with(int status, const std::string& body, vc::Headers headers = {}) {
  auto h = single_attempt();
  h.fake->respond(status, body, std::move(headers));
  return h.client().try_update_viewing_participant("c1", docs_follow_up());
}

}  // namespace

TEST_CASE("200 true and false are the call's result", "[errors]") {
  auto h = single_attempt();
  h.fake->respond(200, "true").respond(200, "false");
  auto client = h.client();
  CHECK(client.update_viewing_participant("c1", docs_follow_up()));
  const auto second = client.try_update_viewing_participant("c1", docs_follow_up());
  REQUIRE(second.ok());
  CHECK(static_cast<bool>(second));
  CHECK_FALSE(second.value());
}

TEST_CASE("400 with a camelCase JSON body is a ValidationError with its details", "[errors]") {
  const std::string body =
      R"({"message":"The request is invalid.","modelState":{"followUp.ContactId":["a","b"]}})";
  const auto result = answer_with(400, body);
  REQUIRE_FALSE(result.ok());
  const auto& e = result.error();
  CHECK(e.kind() == vc::ErrorKind::validation);
  CHECK(e.status() == 400);
  CHECK(e.body() == body);
  CHECK(e.attempts() == 1);
  CHECK(e.message() == "The request is invalid.");
  CHECK(e.model_state() ==
        std::map<std::string, std::vector<std::string>>{{"followUp.ContactId", {"a", "b"}}});
  CHECK_THROWS_AS(result.value(), vc::ValidationError);
}

TEST_CASE("400 with a PascalCase JSON body is parsed the same", "[errors]") {
  const std::string body =
      R"({"Message":"Ogiltig begäran","ModelState":{"Url":["Måste vara absolut"],"Id":["x"]}})";
  const auto result = answer_with(400, body);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind() == vc::ErrorKind::validation);
  CHECK(result.error().message() == "Ogiltig begäran");
  CHECK(result.error().model_state() == std::map<std::string, std::vector<std::string>>{
                                            {"Url", {"Måste vara absolut"}}, {"Id", {"x"}}});
}

TEST_CASE("400 with an XML error body is parsed", "[errors]") {
  const std::string body =
      "<Error><Message>The request is invalid.</Message><ModelState>"
      "<followUp.ContactId>first</followUp.ContactId><followUp.ContactId>second"
      "</followUp.ContactId><followUp.ViewingId>Krävs</followUp.ViewingId>"
      "</ModelState></Error>";
  const auto result = answer_with(400, body);
  REQUIRE_FALSE(result.ok());
  const auto& e = result.error();
  CHECK(e.kind() == vc::ErrorKind::validation);
  CHECK(e.body() == body);
  CHECK(e.message() == "The request is invalid.");
  CHECK(e.model_state() ==
        std::map<std::string, std::vector<std::string>>{{"followUp.ContactId", {"first", "second"}},
                                                        {"followUp.ViewingId", {"Krävs"}}});
}

TEST_CASE("400 with a byte order mark before its body is parsed", "[errors]") {
  for (const std::string body : {"\xEF\xBB\xBF<Error><Message>Nope.</Message></Error>",
                                 "\xEF\xBB\xBF{\"Message\":\"Nope.\"}"}) {
    const auto result = answer_with(400, body);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message() == "Nope.");
  }
}

TEST_CASE("400 with an HTML or empty body is still a ValidationError with the raw body",
          "[errors]") {
  const auto body = GENERATE(as<std::string>{},
                             "<html><head><title>400 Bad Request</title></head>"
                             "<body><center><h1>400 Bad Request</h1></center><hr></body></html>",
                             "<!DOCTYPE html><html><body><p>Bad request<br></body>", "",
                             "plain text from a proxy");
  const auto result = answer_with(400, body);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind() == vc::ErrorKind::validation);
  CHECK(result.error().status() == 400);
  CHECK(result.error().body() == body);
  CHECK(result.error().message().empty());
  CHECK(result.error().model_state().empty());
  CHECK_THROWS_AS(result.value(), vc::ValidationError);
}

TEST_CASE("Statuses map to their error kinds and subclasses", "[errors]") {
  const auto m = GENERATE(values<mapping>({{401, vc::ErrorKind::unauthorized},
                                           {403, vc::ErrorKind::forbidden},
                                           {500, vc::ErrorKind::server},
                                           {502, vc::ErrorKind::server},
                                           {503, vc::ErrorKind::server},
                                           {501, vc::ErrorKind::server},
                                           {505, vc::ErrorKind::server},
                                           {404, vc::ErrorKind::not_found},
                                           {418, vc::ErrorKind::http},
                                           {302, vc::ErrorKind::http}}));
  CAPTURE(m.status);
  const std::string body = "body of " + std::to_string(m.status);
  const auto result = answer_with(m.status, body);
  REQUIRE_FALSE(result.ok());
  const auto& e = result.error();
  CHECK(e.kind() == m.kind);
  CHECK(e.status() == m.status);
  CHECK(e.body() == body);
  CHECK(e.attempts() == 1);
  switch (m.kind) {
    case vc::ErrorKind::unauthorized:
      CHECK_THROWS_AS(result.value(), vc::UnauthorizedError);
      break;
    case vc::ErrorKind::forbidden:
      CHECK_THROWS_AS(result.value(), vc::ForbiddenError);
      break;
    case vc::ErrorKind::server:
      CHECK_THROWS_AS(result.value(), vc::ServerError);
      break;
    case vc::ErrorKind::not_found:
      CHECK_THROWS_AS(result.value(), vc::NotFoundError);
      CHECK_THROWS_AS(result.value(), vc::HttpError);  // as every 404 was in 0.2
      break;
    default:
      CHECK_THROWS_AS(result.value(), vc::HttpError);
  }
  // Every subclass is still caught as the one Error type, carrying the same details.
  try {
    result.value();
    FAIL("value() of an error returned");
  } catch (const vc::Error& thrown) {
    CHECK(thrown.kind() == m.kind);
    CHECK(thrown.status() == m.status);
    CHECK(thrown.body() == body);
  }
}

TEST_CASE("A 2xx that is not the documented boolean is a ProtocolError", "[errors]") {
  const auto [status, body] = GENERATE(values<std::pair<int, std::string>>(
      {{200, "garbage"}, {200, ""}, {200, "<html>ok</html>"}, {201, "\"true\""}, {204, ""}}));
  CAPTURE(status, body);
  const auto result = answer_with(status, body);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind() == vc::ErrorKind::protocol);
  CHECK(result.error().status() == status);
  CHECK(result.error().body() == body);
  CHECK_THROWS_AS(result.value(), vc::ProtocolError);
}

TEST_CASE("Transport failures surface as TransportError and TimeoutError", "[errors]") {
  auto h = single_attempt();
  h.fake->fail(vc::TransportError("connection refused"))
      .fail(vc::TimeoutError("operation timed out"))
      .fail(vc::TimeoutError("operation timed out again"));
  auto client = h.client();
  const auto refused = client.try_update_viewing_participant("c1", docs_follow_up());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind() == vc::ErrorKind::transport);
  CHECK(refused.error().status() == 0);
  CHECK(refused.error().body().empty());
  CHECK(refused.error().attempts() == 1);
  CHECK_THROWS_AS(refused.value(), vc::TransportError);

  const auto timed_out = client.try_request_order_user_interaction("c1", client_order());
  REQUIRE_FALSE(timed_out.ok());
  CHECK(timed_out.error().kind() == vc::ErrorKind::timeout);
  CHECK_THROWS_AS(timed_out.value(), vc::TimeoutError);
  // A timeout is a transport failure too, for callers who catch only that.
  CHECK_THROWS_AS(timed_out.value(), vc::TransportError);
  try {
    client.request_order_user_interaction("c1", client_order());
    FAIL("a timeout did not throw");
  } catch (const vc::TransportError& thrown) {
    CHECK(thrown.kind() == vc::ErrorKind::timeout);
    CHECK(std::string(thrown.what()).find("operation timed out again") != std::string::npos);
  }
  CHECK(h.fake->remaining() == 0);
  CHECK(h.fake->requests().size() == 3);
}

TEST_CASE("The throwing calls throw the mapped subclass", "[errors]") {
  auto h = single_attempt();
  h.fake->respond(401, "").respond(403, "").respond(500, "").respond(400, "{}");
  auto client = h.client();
  CHECK_THROWS_AS(client.update_viewing_participant("c1", docs_follow_up()), vc::UnauthorizedError);
  CHECK_THROWS_AS(client.request_order_user_interaction("c1", client_order()), vc::ForbiddenError);
  CHECK_THROWS_AS(client.update_viewing_participant("c1", docs_follow_up()), vc::ServerError);
  CHECK_THROWS_AS(client.update_viewing_participant("c1", docs_follow_up()), vc::ValidationError);
}

TEST_CASE("try_ calls never throw, whatever the transport throws", "[errors]") {
  static_assert(noexcept(
      std::declval<vc::Client&>().try_update_viewing_participant("", vc::ParticipantFollowUp{})));
  static_assert(noexcept(std::declval<vc::Client&>().try_request_order_user_interaction(
      "", vc::OrderUserInteractionRequest{})));

  auto h = single_attempt();
  h.fake
      ->respond_with([](const vc::HttpRequest&) -> vc::HttpResponse {
        throw std::runtime_error("socket exploded");
      })
      .respond_with([](const vc::HttpRequest&) -> vc::HttpResponse { throw 42; })
      .respond_with([](const vc::HttpRequest&) -> vc::HttpResponse { throw std::bad_alloc(); });
  auto client = h.client();
  for (int i = 0; i < 3; ++i) {
    vc::Result<bool> result = true;
    REQUIRE_NOTHROW(result = client.try_update_viewing_participant("c1", docs_follow_up()));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind() == vc::ErrorKind::transport);
    CHECK_THROWS_AS(result.value(), vc::TransportError);
  }
  // Past the end of the script the fake throws a permanent TransportError: still a value.
  vc::Result<bool> past_end = true;
  REQUIRE_NOTHROW(past_end = client.try_request_order_user_interaction("c1", client_order()));
  CHECK_FALSE(past_end.ok());
}

TEST_CASE("The throwing calls turn a foreign exception into TransportError", "[errors]") {
  auto h = single_attempt();
  h.fake->respond_with([](const vc::HttpRequest&) -> vc::HttpResponse { throw 42; });
  CHECK_THROWS_AS(h.client().update_viewing_participant("c1", docs_follow_up()),
                  vc::TransportError);
}
