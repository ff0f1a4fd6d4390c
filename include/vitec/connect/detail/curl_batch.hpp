#pragma once

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <queue>
#include <utility>
#include <vector>

#include "vitec/connect/detail/attempts.hpp"
#include "vitec/connect/detail/curl_easy.hpp"
#include "vitec/connect/options.hpp"
#include "vitec/connect/result.hpp"

namespace vitec::connect::detail {

/// Runs many requests over one curl multi handle from the calling thread. Items wait for their
/// retry on a timer rather than in a sleep, so a backing-off item never holds up the others.
class curl_batch {
 public:
  curl_batch(easy_pool& pool, const attempt_policy& policy) : pool_(pool), policy_(policy) {}

  std::vector<Result<bool>> run(const std::vector<prepared_request>& items,
                                const BatchOptions& options) {
    using clock = std::chrono::steady_clock;
    const std::size_t total = items.size();
    std::vector<std::optional<Result<bool>>> results(total);
    std::vector<int> attempts(total, 0);
    std::deque<std::size_t> ready;
    using timed = std::pair<clock::time_point, std::size_t>;
    std::priority_queue<timed, std::vector<timed>, std::greater<>> waiting;
    std::size_t done = 0;

    const auto complete = [&](std::size_t index, Result<bool> result) {
      results[index] = std::move(result);
      ++done;
      if (options.on_progress) options.on_progress(done, total);
    };

    for (std::size_t i = 0; i < total; ++i) {
      if (const auto* invalid = std::get_if<Error>(&items[i])) {
        complete(i, *invalid);
      } else {
        ready.push_back(i);
      }
    }

    const std::size_t max_in_flight = std::max<std::size_t>(options.max_in_flight, 1);
    multi_session session(pool_, max_in_flight);
    while (done < total) {
      const auto now = clock::now();
      while (!waiting.empty() && waiting.top().first <= now) {
        ready.push_back(waiting.top().second);
        waiting.pop();
      }
      while (session.active() < max_in_flight && !ready.empty()) {
        const std::size_t index = ready.front();
        ready.pop_front();
        ++attempts[index];
        session.start(std::get<HttpRequest>(items[index]), index);
      }

      for (auto& finished : session.perform()) {
        const std::size_t index = finished.index;
        policy_.log(finished.request, finished.outcome, attempts[index], finished.elapsed);
        if (const auto delay = policy_.next_delay(attempts[index], finished.outcome)) {
          waiting.emplace(clock::now() + *delay, index);
        } else {
          complete(index, policy_.finish(std::move(finished.outcome), attempts[index]));
        }
      }
      if (done == total) break;

      auto wait = std::chrono::milliseconds(1000);
      if (!ready.empty() && session.active() < max_in_flight) wait = std::chrono::milliseconds(0);
      if (!waiting.empty()) {
        const auto until_due = std::chrono::duration_cast<std::chrono::milliseconds>(
            waiting.top().first - clock::now());
        wait = std::clamp(until_due + std::chrono::milliseconds(1), std::chrono::milliseconds(0),
                          wait);
      }
      session.poll(wait);
    }

    std::vector<Result<bool>> out;
    out.reserve(total);
    for (auto& result : results) out.push_back(std::move(*result));
    return out;
  }

 private:
  /// One transfer in flight: its handle on loan, its buffers, and which item it serves.
  struct in_flight {
    in_flight(easy_pool& pool, const HttpRequest& request, std::size_t index)
        : easy(pool.acquire()),
          exchange(*easy, request, pool.settings().max_response_bytes),
          request(request),
          index(index) {}
    CURL* handle() const noexcept { return easy->handle.get(); }

    easy_pool::lease<std::unique_ptr<pooled_easy>> easy;
    transfer exchange;
    const HttpRequest& request;
    std::size_t index;
  };

  struct finished_transfer {
    std::size_t index;
    const HttpRequest& request;
    attempt_outcome outcome;
    std::chrono::microseconds elapsed;
  };

  /// A multi handle from the pool (so that its connections serve the next batch too) and what is
  /// in it; everything is taken out again on the way out, even when a progress callback throws.
  class multi_session {
   public:
    multi_session(easy_pool& pool, std::size_t max_in_flight)
        : pool_(pool), multi_(pool.acquire_multi()) {
      // By default the cache shrinks with the number of transfers still running, closing most
      // connections as a batch drains; keep one per transfer in flight for the next batch.
      curl_multi_setopt(multi_.get(), CURLMOPT_MAXCONNECTS, static_cast<long>(max_in_flight));
    }
    multi_session(const multi_session&) = delete;
    multi_session& operator=(const multi_session&) = delete;
    ~multi_session() {
      for (auto& transfer : active_) curl_multi_remove_handle(multi_.get(), transfer->handle());
    }

    std::size_t active() const noexcept { return active_.size(); }

    /// Starts a transfer; one that cannot start ends at once with its error, as a failed
    /// attempt of that item alone.
    void start(const HttpRequest& request, std::size_t index) {
      try {
        auto transfer = std::make_unique<in_flight>(pool_, request, index);
        curl_easy_setopt(transfer->handle(), CURLOPT_PRIVATE, transfer.get());
        const CURLMcode code = curl_multi_add_handle(multi_.get(), transfer->handle());
        if (code != CURLM_OK) {
          throw TransportError(request.method + " " + request.url +
                               " could not start: " + curl_multi_strerror(code));
        }
        active_.push_back(std::move(transfer));
      } catch (const Error& e) {
        not_started_.push_back({index, request, {e, e.status(), std::nullopt}, {}});
      }
    }

    std::vector<finished_transfer> perform() {
      int running = 0;
      curl_multi_perform(multi_.get(), &running);
      std::vector<finished_transfer> out = std::move(not_started_);
      not_started_.clear();
      int queued = 0;
      while (CURLMsg* message = curl_multi_info_read(multi_.get(), &queued)) {
        if (message->msg != CURLMSG_DONE) continue;
        CURL* handle = message->easy_handle;
        const CURLcode code = message->data.result;
        curl_multi_remove_handle(multi_.get(), handle);
        in_flight* found = nullptr;
        curl_easy_getinfo(handle, CURLINFO_PRIVATE, &found);
        const auto it = std::find_if(active_.begin(), active_.end(),
                                     [&](const auto& t) { return t.get() == found; });
        in_flight& transfer = **it;
        curl_off_t total_us = 0;
        curl_easy_getinfo(handle, CURLINFO_TOTAL_TIME_T, &total_us);
        out.push_back({transfer.index, transfer.request, outcome_of(transfer, code),
                       std::chrono::microseconds(total_us)});
        active_.erase(it);
      }
      return out;
    }

    void poll(std::chrono::milliseconds wait) {
      if (!not_started_.empty()) return;
      curl_multi_poll(multi_.get(), nullptr, 0, static_cast<int>(wait.count()), nullptr);
    }

   private:
    static attempt_outcome outcome_of(in_flight& transfer, CURLcode code) {
      try {
        return classify(transfer.request, transfer.exchange.finish(code));
      } catch (const Error& e) {
        return {e, e.status(), std::nullopt};
      }
    }

    easy_pool& pool_;
    easy_pool::lease<multi_handle> multi_;
    std::vector<std::unique_ptr<in_flight>> active_;
    std::vector<finished_transfer> not_started_;
  };

  easy_pool& pool_;
  const attempt_policy& policy_;
};

}  // namespace vitec::connect::detail
