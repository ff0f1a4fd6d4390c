#include <catch2/catch.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

using namespace unit;

// A server (or proxy) that echoes the credentials back, in the body and in its error text.
vc::HttpResponse echo_credentials(int status, const vc::HttpRequest& request) {
  const auto* authorization = find_header(request.headers, "Authorization");
  const std::string echoed = authorization ? *authorization : std::string("none");
  return {status,
          {},
          R"({"message":"rejected )" + echoed + " for " + password +
              R"(","modelState":{"auth":[")" + echoed + R"(", ")" + password + R"("],")" +
              password + R"(":["a field named after it"]}})"};
}

vc::HttpResponse echo_credentials_xml(int status, const vc::HttpRequest& request) {
  const auto* authorization = find_header(request.headers, "Authorization");
  return {status,
          {},
          "<Error><Message>rejected " + (authorization ? *authorization : std::string()) +
              "</Message><ModelState><Password>" + password + "</Password></ModelState></Error>"};
}

void check_clean(const vc::Error& e) {
  CHECK_FALSE(leaks_secret(e.what()));
  CHECK_FALSE(leaks_secret(e.body()));
  CHECK_FALSE(leaks_secret(e.message()));
  for (const auto& [field, messages] : e.model_state()) {
    CHECK_FALSE(leaks_secret(field));
    for (const auto& message : messages) CHECK_FALSE(leaks_secret(message));
  }
}

void check_clean(const std::vector<vc::LogEvent>& events) {
  for (const auto& event : events) {
    CHECK_FALSE(leaks_secret(event.method));
    CHECK_FALSE(leaks_secret(event.url));
    CHECK_FALSE(leaks_secret(event.error));
  }
}

}  // namespace

TEST_CASE("No error path or log event carries the password", "[secrets]") {
  harness h;
  auto events = std::make_shared<std::vector<vc::LogEvent>>();
  h.options.logger = [events](const vc::LogEvent& e) { events->push_back(e); };
  h.options.retry.max_attempts = 2;

  using responder = vc::testing::FakeTransport::Responder;
  const std::vector<std::pair<const char*, std::vector<responder>>> paths = {
      {"400 JSON echo", {[](const vc::HttpRequest& r) { return echo_credentials(400, r); }}},
      {"400 XML echo", {[](const vc::HttpRequest& r) { return echo_credentials_xml(400, r); }}},
      {"401 echo", {[](const vc::HttpRequest& r) { return echo_credentials(401, r); }}},
      {"403 echo", {[](const vc::HttpRequest& r) { return echo_credentials(403, r); }}},
      {"404 echo", {[](const vc::HttpRequest& r) { return echo_credentials(404, r); }}},
      {"200 echo", {[](const vc::HttpRequest& r) { return echo_credentials(200, r); }}},
      {"503 twice",
       {[](const vc::HttpRequest& r) { return echo_credentials(503, r); },
        [](const vc::HttpRequest& r) { return echo_credentials_xml(500, r); }}},
      {"transport errors naming the password",
       {[](const vc::HttpRequest&) -> vc::HttpResponse {
          throw vc::TransportError("could not reach user:" + password + "@host");
        },
        [](const vc::HttpRequest& r) -> vc::HttpResponse {
          throw vc::TimeoutError("timed out sending " + *find_header(r.headers, "Authorization"));
        }}},
      {"foreign exception naming the password", {[](const vc::HttpRequest&) -> vc::HttpResponse {
         throw std::runtime_error("boom " + password);
       }}},
  };

  for (const auto& [name, script] : paths) {
    CAPTURE(name);
    events->clear();
    harness run = h;
    run.fake = std::make_shared<vc::testing::FakeTransport>();
    run.options.transport = run.fake;
    for (const auto& step : script) run.fake->respond_with(step);
    auto client = run.client();

    const auto result = client.try_update_viewing_participant("c1", docs_follow_up());
    REQUIRE_FALSE(result.ok());
    check_clean(result.error());
    try {
      result.value();
    } catch (const vc::Error& thrown) {
      check_clean(thrown);
    }
    check_clean(*events);
    CHECK_FALSE(events->empty());
  }
}

TEST_CASE("The throwing call's exception does not carry the password", "[secrets]") {
  harness h;
  h.options.retry.max_attempts = 1;
  h.fake->respond_with([](const vc::HttpRequest& r) { return echo_credentials(401, r); });
  try {
    h.client().request_order_user_interaction("c1", client_order());
    FAIL("a 401 did not throw");
  } catch (const vc::UnauthorizedError& e) {
    check_clean(e);
  }
}

