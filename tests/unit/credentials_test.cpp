// ClientOptions::password_for (one password per customer and area) and the request factory's
// interface for it, against FakeTransport. Over real HTTP: tests/integration/credentials_test.cpp.

#include <catch2/catch.hpp>

#include <array>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support.hpp"

namespace {

using namespace unit;

/// password_for that answers "<customer>/<area>-long-password-åäö" and counts its calls.
struct password_book {
  std::mutex mutex;
  std::map<std::pair<std::string, std::string>, int> calls;

  static std::string password_of(std::string_view customer, std::string_view area) {
    return std::string(customer) + "/" + std::string(area) + "-long-password-\xC3\xA5\xC3\xA4";
  }

  std::function<std::string(std::string_view, std::string_view)> callback() {
    return [this](std::string_view customer, std::string_view area) {
      const std::lock_guard<std::mutex> lock(mutex);
      ++calls[{std::string(customer), std::string(area)}];
      return password_of(customer, area);
    };
  }
};

harness with_book(password_book& book) {
  harness h;
  h.options.password.clear();
  h.options.password_for = book.callback();
  return h;
}

std::string authorization_of(const vc::HttpRequest& request) {
  const auto* value = find_header(request.headers, "Authorization");
  REQUIRE(value != nullptr);
  return *value;
}

std::string basic(std::string_view password_text) {
  return "Basic " + vc::detail::base64(username + ":" + std::string(password_text));
}

vc::detail::request_content no_content() { return {}; }

}  // namespace

TEST_CASE("make takes the ids as a std::array or a std::vector of strings or views",
          "[request][credentials]") {
  harness h;
  const vc::detail::request_factory requests(h.options);
  const vc::detail::credential_scope scope{"M 1", "crm"};
  const char* path = "CRM/Contact/{customerId}/{contactId}";
  const std::string expected = "https://connect.example.test/CRM/Contact/M%201/C%2F2";
  CHECK(requests
            .make("GET", path, std::array<std::string_view, 2>{"M 1", "C/2"}, no_content(),
                  vc::detail::answer_size::single, scope)
            .url == expected);
  CHECK(requests
            .make("GET", path, std::vector<std::string>{"M 1", "C/2"}, no_content(),
                  vc::detail::answer_size::single, scope)
            .url == expected);
  CHECK(requests
            .make("GET", path, std::vector<std::string_view>{"M 1", "C/2"}, no_content(),
                  vc::detail::answer_size::single, scope)
            .url == expected);
  // Without password_for the fixed password is sent, whatever the scope.
  CHECK(authorization_of(requests.make("GET", path, std::vector<std::string>{"M1", "C2"},
                                       no_content(), vc::detail::answer_size::single, scope)) ==
        "Basic " + basic_credentials);
}

TEST_CASE("make refuses a count of ids that does not match the path's braces",
          "[request][credentials]") {
  harness h;
  const vc::detail::request_factory requests(h.options);
  const auto make = [&](auto ids) {
    return requests.make("GET", "CRM/Contact/{customerId}/{contactId}", ids, no_content(),
                         vc::detail::answer_size::single, {"M1", "crm"});
  };
  CHECK_THROWS_AS(make(std::vector<std::string>{"M1"}), vc::InvalidArgumentError);
  CHECK_THROWS_AS(make(std::vector<std::string>{}), vc::InvalidArgumentError);
  CHECK_THROWS_AS(make(std::vector<std::string>{"M1", "C1", "X"}), vc::InvalidArgumentError);
  CHECK_THROWS_AS(make(std::array<std::string_view, 1>{"M1"}), vc::InvalidArgumentError);
  CHECK_THROWS_WITH(make(std::vector<std::string_view>{"M1"}),
                    Catch::Contains("takes 2 ids, not 1"));
  CHECK_THROWS_AS(requests.make("GET", "CRM/{customerId", std::vector<std::string>{"M1"},
                                no_content(), vc::detail::answer_size::single, {"M1", "crm"}),
                  vc::InvalidArgumentError);
}

