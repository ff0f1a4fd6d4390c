#pragma once

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "vitec/connect/detail/attempts.hpp"
#include "vitec/connect/detail/secrets.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/options.hpp"
#include "vitec/connect/transport.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

/// A request ready to send and whether it may go again after it may have reached the server, or
/// the reason it cannot be sent (bad input: nothing is sent). `personal`, when set, holds the
/// identity numbers the request carries: kept out of its log events and its error, as
/// Client::execute keeps them.
template <class Unused = void>
struct basic_prepared_request {
  std::variant<HttpRequest, Error> request;
  bool idempotent = true;
  std::shared_ptr<const basic_secret_scrubber<Unused>> personal{};
};
using prepared_request = basic_prepared_request<>;

/// A first-in, first-out queue of at most `capacity` values in a fixed ring: the bulk engine's
/// queues are bounded by its slots. (<deque> and <queue> would add about 1.5% to the compile time
/// of every unit that includes the SDK; see docs/design.md.)
template <class T>
class bounded_fifo {
 public:
  explicit bounded_fifo(std::size_t capacity) : ring_(capacity) {}

  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }

  /// Requires size() < capacity.
  void push(T value) noexcept {
    assert(size_ < ring_.size());
    ring_[(head_ + size_++) % ring_.size()] = value;
  }

  T pop() noexcept {
    T value = ring_[head_];
    head_ = (head_ + 1) % ring_.size();
    --size_;
    return value;
  }

 private:
  std::vector<T> ring_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

/// The batch of a transport that has none of its own (Transport::open_batch gave null): each
/// poll sends the oldest started request with send().
template <class Unused = void>
class sequential_batch final : public TransportBatch {
 public:
  sequential_batch(Transport& transport, std::size_t max_in_flight)
      : transport_(transport), started_(max_in_flight) {}

  void start(const HttpRequest& request, std::size_t tag) override {
    started_.push({&request, tag});
  }

  std::vector<BatchCompletion> poll(std::chrono::milliseconds /*wait*/) override {
    std::vector<BatchCompletion> out;
    if (started_.empty()) return out;
    const auto [request, tag] = started_.pop();
    const auto began = std::chrono::steady_clock::now();
    auto outcome = exchange(transport_, *request);
    out.push_back({tag, std::move(outcome),
                   std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::steady_clock::now() - began)});
    return out;
  }

 private:
  Transport& transport_;
  bounded_fifo<std::pair<const HttpRequest*, std::size_t>> started_;
};

/// BatchOptions::max_in_flight as a bulk run uses it: 0 counts as 1, and a count over the limit
/// is refused here, before the run sizes anything by it or sends anything. Every bulk entry (the
/// vector calls, send_stream, the outbox's drain) starts a bulk_run, so this is the one check.
template <class = void>
std::size_t checked_max_in_flight(std::size_t max_in_flight) {
  if (max_in_flight > BatchOptions::max_in_flight_limit) {
    throw InvalidArgumentError("BatchOptions::max_in_flight is " + std::to_string(max_in_flight) +
                               ", over the limit of " +
                               std::to_string(BatchOptions::max_in_flight_limit));
  }
  return std::max<std::size_t>(max_in_flight, 1);
}

/// Runs a stream of requests over a TransportBatch from the calling thread. Requests are built
/// as slots free up: at most 2 x max_in_flight live at once (in flight or waiting to be retried),
/// so memory does not grow with the number of items. A retried item waits on a timer rather
/// than in a sleep, so it never holds up the others.
template <class Answer, class Policy>
class bulk_run {
 public:
  using next_item = std::function<std::optional<prepared_request>()>;
  using on_result = std::function<void(std::size_t index, Result<Answer> result)>;

  bulk_run(Transport& transport, const Policy& policy, std::size_t max_in_flight,
           bool scrub_transport_errors)
      : policy_(policy),
        max_in_flight_(checked_max_in_flight(max_in_flight)),
        scrub_transport_errors_(scrub_transport_errors),
        slots_(2 * max_in_flight_),
        ready_(slots_.size()),
        batch_(transport.open_batch(max_in_flight_)) {
    // sequential_batch's parameter is unused: Answer makes it wait until a run needs it.
    if (!batch_) batch_ = std::make_unique<sequential_batch<Answer>>(transport, max_in_flight_);
    for (std::size_t slot = slots_.size(); slot-- > 0;) free_.push_back(slot);
  }

