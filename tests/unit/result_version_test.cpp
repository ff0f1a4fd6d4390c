#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>

#include "support.hpp"

namespace {

using namespace unit;

vc::Error error_of(vc::ErrorKind kind, int status) {
  vc::ErrorDetails details;
  details.status = status;
  details.body = "raw";
  details.attempts = 2;
  details.message = "server said so";
  details.model_state = {{"field", {"one", "two"}}};
  return vc::Error(kind, "what happened", details);
}

}  // namespace

TEST_CASE("Version macros and version() agree", "[version]") {
  // The numbers themselves are checked against CMake's by the consumer tests.
  CHECK(std::string(VITEC_CONNECT_VERSION_STRING) == vc::version());
  CHECK(vc::version() == std::to_string(VITEC_CONNECT_VERSION_MAJOR) + "." +
                             std::to_string(VITEC_CONNECT_VERSION_MINOR) + "." +
                             std::to_string(VITEC_CONNECT_VERSION_PATCH));
}

TEST_CASE("Every name lives in the version's inline ABI namespace", "[version]") {
  STATIC_REQUIRE(std::is_same_v<vc::VITEC_CONNECT_ABI_NAMESPACE::Client, vc::Client>);
  STATIC_REQUIRE(std::is_same_v<vc::VITEC_CONNECT_ABI_NAMESPACE::detail::secret_scrubber,
                                vc::detail::secret_scrubber>);
  // Mangled names carry it, so objects built against two versions cannot link together.
  const std::string abi = "v" + std::to_string(VITEC_CONNECT_VERSION_MAJOR) + "_" +
                          std::to_string(VITEC_CONNECT_VERSION_MINOR);
  CHECK(std::string(typeid(vc::ParticipantFollowUp).name()).find(abi) != std::string::npos);
}

TEST_CASE("A Result holding a value", "[result]") {
  const vc::Result<bool> yes = true;
  const vc::Result<bool> no = false;
  CHECK(yes.ok());
  CHECK(static_cast<bool>(yes));
  CHECK(yes.value());
  // operator bool says "succeeded", not "the value is true".
  CHECK(no.ok());
  CHECK(static_cast<bool>(no));
  CHECK_FALSE(no.value());
  CHECK_THROWS_AS(yes.error(), std::logic_error);
}

TEST_CASE("A Result holding an error rethrows it as its subclass", "[result]") {
  const auto e = error_of(vc::ErrorKind::forbidden, 403);
  const vc::Result<bool> result = e;
  CHECK_FALSE(result.ok());
  CHECK_FALSE(static_cast<bool>(result));
  CHECK(result.error().kind() == vc::ErrorKind::forbidden);
  CHECK(std::string(result.error().what()) == "what happened");
  CHECK_THROWS_AS(result.value(), vc::ForbiddenError);
}

TEST_CASE("raise() throws the subclass matching each kind, details intact", "[result]") {
  const auto check_raise = [](vc::ErrorKind kind, auto expected) {
    using expected_type = decltype(expected);
    const auto e = error_of(kind, 499);
    try {
      e.raise();
    } catch (const expected_type& thrown) {
      CHECK(thrown.kind() == kind);
      CHECK(thrown.status() == 499);
      CHECK(thrown.body() == "raw");
      CHECK(thrown.attempts() == 2);
      CHECK(thrown.message() == "server said so");
      CHECK(thrown.model_state() == e.model_state());
      CHECK(std::string(thrown.what()) == "what happened");
      return;
    } catch (...) {
    }
    FAIL("raise() did not throw the expected subclass");
  };
  check_raise(vc::ErrorKind::invalid_argument, vc::InvalidArgumentError(""));
  check_raise(vc::ErrorKind::validation, vc::ValidationError(""));
  check_raise(vc::ErrorKind::unauthorized, vc::UnauthorizedError(""));
  check_raise(vc::ErrorKind::forbidden, vc::ForbiddenError(""));
  check_raise(vc::ErrorKind::server, vc::ServerError(""));
  check_raise(vc::ErrorKind::http, vc::HttpError(""));
  check_raise(vc::ErrorKind::transport, vc::TransportError(""));
  check_raise(vc::ErrorKind::timeout, vc::TimeoutError(""));
  check_raise(vc::ErrorKind::protocol, vc::ProtocolError(""));
  check_raise(vc::ErrorKind::not_found, vc::NotFoundError(""));
}

