#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "vitec/connect/detail/pacing.hpp"
#include "vitec/connect/detail/response.hpp"
#include "vitec/connect/detail/retry.hpp"
#include "vitec/connect/detail/secrets.hpp"
#include "vitec/connect/logging.hpp"
#include "vitec/connect/options.hpp"
#include "vitec/connect/result.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

/// What the client does after each attempt, for single calls and batches alike.
template <class Unused = void>
class basic_attempt_policy {
 public:
  using clock = std::chrono::steady_clock;

  /// `per_second`: ClientOptions::max_requests_per_second (0 = no pacing).
  basic_attempt_policy(RetryPolicy retry, std::function<void(const LogEvent&)> logger,
                       basic_secret_scrubber<Unused> scrubber, double per_second = 0)
      : retry_(std::move(retry)),
        logger_(std::move(logger)),
        scrubber_(std::move(scrubber)),
        pacer_(std::make_shared<basic_pacer<Unused>>(per_second)) {}

  const RetryPolicy& retry() const noexcept { return retry_; }
  const basic_secret_scrubber<Unused>& scrubber() const noexcept { return scrubber_; }
  bool logging() const noexcept { return static_cast<bool>(logger_); }

  /// Before each attempt of a single call: waits (through RetryPolicy::sleep) for its slot under
  /// ClientOptions::max_requests_per_second and for the end of a 429's hold. Throws what a user's
  /// sleep hook throws.
  void pace() const {
    auto& own = own_hold();
    const auto excused = own.pacer == pacer_.get() ? own.until : clock::time_point{};
    own = {};
    const auto slot = pacer_->reserve(excused);  // before now(): the operands of '-' have no order
    const auto wait = slot - std::chrono::steady_clock::now();
    if (wait > std::chrono::steady_clock::duration::zero()) {
      // Rounded up, so that a start is never early.
      sleep_for(retry_, std::chrono::ceil<std::chrono::milliseconds>(wait));
    }
  }

  /// Before each start of a bulk transfer: whether it may start at `now`; if not, `free_at` says
  /// when to ask again.
  bool may_start(std::chrono::steady_clock::time_point now,
                 std::chrono::steady_clock::time_point& free_at) const {
    own_hold() = {};  // a bulk call's retries are scheduled by the bulk engine, not pace()
    return pacer_->try_take(now, free_at);
  }

  /// How long to wait before another attempt, or nullopt when `outcome` is final. Throws what a
  /// user's jitter hook throws. A 429 with Retry-After also holds every other request of the
  /// client (see hold_after).
  template <class Answer>
  std::optional<std::chrono::milliseconds> next_delay(int attempts_made,
                                                      const attempt_outcome<Answer>& outcome,
                                                      bool idempotent) const {
    const auto* error = std::get_if<Error>(&outcome.result);
    const auto hold = error != nullptr ? hold_after(*error) : clock::time_point{};
    if (!error || attempts_made >= retry_.max_attempts || !is_retryable(*error, idempotent) ||
        waits_too_long(retry_, error->retry_after())) {
      return std::nullopt;
    }
    auto delay = retry_delay(retry_, attempts_made, error->retry_after(), jitter_of(retry_));
    // The call that got the 429 sleeps its Retry-After as its retry delay: its next pace() on
    // this thread does not wait for the same hold a second time.
    own_hold() = {pacer_.get(), hold};
    return delay;
  }

  /// The caller's result: the answer, or the last attempt's error with the attempt count and,
  /// when the retry schedule itself failed (a user hook threw), why it stopped.
  template <class Answer>
  static Result<Answer> finish(attempt_outcome<Answer>&& outcome, int attempts_made,
                               const std::string& stopped_because = {}) {
    if (auto* value = std::get_if<Answer>(&outcome.result)) return std::move(*value);
    const Error& last = std::get<Error>(outcome.result);
    ErrorDetails details = last.details();
    details.attempts = attempts_made;
    std::string what = last.what();
    if (attempts_made > 1) what += " (after " + std::to_string(attempts_made) + " attempts)";
    if (!stopped_because.empty()) what += "; not retried: " + stopped_because;
    return Error(last.kind(), what, std::move(details));
  }

  /// Why a user's retry hook stopped the schedule, scrubbed: the hook's text is not the SDK's.
  std::string hook_failure(const char* hook, const std::exception* thrown) const {
    std::string why = thrown ? thrown->what() : "an unknown exception";
    scrubber_.scrub(why);
    return std::string("RetryPolicy::") + hook + " threw: " + why;
  }

  template <class Answer>
  void log(const HttpRequest& request, const attempt_outcome<Answer>& outcome, int attempt,
           std::chrono::microseconds elapsed,
           const basic_secret_scrubber<Unused>* personal = nullptr) const {
    if (!logger_) return;
    LogEvent event;
    event.method = request.method;
    event.url = request.url;
    event.attempt = attempt;
    event.elapsed = elapsed;
    event.status = outcome.status;
    if (const auto* error = std::get_if<Error>(&outcome.result)) event.error = error->what();
    if (personal != nullptr) {
      personal->scrub(event.url);
      personal->scrub(event.error);
    }
    try {
      logger_(event);
    } catch (...) {
      // A failing logger must not turn a delivered request into a failed one.
    }
  }

 private:
  /// A 429 says the client as a whole is over the server's limit, so every request of it waits
  /// for the Retry-After, not only the one that got it; at most RetryPolicy::max_backoff, the
  /// longest wait the client accepts for one of its own retries (a longer one is the caller's to
  /// honour, from Error::retry_after).
  /// Returns the end of the hold it set, or the clock's epoch when it set none.
  std::chrono::steady_clock::time_point hold_after(const Error& error) const {
    const auto wait = error.retry_after();
    if (error.status() != 429 || !wait || !retry_.respect_retry_after) return {};
    const auto until = clock::now() + std::min(*wait, retry_.max_backoff);
    pacer_->hold_until(until);
    return until;
  }

  /// The hold this thread's call set with its last 429, for its retry's pace().
  struct own_hold_of {
    const void* pacer = nullptr;
    std::chrono::steady_clock::time_point until{};
  };
  static own_hold_of& own_hold() {
    thread_local own_hold_of hold;
    return hold;
  }

  RetryPolicy retry_;
  std::function<void(const LogEvent&)> logger_;
  basic_secret_scrubber<Unused> scrubber_;
  std::shared_ptr<basic_pacer<Unused>> pacer_;  // shared by the client's copies
};
using attempt_policy = basic_attempt_policy<>;

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
