#pragma once

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "vitec/connect/detail/curl_easy.hpp"
#include "vitec/connect/transport.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

/// The curl multi calls a batch makes; tests put failing ones in to reach the error paths.
struct multi_calls {
  CURLMcode (*perform)(CURLM*, int*) = &curl_multi_perform;
  CURLMcode (*poll)(CURLM*, curl_waitfd*, unsigned int, int, int*) = &curl_multi_poll;
};

/// CurlTransport's batch: transfers on pooled easy handles inside a pooled multi handle, so that
/// the connections serve the next batch too. Everything is taken out again on destruction.
template <class Unused = void>
class basic_curl_multi_batch final : public TransportBatch {
  using handle_pool = basic_easy_pool<Unused>;
  template <class Handle>
  using lease = typename handle_pool::template lease<Handle>;

 public:
  basic_curl_multi_batch(handle_pool& pool, std::size_t max_in_flight, multi_calls calls = {})
      : pool_(pool),
        most_(static_cast<long>(std::max<std::size_t>(max_in_flight, 1))),
        multi_(configured_multi()),
        calls_(calls) {}
  basic_curl_multi_batch(const basic_curl_multi_batch&) = delete;
  basic_curl_multi_batch& operator=(const basic_curl_multi_batch&) = delete;
  ~basic_curl_multi_batch() override {
    for (auto& transfer : active_) curl_multi_remove_handle(multi_.get(), transfer->handle());
  }

  /// One that cannot start ends at once with its error, as a failed attempt of that item alone.
  void start(const HttpRequest& request, std::size_t tag) override {
    try {
      auto transfer = std::make_unique<in_flight>(pool_, request, tag);
      curl_easy_setopt(transfer->handle(), CURLOPT_PRIVATE, transfer.get());
      const CURLMcode code = curl_multi_add_handle(multi_.get(), transfer->handle());
      if (code != CURLM_OK) throw TransportError(failure(request, "could not start", code));
      active_.push_back(std::move(transfer));
    } catch (const Error& e) {
      ended_.push_back({tag, e, {}});
    } catch (const std::exception& e) {
      ended_.push_back(
          {tag,
           TransportError(request.method + " " + request.url + " could not start: " + e.what()),
           {}});
    }
  }

  std::vector<BatchCompletion> poll(std::chrono::milliseconds wait) override {
    perform();
    if (ended_.empty() && !active_.empty()) {
      const CURLMcode code =
          calls_.poll(multi_.get(), nullptr, 0, static_cast<int>(wait.count()), nullptr);
      if (code != CURLM_OK) {
        fail_all("curl_multi_poll", code);
      } else {
        perform();
      }
    }
    return std::exchange(ended_, {});
  }

 private:
  /// One transfer in flight: its handle on loan, its buffers, and which item it serves.
  struct in_flight {
    in_flight(handle_pool& pool, const HttpRequest& request, std::size_t tag)
        : easy(pool.acquire()),
          exchange(*easy, request, pool.settings().max_response_bytes),
          request(request),
          tag(tag) {}
    CURL* handle() const noexcept { return easy->handle.get(); }

    lease<std::unique_ptr<basic_pooled_easy<Unused>>> easy;
    basic_transfer<Unused> exchange;
    const HttpRequest& request;
    std::size_t tag;
  };

  static std::string failure(const HttpRequest& request, const char* what, CURLMcode code) {
    return request.method + " " + request.url + " " + what + ": " + curl_multi_strerror(code);
  }

  void perform() {
    int running = 0;
    const CURLMcode code = calls_.perform(multi_.get(), &running);
    if (code != CURLM_OK) return fail_all("curl_multi_perform", code);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* handle = message->easy_handle;
      const CURLcode result = message->data.result;
      curl_multi_remove_handle(multi_.get(), handle);
      in_flight* found = nullptr;
      curl_easy_getinfo(handle, CURLINFO_PRIVATE, &found);
      const auto it = std::find_if(active_.begin(), active_.end(),
                                   [&](const auto& t) { return t.get() == found; });
      curl_off_t total_us = 0;
      curl_easy_getinfo(handle, CURLINFO_TOTAL_TIME_T, &total_us);
      ended_.push_back({(*it)->tag, outcome_of(**it, result), std::chrono::microseconds(total_us)});
      active_.erase(it);
    }
  }

  /// The multi handle failed as a whole: every transfer in it ends with that error (another
  /// attempt may succeed on a fresh handle), so that the batch neither spins nor hangs.
  void fail_all(const char* call, CURLMcode code) {
    for (auto& transfer : active_) {
      curl_multi_remove_handle(multi_.get(), transfer->handle());
      ended_.push_back(
          {transfer->tag,
           TransportError(failure(transfer->request, "failed in", code) + " (" + call + ")"),
           {}});
    }
    active_.clear();
    multi_.discard();
    try {
      multi_ = configured_multi();
    } catch (const Error&) {
      // No fresh handle: the next start() fails its transfer, as an attempt of that item.
    }
  }

  lease<multi_handle> configured_multi() {
    auto multi = pool_.acquire_multi();
    // By default the cache shrinks with the number of transfers still running, closing most
    // connections as a batch drains; keep one per transfer in flight for the next batch.
    curl_multi_setopt(multi.get(), CURLMOPT_MAXCONNECTS, most_);
    // Over HTTP/2 every transfer of the batch fits on one connection (libcurl's default of 100
    // streams would open more past that).
    curl_multi_setopt(multi.get(), CURLMOPT_MAX_CONCURRENT_STREAMS, most_);
    return multi;
  }

  static std::variant<HttpResponse, Error> outcome_of(in_flight& transfer, CURLcode code) {
    try {
      return transfer.exchange.finish(code);
    } catch (const Error& e) {
      return e;
    }
  }

  handle_pool& pool_;
  long most_;
  lease<multi_handle> multi_;
  multi_calls calls_;
  std::vector<std::unique_ptr<in_flight>> active_;
  std::vector<BatchCompletion> ended_;
};
using curl_multi_batch = basic_curl_multi_batch<>;

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
