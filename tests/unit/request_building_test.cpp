#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "support.hpp"

namespace {

using namespace unit;

vc::HttpRequest sent_for(harness& h, std::string_view customer_id) {
  h.fake->respond(200, "true");
  REQUIRE(h.client().update_viewing_participant(customer_id, docs_follow_up()));
  REQUIRE(h.fake->requests().size() == 1);
  return h.fake->requests().front();
}

std::string header(const vc::HttpRequest& request, std::string_view name) {
  const auto* value = find_header(request.headers, name);
  REQUIRE(value != nullptr);
  return *value;
}

vc::ClientOptions options_for(std::string base_url) {
  harness h;
  h.options.base_url = std::move(base_url);
  return h.options;
}

}  // namespace

TEST_CASE("A follow-up is a PUT of the serialized body to ViewingParticipant/{id}", "[request]") {
  const auto format = GENERATE(vc::Format::json, vc::Format::xml);
  harness h(format);
  const auto request = sent_for(h, "c1");
  CHECK(request.method == "PUT");
  CHECK(request.url == "https://connect.example.test/ViewingParticipant/c1");
  CHECK(request.body == vc::serialize(docs_follow_up(), format));
}

TEST_CASE("An order interaction is a PUT to Service/Order/UserInteraction/{id}", "[request]") {
  const auto format = GENERATE(vc::Format::json, vc::Format::xml);
  harness h(format);
  h.fake->respond(200, "true");
  auto order = docs_order_request();
  order.url = "https://crm.example.test/interaction?id=1";
  REQUIRE(h.client().request_order_user_interaction("kund 7", order));
  REQUIRE(h.fake->requests().size() == 1);
  const auto request = h.fake->requests().front();
  CHECK(request.method == "PUT");
  CHECK(request.url == "https://connect.example.test/Service/Order/UserInteraction/kund%207");
  CHECK(request.body == vc::serialize(order, format));
}

TEST_CASE("The customer id is percent-encoded as one path segment", "[request]") {
  const auto [id, encoded] = GENERATE(values<std::pair<std::string, std::string>>({
      {"a/b", "a%2Fb"},
      {"with space", "with%20space"},
      {"å", "%C3%A5"},
      {"100%", "100%25"},
      {"what?x=1", "what%3Fx%3D1"},
      {"#frag", "%23frag"},
      {"plain-._~09AZaz", "plain-._~09AZaz"},
      {"..\\x", "..%5Cx"},
  }));
  CAPTURE(id);
  harness h;
  CHECK(sent_for(h, id).url == "https://connect.example.test/ViewingParticipant/" + encoded);
}

TEST_CASE("A trailing slash or a path in base_url is handled", "[request]") {
  const auto [base, expected] = GENERATE(values<std::pair<std::string, std::string>>({
      {"https://connect.example.test/", "https://connect.example.test/ViewingParticipant/c1"},
      {"https://connect.example.test/api",
       "https://connect.example.test/api/ViewingParticipant/c1"},
      {"https://connect.example.test/api/",
       "https://connect.example.test/api/ViewingParticipant/c1"},
  }));
  CAPTURE(base);
  harness h;
  h.options.base_url = base;
  CHECK(sent_for(h, "c1").url == expected);
}

TEST_CASE("An empty or non-UTF-8 customer id is refused and nothing is sent", "[request]") {
  for (const auto& id : {std::string(), std::string("\xC3")}) {
    harness h;
    h.fake->respond(200, "true");
    auto client = h.client();
    const auto result = client.try_update_viewing_participant(id, docs_follow_up());
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind() == vc::ErrorKind::invalid_argument);
    CHECK_THROWS_AS(client.request_order_user_interaction(id, client_order()),
                    vc::InvalidArgumentError);
    CHECK(h.fake->requests().empty());
  }
}

TEST_CASE("Authorization is Basic with base64 of user:password", "[request]") {
  harness h;
  CHECK(header(sent_for(h, "c1"), "Authorization") == "Basic " + basic_credentials);

  harness plain;
  plain.options.username = "user";
  plain.options.password = "pass";
  CHECK(header(sent_for(plain, "c1"), "Authorization") == "Basic dXNlcjpwYXNz");
}

TEST_CASE("Content-Type and Accept follow the format", "[request]") {
  harness json(vc::Format::json);
  const auto json_request = sent_for(json, "c1");
  CHECK(header(json_request, "Content-Type") == "application/json; charset=utf-8");
  CHECK(header(json_request, "Accept") == "application/json");

  harness xml(vc::Format::xml);
  const auto xml_request = sent_for(xml, "c1");
  CHECK(header(xml_request, "Content-Type") == "application/xml; charset=utf-8");
  CHECK(header(xml_request, "Accept") == "application/xml");
}