TEST_CASE("The credentials reach the transport intact", "[secrets]") {
  // The scrubbing above must not reach into what is sent: the server needs the real header.
  harness h;
  h.fake->respond(200, "true");
  REQUIRE(h.client().update_viewing_participant("c1", docs_follow_up()));
  const auto sent = h.fake->requests();
  const auto* authorization = find_header(sent.front().headers, "Authorization");
  REQUIRE(authorization != nullptr);
  CHECK(leaks_secret(*authorization));
}

TEST_CASE("The password percent-encoded in a redirect's Location is redacted too", "[secrets]") {
  // password is "p:ss@w/rd+=å": these are its URL forms, with either case of hex digit.
  for (const std::string encoded : {"p%3Ass%40w%2Frd%2B%3D%C3%A5", "p%3ass%40w%2frd%2b%3d%c3%a5"}) {
    harness h;
    h.fake->respond(302, "", {{"Location", "https://elsewhere.example/login?p=" + encoded}});
    const auto result = h.client().try_update_viewing_participant("c1", docs_follow_up());
    REQUIRE_FALSE(result.ok());
    const std::string what = result.error().what();
    CHECK(what.find("https://elsewhere.example/login?p=<redacted>") != std::string::npos);
    CHECK(what.find(encoded) == std::string::npos);
  }
}

TEST_CASE("The password escaped as an XML or JSON writer would echo it is redacted", "[secrets]") {
  struct echo {
    std::string password;
    std::string form;
  };
  // The forms below were written out by hand from the escaping rules of each writer.
  const std::vector<echo> echoes = {
      {password, R"(p:ss@w/rd+=\u00e5)"},       // nlohmann ensure_ascii
      {password, R"(p:ss@w/rd+=\u00E5)"},       // upper-case hex
      {password, R"(p:ss@w/rd\u002B=\u00E5)"},  // System.Text.Json's default encoder
      // Each at least 12 bytes: how shorter passwords are kept out is a rule of its own.
      {"q\"u\\o\xF0\x9F\x94\x91te-long", R"(q\"u\\o\ud83d\udd11te-long)"},  // a surrogate pair
      {"a&b<c>d-long-enough", "a&amp;b&lt;c&gt;d-long-enough"},             // XML text
      {"a&b<c>d-long-enough", R"(a\u0026b\u003Cc\u003Ed-long-enough)"},
      {"q\"uote-long-enough", R"(q\"uote-long-enough)"},  // JSON as written by nlohmann or .NET
  };
  for (const auto& [secret, form] : echoes) {
    CAPTURE(form);
    harness h;
    h.options.password = secret;
    h.fake->respond(400, R"({"message":"bad password )" + form + R"("})");
    const auto result = h.client().try_update_viewing_participant("c1", docs_follow_up());
    REQUIRE_FALSE(result.ok());
    const vc::Error& e = result.error();
    // Redacted in place: the rest of the body survives.
    CHECK(e.body() == R"({"message":"bad password <redacted>"})");
    CHECK(std::string(e.what()).find(form) == std::string::npos);
    CHECK(std::string(e.what()).find(secret) == std::string::npos);
    CHECK(e.message().find(secret) == std::string::npos);
  }
}

TEST_CASE("A password too short to redact withholds the server's text, never the SDK's own",
          "[secrets]") {
  for (const std::string secret : {"p", "pt", "ptr"}) {
    CAPTURE(secret);
    harness h;
    h.options.password = secret;
    h.fake->respond(400, R"({"message":"you sent )" + secret + R"(","modelState":{")" + secret +
                             R"(":["x"]}})");
    const auto result = h.client().try_update_viewing_participant("cp1", docs_follow_up());
    REQUIRE_FALSE(result.ok());
    const vc::Error& e = result.error();
    const std::string what = e.what();
    // The SDK's own words stay whole: no character of them is replaced.
    CHECK(what.rfind("PUT https://connect.example.test/ViewingParticipant/cp1 answered 400 Bad "
                     "Request",
                     0) == 0);
    // What the server said is withheld whole, so nothing shows where the password's
    // characters occur.
    CHECK(e.body() == vc::detail::secret_scrubber::withheld);
    CHECK(e.message() == vc::detail::secret_scrubber::withheld);
    CHECK(e.model_state().count(secret) == 0);
    CHECK(what.find("you sent") == std::string::npos);
  }
}
