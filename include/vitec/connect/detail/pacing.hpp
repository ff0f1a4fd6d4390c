#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>

#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

/// When the requests of one client (its copies, its area clients, its bulk calls and every retry)
/// may start: ClientOptions::max_requests_per_second gives each start a time at least 1/rate
/// after the one before, so that no second sees more than `rate` starts; a 429's Retry-After
/// holds every start until the time it names (hold_until). Slots are handed out in order under a
/// mutex; nothing waits while holding it.
template <class Unused = void>
class basic_pacer {
 public:
  using clock = std::chrono::steady_clock;

  explicit basic_pacer(double per_second) : interval_(interval_of(per_second)) {}

  /// The time the caller may start, reserved for it: now, or later when the last start was too
  /// recent. A single call sleeps until then.
  /// A hold that ends at or before `own_hold` is not waited for: the caller got the 429 that set
  /// it and has waited for it already.
  clock::time_point reserve(clock::time_point own_hold = {}) {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto held = not_before_ > own_hold ? not_before_ : clock::time_point{};
    const auto slot = std::max({next_, held, clock::now()});
    next_ = slot + interval_;
    return slot;
  }

  /// Takes the slot at `now` if it is free (true); else leaves it for a later try and gives the
  /// time it frees in `free_at`. The bulk engine polls its transfers meanwhile, so it does not
  /// reserve a slot it would have to wait for.
  bool try_take(clock::time_point now, clock::time_point& free_at) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (next_ > now || not_before_ > now) {
      free_at = std::max(next_, not_before_);
      return false;
    }
    next_ = now + interval_;
    return true;
  }

  /// No request starts before `when` (a later hold already set stays).
  void hold_until(clock::time_point when) {
    const std::lock_guard<std::mutex> lock(mutex_);
    not_before_ = std::max(not_before_, when);
  }

 private:
  static clock::duration interval_of(double per_second) {
    if (!(per_second >= 0.0) || std::isinf(per_second)) {
      throw InvalidArgumentError("max_requests_per_second must be a finite number, at least 0");
    }
    if (per_second == 0.0) return clock::duration::zero();
    // Under one per ~300 years the interval would not fit the clock: that is no pacing either.
    const double ticks = static_cast<double>(clock::period::den) /
                         static_cast<double>(clock::period::num) / per_second;
    if (ticks >= 9e18) throw InvalidArgumentError("max_requests_per_second is too small");
    return clock::duration(std::max<clock::rep>(1, static_cast<clock::rep>(ticks)));
  }

  clock::duration interval_;
  std::mutex mutex_;
  clock::time_point next_{};
  clock::time_point not_before_{};
};
using pacer = basic_pacer<>;

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
