// Issue 2: every status the service documents, and a few it does not, map to typed errors that
// carry status, body and attempts, and leak no credential.

#include "support.hpp"

namespace integration {
namespace {

/// Makes the call, checks what every failure must satisfy, and returns the error.
vc::Error fail_once(Harness& harness, const vc::ClientOptions& options,
                    const std::string& customer = "c1",
                    const vc::ParticipantFollowUp& follow_up = sample_follow_up()) {
  vc::Client client(options);
  const vc::Error error = failure_of(client.try_update_viewing_participant(customer, follow_up));
  const auto events = harness.log->events();
  require_no_secrets(error, events);
  require_one_event_per_attempt(events, error.attempts(),
                                options.base_url + "/ViewingParticipant/" + customer);
  CHECK(harness.server.requests().size() == static_cast<std::size_t>(error.attempts()));
  CHECK(events.back().status == error.status());
  CHECK_FALSE(events.back().error.empty());
  return error;
}

vc::ClientOptions no_retry(vc::ClientOptions options) {
  options.retry.max_attempts = 1;
  return options;
}

TEST_CASE("400 with Web API's JSON body is a ValidationError with the model state",
          "[integration][issue2]") {
  Harness harness;
  auto follow_up = sample_follow_up();
  follow_up.viewing_id.reset();

  const auto error = fail_once(harness, harness.options(), "c1", follow_up);

  CHECK(error.kind() == vc::ErrorKind::validation);
  CHECK(error.status() == 400);
  CHECK(error.attempts() == 1);  // never retried, although three attempts were allowed
  CHECK(error.message() == "The request is invalid.");
  CHECK(error.model_state() == std::map<std::string, std::vector<std::string>>{
                                   {"followUp.ViewingId", {"The ViewingId field is required."}}});
  CHECK(error.body().find("modelState") != std::string::npos);
  CHECK_THROWS_AS(error.raise(), vc::ValidationError);
}

TEST_CASE("400 with the XML <Error> body is a ValidationError with the model state",
          "[integration][issue2]") {
  Harness harness;
  auto follow_up = sample_follow_up();
  follow_up.contact_id.reset();

  const auto error = fail_once(harness, harness.options(vc::Format::xml), "c1", follow_up);

  CHECK(error.kind() == vc::ErrorKind::validation);
  CHECK(error.status() == 400);
  CHECK(error.attempts() == 1);
  CHECK(error.message() == "The request is invalid.");
  CHECK(error.model_state() == std::map<std::string, std::vector<std::string>>{
                                   {"followUp.ContactId", {"The ContactId field is required."}}});
  CHECK(error.body().rfind("<Error>", 0) == 0);
}

TEST_CASE("400 with an HTML page from a proxy is still a ValidationError with the raw body",
          "[integration][issue2]") {
  Harness harness;
  const std::string page = "<html><body><h1>400 Bad Request</h1></body></html>";
  harness.server.script(si::Fault::answer(400, page, "text/html"));

  const auto error = fail_once(harness, harness.options());

  CHECK(error.kind() == vc::ErrorKind::validation);
  CHECK(error.status() == 400);
  CHECK(error.attempts() == 1);
  CHECK(error.body() == page);
  CHECK(error.message().empty());
  CHECK(error.model_state().empty());
}

TEST_CASE("401 for a wrong password is an UnauthorizedError, never retried",
          "[integration][issue2]") {
  Harness harness;
  auto options = harness.options();
  options.password = password + "-wrong";

  const auto error = fail_once(harness, options);

  CHECK(error.kind() == vc::ErrorKind::unauthorized);
  CHECK(error.status() == 401);
  CHECK(error.attempts() == 1);
  CHECK(error.body().find("denied") != std::string::npos);
  CHECK_THROWS_AS(error.raise(), vc::UnauthorizedError);
  // The wrong password is a secret too.
  CHECK(std::string(error.what()).find(options.password) == std::string::npos);
}

TEST_CASE("a user name holding ':' is refused, as Basic auth would split it elsewhere",
          "[integration][issue2]") {
  // Sent as is, user "a:b" with password P would log in here as user "a" with password "b:P",
  // as this account shows.
  auto accounts = server_options();
  accounts.users = {{"a", "b:" + password}};
  Harness harness(accounts);
  auto options = harness.options();
  options.username = "a";
  options.password = "b:" + password;
  CHECK(vc::Client(options).update_viewing_participant("c1", sample_follow_up()));
  REQUIRE(harness.server.requests().size() == 1);
  CHECK(harness.server.requests().front().user == "a");

  options.username = "a:b";
  options.password = password;
  CHECK_THROWS_AS(vc::Client(options), vc::InvalidArgumentError);
}

TEST_CASE("403 for a customer without access is a ForbiddenError, never retried",
          "[integration][issue2]") {
  Harness harness;

  const auto error = fail_once(harness, harness.options(), "forbidden");

  CHECK(error.kind() == vc::ErrorKind::forbidden);
  CHECK(error.status() == 403);
  CHECK(error.attempts() == 1);
  CHECK_THROWS_AS(error.raise(), vc::ForbiddenError);
}

TEST_CASE("404 is a NotFoundError, still an HttpError, never retried", "[integration][issue2]") {
  const auto format = GENERATE(vc::Format::json, vc::Format::xml);
  Harness harness;
  harness.server.script(si::Fault::answer(404, "no such resource"));

  const auto error = fail_once(harness, harness.options(format));  // three attempts allowed

  CHECK(error.kind() == vc::ErrorKind::not_found);
  CHECK(error.status() == 404);
  CHECK(error.attempts() == 1);
  CHECK(error.body() == "no such resource");
  CHECK(std::string(error.what()).find("404 Not Found") != std::string::npos);
  CHECK_THROWS_AS(error.raise(), vc::NotFoundError);
  CHECK_THROWS_AS(error.raise(), vc::HttpError);  // a 0.2 catch still takes it
  vc::Client client(harness.options(format));
  harness.server.script(si::Fault::answer(404, "gone"));
  try {
    (void)client.get_viewing_participant("c1", "C1", "V1");
    FAIL("a 404 did not throw");
  } catch (const vc::HttpError& e) {
    CHECK(e.kind() == vc::ErrorKind::not_found);
    CHECK(dynamic_cast<const vc::NotFoundError*>(&e) != nullptr);
    CHECK(e.status() == 404);
    CHECK(e.attempts() == 1);
  }
}

TEST_CASE("500 and 502 are ServerErrors carrying status and body", "[integration][issue2]") {
  const int status = GENERATE(500, 502);
  Harness harness;
  harness.server.script(si::Fault::answer(status, "upstream trouble"));

  const auto error = fail_once(harness, no_retry(harness.options()));

  CHECK(error.kind() == vc::ErrorKind::server);
  CHECK(error.status() == status);
  CHECK(error.attempts() == 1);
  CHECK(error.body() == "upstream trouble");
  CHECK_THROWS_AS(error.raise(), vc::ServerError);
}

TEST_CASE("an undocumented status (418) is an HttpError", "[integration][issue2]") {
  Harness harness;
  harness.server.script(si::Fault::answer(418, "I'm a teapot"));

  const auto error = fail_once(harness, no_retry(harness.options()));

  CHECK(error.kind() == vc::ErrorKind::http);
  CHECK(error.status() == 418);
  CHECK(error.attempts() == 1);
  CHECK(error.body() == "I'm a teapot");
}

TEST_CASE("a 2xx that is not the documented boolean is a ProtocolError", "[integration][issue2]") {
  const auto answer = GENERATE(si::Fault::answer(200, "\"true\"", "application/json"),
                               si::Fault::answer(200, "{\"ok\":true}", "application/json"),
                               si::Fault::answer(204, ""),
                               si::Fault::answer(201, "<boolean>yes</boolean>", "application/xml"));
  Harness harness;
  harness.server.script(answer);

  const auto error = fail_once(harness, harness.options());

  CHECK(error.kind() == vc::ErrorKind::protocol);
  CHECK(error.status() == answer.status);
  CHECK(error.body() == answer.body);
  CHECK(error.attempts() == 1);  // a wrong answer is not a transient failure
  CHECK_THROWS_AS(error.raise(), vc::ProtocolError);
}

TEST_CASE("connection refused is a TransportError", "[integration][issue2]") {
  const int attempts = GENERATE(1, 2);
  Harness harness;
  auto options = harness.options();
  options.base_url = "http://127.0.0.1:" + std::to_string(closed_port());
  options.retry.max_attempts = attempts;
  vc::Client client(options);

  const auto error = failure_of(client.try_update_viewing_participant("c1", sample_follow_up()));

  CHECK(error.kind() == vc::ErrorKind::transport);
  CHECK(error.status() == 0);
  CHECK(error.body().empty());
  CHECK(error.attempts() == attempts);  // refused is transient: retried when allowed
  CHECK_THROWS_AS(error.raise(), vc::TransportError);
  const auto events = harness.log->events();
  require_no_secrets(error, events);
  require_one_event_per_attempt(events, attempts, options.base_url + "/ViewingParticipant/c1");
  CHECK(events.back().status == 0);
}

TEST_CASE("the throwing call throws the matching subclass", "[integration][issue2]") {
  Harness harness;
  vc::Client client(harness.options());
  CHECK_THROWS_AS(client.update_viewing_participant("forbidden", sample_follow_up()),
                  vc::ForbiddenError);
  harness.server.script(si::Fault::answer(200, "maybe"));
  CHECK_THROWS_AS(client.request_order_user_interaction("c1", sample_order()), vc::ProtocolError);
}

}  // namespace
}  // namespace integration