TEST_CASE("password_for gives each customer and area its own password, asked once per pair",
          "[credentials]") {
  password_book book;
  auto h = with_book(book);
  auto client = h.client();
  for (int round = 0; round < 3; ++round) {
    for (const char* customer : {"M1", "M2"}) {
      h.fake->respond(200, "true");
      CHECK(client.try_update_viewing_participant(customer, docs_follow_up()).ok());
      h.fake->respond(200, "true");
      CHECK(client.try_request_order_user_interaction(customer, client_order()).ok());
      h.fake->respond(200, "[]");
      CHECK(client.try_list_orders(customer).ok());
      h.fake->respond(200, "[]");
      CHECK(client.try_get_viewing_participant(customer, "C1", "V1").ok());
    }
  }
  const auto requests = h.fake->requests();
  REQUIRE(requests.size() == 24);
  for (const auto& request : requests) {
    const bool m1 = request.url.find("/M1") != std::string::npos;
    const bool viewing = request.url.find("/ViewingParticipant/") != std::string::npos;
    CAPTURE(request.url);
    CHECK(authorization_of(request) ==
          basic(password_book::password_of(m1 ? "M1" : "M2", viewing ? "viewing" : "service")));
  }
  using key = std::pair<std::string, std::string>;
  CHECK(book.calls == std::map<key, int>{{{"M1", "service"}, 1},
                                         {{"M1", "viewing"}, 1},
                                         {{"M2", "service"}, 1},
                                         {{"M2", "viewing"}, 1}});
  // Copies share what was asked.
  auto copy = client;
  h.fake->respond(200, "true");
  CHECK(copy.try_update_viewing_participant("M1", docs_follow_up()).ok());
  CHECK(book.calls[{"M1", "viewing"}] == 1);
}

TEST_CASE("get_order_ticket asks for the service area's password", "[credentials]") {
  password_book book;
  auto h = with_book(book);
  h.fake->respond(200, R"({"orderId":"O1"})");
  vc::OrderToken token;
  token.data = "demo-token";
  CHECK(h.client().try_get_order_ticket("M7", token).ok());
  REQUIRE(h.fake->requests().size() == 1);
  CHECK(authorization_of(h.fake->requests().front()) ==
        basic(password_book::password_of("M7", "service")));
}

TEST_CASE("password and password_for together are refused by the constructor", "[credentials]") {
  password_book book;
  auto h = with_book(book);
  h.options.password = "also-a-password";
  CHECK_THROWS_AS(h.client(), vc::InvalidArgumentError);
}

TEST_CASE("a throwing password_for fails that call before sending, and is asked again next time",
          "[credentials]") {
  harness h;
  h.options.password.clear();
  int calls = 0;
  h.options.password_for = [&calls](std::string_view, std::string_view) -> std::string {
    if (++calls == 1) throw std::runtime_error("vault says: the password is hunter2-hunter2");
    return "the-real-password-at-last";
  };
  auto client = h.client();
  const auto failed = client.try_update_viewing_participant("M1", docs_follow_up());
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().kind() == vc::ErrorKind::invalid_argument);
  CHECK(failed.error().attempts() == 0);
  const std::string what = failed.error().what();
  CHECK(what.find("hunter2") == std::string::npos);
  CHECK(what.find("vault says") == std::string::npos);
  CHECK(what.find("password_for threw") != std::string::npos);
  CHECK_THROWS_AS(failed.value(), vc::InvalidArgumentError);
  CHECK(h.fake->requests().empty());

  h.fake->respond(200, "true");
  CHECK(client.try_update_viewing_participant("M1", docs_follow_up()).ok());
  CHECK(calls == 2);
  REQUIRE(h.fake->requests().size() == 1);
  CHECK(authorization_of(h.fake->requests().front()) == basic("the-real-password-at-last"));
}

TEST_CASE(
    "password_for throwing something that is no std::exception, or giving nothing, is an "
    "InvalidArgumentError",
    "[credentials]") {
  harness h;
  h.options.password.clear();
  SECTION("not a std::exception") {
    h.options.password_for = [](std::string_view, std::string_view) -> std::string { throw 42; };
  }
  SECTION("an empty password") {
    h.options.password_for = [](std::string_view, std::string_view) { return std::string(); };
  }
  auto client = h.client();
  CHECK_THROWS_AS(client.update_viewing_participant("M1", docs_follow_up()),
                  vc::InvalidArgumentError);
  const auto results = client.update_viewing_participants("M1", {docs_follow_up()});
  REQUIRE(results.size() == 1);
  CHECK(results[0].error().kind() == vc::ErrorKind::invalid_argument);
  CHECK(h.fake->requests().empty());
}