TEST_CASE("User-Agent names the SDK and its version", "[request]") {
  harness h;
  const auto agent = header(sent_for(h, "c1"), "User-Agent");
  CHECK(agent.rfind("vitec-connect-cpp/" + vc::version(), 0) == 0);
}

TEST_CASE("Timeouts from the options reach the transport", "[request]") {
  harness h;
  h.options.connect_timeout = milliseconds(1234);
  h.options.request_timeout = milliseconds(5678);
  const auto request = sent_for(h, "c1");
  CHECK(request.connect_timeout == milliseconds(1234));
  CHECK(request.timeout == milliseconds(5678));
}

TEST_CASE("The order url must be absolute with a scheme", "[request]") {
  const auto bad = GENERATE(as<std::string>{}, "x.se/a", "/rel", "", "relative/path", "//x.se/a",
                            "https://", "javascript-free text");
  CAPTURE(bad);
  harness h;
  h.fake->respond(200, "true");
  auto client = h.client();
  auto order = docs_order_request();
  order.url = bad;
  const auto result = client.try_request_order_user_interaction("c1", order);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind() == vc::ErrorKind::invalid_argument);
  CHECK_THROWS_AS(client.request_order_user_interaction("c1", order), vc::InvalidArgumentError);
  CHECK(h.fake->requests().empty());
}

TEST_CASE("An absolute order url or none at all is sent", "[request]") {
  harness h;
  h.fake->respond(200, "true").respond(200, "true");
  auto client = h.client();
  auto order = docs_order_request();
  order.url = "https://x.se/a";
  CHECK(client.request_order_user_interaction("c1", order));
  order.url.reset();
  CHECK(client.request_order_user_interaction("c1", order));
  CHECK(h.fake->requests().size() == 2);
}

TEST_CASE("Client refuses a base_url that cannot work", "[request][options]") {
  const auto bad =
      GENERATE(as<std::string>{}, "", "connect.maklare.vitec.net", "/relative",
               "ftp://connect.example.test", "http://connect.maklare.vitec.net",
               "http://10.0.0.1:8080", "https://user:secret@connect.example.test",
               "https://connect.example.test/?tenant=1", "https://connect.example.test/#top");
  CAPTURE(bad);
  CHECK_THROWS_AS(vc::Client(options_for(bad)), vc::InvalidArgumentError);
}

TEST_CASE("Client refuses timeouts and a response cap libcurl would read as unlimited",
          "[request][options]") {
  using std::chrono::milliseconds;
  for (const auto timeout : {milliseconds(0), milliseconds(-5)}) {
    auto options = options_for("https://connect.example.test");
    options.connect_timeout = timeout;
    CHECK_THROWS_AS(vc::Client(options), vc::InvalidArgumentError);
    options = options_for("https://connect.example.test");
    options.request_timeout = timeout;
    CHECK_THROWS_AS(vc::Client(options), vc::InvalidArgumentError);
  }
  auto options = options_for("https://connect.example.test");
  options.max_response_bytes = 0;
  CHECK_THROWS_AS(vc::Client(options), vc::InvalidArgumentError);
}

TEST_CASE("Plain http to a host that only looks like loopback is refused", "[request][options]") {
  // A DNS name starting "127." or "localhost." can resolve anywhere: credentials would leave the
  // machine in clear text.
  const auto bad =
      GENERATE(as<std::string>{}, "http://127.attacker.example",
               "http://127.0.0.1.attacker.example/", "http://localhost.attacker.example");
  CAPTURE(bad);
  CHECK_THROWS_AS(vc::Client(options_for(bad)), vc::InvalidArgumentError);
}

TEST_CASE("Client accepts https, loopback http, and http when insisted on", "[request][options]") {
  const auto good = GENERATE(as<std::string>{}, "https://connect.maklare.vitec.net",
                             "http://127.0.0.1:1", "http://localhost:8080", "http://[::1]:8080/");
  CAPTURE(good);
  CHECK_NOTHROW(vc::Client(options_for(good)));

  auto insisted = options_for("http://connect.maklare.vitec.net");
  insisted.allow_insecure_http = true;
  CHECK_NOTHROW(vc::Client(insisted));
}

TEST_CASE("Client accepts loopback http with the default libcurl transport", "[request][options]") {
  vc::ClientOptions options;
  options.base_url = "http://127.0.0.1:1";
  options.username = "u";
  options.password = "p";
  CHECK_NOTHROW(vc::Client(options));
}
