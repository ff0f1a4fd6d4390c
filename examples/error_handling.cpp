// What each failure looks like and what to do about it. Four mistakes are made on purpose
// against the server; each one is caught by its own exception type.
#include <functional>
#include <iostream>
#include <optional>
#include <string>

#include <vitec/connect.hpp>

#include "example_environment.hpp"

namespace vc = vitec::connect;

namespace {

/// Runs `call` and says which error it threw, with the advice for it; returns the kind, or
/// nullopt when nothing was thrown.
std::optional<vc::ErrorKind> explain(const std::string& what, const std::function<void()>& call) {
  std::cout << "* " << what << "\n  ";
  try {
    call();
    std::cout << "no error\n";
    return std::nullopt;
  } catch (const vc::InvalidArgumentError& e) {
    std::cout << "InvalidArgumentError, nothing was sent; fix the input: " << e.what() << "\n";
    return e.kind();
  } catch (const vc::ValidationError& e) {
    // 400: the server names each field it rejected; retrying the same content cannot help.
    std::cout << "ValidationError (" << e.status() << "): " << e.message() << "\n";
    for (const auto& [field, messages] : e.model_state()) {
      for (const auto& message : messages) std::cout << "    " << field << ": " << message << "\n";
    }
    return e.kind();
  } catch (const vc::UnauthorizedError& e) {
    std::cout << "UnauthorizedError (" << e.status() << "): check the username and password\n";
    return e.kind();
  } catch (const vc::ForbiddenError& e) {
    std::cout << "ForbiddenError (" << e.status()
              << "): the account may not act for this customer\n";
    return e.kind();
  } catch (const vc::TimeoutError& e) {  // before TransportError: it derives from it
    // what() ends with the attempts made ("(after 2 attempts)"): no need to say them again.
    std::cout << "TimeoutError; the SDK already retried: " << e.what() << "\n";
    return e.kind();
  } catch (const vc::TransportError& e) {
    std::cout << "TransportError; the SDK already retried: " << e.what() << "\n";
    return e.kind();
  } catch (const vc::ServerError& e) {
    std::cout << "ServerError (" << e.status() << ") after " << e.attempts()
              << " attempt(s); try again later\n";
    return e.kind();
  } catch (const vc::NotFoundError& e) {  // before HttpError, if you catch that: it derives from it
    std::cout << "NotFoundError (" << e.status() << "): check the ids and the base URL\n";
    return e.kind();
  } catch (const vc::Error& e) {  // HttpError, ProtocolError: report them with the raw body
    std::cout << "Error (" << e.status() << "): " << e.what() << "; body: " << e.body() << "\n";
    return e.kind();
  }
}

}  // namespace

int main(int argc, char** argv) {
  example::arguments(argc, argv, "",
                     "Makes four mistakes on purpose and shows how each failure is reported.");
  const vc::ClientOptions options = example::options_from_environment();
  vc::Client client(options);
  int surprises = 0;
  const auto expect = [&surprises](std::optional<vc::ErrorKind> got, vc::ErrorKind wanted) {
    if (got != wanted) ++surprises;
  };

  std::cout << "Each call below fails on purpose, to show how that failure is reported.\n";
  vc::OrderUserInteractionRequest relative;
  relative.id = "ORDER-7";
  relative.url = "orders/7";  // no scheme
  expect(explain("an order URL without a scheme",
                 [&] { client.request_order_user_interaction("M-42", relative); }),
         vc::ErrorKind::invalid_argument);

  vc::ParticipantFollowUp incomplete;
  incomplete.viewing_id = "V-2002";  // contact_id is required by the server
  expect(explain("a follow-up without a contact id",
                 [&] { client.update_viewing_participant("M-42", incomplete); }),
         vc::ErrorKind::validation);

  vc::ClientOptions wrong_password = options;
  wrong_password.password = "not-the-password";
  vc::ParticipantFollowUp follow_up;
  follow_up.contact_id = "C-1001";
  follow_up.viewing_id = "V-2002";
  expect(explain("a wrong password",
                 [&] { vc::Client(wrong_password).update_viewing_participant("M-42", follow_up); }),
         vc::ErrorKind::unauthorized);

  vc::ClientOptions nobody_listening = options;
  nobody_listening.base_url = "http://127.0.0.1:1";
  nobody_listening.retry.max_attempts = 2;
  nobody_listening.retry.initial_backoff = std::chrono::milliseconds(100);
  expect(
      explain("a server nobody listens on",
              [&] { vc::Client(nobody_listening).update_viewing_participant("M-42", follow_up); }),
      vc::ErrorKind::transport);

  // Without exceptions: the same information as a value.
  const vc::Result<bool> result = client.try_update_viewing_participant("M-42", incomplete);
  std::cout << "* the try_ form: ok() = " << std::boolalpha << result.ok();
  if (!result) std::cout << ", error().status() = " << result.error().status();
  std::cout << "\n";
  if (result) ++surprises;

  std::cout << (surprises == 0 ? "every mistake was reported as expected\n"
                               : "unexpected outcome\n");
  return surprises == 0 ? 0 : 1;
}