TEST_CASE("an id refused before sending never reaches password_for", "[credentials]") {
  password_book book;
  auto h = with_book(book);
  CHECK_THROWS_AS(h.client().update_viewing_participant("", docs_follow_up()),
                  vc::InvalidArgumentError);
  CHECK_THROWS_AS(h.client().update_viewing_participant("..", docs_follow_up()),
                  vc::InvalidArgumentError);
  CHECK(book.calls.empty());
}

TEST_CASE("every password password_for gave is kept out of errors, log events and hook failures",
          "[credentials][secrets]") {
  password_book book;
  auto h = with_book(book);
  std::vector<vc::LogEvent> events;
  h.options.logger = [&events](const vc::LogEvent& event) { events.push_back(event); };
  const std::string m1 = password_book::password_of("M1", "viewing");
  const std::string m2 = password_book::password_of("M2", "service");
  h.options.retry.max_attempts = 1;
  auto client = h.client();
  // M1's password is known once its first call went out.
  h.fake->respond(200, "true");
  REQUIRE(client.try_update_viewing_participant("M1", docs_follow_up()).ok());

  // A 400 that echoes the password of its own request, another customer's and the header.
  h.fake->respond_with([&](const vc::HttpRequest& request) {
    const std::string echoed = m1 + " " + authorization_of(request) + " " + m2;
    return vc::HttpResponse{
        400,
        {},
        R"({"message":")" + echoed + R"(","modelState":{")" + m1 + R"(":[")" + m2 + R"("]}})"};
  });
  const auto rejected = client.try_request_order_user_interaction("M2", client_order());
  REQUIRE_FALSE(rejected.ok());
  // A user's transport whose error quotes the password.
  h.fake->fail(vc::TransportError("proxy refused user:" + m2));
  const auto refused = client.try_request_order_user_interaction("M2", client_order());
  REQUIRE_FALSE(refused.ok());
  // A retry hook that throws the password.
  auto hooked_options = h.options;
  hooked_options.retry.max_attempts = 2;
  hooked_options.retry.jitter = [m1]() -> double { throw std::runtime_error("jitter " + m1); };
  vc::Client hooked(hooked_options);
  h.fake->respond(503, "busy");
  const auto stopped = hooked.try_update_viewing_participant("M1", docs_follow_up());
  REQUIRE_FALSE(stopped.ok());

  for (const auto* error : {&rejected.error(), &refused.error(), &stopped.error()}) {
    std::string everything = std::string(error->what()) + error->body() + error->message();
    for (const auto& [field, messages] : error->model_state()) {
      everything += field;
      for (const auto& message : messages) everything += message;
    }
    CAPTURE(everything);
    for (const auto& secret : {m1, m2, vc::detail::base64(username + ":" + m1),
                               vc::detail::base64(username + ":" + m2)}) {
      CHECK(everything.find(secret) == std::string::npos);
    }
    CHECK(everything.find("<redacted>") != std::string::npos);
  }
  CHECK(rejected.error().kind() == vc::ErrorKind::validation);
  CHECK(std::string(stopped.error().what()).find("RetryPolicy::jitter threw") != std::string::npos);
  for (const auto& event : events) {
    CHECK(event.error.find(m1) == std::string::npos);
    CHECK(event.error.find(m2) == std::string::npos);
  }
}

TEST_CASE("a short password from password_for withholds foreign text whole", "[credentials]") {
  harness h;
  h.options.password.clear();
  h.options.password_for = [](std::string_view, std::string_view) { return std::string("pw1"); };
  h.fake->respond(400, R"({"message":"bad pw1"})");
  const auto result = h.client().try_update_viewing_participant("M1", docs_follow_up());
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().body() == vc::detail::secret_scrubber::withheld);
  CHECK(result.error().message() == vc::detail::secret_scrubber::withheld);
}