TEST_CASE("raise() of a not_found error throws a NotFoundError that an HttpError catch takes",
          "[result][not_found]") {
  STATIC_REQUIRE(std::is_base_of_v<vc::HttpError, vc::NotFoundError>);
  CHECK(vc::NotFoundError("x").kind() == vc::ErrorKind::not_found);
  const auto e = error_of(vc::ErrorKind::not_found, 404);
  CHECK_THROWS_AS(e.raise(), vc::NotFoundError);
  try {
    e.raise();
    FAIL("raise() returned");
  } catch (const vc::HttpError& thrown) {  // how 0.2 code caught every 404
    CHECK(thrown.kind() == vc::ErrorKind::not_found);
    CHECK(thrown.status() == 404);
    CHECK(thrown.body() == "raw");
    CHECK(dynamic_cast<const vc::NotFoundError*>(&thrown) != nullptr);
  }
  // The 0.2 kinds keep their values: not_found was added last.
  CHECK(static_cast<int>(vc::ErrorKind::protocol) == 8);
  CHECK(static_cast<int>(vc::ErrorKind::not_found) == 9);
}

TEST_CASE("Subclasses carry their kind and derive as documented", "[result]") {
  CHECK(vc::ValidationError("x").kind() == vc::ErrorKind::validation);
  CHECK(vc::TimeoutError("x").kind() == vc::ErrorKind::timeout);
  const vc::TransportError& as_transport = vc::TimeoutError("x");
  CHECK(as_transport.kind() == vc::ErrorKind::timeout);
  const std::runtime_error& as_runtime = vc::ProtocolError("bad body");
  CHECK(std::string(as_runtime.what()) == "bad body");
}

TEST_CASE("The API's structs take leading members only, even under -Wextra -Werror", "[api]") {
  // -Wmissing-field-initializers would break users' strict builds for any member without a
  // default member initializer: this file is compiled with -Wextra -Werror.
  const vc::RetryPolicy policy{5, std::chrono::milliseconds(100), std::chrono::milliseconds(900)};
  CHECK(policy.respect_retry_after);
  const vc::ParticipantFollowUp follow_up{"c", "v", true};
  CHECK_FALSE(follow_up.contacted);
  const vc::OrderUserInteractionRequest request{"id"};
  CHECK_FALSE(request.url);
  const vc::BatchOptions batch{4};
  CHECK_FALSE(batch.on_progress);
  const vc::HttpResponse response{200};
  CHECK(response.body.empty());
  const vc::HttpRequest http{"PUT", "https://example.com/x"};
  CHECK(http.timeout == std::chrono::milliseconds(30000));
  const vc::LogEvent event{"PUT", "https://example.com/x"};
  CHECK(event.error.empty());
  const vc::ClientOptions options{"https://example.com", "user", "password"};
  CHECK(options.format == vc::Format::json);
}

TEST_CASE("The API's functions keep their shapes although they are templates inside", "[api]") {
  // serialize is three templates with an unused parameter (compiled only where used): a
  // function pointer of each documented signature still binds, and a derived model converts.
  std::string (*const write_follow_up)(const vc::ParticipantFollowUp&, vc::Format) = &vc::serialize;
  std::string (*const write_request)(const vc::OrderUserInteractionRequest&, vc::Format) =
      &vc::serialize;
  std::string (*const write_token)(const vc::OrderToken&, vc::Format) = &vc::serialize;
  CHECK(write_follow_up(vc::ParticipantFollowUp{}, vc::Format::json) ==
        R"({"participated":false})");
  CHECK(write_request(vc::OrderUserInteractionRequest{}, vc::Format::json) == "{}");
  CHECK(write_token(vc::OrderToken{"t"}, vc::Format::json) == R"({"data":"t"})");
  struct MyFollowUp : vc::ParticipantFollowUp {};
  CHECK(vc::serialize(MyFollowUp{}, vc::Format::json) == R"({"participated":false})");
  // Client's members are ordinary member functions of Client (BasicClient<>).
  bool (vc::Client::*const update)(std::string_view, const vc::ParticipantFollowUp&) =
      &vc::Client::update_viewing_participant;
  CHECK(update != nullptr);
  STATIC_REQUIRE(std::is_base_of_v<vc::Transport, vc::CurlTransport>);
}
