#pragma once

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "vitec/connect/error.hpp"
#include "vitec/connect/options.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

template <class = void>
bool is_retryable_status(int status) noexcept {
  switch (status) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return true;
    default:
      return false;
  }
}

/// Whether another attempt may mend `error`. An endpoint that is not idempotent is sent again
/// only when the server said it did not act on the request (408, 429, 503).
template <class = void>
bool is_retryable(const Error& error, bool idempotent = true) noexcept {
  switch (error.kind()) {
    case ErrorKind::transport:
    case ErrorKind::timeout:
      return idempotent && !error.details().permanent;
    case ErrorKind::server:
    case ErrorKind::http:
      return idempotent ? is_retryable_status(error.status())
                        : error.status() == 408 || error.status() == 429 || error.status() == 503;
    default:
      return false;
  }
}

/// Retry-After as delta-seconds or as an HTTP-date (parsed by libcurl); nullopt when neither.
template <class = void>
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now) {
  const auto first = value.find_first_not_of(" \t");
  if (first == std::string_view::npos) return std::nullopt;
  value = value.substr(first, value.find_last_not_of(" \t") - first + 1);
  // A year is longer than any max_backoff; capping here keeps the arithmetic from overflowing.
  constexpr long long year_s = 365LL * 24 * 60 * 60;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9) return std::chrono::seconds(year_s);
    return std::chrono::seconds(std::stol(std::string(value)));
  }
  const time_t when = curl_getdate(std::string(value).c_str(), nullptr);
  if (when == -1) return std::nullopt;
  const long long now_s = std::chrono::system_clock::to_time_t(now);
  const long long wait_s = std::clamp(static_cast<long long>(when) - now_s, 0LL, year_s);
  return std::chrono::seconds(wait_s);
}

/// The wait before retry `retry_number` (1 = the first retry): the exponential step times
/// 1 + `jitter` (in [0, 1]), so that clients failing together spread out from the first retry on
/// and none waits less than initial_backoff. Past max_backoff the wait is drawn from
/// [max_backoff / 2, max_backoff] instead, so that clients at the cap do not retry in lock-step.
/// A Retry-After replaces it (the caller gives up on one longer than max_backoff).
/// Defined for every policy: a negative duration counts as 0, a jitter that is not a number as
/// 0, and the arithmetic is done in double and saturates at max_backoff, so that no count, shift
/// or conversion can overflow.
template <class = void>
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int retry_number,
                                      std::optional<std::chrono::milliseconds> retry_after,
                                      double jitter) {
  using std::chrono::milliseconds;
  const milliseconds cap = std::max(policy.max_backoff, milliseconds(0));
  if (retry_after && policy.respect_retry_after) {
    return std::clamp(*retry_after, milliseconds(0), cap);
  }
  jitter = jitter >= 0.0 ? std::min(jitter, 1.0) : 0.0;  // NaN compares false: 0
  const milliseconds initial = std::max(policy.initial_backoff, milliseconds(0));
  const auto cap_ms = static_cast<double>(cap.count());
  // cap_ms may be 2^63, one past the largest count: only a wait below it converts, and rounding
  // a count to double and back may land a little past the cap.
  const auto to_wait = [&](double wait_ms) {
    return wait_ms < cap_ms ? std::min(milliseconds(static_cast<milliseconds::rep>(wait_ms)), cap)
                            : cap;
  };
  // 2^(n-1) is past any cap long before 2^64, and every step past the cap waits the same.
  const int doublings = retry_number <= 1 ? 0 : std::min(retry_number - 1, 64);
  const double jittered =
      std::ldexp(static_cast<double>(initial.count()), doublings) * (1.0 + jitter);
  if (jittered <= cap_ms) return std::max(to_wait(jittered), std::min(initial, cap));
  return to_wait(cap_ms - cap_ms / 2 * jitter);
}

/// Whether the server asked for a longer wait than the policy allows: then the call gives up and
/// hands the wait to the caller (Error::retry_after) rather than coming back too early.
template <class = void>
bool waits_too_long(const RetryPolicy& policy,
                    std::optional<std::chrono::milliseconds> retry_after) noexcept {
  return retry_after && policy.respect_retry_after && *retry_after > policy.max_backoff;
}

/// A uniform draw from [0, 1) for the jitter: splitmix64, one state per thread, seeded from the
/// clock and the address of that state (which differs per thread and, with ASLR, per process),
/// so that clients started together do not retry in lock-step. Not <random>: that header alone
/// adds about 3% to the compile time of every translation unit that includes the SDK.
template <class = void>
double random_jitter() {
  thread_local std::uint64_t state =
      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
      reinterpret_cast<std::uintptr_t>(&state);
  std::uint64_t z = state += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
  z ^= z >> 31U;
  return static_cast<double>(z >> 11U) * 0x1.0p-53;  // the top 53 bits, as a double holds them
}

template <class = void>
double jitter_of(const RetryPolicy& policy) {
  return policy.jitter ? policy.jitter() : random_jitter();
}

template <class = void>
void sleep_for(const RetryPolicy& policy, std::chrono::milliseconds delay) {
  if (policy.sleep) {
    policy.sleep(delay);
  } else {
    std::this_thread::sleep_for(delay);
  }
}

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
