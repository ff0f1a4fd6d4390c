// A Retry-After header of any text on a 503: the Client waits what it says (delta-seconds or
// an HTTP-date) or falls back to its own backoff, then tries again; a wait longer than
// max_backoff ends the call at once with that wait on the Error.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz_support.hpp"

namespace {

namespace vc = fuzz::vc;
using std::chrono::milliseconds;

constexpr milliseconds initial_backoff{500};
constexpr milliseconds max_backoff{30000};

// Delta-seconds as RFC 9110 defines them: digits only, here after trimming blanks.
std::optional<long long> delta_seconds(const std::string& value) {
  const auto first = value.find_first_not_of(" \t");
  if (first == std::string::npos) return std::nullopt;
  const auto digits = value.substr(first, value.find_last_not_of(" \t") - first + 1);
  if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(digits);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static std::optional<milliseconds> waited;
  static const auto transport = std::make_shared<fuzz::canned_transport>();
  static auto client = [] {
    vc::RetryPolicy retry;
    retry.max_attempts = 2;
    retry.initial_backoff = initial_backoff;
    retry.max_backoff = max_backoff;
    retry.jitter = [] { return 0.0; };
    retry.sleep = [](milliseconds delay) { waited = delay; };
    return fuzz::client_over(transport, vc::Format::json, std::move(retry));
  }();

  const std::string value(reinterpret_cast<const char*>(data), size);
  waited.reset();
  transport->set(503, "", {{"Retry-After", value}}).then(200, "true");
  const auto result = client.try_update_viewing_participant("customer", {});
  const auto seconds = delta_seconds(value);
  if (!result) {
    // Given up: only for a wait the policy does not allow, handed back rather than waited.
    fuzz::require(transport->sent() == 1, "a call given up on was retried", value);
    fuzz::require(!waited.has_value(), "the client waited before giving up", value);
    const auto asked = result.error().retry_after();
    fuzz::require(result.error().status() == 503 && asked && *asked > max_backoff,
                  "gave up without a Retry-After beyond max_backoff", value);
    if (seconds) {
      fuzz::require(*asked == std::chrono::seconds(*seconds), "delta-seconds not handed back",
                    value);
    }
    return 0;
  }
  fuzz::require(result.value(), "the retry after a 503 did not succeed", value);
  fuzz::require(transport->sent() == 2, "the 503 was not retried exactly once", value);
  fuzz::require(waited.has_value(), "the client did not wait before retrying", value);
  fuzz::require(*waited >= milliseconds(0) && *waited <= max_backoff, "wait out of bounds", value);
  if (seconds) {
    fuzz::require(*waited == std::chrono::seconds(*seconds), "delta-seconds not honoured", value);
  }
  return 0;
}