  /// Sends everything `next` yields; returns once every result has reached `report`. What
  /// either callback throws ends the run and reaches the caller; transfers in flight are
  /// abandoned.
  void run(const next_item& next, const on_result& report) {
    using clock = std::chrono::steady_clock;
    bool exhausted = false;
    for (;;) {
      while (!exhausted && !free_.empty() && in_flight_ + ready_.size() < max_in_flight_) {
        auto item = next();
        if (!item) {
          exhausted = true;
          break;
        }
        const std::size_t index = pulled_++;
        if (auto* invalid = std::get_if<Error>(&item->request)) {
          report(index, std::move(*invalid));
          continue;
        }
        const std::size_t slot = free_.back();
        free_.pop_back();
        slots_[slot].emplace(live{index, 0, std::move(std::get<HttpRequest>(item->request)),
                                  item->idempotent, std::move(item->personal)});
        ready_.push(slot);
      }
      const auto now = clock::now();
      while (!waiting_.empty() && waiting_.front().first <= now) {
        ready_.push(waiting_.front().second);
        std::pop_heap(waiting_.begin(), waiting_.end(), std::greater<>());
        waiting_.pop_back();
      }
      paced_until_.reset();
      while (in_flight_ < max_in_flight_ && !ready_.empty()) {
        if (clock::time_point free_at; !policy_.may_start(clock::now(), free_at)) {
          paced_until_ = free_at;
          break;
        }
        const std::size_t slot = ready_.pop();
        ++slots_[slot]->attempts;
        ++in_flight_;
        batch_->start(slots_[slot]->request, slot);
      }
      if (exhausted && in_flight_ == 0 && ready_.empty() && waiting_.empty()) return;

      if (in_flight_ == 0) {  // only retries waiting for their time: nothing to poll
        std::this_thread::sleep_for(poll_wait());
        continue;
      }
      for (auto& completion : batch_->poll(poll_wait())) {
        --in_flight_;
        settle(completion, report);
      }
    }
  }

 private:
  struct live {
    std::size_t index;
    int attempts;
    HttpRequest request;
    bool idempotent;
    std::shared_ptr<const secret_scrubber> personal;
  };

  std::chrono::milliseconds poll_wait() const {
    using std::chrono::milliseconds;
    if (paced_until_) return until(*paced_until_, milliseconds(1000));
    if (!ready_.empty() && in_flight_ < max_in_flight_) return milliseconds(0);
    auto wait = milliseconds(1000);
    if (!waiting_.empty()) {
      const auto until_due = std::chrono::duration_cast<milliseconds>(
          waiting_.front().first - std::chrono::steady_clock::now());
      wait = std::clamp(until_due + milliseconds(1), milliseconds(0), wait);
    }
    return wait;
  }

  /// The wait until `when` (rounded up), at most `longest`.
  static std::chrono::milliseconds until(std::chrono::steady_clock::time_point when,
                                         std::chrono::milliseconds longest) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(when - std::chrono::steady_clock::now());
    return std::clamp(left, std::chrono::milliseconds(0), longest);
  }

  /// Now plus `delay`, saturating: a max_backoff of centuries must not overflow the clock's
  /// nanoseconds.
  static std::chrono::steady_clock::time_point due_after(std::chrono::milliseconds delay) {
    using clock = std::chrono::steady_clock;
    const auto now = clock::now();
    const auto room =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock::time_point::max() - now);
    return delay < room ? now + delay : clock::time_point::max();
  }

  void settle(BatchCompletion& completion, const on_result& report) {
    const std::size_t slot = completion.tag;
    live& item = *slots_[slot];
    if (scrub_transport_errors_) {
      if (auto* error = std::get_if<Error>(&completion.outcome)) {
        *error = policy_.scrubber().scrub(*error);
      }
    }
    auto outcome =
        classify<Answer>(item.request, std::move(completion.outcome), policy_.scrubber());
    policy_.log(item.request, outcome, item.attempts, completion.elapsed, item.personal.get());
    std::string stopped;
    try {
      if (const auto delay = policy_.next_delay(item.attempts, outcome, item.idempotent)) {
        waiting_.emplace_back(due_after(*delay), slot);
        std::push_heap(waiting_.begin(), waiting_.end(), std::greater<>());
        return;
      }
    } catch (const std::exception& e) {
      stopped = policy_.hook_failure("jitter", &e);
    } catch (...) {
      stopped = policy_.hook_failure("jitter", nullptr);
    }
    const std::size_t index = item.index;
    auto result = Policy::finish(std::move(outcome), item.attempts, stopped);
    if (item.personal && !result.ok())
      result = Result<Answer>(item.personal->scrub(result.error()));
    slots_[slot].reset();
    free_.push_back(slot);
    report(index, std::move(result));
  }

  const Policy& policy_;
  std::size_t max_in_flight_;
  bool scrub_transport_errors_;
  std::size_t pulled_ = 0;
  std::size_t in_flight_ = 0;
  /// Set while ready transfers wait for ClientOptions::max_requests_per_second.
  std::optional<std::chrono::steady_clock::time_point> paced_until_;
  // Declared before the batch, so that the requests outlive the transfers that read them.
  std::vector<std::optional<live>> slots_;
  std::vector<std::size_t> free_;
  bounded_fifo<std::size_t> ready_;
  /// Retries waiting for their time: a min-heap on the time.
  std::vector<std::pair<std::chrono::steady_clock::time_point, std::size_t>> waiting_;
  std::unique_ptr<TransportBatch> batch_;
};

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
