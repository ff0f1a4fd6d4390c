// A 400 answer with any body (JSON, XML, an HTML page from a proxy, garbage): the Client must
// report a ValidationError that keeps the status and the raw body, parse what it can into
// message() and model_state(), never retry, and never show the password.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"

namespace {

namespace vc = fuzz::vc;

void check(vc::Client& client, fuzz::canned_transport& transport, const std::string& body) {
  transport.set(400, body);
  const auto result = client.try_request_order_user_interaction("customer", {});
  fuzz::require(transport.sent() == 1, "a 400 answer was retried");
  fuzz::require(!result, "a 400 answer counted as success", body);
  const vc::Error& error = result.error();
  fuzz::require(error.kind() == vc::ErrorKind::validation, "400 is not a ValidationError",
                error.what());
  fuzz::require(error.status() == 400 && error.attempts() == 1, "status or attempts lost");
  fuzz::require(!fuzz::shows_secret(error.what()) && !fuzz::shows_secret(error.message()) &&
                    !fuzz::shows_secret(error.body()),
                "a secret leaked into the error", body);
  for (const auto& [field, messages] : error.model_state()) {
    // Checked on its own: a key whose list of messages is empty is still shown to the caller.
    fuzz::require(!fuzz::shows_secret(field), "a secret leaked into a model_state key");
    for (const auto& message : messages) {
      fuzz::require(!fuzz::shows_secret(message), "a secret leaked into model_state");
    }
  }
  if (!fuzz::shows_secret(body)) fuzz::require(error.body() == body, "the raw body was altered");
  try {
    result.value();
    fuzz::finding("value() of a failed result returned");
  } catch (const vc::ValidationError& e) {
    fuzz::require(e.message() == error.message(), "raise() lost the message");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto transport = std::make_shared<fuzz::canned_transport>();
  static auto json_client = fuzz::client_over(transport, vc::Format::json);
  static auto xml_client = fuzz::client_over(transport, vc::Format::xml);

  const std::string body(reinterpret_cast<const char*>(data), size);
  check(json_client, *transport, body);
  check(xml_client, *transport, body);
  return 0;
}
